/** The formula parser and evaluator: precedence, unary minus, parentheses, functions, exact results, and errors with positions. */
import { checkFormula, FormulaError, formulaText, maxShift, measuresOf, parseFormula } from '../../server/domain/kpis/formula';
import { evaluate, isRunningTotal, partsOf } from '../../server/domain/kpis/formula-eval';
import { parseDecimal, rational, reduced, toNumber, type Rational } from '../../server/domain/kpis/rational';

const r = (text: string) => parseDecimal(text) as Rational;
const values: Record<string, string> = { a: '6', b: '3', c: '2', zero: '0', big: '900719925474099300' };
const lookup = (key: string, shift: number) => (shift > 0 ? (key === 'a' ? r('4') : null) : key in values ? r(values[key]) : null);
const calc = (src: string) => {
  const e = evaluate(parseFormula(src), lookup);
  const v = e && reduced(e);
  return v === null ? null : `${v.n}/${v.d}`;
};

function errorOf(src: string, known = ['a', 'b', 'c']): FormulaError {
  try {
    checkFormula(src, new Set(known));
  } catch (err) {
    if (err instanceof FormulaError) return err;
    throw err;
  }
  throw new Error(`no error for ${src}`);
}

describe('parsing and evaluating', () => {
  it.each([
    ['a + b * c', '12/1'],
    ['(a + b) * c', '18/1'],
    ['a - b - c', '1/1'],
    ['a / b / c', '1/1'],
    ['a / (b / c)', '4/1'],
    ['-a + b', '-3/1'],
    ['--a', '6/1'],
    ['-(a - b) * 2', '-6/1'],
    ['a × b ÷ c − 1', '8/1'],
    ['a / 4', '3/2'],
    ['0.1 + 0.2', '3/10'],
    ['min(a, b, c)', '2/1'],
    ['max(a, b)', '6/1'],
    ['(a - prev(a)) / prev(a)', '1/2'],
    ['big + 1', '900719925474099301/1'],
  ])('%s = %s, exactly', (src, expected) => {
    expect(calc(src)).toBe(expected);
  });

  it('gives no value for a division by zero or a missing measure, never Infinity or 0', () => {
    expect(calc('a / zero')).toBeNull();
    expect(calc('a / (b - b)')).toBeNull();
    expect(calc('a + missing')).toBeNull();
    expect(calc('missing * 0')).toBeNull();
    expect(calc('prev(b)')).toBeNull();
    expect(calc('min(a, missing)')).toBeNull();
  });

  it('adds 0.1 ten thousand times exactly (no binary floats)', () => {
    let sum: Rational = rational(0n) as Rational;
    const tenth = parseFormula('a + 0.1');
    for (let i = 0; i < 10_000; i++) sum = evaluate(tenth, (k) => (k === 'a' ? sum : null)) as Rational;
    expect(`${reduced(sum).n}/${reduced(sum).d}`).toBe('1000/1');
    expect(toNumber(sum)).toBe(1000);
  });

  it('knows what a formula reads, how far back, its parts, and whether it is a running total', () => {
    const tree = parseFormula('(won - prev(won)) / prev(won)');
    expect(measuresOf(tree)).toEqual(['won']);
    expect(maxShift(tree)).toBe(1);
    expect(maxShift(parseFormula('prev(prev(a))'))).toBe(2);
    expect(formulaText(partsOf(parseFormula('w / (w + l)'))!.denominator)).toBe('w + l');
    expect(partsOf(parseFormula('a + b'))).toBeNull();
    const summed = () => true;
    expect(isRunningTotal(parseFormula('a - b'), summed)).toBe(true);
    expect(isRunningTotal(parseFormula('a * 1.1'), summed)).toBe(true);
    expect(isRunningTotal(parseFormula('a / b'), summed)).toBe(false);
    expect(isRunningTotal(parseFormula('a * b'), summed)).toBe(false);
    expect(isRunningTotal(parseFormula('prev(a)'), summed)).toBe(false);
    expect(isRunningTotal(parseFormula('a'), () => false)).toBe(false);
  });

  it('writes formulas back with the parentheses their meaning needs', () => {
    for (const src of ['a - (b - c)', '(a + b) * c', 'a / (b * c)', '-(a + b)', 'a - b - c', 'min(a, b) / c']) {
      const text = formulaText(parseFormula(src));
      expect(text).toBe(src);
      expect(calc(text)).toBe(calc(src));
    }
    expect(formulaText(parseFormula('((a))+(b*c)'))).toBe('a + b * c');
    expect(formulaText(parseFormula('a*b/c-1'), { pretty: true, name: (k) => k.toUpperCase() })).toBe('A × B ÷ C − 1');
  });
});

describe('errors point at the problem', () => {
  it.each([
    ['', 'empty', 0],
    ['a +', 'unexpectedEnd', 3],
    ['a + * b', 'unexpectedToken', 4],
    ['(a + b', 'missingClose', 0],
    ['a + b)', 'unexpectedToken', 5],
    ['a $ b', 'unexpectedChar', 2],
    ['a + wonvalue', 'unknownMeasure', 4],
    ['a / 0', 'divideByZero', 2],
    ['a / 0.00', 'divideByZero', 2],
    ['foo(a)', 'unknownFunction', 0],
    ['prev(a, b)', 'wrongArgs', 0],
    ['min(a)', 'wrongArgs', 0],
    ['1 + 2', 'noMeasure', 0],
    ['a b', 'unexpectedToken', 2],
    ['()', 'unexpectedToken', 1],
    ['a..b', 'unexpectedChar', 1],
  ])('%j: %s at %i', (src, code, pos) => {
    const err = errorOf(src);
    expect(err.code).toBe(code);
    expect(err.pos).toBe(pos);
  });

  it('refuses very long or very deep formulas instead of overflowing the stack', () => {
    expect(errorOf(`a${' + a'.repeat(130)}`).code).toBe('tooLong');
    expect(errorOf(`${'('.repeat(30)}a${')'.repeat(30)}`).code).toBe('tooDeep');
    expect(errorOf(`${'-'.repeat(30)}a`).code).toBe('tooDeep');
  });

  it('never runs code: names are measures or the three functions, nothing else', () => {
    expect(errorOf('constructor').code).toBe('unknownMeasure');
    expect(errorOf('__proto__ + a').code).toBe('unknownMeasure');
    expect(errorOf('process.exit(1)').code).toBe('unexpectedChar');
    expect(errorOf('a["x"]').code).toBe('unexpectedChar');
    expect(errorOf('alert(a)').code).toBe('unknownFunction');
  });
});
