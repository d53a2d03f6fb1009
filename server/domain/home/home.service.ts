import type { AppContext } from '../../context';
import type { Locale } from '../../i18n/i18n';
import { employeeHome, waitingSurveys } from './employee-home.service';
import { hrOverview } from './hr-overview.service';
import { teamPage } from './team-page.service';

type Me = { id: string; role: string; timeZone: string };

/**
 * What the start page shows a person: HR the overview (hr-overview.service.ts), a manager the team page
 * (team-page.service.ts) with any survey waiting for them, everyone else their own home (employee-home.service.ts).
 */
export async function homeSummary(ctx: AppContext, me: Me, query: { period?: unknown; team?: unknown }, locale: Locale) {
  if (me.role === 'hr_admin') return { kind: 'hr', hr: await hrOverview(ctx, me, query, locale), surveys: await waitingSurveys(ctx, me.id, locale) };
  if (me.role === 'manager') return { kind: 'manager', team: await teamPage(ctx, me, query, locale), surveys: await waitingSurveys(ctx, me.id, locale) };
  const employee = await employeeHome(ctx, me, query, locale);
  return { kind: 'employee', employee, surveys: employee.surveys };
}

/** True when the database answers a trivial query. */
export async function databaseReachable(ctx: AppContext): Promise<boolean> {
  try {
    await ctx.db.$queryRawUnsafe('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
