/**
 * The team page's "what moved" panel: the pulse questions whose team result changed most between the two
 * latest rounds in which the team was shown. Both rounds are read through results/round-results.service.ts
 * with the manager as the viewer, so a question only counts when both of its results are above the thresholds.
 * Questions are matched by kind and English wording (each round keeps its own copy of the survey's questions).
 * A round's results are final once it has settled (trend points exist only for released rounds), so the moves
 * between two rounds are kept per database for (rounds, team, viewer, threshold): the insider rule depends on
 * the viewer, the thresholds on the settings.
 */
import type { AppContext } from '../../context';
import { formatNumber, type Locale } from '../../i18n/i18n';
import type { Viewer } from '../results/access';
import { signed } from '../results/presenter';
import { roundResults, type NamedGroup } from '../results/round-results.service';
import type { TrendPoint } from '../results/trend.service';
import { Lru } from '../results/lru';

export const MOVERS_SHOWN = 3;

export interface Mover {
  kind: 'enps' | 'rating';
  text: string;
  textId: string | null;
  before: number;
  after: number;
  change: number;
}

export interface TeamMovers {
  roundId: string | null;
  previousRoundId: string | null;
  movers: Mover[];
}

type Figures = Map<string, { kind: 'enps' | 'rating'; text: string; textId: string | null; value: number }>;

async function teamFigures(ctx: AppContext, viewer: Viewer, roundId: string, teamId: string): Promise<Figures | null> {
  const r = await roundResults(ctx, roundId, viewer).catch(() => null);
  const team: NamedGroup | undefined = r ? [...r.departments.flatMap((d) => d.teams), ...r.looseTeams].find((g) => g.teamId === teamId) : undefined;
  if (!r || !team?.visible) return null;
  const out: Figures = new Map();
  for (const q of r.questions) {
    const v = team.questions[q.id];
    if (v?.kind === 'enps' && v.enps.score !== null) out.set(`enps|${q.text}`, { kind: 'enps', text: q.text, textId: q.textId, value: v.enps.score });
    if (v?.kind === 'rating' && v.rating.average !== null) out.set(`rating|${q.text}`, { kind: 'rating', text: q.text, textId: q.textId, value: v.rating.average });
  }
  return out;
}

const kept = new WeakMap<object, Lru<TeamMovers>>();

/** The biggest moves between the latest two shown rounds of `points` (the team's eNPS trend) at threshold k. */
export async function teamMovers(ctx: AppContext, viewer: Viewer, teamId: string, points: readonly TrendPoint[], k: number): Promise<TeamMovers> {
  const shown = points.filter((p) => p.enps?.score != null).slice(-2);
  if (shown.length < 2) return { roundId: shown[0]?.roundId ?? null, previousRoundId: null, movers: [] };
  let cache = kept.get(ctx.db);
  if (!cache) kept.set(ctx.db, (cache = new Lru<TeamMovers>(500)));
  const key = `${shown[0].roundId}|${shown[1].roundId}|${teamId}|${viewer.id}|${k}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = await computeMovers(ctx, viewer, teamId, shown);
  cache.set(key, result);
  return result;
}

async function computeMovers(ctx: AppContext, viewer: Viewer, teamId: string, shown: readonly TrendPoint[]): Promise<TeamMovers> {
  const [before, after] = await Promise.all(shown.map((p) => teamFigures(ctx, viewer, p.roundId, teamId)));
  const movers: Mover[] = [];
  if (before && after) {
    for (const [key, a] of after) {
      const b = before.get(key);
      if (b) movers.push({ kind: a.kind, text: a.text, textId: a.textId, before: b.value, after: a.value, change: a.value - b.value });
    }
  }
  // eNPS moves in points of 200, ratings in points of 4: compare them on the share of their range.
  const weight = (m: Mover) => Math.abs(m.change) / (m.kind === 'enps' ? 200 : 4);
  movers.sort((x, y) => weight(y) - weight(x) || x.text.localeCompare(y.text));
  return { roundId: shown[1].roundId, previousRoundId: shown[0].roundId, movers: movers.filter((m) => m.change !== 0).slice(0, MOVERS_SHOWN) };
}

export function presentMovers(locale: Locale, m: TeamMovers) {
  const fmt = (mv: Mover, v: number) => (mv.kind === 'enps' ? signed(locale, v) : formatNumber(locale, v, 2));
  return {
    href: m.roundId ? `/results/rounds/${m.roundId}` : null,
    rows: m.movers.map((mv) => ({
      text: locale === 'id' && mv.textId ? mv.textId : mv.text,
      kind: mv.kind,
      before: fmt(mv, mv.before),
      after: fmt(mv, mv.after),
      change: mv.kind === 'enps' ? signed(locale, mv.change) : `${mv.change > 0 ? '+' : '−'}${formatNumber(locale, Math.abs(mv.change), 2)}`,
      up: mv.change > 0,
    })),
  };
}
