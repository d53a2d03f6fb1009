/**
 * Evaluates a formula tree (formula.ts) exactly, over rationals. A measure with no value makes the result
 * "no value" (null), and so does a division by zero: a missing number is never read as 0.
 */
import type { FormulaNode } from './formula';
import { add, compare, div, mul, neg, sub, type Rational } from './rational';

/** A measure's amount, `shift` periods before the one being evaluated; null when it has no value. */
export type MeasureLookup = (key: string, shift: number) => Rational | null;

export function evaluate(node: FormulaNode, lookup: MeasureLookup, shift = 0): Rational | null {
  switch (node.type) {
    case 'number':
      return node.value;
    case 'measure':
      return lookup(node.key, shift);
    case 'neg': {
      const v = evaluate(node.operand, lookup, shift);
      return v && neg(v);
    }
    case 'binary': {
      const a = evaluate(node.left, lookup, shift);
      if (!a) return null;
      const b = evaluate(node.right, lookup, shift);
      if (!b) return null;
      if (node.op === '+') return add(a, b);
      if (node.op === '-') return sub(a, b);
      if (node.op === '*') return mul(a, b);
      return div(a, b);
    }
    case 'call': {
      if (node.fn === 'prev') return evaluate(node.args[0], lookup, shift + 1);
      const values = node.args.map((a) => evaluate(a, lookup, shift));
      if (values.some((v) => v === null)) return null;
      const sign = node.fn === 'min' ? -1 : 1;
      return (values as Rational[]).reduce((best, v) => (compare(v, best) === sign ? v : best));
    }
  }
}

/** For a formula whose last step is a division: its numerator and denominator (what "48 of 120" shows). */
export function partsOf(node: FormulaNode): { numerator: FormulaNode; denominator: FormulaNode } | null {
  return node.type === 'binary' && node.op === '/' ? { numerator: node.left, denominator: node.right } : null;
}

/**
 * True when the formula is a running total: sums and differences of measures that add up over time (revenue,
 * deals won), so that half-way through a period about half the target should be reached. Rates and averages
 * (anything divided, multiplied by a measure, or read from another period) are not.
 */
export function isRunningTotal(node: FormulaNode, summed: (key: string) => boolean): boolean {
  switch (node.type) {
    case 'number':
      return true;
    case 'measure':
      return summed(node.key);
    case 'neg':
      return isRunningTotal(node.operand, summed);
    case 'binary':
      if (node.op === '+' || node.op === '-') return isRunningTotal(node.left, summed) && isRunningTotal(node.right, summed);
      // A constant factor keeps a running total one (e.g. revenue × 1.1).
      if (node.op === '*') return (node.left.type === 'number' && isRunningTotal(node.right, summed)) || (node.right.type === 'number' && isRunningTotal(node.left, summed));
      return false;
    case 'call':
      return false;
  }
}
