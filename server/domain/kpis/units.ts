/** The unit of a part of a formula (for showing a ratio's numerator and denominator in their own units). Pure. */
import type { FormulaNode } from './formula';
import type { MeasureUnit } from './catalogue';

export type PartUnit = MeasureUnit | 'ratio' | 'number';

export function unitOf(node: FormulaNode, measureUnit: (key: string) => MeasureUnit | undefined): PartUnit {
  const scalar = (u: PartUnit) => u === 'number' || u === 'ratio';
  switch (node.type) {
    case 'number':
      return 'number';
    case 'measure':
      return measureUnit(node.key) ?? 'number';
    case 'neg':
      return unitOf(node.operand, measureUnit);
    case 'call':
      return unitOf(node.args[0], measureUnit);
    case 'binary': {
      const a = unitOf(node.left, measureUnit);
      const b = unitOf(node.right, measureUnit);
      if (node.op === '+' || node.op === '-') return a === b ? a : 'number';
      if (node.op === '*') return scalar(a) ? b : scalar(b) ? a : 'number';
      if (a === b) return 'ratio';
      if (scalar(b)) return a;
      return a === 'money' && b === 'count' ? 'money' : 'number';
    }
  }
}
