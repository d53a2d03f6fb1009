/**
 * The manager's home: the team page. One period (home-period.ts) drives every panel:
 *  - eNPS and its trend (team-enps.panel.ts), the questions that moved most (team-movers.panel.ts): results
 *    services, the manager as the viewer, so the confidentiality rules hold;
 *  - the KPI scorecard against targets with pace and status (kpi.panel.ts): KPI services;
 *  - 1:1 health per report (one-on-ones/overview.service.ts): last and next 1:1, open action items and overdue as
 *    of today, and the 1:1s held in the period; dates and counts, never content.
 * Nothing here computes a number of its own.
 */
import type { AppContext } from '../../context';
import { ForbiddenError } from '../../errors';
import type { Locale } from '../../i18n/i18n';
import { mayViewTeam } from '../kpis/access';
import { kpiViewerOf } from '../kpis/viewer.service';
import { heldBetween, managerOverview } from '../one-on-ones/overview.service';
import { listResultRounds } from '../results/result-rounds.service';
import { getThresholds } from '../results/settings.service';
import { viewerOf } from '../results/viewer.service';
import { teamIdsManagedBy } from '../org/manager-scope';
import { homePeriod } from './home-period';
import { kpiCard, presentKpiPanel } from './kpi.panel';
import { presentTeamEnps, teamEnps } from './team-enps.panel';
import { presentMovers, teamMovers } from './team-movers.panel';

export interface TeamPageQuery {
  period?: unknown;
  team?: unknown;
}

/** The teams a manager's page can show (their own first) and the one shown; null when they have none. */
async function chooseTeam(ctx: AppContext, managerId: string, scope: ReadonlySet<string>, asked: unknown) {
  const own = await teamIdsManagedBy(ctx, managerId);
  const ids = [...new Set([...own, ...scope])];
  if (ids.length === 0) return null;
  const teams = await ctx.db.team.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, department: { select: { name: true } } } });
  teams.sort((a, b) => Number(own.includes(b.id)) - Number(own.includes(a.id)) || a.name.localeCompare(b.name));
  if (typeof asked === 'string' && asked && !ids.includes(asked)) throw new ForbiddenError();
  const shown = teams.find((t) => t.id === asked) ?? teams[0];
  return { shown, teams: teams.map((t) => ({ id: t.id, name: t.name, selected: t.id === shown.id })) };
}

/** Every panel's numbers for `me`, unformatted (the benchmark and the digest read these). */
export async function teamPageData(ctx: AppContext, me: { id: string; role: string }, query: TeamPageQuery, locale: Locale) {
  const [viewer, kpiViewer, hp] = await Promise.all([viewerOf(ctx, me), kpiViewerOf(ctx, me), homePeriod(ctx, query.period, locale)]);
  const choice = await chooseTeam(ctx, me.id, viewer.teamIds, query.team);
  const overview = await managerOverview(ctx, me.id);
  const held = await heldBetween(ctx, overview.rows.flatMap((r) => (r.seriesId ? [r.seriesId] : [])), hp.from, hp.to);
  if (!choice) return { hp, choice, overview, held, enps: null, movers: null, card: null };
  const teamId = choice.shown.id;
  const [{ minGroupSize }, rounds] = await Promise.all([getThresholds(ctx), listResultRounds(ctx)]);
  const inScope = viewer.teamIds.has(teamId);
  const enps = inScope ? await teamEnps(ctx, viewer, teamId, rounds, minGroupSize, hp) : null;
  const [movers, card] = await Promise.all([
    enps ? teamMovers(ctx, viewer, teamId, enps.points, minGroupSize) : Promise.resolve(null),
    mayViewTeam(kpiViewer, teamId) ? kpiCard(ctx, { kind: 'team', id: teamId }, hp.period) : Promise.resolve(null),
  ]);
  return { hp, choice, overview, held, enps, movers, card, minGroupSize };
}

/** The team page as the view renders it. */
export async function teamPage(ctx: AppContext, me: { id: string; role: string; timeZone: string }, query: TeamPageQuery, locale: Locale) {
  const d = await teamPageData(ctx, me, query, locale);
  const teamId = d.choice?.shown.id ?? null;
  return {
    period: d.hp.choices,
    periodCurrent: d.hp.current,
    team: d.choice ? { id: d.choice.shown.id, name: d.choice.shown.name, department: d.choice.shown.department.name } : null,
    teams: d.choice && d.choice.teams.length > 1 ? d.choice.teams : [],
    teamParam: teamId ? `&team=${teamId}` : '',
    enps: d.enps && teamId ? presentTeamEnps(locale, d.enps, d.hp, me.timeZone, teamId) : null,
    movers: d.movers ? presentMovers(locale, d.movers) : null,
    kpis: d.card ? presentKpiPanel(locale, d.card) : null,
    oneOnOnes: {
      rows: d.overview.rows.map((r) => ({ ...r, heldInPeriod: r.seriesId ? (d.held.get(r.seriesId) ?? 0) : null })),
      health: d.overview.health,
      withoutSeries: d.overview.withoutSeries,
      href: '/one-on-ones',
    },
    minGroupSize: d.minGroupSize ?? null,
  };
}
