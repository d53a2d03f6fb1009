/**
 * Progress against a target, and its status, by one published rule (Engagedly's "expected progress = time
 * elapsed ÷ time in the period", with its 16.5 / 33 point bands as the default thresholds, which HR can change):
 *
 *   progress = actual as a share of the target (1 + (actual − target) ÷ |target|; actual ÷ target for a positive target)
 *   expected = the share of the period that has passed, for running totals (revenue, deals won);
 *              the whole target, for rates and averages (close rate, deal size), which do not accrue
 *   behind   = expected − progress, in points (higher is better), or progress − expected (lower is better)
 *   status   = on track while behind ≤ the on-track threshold, at risk while ≤ the at-risk threshold, else off
 *              track; once the period has ended: achieved (the target reached, or not exceeded when lower is
 *              better) or missed. No actual: no data.
 *
 * Exact: rationals throughout, so a value exactly on a threshold always lands on the same side.
 */
import { add, compare, div, mul, rational, sub, type Rational } from './rational';
import type { Direction } from './catalogue';

export const STATUSES = ['on_track', 'at_risk', 'off_track', 'achieved', 'missed', 'no_data'] as const;
export type Status = (typeof STATUSES)[number];

export interface PaceThresholds {
  /** Points behind pace still on track. */
  onTrack: number;
  /** Points behind pace still at risk (more is off track). */
  atRisk: number;
}

export interface PaceInput {
  actual: Rational | null;
  target: Rational;
  direction: Direction;
  runningTotal: boolean;
  /** Time passed and time in the period (any unit); passed = total once it has ended. */
  elapsed: { passed: number; total: number };
  thresholds: PaceThresholds;
}

export interface Pace {
  status: Status;
  /** Actual as a share of the target (1 = the target). */
  progress: Rational | null;
  /** What should be reached by now: the target × the time passed (running totals), else the target. */
  expected: Rational;
  /** Points behind pace (negative: ahead). */
  behind: Rational | null;
  /** Running totals: the actual carried on at the same rate to the end of the period. */
  projected: Rational | null;
  ended: boolean;
}

const HUNDRED = rational(100n) as Rational;
const ONE = rational(1n) as Rational;
const abs = (r: Rational): Rational => (r.n < 0n ? { n: -r.n, d: r.d } : r);
/** A threshold as an exact rational (16.5 → 33/2); thresholds have at most two decimals. */
const points = (x: number) => rational(BigInt(Math.round(x * 100)), 100n) as Rational;

export function pace(input: PaceInput): Pace {
  const { actual, target, direction, runningTotal, thresholds } = input;
  const ended = input.elapsed.passed >= input.elapsed.total;
  const share = ended ? ONE : (rational(BigInt(Math.round(input.elapsed.passed)), BigInt(Math.max(1, Math.round(input.elapsed.total)))) as Rational);
  const expectedShare = runningTotal ? share : ONE;
  const expected = mul(target, expectedShare);
  if (!actual || target.n === 0n) return { status: 'no_data', progress: null, expected, behind: null, projected: null, ended };
  const progress = add(ONE, div(sub(actual, target), abs(target)) as Rational);
  const projected = runningTotal && share.n > 0n ? div(actual, share) : null;
  const gap = direction === 'higher' ? sub(expectedShare, progress) : sub(progress, expectedShare);
  const behind = mul(gap, HUNDRED);
  let status: Status;
  if (ended) {
    const reached = compare(actual, target);
    status = (direction === 'higher' ? reached >= 0 : reached <= 0) ? 'achieved' : 'missed';
  } else if (compare(behind, points(thresholds.onTrack)) <= 0) status = 'on_track';
  else if (compare(behind, points(thresholds.atRisk)) <= 0) status = 'at_risk';
  else status = 'off_track';
  return { status, progress, expected, behind, projected, ended };
}
