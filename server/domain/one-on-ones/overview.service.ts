/**
 * A manager's overview of their reports (last and next 1:1, overdue pairs, open action items), and the service
 * functions other pages call: a team's 1:1 health and a person's next 1:1 (for the manager's team page that
 * joins eNPS, KPIs and 1:1s). Dates and counts only: no content.
 */
import type { AppContext } from '../../context';
import { healthOf, pairFacts, type CadenceHealth } from './cadence';
import { nextMeetings } from './history.service';

export async function managerOverview(ctx: AppContext, managerId: string) {
  const reports = await ctx.db.employee.findMany({ where: { managerId, active: true }, select: { id: true, name: true, email: true, teamId: true }, orderBy: { name: 'asc' } });
  const facts = await pairFacts(ctx, { managerId });
  const next = await nextMeetings(ctx, facts.map((f) => f.seriesId));
  const byReport = new Map(facts.map((f) => [f.reportId, f]));
  const rows = reports.map((r) => {
    const f = byReport.get(r.id);
    return {
      report: r,
      seriesId: f?.seriesId ?? null,
      status: f?.status ?? null,
      cadence: f?.cadence ?? null,
      lastHeldAt: f?.lastHeldAt ?? null,
      next: f ? (next.get(f.seriesId) ?? null) : null,
      overdue: f?.overdue ?? false,
      openActions: f?.openActions ?? 0,
    };
  });
  // Overdue pairs first, then those without a 1:1 yet, then by name.
  rows.sort((a, b) => Number(b.overdue) - Number(a.overdue) || Number(a.seriesId !== null) - Number(b.seriesId !== null) || a.report.name.localeCompare(b.report.name));
  return { rows, health: healthOf(facts), withoutSeries: rows.filter((r) => !r.seriesId).length };
}

/** Series id → how many of its 1:1s were held with a start in [from, to) (the team page's period); dates only. */
export async function heldBetween(ctx: AppContext, seriesIds: readonly string[], from: Date, to: Date): Promise<Map<string, number>> {
  if (seriesIds.length === 0) return new Map();
  const rows = await ctx.db.oneOnOneMeeting.groupBy({ by: ['seriesId'], where: { seriesId: { in: [...seriesIds] }, status: 'held', startsAt: { gte: from, lt: to } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.seriesId, r._count._all]));
}

/** The 1:1 health of one team (its members' pairs with their managers). */
export async function teamOneOnOneHealth(ctx: AppContext, teamId: string): Promise<CadenceHealth> {
  return healthOf(await pairFacts(ctx, { teamIds: [teamId] }));
}

/** A person's next 1:1 (as manager or as report), with whom and where; null when none is planned. */
export async function nextOneOnOneOf(ctx: AppContext, personId: string) {
  const m = await ctx.db.oneOnOneMeeting.findFirst({
    where: { status: 'scheduled', endsAt: { gt: ctx.clock.now() }, series: { status: 'active', OR: [{ managerId: personId }, { reportId: personId }] } },
    orderBy: { startsAt: 'asc' },
    select: { id: true, startsAt: true, endsAt: true, series: { select: { id: true, managerId: true, location: true, manager: { select: { name: true } }, report: { select: { name: true } } } } },
  });
  if (!m) return null;
  return { meetingId: m.id, seriesId: m.series.id, startsAt: m.startsAt, endsAt: m.endsAt, location: m.series.location, withName: m.series.managerId === personId ? m.series.report.name : m.series.manager.name };
}
