/**
 * Exact arithmetic for KPI formulas: fractions of BigInts, always reduced, denominator positive. Sums of
 * thousands of money values and the ratios built from them never pass through a binary float; a number is
 * made only at the end, for display. Division by zero gives null ("no value"), never Infinity or 0.
 */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

const abs = (x: bigint) => (x < 0n ? -x : x);

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** n / d reduced; null when d is 0. */
export function rational(n: bigint, d: bigint = 1n): Rational | null {
  if (d === 0n) return null;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

export const ZERO: Rational = { n: 0n, d: 1n };

/**
 * Arithmetic does not reduce (a gcd per step costs more than the rest of a scorecard): equal values may be written
 * differently, so compare with `compare`, and call `reduced` for the canonical form.
 */
const unreduced = (n: bigint, d: bigint): Rational => (d < 0n ? { n: -n, d: -d } : { n, d });
export const reduced = (r: Rational): Rational => rational(r.n, r.d) as Rational;

export const add = (a: Rational, b: Rational) => (a.d === b.d ? unreduced(a.n + b.n, a.d) : unreduced(a.n * b.d + b.n * a.d, a.d * b.d));
export const sub = (a: Rational, b: Rational) => (a.d === b.d ? unreduced(a.n - b.n, a.d) : unreduced(a.n * b.d - b.n * a.d, a.d * b.d));
export const mul = (a: Rational, b: Rational) => unreduced(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational | null => (b.n === 0n ? null : unreduced(a.n * b.d, a.d * b.n));
export const neg = (a: Rational): Rational => ({ n: -a.n, d: a.d });
export const compare = (a: Rational, b: Rational): number => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};

/** An integer scaled by 10^decimals (a stored value) as a rational amount. */
export function fromScaled(value: bigint, decimals: number): Rational {
  return rational(value, 10n ** BigInt(decimals)) as Rational;
}

/** The nearest integer of `r` × 10^decimals (half away from zero): a rational amount as a stored value. */
export function toScaled(r: Rational, decimals: number): bigint {
  const scaled = r.n * 10n ** BigInt(decimals);
  const q = scaled / r.d;
  const rem = abs(scaled % r.d);
  return rem * 2n >= r.d ? q + (scaled < 0n ? -1n : 1n) : q;
}

/** A float for display: exact to ~15 significant digits even for very large numerators and denominators. */
export function toNumber(r: Rational): number {
  const SHIFT = 18n;
  const whole = r.n / r.d;
  const frac = ((r.n % r.d) * 10n ** SHIFT) / r.d;
  return Number(whole) + Number(frac) / 1e18;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** "1250000.50" or "-0.3" as a rational; null when `text` is not a plain decimal number. */
export function parseDecimal(text: string): Rational | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const digits = m[3] ?? '';
  const r = rational(BigInt(`${m[2]}${digits}`), 10n ** BigInt(digits.length)) as Rational;
  return m[1] === '-' ? neg(r) : r;
}

/** How many digits `text` (a plain decimal) has after its point. */
export function fractionDigits(text: string): number {
  return DECIMAL.exec(text.trim())?.[3]?.length ?? 0;
}

/** `r` as a plain decimal string, exact when it terminates within `maxDigits`, otherwise rounded to them. */
export function formatDecimal(r: Rational, maxDigits = 12): string {
  const scaled = toScaled(r, maxDigits);
  const sign = scaled < 0n ? '-' : '';
  const digits = abs(scaled).toString().padStart(maxDigits + 1, '0');
  const whole = digits.slice(0, digits.length - maxDigits);
  const frac = digits.slice(digits.length - maxDigits).replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}
