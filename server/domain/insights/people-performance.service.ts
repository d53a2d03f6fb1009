/**
 * People and performance: each team's eNPS and KPI attainment per quarter (or month), on one chart, and the
 * correlation across teams between engagement in one period and results in the same or the next one (?lag=1).
 * The grain is the quarter unless no team has quarterly targets (then months, which is where targets are set).
 *  - eNPS: results/trend.service.ts with the person as the viewer (thresholds, remainder and insider rules); a
 *    quarter's eNPS is its shown rounds added up (periodEnps). A team hidden in a quarter has no point there and
 *    never enters the correlation.
 *  - attainment: the team's progress against its quarter target for one KPI (kpis/scorecard.service.ts, pace.ts).
 *  - the correlation: Pearson across the teams that have both numbers (correlation.ts), none below 5 teams. It is
 *    an association; the page says so.
 */
import type { AppContext } from '../../context';
import type { Locale } from '../../i18n/i18n';
import { mayViewTeam } from '../kpis/access';
import { kpiName } from '../kpis/kpi-definitions.service';
import { getKpiSettings } from '../kpis/kpi-settings.service';
import { periodContaining, periodsEndingWith, startOfDay, todayIn, type Period } from '../kpis/periods';
import { periodShortName } from '../kpis/presenter';
import { toNumber } from '../kpis/rational';
import { scorecard } from '../kpis/scorecard.service';
import { kpiViewerOf } from '../kpis/viewer.service';
import { listResultRounds } from '../results/result-rounds.service';
import { getThresholds } from '../results/settings.service';
import { enpsTrend, periodEnps } from '../results/trend.service';
import { membershipsOf, viewerOf } from '../results/viewer.service';
import { pearson, type Correlation } from './correlation';

/** How many periods the chart covers, per grain. */
export const SPAN = { quarter: 8, month: 12 } as const;
export type Grain = keyof typeof SPAN;

export interface TeamQuarter {
  quarter: string;
  enps: number | null;
  /** Progress against the quarter's target (1 = 100 %), null without a target or a value. */
  attainment: number | null;
}

export interface TeamSeries {
  teamId: string;
  name: string;
  quarters: TeamQuarter[];
}

export interface PeoplePerformance {
  grain: Grain;
  quarters: Period[];
  kpis: { id: string; key: string; name: string }[];
  kpiKey: string | null;
  teams: TeamSeries[];
  lag: 0 | 1;
  /** The quarters compared: engagement in `enpsQuarter`, results in `resultQuarter`. */
  enpsQuarter: string | null;
  resultQuarter: string | null;
  correlation: Correlation;
}

export async function peoplePerformance(ctx: AppContext, me: { id: string; role: string }, query: { kpi?: string; lag?: 0 | 1; grain?: Grain }, locale: Locale): Promise<PeoplePerformance> {
  const [viewer, kpiViewer, settings, { minGroupSize }] = await Promise.all([viewerOf(ctx, me), kpiViewerOf(ctx, me), getKpiSettings(ctx), getThresholds(ctx)]);
  const fiscal = settings.fiscalYearStartMonth;
  const zone = settings.timeZone;
  const now = ctx.clock.now();
  const hasQuarterTargets = (await ctx.db.kpiTarget.count({ where: { ownerKind: 'team', periodKind: 'quarter' } })) > 0;
  const grain: Grain = query.grain ?? (hasQuarterTargets ? 'quarter' : 'month');
  const current = periodContaining(grain, todayIn(now, zone), fiscal);
  const quarters = periodsEndingWith(current, SPAN[grain], fiscal);
  const bounds = quarters.map((q) => [startOfDay(q.start, zone), startOfDay(q.end, zone)] as const);
  const teamRows = await ctx.db.team.findMany({ where: me.role === 'hr_admin' ? {} : { id: { in: [...viewer.teamIds] } }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
  const teams = teamRows.filter((tm) => (me.role === 'hr_admin' || viewer.teamIds.has(tm.id)) && mayViewTeam(kpiViewer, tm.id));
  const targetKpis = await ctx.db.kpiTarget.findMany({ where: { ownerKind: 'team', periodKind: grain, periodStart: { in: quarters.map((q) => q.start) } }, select: { kpiId: true }, distinct: ['kpiId'] });
  const card0 = teams.length ? await scorecard(ctx, { kind: 'team', id: teams[0].id }, current, { parts: false }) : null;
  const kpis = (card0?.kpis ?? []).filter((k) => targetKpis.some((tk) => tk.kpiId === k.id)).map((k) => ({ id: k.id, key: k.key, name: kpiName(locale, k) }));
  const kpi = kpis.find((k) => k.key === query.kpi) ?? kpis[0] ?? null;
  const rounds = (await listResultRounds(ctx)).filter((r) => r.openedAt.getTime() >= bounds[0][0] && r.openedAt.getTime() < bounds[bounds.length - 1][1]);
  const memberships = await membershipsOf(ctx, viewer, rounds.map((r) => r.id));
  const series: TeamSeries[] = [];
  for (const team of teams) {
    const points = await enpsTrend(ctx, rounds, { kind: 'team', teamId: team.id }, minGroupSize, memberships);
    const out: TeamQuarter[] = [];
    for (let i = 0; i < quarters.length; i++) {
      const [from, to] = bounds[i];
      const inQuarter = points.filter((p) => p.openedAt.getTime() >= from && p.openedAt.getTime() < to);
      // One scale per quarter: the one most answers were given on (scales are never mixed).
      const e = periodEnps(inQuarter).sort((a, b) => b.responses - a.responses)[0];
      let attainment: number | null = null;
      if (kpi) {
        const card = await scorecard(ctx, { kind: 'team', id: team.id }, quarters[i], { parts: false });
        const progress = card.rows.find((r) => r.kpi.id === kpi.id)?.target?.pace.progress ?? null;
        attainment = progress ? toNumber(progress) : null;
      }
      out.push({ quarter: quarters[i].key, enps: e?.score ?? null, attainment });
    }
    series.push({ teamId: team.id, name: team.name, quarters: out });
  }
  const lag = query.lag ?? 0;
  // Results in the latest finished quarter; engagement in the same one, or the one before with a lag.
  const resultIndex = quarters.length - 2;
  const enpsIndex = resultIndex - lag;
  const pairs = series.flatMap((s) => {
    const x = s.quarters[enpsIndex]?.enps;
    const y = s.quarters[resultIndex]?.attainment;
    return x != null && y != null ? [{ x, y }] : [];
  });
  return {
    grain,
    quarters,
    kpis,
    kpiKey: kpi?.key ?? null,
    teams: series,
    lag,
    enpsQuarter: quarters[enpsIndex] ? periodShortName(locale, quarters[enpsIndex], fiscal) : null,
    resultQuarter: quarters[resultIndex] ? periodShortName(locale, quarters[resultIndex], fiscal) : null,
    correlation: pearson(pairs),
  };
}
