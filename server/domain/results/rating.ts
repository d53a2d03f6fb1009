/**
 * Rating (1–5) and choice summaries, pure. Averages are always recomputed from the sum and the count of the
 * underlying answers at every level, never averaged from averages.
 */
import type { ValueCount } from './enps';

export const RATING_LOW = 1;
export const RATING_HIGH = 5;

export interface RatingResult {
  count: number;
  sum: number;
  /** sum / count, or null when nobody answered. */
  average: number | null;
  distribution: ValueCount[];
}

export function ratingFromCounts(counts: Iterable<ValueCount>, low = RATING_LOW, high = RATING_HIGH): RatingResult {
  const perValue = new Map<number, number>();
  for (let v = low; v <= high; v++) perValue.set(v, 0);
  let count = 0;
  let sum = 0;
  for (const c of counts) {
    if (!perValue.has(c.value) || c.count <= 0) continue;
    perValue.set(c.value, (perValue.get(c.value) ?? 0) + c.count);
    count += c.count;
    sum += c.value * c.count;
  }
  return { count, sum, average: count === 0 ? null : sum / count, distribution: [...perValue].map(([value, count]) => ({ value, count })) };
}

export interface ChoiceCount {
  label: string;
  count: number;
}

/**
 * Counts per option from stored choice lists (JSON arrays of labels, grouped with how many answers chose
 * exactly that list). Options keep their order; labels no longer among the options come last.
 */
export function choiceCounts(options: readonly string[], grouped: Iterable<{ choices: string; count: number }>): { answers: number; options: ChoiceCount[] } {
  const counts = new Map<string, number>(options.map((o) => [o, 0]));
  let answers = 0;
  for (const g of grouped) {
    let labels: unknown;
    try {
      labels = JSON.parse(g.choices);
    } catch {
      continue;
    }
    if (!Array.isArray(labels) || labels.length === 0) continue;
    answers += g.count;
    for (const label of new Set(labels.map(String))) counts.set(label, (counts.get(label) ?? 0) + g.count);
  }
  return { answers, options: [...counts].map(([label, count]) => ({ label, count })) };
}
