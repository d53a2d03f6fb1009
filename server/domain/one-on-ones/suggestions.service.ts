/**
 * Suggested talking points, offered on the meeting page to the manager and added only when they pick one.
 * Each source looks at what the manager may already see elsewhere in Pulse, through that area's own services:
 *  - pulse: the report's team in the latest closed rounds, through the results services with the manager as
 *    the viewer, so only aggregates above the confidentiality thresholds (a hidden group offers nothing, and
 *    no answer of anyone is ever read here).
 *  - KPIs: the report's KPIs at risk, off track or missed this period (kpi-suggestions.ts), when the manager
 *    may see that person's KPIs.
 */
import type { AppContext } from '../../context';
import { t, formatNumber, type Locale } from '../../i18n/i18n';
import { listResultRounds } from '../results/result-rounds.service';
import { roundResults, type NamedGroup } from '../results/round-results.service';
import { viewerOf } from '../results/viewer.service';
import { kpiSource } from './kpi-suggestions';

export interface TalkingPointSuggestion {
  /** Stable while the underlying figure is the same (the page sends it back to add the point). */
  key: string;
  source: 'pulse' | 'kpi';
  text: string;
}

export interface SuggestionPair {
  manager: { id: string; role: string };
  report: { id: string; name: string; teamId: string | null };
  locale: Locale;
}

export interface SuggestionSource {
  name: 'pulse' | 'kpi';
  suggest(ctx: AppContext, pair: SuggestionPair): Promise<TalkingPointSuggestion[]>;
}

/** How many of the latest closed rounds are looked at for a visible figure of the team. */
const ROUNDS_LOOKED_AT = 3;
/** A rating average below this is worth talking about. */
const LOW_RATING = 3.5;

export const pulseSource: SuggestionSource = {
  name: 'pulse',
  async suggest(ctx, pair) {
    if (!pair.report.teamId) return [];
    const viewer = await viewerOf(ctx, pair.manager);
    if (!viewer.teamIds.has(pair.report.teamId)) return [];
    const rounds = (await listResultRounds(ctx)).slice(-ROUNDS_LOOKED_AT).reverse();
    for (const round of rounds) {
      const r = await roundResults(ctx, round.id, viewer).catch(() => null);
      if (!r) continue;
      const team: NamedGroup | undefined = [...r.departments.flatMap((d) => d.teams), ...r.looseTeams].find((g) => g.teamId === pair.report.teamId);
      if (!team?.visible) continue;
      const out: TalkingPointSuggestion[] = [];
      const words = (q: { text: string; textId: string | null }) => (pair.locale === 'id' && q.textId ? q.textId : q.text);
      for (const q of r.questions) {
        const v = team.questions[q.id];
        if (!v) continue;
        if (v.kind === 'enps' && v.enps.score !== null) {
          const key = v.enps.score < 10 ? 'oneOnOnes.suggest.enpsLow' : 'oneOnOnes.suggest.enps';
          out.push({ key: `pulse:${r.round.id}:${q.id}`, source: 'pulse', text: t(pair.locale, key, { team: team.name, score: v.enps.score, round: r.round.title, name: pair.report.name }) });
        }
        if (v.kind === 'rating' && v.rating.average !== null && v.rating.average < LOW_RATING) {
          out.push({ key: `pulse:${r.round.id}:${q.id}`, source: 'pulse', text: t(pair.locale, 'oneOnOnes.suggest.rating', { team: team.name, question: words(q), average: formatNumber(pair.locale, v.rating.average), round: r.round.title }) });
        }
      }
      return out;
    }
    return [];
  },
};

/** Every source of suggestions. */
export const SUGGESTION_SOURCES: SuggestionSource[] = [pulseSource, kpiSource];

/** The suggestions for a meeting of `pair` not yet on the series' open agenda. */
export async function suggestionsFor(ctx: AppContext, pair: SuggestionPair, openTexts: ReadonlySet<string>, sources = SUGGESTION_SOURCES): Promise<TalkingPointSuggestion[]> {
  const all = (await Promise.all(sources.map((s) => s.suggest(ctx, pair).catch(() => [])))).flat();
  return all.filter((s) => !openTexts.has(s.text));
}
