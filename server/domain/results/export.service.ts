/**
 * A round's aggregated results as CSV: one row per shown group and question (hidden groups are left out
 * entirely), comments only of groups above the comment threshold. Cells are defused against formula
 * injection (csv.ts).
 */
import type { AppContext } from '../../context';
import type { Viewer } from './access';
import { toCsv, type CsvCell } from '../shared/csv';
import { commentsOf, roundResults, type NamedGroup } from './round-results.service';

export async function roundCsv(ctx: AppContext, roundId: string, viewer: Viewer): Promise<{ filename: string; csv: string }> {
  const r = await roundResults(ctx, roundId, viewer);
  const groups: NamedGroup[] = [
    ...(r.company ? [r.company] : []),
    ...r.departments.flatMap((d) => [d, ...d.teams]),
    ...r.looseTeams,
  ].filter((g) => g.visible);
  const rows: CsvCell[][] = [['group_type', 'group', 'responses', 'response_rate', 'question', 'kind', 'metric', 'value']];
  for (const g of groups) {
    const name = g.kind === 'company' ? '' : g.name;
    rows.push([g.kind, name, g.responses, '', '', '', 'responses', g.responses]);
    if (g.responseRate !== null) rows.push([g.kind, name, g.responses, Math.round(g.responseRate * 1000) / 10, '', '', 'response_rate_pct', Math.round(g.responseRate * 1000) / 10]);
    for (const q of r.questions) {
      const res = g.questions[q.id];
      if (!res) continue;
      const row = (metric: string, value: CsvCell) => rows.push([g.kind, name, g.responses, '', q.text, q.kind, metric, value]);
      if (res.kind === 'enps') {
        row(`enps_score_${res.enps.scale}`, res.enps.score);
        row('answers', res.enps.responses);
        row('promoters', res.enps.promoters);
        row('passives', res.enps.passives);
        row('detractors', res.enps.detractors);
        for (const d of res.enps.distribution) row(`value_${d.value}`, d.count);
      } else if (res.kind === 'rating') {
        row('average', res.rating.average === null ? null : Math.round(res.rating.average * 100) / 100);
        row('answers', res.rating.count);
        for (const d of res.rating.distribution) row(`value_${d.value}`, d.count);
      } else if (res.kind === 'choice') {
        row('answers', res.answers);
        for (const o of res.options) row(`option:${o.label}`, o.count);
      } else {
        for (const c of await commentsOf(ctx, roundId, q.id, g)) row('comment', c);
      }
    }
  }
  return { filename: `results-${r.round.openedAt.toISOString().slice(0, 10)}.csv`, csv: toCsv(rows) };
}
