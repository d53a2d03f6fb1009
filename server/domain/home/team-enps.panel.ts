/**
 * The team page's eNPS panel: the team's eNPS per round up to the end of the chosen period (the last
 * TREND_ROUNDS rounds), its latest shown score with the change from the round before, and the period's total.
 * Every number comes from results/trend.service.ts with the manager as the viewer (thresholds, remainder rule,
 * insider rule); a hidden round shows no number.
 */
import type { AppContext } from '../../context';
import type { Locale } from '../../i18n/i18n';
import type { Viewer } from '../results/access';
import { presentEnps, presentTrend, signed } from '../results/presenter';
import type { ResultRound } from '../results/result-rounds.service';
import { enpsTrend, periodEnps, type TrendPoint } from '../results/trend.service';
import { membershipsOf } from '../results/viewer.service';
import type { HomePeriod } from './home-period';

export const TREND_ROUNDS = 12;

export interface TeamEnps {
  points: TrendPoint[];
  latest: TrendPoint | null;
}

/** The team's trend points up to the period's end (the last TREND_ROUNDS of them), as `viewer` may see them. */
export async function teamEnps(ctx: AppContext, viewer: Viewer, teamId: string, rounds: readonly ResultRound[], k: number, hp: HomePeriod): Promise<TeamEnps> {
  const upTo = rounds.filter((r) => r.openedAt.getTime() < hp.to.getTime()).slice(-TREND_ROUNDS);
  const points = await enpsTrend(ctx, upTo, { kind: 'team', teamId }, k, await membershipsOf(ctx, viewer, upTo.map((r) => r.id)));
  return { points, latest: [...points].reverse().find((p) => p.enps?.score != null) ?? null };
}

export function presentTeamEnps(locale: Locale, e: TeamEnps, hp: HomePeriod, timeZone: string, teamId: string) {
  const inPeriod = e.points.filter((p) => p.openedAt.getTime() >= hp.from.getTime());
  return {
    latest: e.latest?.enps ? { title: e.latest.title, openedAt: e.latest.openedAt, score: signed(locale, e.latest.enps.score as number), change: e.latest.change === null ? null : signed(locale, e.latest.change), responses: e.latest.enps.responses } : null,
    period: periodEnps(inPeriod).map((x) => presentEnps(locale, x)),
    trend: e.points.length ? presentTrend(locale, e.points, timeZone) : null,
    href: `/results/teams/${teamId}`,
  };
}
