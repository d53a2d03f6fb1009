/**
 * Pearson's correlation coefficient across teams, with the number of teams it rests on. Below MIN_TEAMS teams no
 * coefficient is given (a handful of points says nothing, and could point at one team). Pure.
 */
export const MIN_TEAMS = 5;

export interface Correlation {
  /** null when fewer than MIN_TEAMS pairs, or when either side does not vary. */
  r: number | null;
  teams: number;
}

export function pearson(pairs: readonly { x: number; y: number }[]): Correlation {
  const n = pairs.length;
  if (n < MIN_TEAMS) return { r: null, teams: n };
  const mx = pairs.reduce((s, p) => s + p.x, 0) / n;
  const my = pairs.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const p of pairs) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
    syy += (p.y - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return { r: null, teams: n };
  return { r: Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))), teams: n };
}
