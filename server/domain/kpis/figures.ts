/**
 * A KPI's figure for one owner and period, from rolled-up base measures (rollup.ts): the value and, for a ratio,
 * its numerator and denominator (what "40 % · 48 of 120" shows). Pure.
 */
import { evaluate, partsOf, type MeasureLookup } from './formula-eval';
import type { KpiDef, MeasureDef } from './kpi-definitions.service';
import { shiftPeriod, type Period } from './periods';
import { div, fromScaled, type Rational } from './rational';
import { foldWindow, type Cell } from './rollup';

export interface KpiFigure {
  value: Rational | null;
  numerator: Rational | null;
  denominator: Rational | null;
  /** A comparison with earlier periods (growth) while this one is still running: not a like-for-like figure yet. */
  incomplete?: boolean;
}

/** The period and the ones before it (same length) that `kpis` read, folded from `cells`. */
export function windowsOf(cells: readonly Cell[], period: Period, depth: number, measures: ReadonlyMap<string, MeasureDef>, fiscalStart: number): Map<string, bigint | null>[] {
  const agg = (key: string) => measures.get(key)?.aggregation;
  return Array.from({ length: depth + 1 }, (_, shift) => foldWindow(cells, shiftPeriod(period, shift, fiscalStart), agg));
}

/** A lookup over folded windows (index = how many periods back). */
export function lookupIn(windows: readonly Map<string, bigint | null>[], measures: ReadonlyMap<string, MeasureDef>): MeasureLookup {
  return (key, shift) => {
    const raw = windows[shift]?.get(key);
    const m = measures.get(key);
    return raw === undefined || raw === null || !m ? null : fromScaled(raw, m.decimals);
  };
}

export function figureOf(kpi: Pick<KpiDef, 'tree'>, lookup: MeasureLookup): KpiFigure {
  const parts = partsOf(kpi.tree);
  if (!parts) return { value: evaluate(kpi.tree, lookup), numerator: null, denominator: null };
  // A ratio's value is its numerator over its denominator: each evaluated once.
  const numerator = evaluate(parts.numerator, lookup);
  const denominator = numerator ? evaluate(parts.denominator, lookup) : null;
  return { value: numerator && denominator ? div(numerator, denominator) : null, numerator, denominator };
}

/**
 * Every KPI's figure from `cells` for `period`. While the period is `inProgress`, a KPI comparing it with earlier
 * periods (sales growth) has no value: part of a month against a whole month is not a like-for-like comparison.
 */
export function figuresFrom(kpis: readonly KpiDef[], cells: readonly Cell[], period: Period, measures: ReadonlyMap<string, MeasureDef>, fiscalStart: number, inProgress = false): Map<string, KpiFigure> {
  const depth = Math.max(0, ...kpis.map((k) => k.shift));
  const lookup = lookupIn(windowsOf(cells, period, depth, measures, fiscalStart), measures);
  return new Map(kpis.map((k) => [k.id, inProgress && k.shift > 0 ? { value: null, numerator: null, denominator: null, incomplete: true } : figureOf(k, lookup)]));
}
