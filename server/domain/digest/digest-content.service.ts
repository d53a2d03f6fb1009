/**
 * What a manager's weekly digest says, from the same services as their team page (never recomputed here):
 *  - a team eNPS that moved by ENPS_MOVE points or more between the latest two rounds (results/trend.service.ts via
 *    team-enps.panel.ts, the manager as the viewer: hidden groups say nothing);
 *  - team KPIs off track or missed this period (kpis/scorecard.service.ts);
 *  - 1:1s overdue and open action items (one-on-ones/cadence.ts pair facts, as the manager's 1:1 overview counts
 *    them; dates and counts, no content).
 * A run prepares what every manager shares in a few queries (prepareDigestRun): the rounds, the period, every live
 * pair's facts and each manager's own teams, so a thousand digests cost a thousand trend and scorecard reads
 * (both cached per team and round), not a thousand directory walks.
 */
import type { AppContext } from '../../context';
import type { Locale } from '../../i18n/i18n';
import { kpiName } from '../kpis/kpi-definitions.service';
import { statusLabel } from '../kpis/presenter';
import { healthOf, pairFacts, type PairFacts } from '../one-on-ones/cadence';
import { signed } from '../results/presenter';
import { listResultRounds, type ResultRound } from '../results/result-rounds.service';
import { getThresholds } from '../results/settings.service';
import { homePeriod, type HomePeriod } from '../home/home-period';
import { kpiCard } from '../home/kpi.panel';
import { teamEnps } from '../home/team-enps.panel';

export const ENPS_MOVE = 10;
const CHUNK = 500;
const DIGEST_ROUNDS = 2;

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
  /** Live pairs by manager, and the people in them (name, active, their manager now). */
  pairs: Map<string, PairFacts[]>;
  people: Map<string, { name: string; active: boolean; managerId: string | null }>;
  /** The teams each manager leads (the digest speaks of their own teams only). */
  teams: Map<string, { id: string; name: string }[]>;
}

export async function prepareDigestRun(ctx: AppContext, managerIds: readonly string[]): Promise<DigestRun> {
  const [{ minGroupSize }, all, hp, facts] = await Promise.all([getThresholds(ctx), listResultRounds(ctx), homePeriod(ctx, undefined, 'en'), pairFacts(ctx)]);
  // The move is between the latest two rounds: each manager's insider rule runs the remainder rule over every
  // group of each round looked at (their own place differs), so the digest looks at two rounds, not the page's 12.
  const rounds = all.slice(-DIGEST_ROUNDS);
  // In chunks: a list of thousands of parameters exceeds what the databases accept in one statement.
  const teams: { id: string; name: string; managerId: string | null }[] = [];
  for (let i = 0; i < managerIds.length; i += CHUNK) {
    teams.push(...(await ctx.db.team.findMany({ where: { managerId: { in: managerIds.slice(i, i + CHUNK) } }, select: { id: true, name: true, managerId: true }, orderBy: { name: 'asc' } })));
  }
  const pairs = new Map<string, PairFacts[]>();
  for (const f of facts) pairs.set(f.managerId, [...(pairs.get(f.managerId) ?? []), f]);
  const reportIds = [...new Set(facts.map((f) => f.reportId))];
  const people = new Map<string, { name: string; active: boolean; managerId: string | null }>();
  for (let i = 0; i < reportIds.length; i += CHUNK) {
    const rows = await ctx.db.employee.findMany({ where: { id: { in: reportIds.slice(i, i + CHUNK) } }, select: { id: true, name: true, active: true, managerId: true } });
    for (const r of rows) people.set(r.id, r);
  }
  const byManager = new Map<string, { id: string; name: string }[]>();
  for (const tm of teams) byManager.set(tm.managerId as string, [...(byManager.get(tm.managerId as string) ?? []), { id: tm.id, name: tm.name }]);
  return { rounds, k: minGroupSize, hp, pairs, people, teams: byManager };
}

/**
 * One manager's digest. Their own teams are always in their results and KPI scope (org/manager-scope.ts), so the
 * viewer here is the manager with those teams; the insider rule still applies through their own invitations.
 */
export async function digestContent(ctx: AppContext, manager: { id: string; role: string }, locale: Locale, run: DigestRun): Promise<DigestContent> {
  const teams = run.teams.get(manager.id) ?? [];
  const facts = run.pairs.get(manager.id) ?? [];
  // As the manager's 1:1 overview lists them: their active direct reports' pairs.
  const overdue = facts
    .filter((f) => f.overdue)
    .map((f) => run.people.get(f.reportId))
    .filter((p): p is { name: string; active: boolean; managerId: string | null } => !!p && p.active && p.managerId === manager.id)
    .map((p) => p.name)
    .sort((a, b) => a.localeCompare(b));
  const content: DigestContent = { enpsMoves: [], offTrack: [], overdue, openActions: healthOf(facts).openActions };
  const viewer = { id: manager.id, role: 'manager' as const, teamIds: new Set(teams.map((tm) => tm.id)) };
  for (const team of teams) {
    const { latest } = await teamEnps(ctx, viewer, team.id, run.rounds, run.k, run.hp);
    if (latest?.enps?.score != null && latest.change !== null && Math.abs(latest.change) >= ENPS_MOVE) {
      content.enpsMoves.push({ team: team.name, score: signed(locale, latest.enps.score), change: signed(locale, latest.change), up: latest.change > 0 });
    }
    const card = await kpiCard(ctx, { kind: 'team', id: team.id }, run.hp.period);
    for (const r of card.rows) if (r.target && ['off_track', 'missed'].includes(r.target.pace.status)) content.offTrack.push({ team: team.name, kpi: kpiName(locale, r.kpi), status: statusLabel(locale, r.target.pace.status).toLowerCase() });
  }
  return content;
}
