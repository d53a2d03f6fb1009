/**
 * The eNPS formula, pure. Promoters answer 9–10, passives 7–8, detractors 1–6 (0–6 on the 0–10 scale).
 * Score = %promoters − %detractors, a whole number from −100 to +100; null when nobody answered (never 0).
 * Only answered values count: a skipped question is not a passive.
 */
export type EnpsScale = '1-10' | '0-10';

export interface ValueCount {
  value: number;
  count: number;
}

export interface EnpsResult {
  scale: EnpsScale;
  /** Number of answered values. */
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Shares 0..1 (0 when nobody answered). */
  promoterShare: number;
  passiveShare: number;
  detractorShare: number;
  score: number | null;
  /** Every value of the scale, lowest first, with how many chose it. */
  distribution: ValueCount[];
}

export function toEnpsScale(raw: string): EnpsScale {
  return raw === '0-10' ? '0-10' : '1-10';
}

export function lowestOf(scale: EnpsScale): number {
  return scale === '0-10' ? 0 : 1;
}

export type EnpsBand = 'promoter' | 'passive' | 'detractor';

/** The band of one answer, or null when the value is not on the scale. */
export function bandOf(value: number, scale: EnpsScale): EnpsBand | null {
  if (!Number.isInteger(value) || value < lowestOf(scale) || value > 10) return null;
  if (value >= 9) return 'promoter';
  if (value >= 7) return 'passive';
  return 'detractor';
}

/** Rounds half away from zero, and never gives −0. */
export function roundSymmetric(x: number): number {
  const r = Math.sign(x) * Math.round(Math.abs(x));
  return r === 0 ? 0 : r;
}

/** eNPS from counts per value (as SQL GROUP BY gives them). Values off the scale are ignored. */
export function enpsFromCounts(counts: Iterable<ValueCount>, scale: EnpsScale): EnpsResult {
  const perValue = new Map<number, number>();
  for (let v = lowestOf(scale); v <= 10; v++) perValue.set(v, 0);
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const { value, count } of counts) {
    const band = bandOf(value, scale);
    if (!band || count <= 0) continue;
    perValue.set(value, (perValue.get(value) ?? 0) + count);
    if (band === 'promoter') promoters += count;
    else if (band === 'passive') passives += count;
    else detractors += count;
  }
  const responses = promoters + passives + detractors;
  const share = (n: number) => (responses === 0 ? 0 : n / responses);
  return {
    scale,
    responses,
    promoters,
    passives,
    detractors,
    promoterShare: share(promoters),
    passiveShare: share(passives),
    detractorShare: share(detractors),
    score: responses === 0 ? null : roundSymmetric((100 * (promoters - detractors)) / responses),
    distribution: [...perValue].map(([value, count]) => ({ value, count })),
  };
}

/** eNPS from raw answers; null entries (skipped questions) are left out. */
export function enpsFromValues(values: readonly (number | null | undefined)[], scale: EnpsScale): EnpsResult {
  const counts = new Map<number, number>();
  for (const v of values) if (typeof v === 'number') counts.set(v, (counts.get(v) ?? 0) + 1);
  return enpsFromCounts([...counts].map(([value, count]) => ({ value, count })), scale);
}

/**
 * Sums several count lists into one result per scale: rounds on different scales are never mixed in one
 * number. Scales with no answers are left out.
 */
export function enpsPerScale(parts: readonly { scale: EnpsScale; counts: readonly ValueCount[] }[]): EnpsResult[] {
  const byScale = new Map<EnpsScale, ValueCount[]>();
  for (const p of parts) byScale.set(p.scale, [...(byScale.get(p.scale) ?? []), ...p.counts]);
  return [...byScale]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([scale, counts]) => enpsFromCounts(counts, scale))
    .filter((r) => r.responses > 0);
}
