/** Builders for the 1:1 tests: a manager with a report (both able to sign in), and a series between them. */
import type { AppContext } from '../../server/context';
import { createSeries } from '../../server/domain/one-on-ones/series.service';
import { seriesInputSchema, type SeriesInput } from '../../server/domain/one-on-ones/one-on-one.schema';
import { hashPassword } from '../../server/domain/auth/passwords';
import { buildEmployee, buildTeam, type EmployeeOverrides } from '../factories';
import { TEST_PASSWORD } from '../helpers/sign-in';

let hash: Promise<string> | undefined;
const passwordHash = () => (hash ??= hashPassword(TEST_PASSWORD));

/** A person who can sign in with TEST_PASSWORD. */
export async function buildPerson(ctx: AppContext, o: EmployeeOverrides = {}) {
  const p = await buildEmployee(ctx.db, o);
  return ctx.db.employee.update({ where: { id: p.id }, data: { passwordHash: await passwordHash() } });
}

/** A manager leading a team, with one report in it. */
export async function buildPair(ctx: AppContext, o: { managerZone?: string; reportZone?: string; reportLocale?: 'en' | 'id'; teamName?: string } = {}) {
  const manager = await buildPerson(ctx, { role: 'manager', timeZone: o.managerZone ?? 'Europe/Berlin' });
  const team = await buildTeam(ctx.db, { managerId: manager.id, name: o.teamName });
  await ctx.db.employee.update({ where: { id: manager.id }, data: { teamId: team.id } });
  const report = await buildPerson(ctx, { teamId: team.id, managerId: manager.id, timeZone: o.reportZone ?? 'Europe/Berlin', locale: o.reportLocale ?? 'en' });
  return { manager, report, team };
}

/** Series input as the form would post it (strings allowed), parsed by the real schema. */
export function seriesInput(o: Partial<Record<keyof SeriesInput, unknown>> = {}): SeriesInput {
  return seriesInputSchema.parse({ cadence: 'weekly', weekday: 2, timeOfDay: '09:00', timeZone: 'Europe/Berlin', startDate: '2026-03-01', ...o });
}

export async function buildSeries(ctx: AppContext, managerId: string, reportId: string, o: Partial<Record<keyof SeriesInput, unknown>> = {}) {
  return createSeries(ctx, managerId, reportId, seriesInput(o));
}

/** The series' meetings, oldest slot first. */
export function meetingsOf(ctx: AppContext, seriesId: string) {
  return ctx.db.oneOnOneMeeting.findMany({ where: { seriesId }, orderBy: { slot: 'asc' } });
}
