/**
 * What each results page shows, assembled from the services above for one viewer. Routes render these.
 */
import type { AppContext } from '../../context';
import { ForbiddenError, NotFoundError } from '../../errors';
import type { Locale } from '../../i18n/i18n';
import { mayOpenTeam, resultsPending, type Viewer } from './access';
import { presentChange, presentEnps, presentPeriod, presentQuestion, presentTrend, signed } from './presenter';
import { listResultRounds } from './result-rounds.service';
import { commentsOf, roundResults, type NamedGroup } from './round-results.service';
import { getThresholds } from './settings.service';
import { shownRate } from './suppression';
import { enpsTrend, periodEnps } from './trend.service';
import { membershipsOf } from './viewer.service';

export const PERIOD_MONTHS = [3, 6, 12, 24] as const;
export type PeriodMonths = (typeof PERIOD_MONTHS)[number];

export function periodStart(now: Date, months: PeriodMonths): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

export async function overviewPage(ctx: AppContext, viewer: Viewer, locale: Locale, timeZone: string, months: PeriodMonths) {
  const { minGroupSize } = await getThresholds(ctx);
  const from = periodStart(ctx.clock.now(), months);
  const companyRounds = await listResultRounds(ctx, { publishedOnly: viewer.role !== 'hr_admin', from });
  const memberships = await membershipsOf(ctx, viewer, companyRounds.map((r) => r.id));
  const points = await enpsTrend(ctx, companyRounds, { kind: 'company' }, minGroupSize, memberships);
  const latest = [...points].reverse().find((p) => p.enps) ?? null;
  const openable = viewer.role === 'manager' && viewer.teamIds.size > 0 ? await listResultRounds(ctx, { from }) : companyRounds;
  // The team pages this viewer may open: a manager's own teams; for HR every team (mayOpenTeam).
  const teams =
    viewer.role === 'hr_admin' || viewer.teamIds.size
      ? await ctx.db.team.findMany({
          where: viewer.role === 'hr_admin' ? {} : { id: { in: [...viewer.teamIds] } },
          select: { id: true, name: true, department: { select: { name: true } } },
          orderBy: [{ department: { name: 'asc' } }, { name: 'asc' }],
        })
      : [];
  const k = minGroupSize;
  const stats = await ctx.db.round.findMany({ where: { id: { in: openable.map((r) => r.id) } }, select: { id: true, invitedCount: true, respondedCount: true } });
  const statsOf = new Map(stats.map((r) => [r.id, r]));
  const pointOf = new Map(points.map((p) => [p.roundId, p]));
  return {
    months,
    periods: PERIOD_MONTHS.map((m) => ({ months: m, current: m === months })),
    trend: presentTrend(locale, points, timeZone),
    period: presentPeriod(locale, points, periodEnps(points)),
    latest: latest?.enps ? { roundId: latest.roundId, title: latest.title, openedAt: latest.openedAt, change: presentChange(locale, latest.change), enps: presentEnps(locale, latest.enps) } : null,
    rounds: [...openable].reverse().map((r) => {
      const st = statsOf.get(r.id);
      // The response rate only with at least k responses (as on the round status page), and to others than HR
      // only once the round is published (a company number); the eNPS only where the company trend shows it.
      const rate = st && (viewer.role === 'hr_admin' || r.published) ? shownRate(st.respondedCount, st.invitedCount, k) : null;
      const score = pointOf.get(r.id)?.enps?.score;
      return { id: r.id, title: r.title, openedAt: r.openedAt, published: r.published, responseRate: rate, enps: score == null ? null : signed(locale, score) };
    }),
    teams: teams.map((tm) => ({ id: tm.id, name: tm.name, department: tm.department?.name ?? null })),
    isHrTeams: viewer.role === 'hr_admin',
    minGroupSize,
  };
}

/**
 * The groups shown at the top of a round page: for a manager their own teams first, then the company when in
 * scope; for HR and employees the company.
 */
function headlineGroups(r: Awaited<ReturnType<typeof roundResults>>, viewer: Viewer): NamedGroup[] {
  const own = viewer.role === 'manager' ? [...r.departments.flatMap((d) => d.teams), ...r.looseTeams].filter((g) => g.teamId !== null && viewer.teamIds.has(g.teamId)) : [];
  if (r.company) return [...own, r.company];
  return own.length ? own : [...r.departments.flatMap((d) => d.teams), ...r.looseTeams];
}

/** A round whose results `viewer` will see once it closes (and its answers are released), or null. */
export async function pendingRound(ctx: AppContext, viewer: Viewer, roundId: string) {
  const round = await ctx.db.round.findUnique({ where: { id: roundId }, select: { id: true, title: true, status: true, published: true, releasedAt: true, closesAt: true, closedAt: true } });
  if (!round || !resultsPending(viewer, round)) return null;
  return { id: round.id, title: round.title, closesAt: round.closedAt ?? round.closesAt, closed: round.status === 'closed', isHr: viewer.role === 'hr_admin' };
}

/**
 * The eNPS change of group `g` in round `roundId` since the previous round on the same scale, read off the
 * trend that group's own page draws (so under the same rules: the company over the rounds this viewer may see,
 * a team over every round), or null.
 */
async function changeSincePrevious(ctx: AppContext, viewer: Viewer, roundId: string, g: NamedGroup, k: number): Promise<number | null> {
  if (g.kind === 'department' || (g.kind === 'team' && !g.teamId)) return null;
  const rounds = await listResultRounds(ctx, g.kind === 'company' ? { publishedOnly: viewer.role !== 'hr_admin' } : {});
  const target = g.kind === 'company' ? ({ kind: 'company' } as const) : ({ kind: 'team', teamId: g.teamId as string } as const);
  const points = await enpsTrend(ctx, rounds, target, k, await membershipsOf(ctx, viewer, rounds.map((x) => x.id)));
  return points.find((p) => p.roundId === roundId)?.change ?? null;
}

export async function roundPage(ctx: AppContext, viewer: Viewer, roundId: string, locale: Locale) {
  const r = await roundResults(ctx, roundId, viewer);
  const headlines = await Promise.all(
    headlineGroups(r, viewer).map(async (g) => {
      const change = g.visible ? presentChange(locale, await changeSincePrevious(ctx, viewer, roundId, g, r.thresholds.minGroupSize)) : null;
      return {
        name: g.name,
        kind: g.kind,
        visible: g.visible,
        hiddenReason: g.hiddenReason,
        responses: g.responses,
        responseRate: g.responseRate,
        questions: await Promise.all(
          r.questions.map(async (q) => ({
            ...presentQuestion(locale, q, g.questions[q.id], q.kind === 'comment' && viewer.role !== 'employee' ? await commentsOf(ctx, roundId, q.id, g) : []),
            change: q.kind === 'enps' ? change : null,
          })),
        ),
      };
    }),
  );
  const enpsQ = r.questions.find((q) => q.kind === 'enps');
  const ratingQs = r.questions.filter((q) => q.kind === 'rating');
  const row = (g: NamedGroup, level: number) => {
    const e = enpsQ ? g.questions[enpsQ.id] : null;
    return {
      name: g.name,
      kind: g.kind,
      level,
      teamId: g.teamId,
      visible: g.visible,
      hiddenReason: g.hiddenReason,
      responses: g.responses,
      responseRate: g.responseRate,
      enps: e && e.kind === 'enps' ? presentEnps(locale, e.enps) : null,
      ratings: ratingQs.map((q) => {
        const v = g.questions[q.id];
        return { average: v && v.kind === 'rating' && v.rating.average !== null ? v.rating.average : null };
      }),
    };
  };
  const breakdown = [
    ...r.departments.flatMap((d) => [row(d, 0), ...d.teams.map((t) => row(t, 1))]),
    ...r.looseTeams.map((t) => row(t, 1)),
  ];
  return {
    round: r.round,
    thresholds: r.thresholds,
    headlines,
    ratingHeads: ratingQs.map((q) => (locale === 'id' && q.textId ? q.textId : q.text)),
    breakdown,
    breakdownSpan: 3 + ratingQs.length,
    canPublish: viewer.role === 'hr_admin',
    canExport: viewer.role === 'hr_admin',
  };
}

export async function teamPage(ctx: AppContext, viewer: Viewer, teamId: string, locale: Locale, timeZone: string) {
  const team = await ctx.db.team.findUnique({ where: { id: teamId }, select: { id: true, name: true, department: { select: { name: true } } } });
  if (!team) throw new NotFoundError();
  if (!mayOpenTeam(viewer, teamId)) throw new ForbiddenError();
  const { minGroupSize } = await getThresholds(ctx);
  const rounds = await listResultRounds(ctx);
  const points = await enpsTrend(ctx, rounds, { kind: 'team', teamId }, minGroupSize, await membershipsOf(ctx, viewer, rounds.map((r) => r.id)));
  return {
    team,
    trend: presentTrend(locale, points, timeZone),
    period: presentPeriod(locale, points, periodEnps(points)),
    minGroupSize,
  };
}
