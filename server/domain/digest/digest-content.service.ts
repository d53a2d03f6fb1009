/**
 * What a manager's weekly digest says, from the same services as their team page (never recomputed here):
 *  - a team eNPS that moved by ENPS_MOVE points or more since the round before (results/trend.service.ts via
 *    team-enps.panel.ts, the manager as the viewer: hidden groups say nothing);
 *  - team KPIs off track or missed this period (kpis/scorecard.service.ts);
 *  - 1:1s overdue and open action items (one-on-ones/overview.service.ts; dates and counts, no content).
 */
import type { AppContext } from '../../context';
import type { Locale } from '../../i18n/i18n';
import { mayViewTeam } from '../kpis/access';
import { kpiName } from '../kpis/kpi-definitions.service';
import { statusLabel } from '../kpis/presenter';
import { kpiViewerOf } from '../kpis/viewer.service';
import { managerOverview } from '../one-on-ones/overview.service';
import { teamIdsManagedBy } from '../org/manager-scope';
import { signed } from '../results/presenter';
import type { ResultRound } from '../results/result-rounds.service';
import { viewerOf } from '../results/viewer.service';
import type { HomePeriod } from '../home/home-period';
import { kpiCard } from '../home/kpi.panel';
import { teamEnps } from '../home/team-enps.panel';

export const ENPS_MOVE = 10;

export interface DigestContent {
  enpsMoves: { team: string; score: string; change: string; up: boolean }[];
  offTrack: { team: string; kpi: string; status: string }[];
  overdue: string[];
  openActions: number;
}

export const isQuiet = (c: DigestContent) => c.enpsMoves.length + c.offTrack.length + c.overdue.length + c.openActions === 0;

/** Shared inputs of one run (read once for all managers). */
export interface DigestRun {
  rounds: ResultRound[];
  k: number;
  hp: HomePeriod;
}

export async function digestContent(ctx: AppContext, manager: { id: string; role: string }, locale: Locale, run: DigestRun): Promise<DigestContent> {
  const [viewer, kpiViewer, ownTeams, overview] = await Promise.all([viewerOf(ctx, manager), kpiViewerOf(ctx, manager), teamIdsManagedBy(ctx, manager.id), managerOverview(ctx, manager.id)]);
  const teams = ownTeams.length ? await ctx.db.team.findMany({ where: { id: { in: ownTeams } }, select: { id: true, name: true }, orderBy: { name: 'asc' } }) : [];
  const content: DigestContent = { enpsMoves: [], offTrack: [], overdue: overview.rows.filter((r) => r.overdue).map((r) => r.report.name), openActions: overview.health.openActions };
  for (const team of teams) {
    if (viewer.teamIds.has(team.id)) {
      const { latest } = await teamEnps(ctx, viewer, team.id, run.rounds, run.k, run.hp);
      if (latest?.enps?.score != null && latest.change !== null && Math.abs(latest.change) >= ENPS_MOVE) {
        content.enpsMoves.push({ team: team.name, score: signed(locale, latest.enps.score), change: signed(locale, latest.change), up: latest.change > 0 });
      }
    }
    if (mayViewTeam(kpiViewer, team.id)) {
      const card = await kpiCard(ctx, { kind: 'team', id: team.id }, run.hp.period);
      for (const r of card.rows) if (r.target && ['off_track', 'missed'].includes(r.target.pace.status)) content.offTrack.push({ team: team.name, kpi: kpiName(locale, r.kpi), status: statusLabel(locale, r.target.pace.status).toLowerCase() });
    }
  }
  return content;
}
