/**
 * HR's home: the overview. One period (home-period.ts) drives the results and KPI panels:
 *  - open rounds with their counters ("34 of 52 answered, closes Friday"): Round.invitedCount/respondedCount,
 *    never who answered, and the number answered only from k on, as on the round's page (suppression.ts
 *    shownCount); the next sends (Schedule.nextRunAt);
 *  - company eNPS, its trend and change, and the departments side by side: results/trend.service.ts at the
 *    thresholds, HR as the viewer (the insider rule holds for HR too);
 *  - response rates of the latest closed rounds (counters and Round.emailStats);
 *  - KPI attainment by department: every department scorecard at once from the company's parts
 *    (kpis/scorecard.service.ts departmentScorecards), counted by status;
 *  - 1:1 cadence health of the company (one-on-ones/cadence.ts; the per-team split is its own page), and email
 *    delivery problems (failed outbox rows);
 *  - on a fresh install, the getting-started checklist (getting-started.ts).
 */
import type { AppContext } from '../../context';
import { formatPercent, type Locale } from '../../i18n/i18n';
import { healthOf, pairFacts } from '../one-on-ones/cadence';
import { presentEnps, presentTrend, signed } from '../results/presenter';
import { listResultRounds } from '../results/result-rounds.service';
import { getThresholds } from '../results/settings.service';
import { shownCount } from '../results/suppression';
import { enpsTrend, periodEnps, type TrendPoint } from '../results/trend.service';
import { membershipsOf, viewerOf } from '../results/viewer.service';
import { departmentScorecards } from '../kpis/scorecard.service';
import { parseEmailStats } from '../rounds/email-stats';
import { gettingStarted } from './getting-started';
import { homePeriod } from './home-period';
import { statusCounts } from './kpi.panel';
import { TREND_ROUNDS } from './team-enps.panel';

const NEXT_SENDS = 5;
const RATE_ROUNDS = 5;

async function openRounds(ctx: AppContext) {
  return ctx.db.round.findMany({ where: { status: 'open' }, orderBy: { closesAt: 'asc' }, select: { id: true, title: true, closesAt: true, invitedCount: true, respondedCount: true } });
}

async function nextSends(ctx: AppContext) {
  return ctx.db.schedule.findMany({
    where: { paused: false, nextRunAt: { not: null } },
    orderBy: { nextRunAt: 'asc' },
    take: NEXT_SENDS,
    select: { id: true, nextRunAt: true, timeZone: true, survey: { select: { id: true, title: true } } },
  });
}

/** Failed emails by kind, with the latest failure (no addresses: the outbox keeps them, this panel does not). */
async function deliveryProblems(ctx: AppContext) {
  const failed = await ctx.db.outboxEmail.groupBy({ by: ['template'], where: { status: 'failed' }, _count: { _all: true }, _max: { createdAt: true } });
  return failed.map((f) => ({ template: f.template, count: f._count._all, latest: f._max.createdAt })).sort((a, b) => b.count - a.count);
}

const latestShown = (points: readonly TrendPoint[]) => [...points].reverse().find((p) => p.enps?.score != null) ?? null;

/** Every panel's numbers, unformatted. */
export async function hrOverviewData(ctx: AppContext, me: { id: string; role: string }, query: { period?: unknown }, locale: Locale) {
  const hp = await homePeriod(ctx, query.period, locale);
  const viewer = await viewerOf(ctx, me);
  const [{ minGroupSize }, allRounds, departments, open, sends, problems, checklist, cadence] = await Promise.all([
    getThresholds(ctx),
    listResultRounds(ctx),
    ctx.db.department.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    openRounds(ctx),
    nextSends(ctx),
    deliveryProblems(ctx),
    gettingStarted(ctx),
    pairFacts(ctx).then((facts) => ({ company: healthOf(facts) })),
  ]);
  const rounds = allRounds.filter((r) => r.openedAt.getTime() < hp.to.getTime()).slice(-TREND_ROUNDS);
  const memberships = await membershipsOf(ctx, viewer, rounds.map((r) => r.id));
  const company = await enpsTrend(ctx, rounds, { kind: 'company' }, minGroupSize, memberships);
  // Side by side: each department's latest two rounds (the remainder rule runs over the whole round each time).
  const recent = rounds.slice(-2);
  const byDepartment = await Promise.all(departments.map(async (d) => ({ department: d, points: await enpsTrend(ctx, recent, { kind: 'department', departmentId: d.id }, minGroupSize, memberships) })));
  const rowsByDepartment = await departmentScorecards(ctx, departments.map((d) => d.id), hp.period);
  const cards = departments.map((d) => ({ department: d, rows: rowsByDepartment.get(d.id) ?? [] }));
  const rateRounds = await ctx.db.round.findMany({
    where: { status: 'closed', openedAt: { lt: hp.to } },
    orderBy: { openedAt: 'desc' },
    take: RATE_ROUNDS,
    select: { id: true, title: true, openedAt: true, invitedCount: true, respondedCount: true, emailStats: true },
  });
  const counted = <R extends { respondedCount: number }>(r: R) => ({ ...r, respondedCount: shownCount(r.respondedCount, minGroupSize) });
  return { hp, minGroupSize, open: open.map(counted), sends, problems, checklist, cadence, company, byDepartment, cards, rateRounds: rateRounds.map(counted) };
}

export async function hrOverview(ctx: AppContext, me: { id: string; role: string; timeZone: string }, query: { period?: unknown }, locale: Locale) {
  const d = await hrOverviewData(ctx, me, query, locale);
  const latest = latestShown(d.company);
  const inPeriod = d.company.filter((p) => p.openedAt.getTime() >= d.hp.from.getTime());
  const rate = (responded: number | null, invited: number) => (invited && responded !== null ? formatPercent(locale, responded / invited) : null);
  return {
    period: d.hp.choices,
    checklist: d.checklist.done ? null : d.checklist,
    open: d.open.map((r) => ({ ...r, href: `/admin/rounds/${r.id}` })),
    sends: d.sends.map((s) => ({ when: s.nextRunAt, title: s.survey.title, href: `/admin/surveys/${s.survey.id}/schedule` })),
    enps: {
      latest: latest?.enps ? { title: latest.title, score: signed(locale, latest.enps.score as number), change: latest.change === null ? null : signed(locale, latest.change), responses: latest.enps.responses } : null,
      period: periodEnps(inPeriod).map((x) => presentEnps(locale, x)),
      trend: d.company.length ? presentTrend(locale, d.company, me.timeZone) : null,
      href: '/results',
    },
    rates: d.rateRounds.map((r) => ({ title: r.title, openedAt: r.openedAt, responded: r.respondedCount, invited: r.invitedCount, rate: rate(r.respondedCount, r.invitedCount), failed: parseEmailStats(r.emailStats).failed })),
    departments: d.byDepartment.map(({ department, points }) => {
      const last = latestShown(points);
      return { name: department.name, score: last?.enps ? signed(locale, last.enps.score as number) : null, change: last?.change == null ? null : signed(locale, last.change), responses: last?.enps?.responses ?? null, round: last?.title ?? null };
    }),
    kpis: d.cards.map(({ department, rows }) => {
      const counts = statusCounts(rows);
      const withTarget = Object.values(counts).reduce((a, b) => a + b, 0);
      const good = (counts.on_track ?? 0) + (counts.achieved ?? 0);
      return { name: department.name, href: `/kpis/departments/${department.id}?period=${d.hp.period.key}`, withTarget, good, atRisk: counts.at_risk ?? 0, off: (counts.off_track ?? 0) + (counts.missed ?? 0), share: withTarget ? formatPercent(locale, good / withTarget) : null };
    }),
    cadence: { ...d.cadence, href: '/admin/one-on-ones' },
    problems: d.problems,
    minGroupSize: d.minGroupSize,
  };
}
