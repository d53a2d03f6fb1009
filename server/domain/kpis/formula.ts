/**
 * KPI formulas: a tokenizer and a recursive-descent parser of our own that turn text such as
 * `deals_won / (deals_won + deals_lost)` into a tree. Nothing is ever executed as code (no eval, no
 * new Function, no expression library): the tree is walked by formula-eval.ts.
 *
 * Grammar:   expr  := term (("+" | "-") term)*
 *            term  := unary (("*" | "/") unary)*
 *            unary := "-" unary | primary
 *            primary := number | measure | fn "(" expr ("," expr)* ")" | "(" expr ")"
 * × ÷ − are accepted for * / -. Functions: prev(x) (x in the period before, of the same length), min, max.
 * Errors carry a code, the 0-based position and the length of the offending text.
 */
import { parseDecimal, type Rational } from './rational';

export type BinaryOp = '+' | '-' | '*' | '/';
export type FunctionName = 'prev' | 'min' | 'max';

export type FormulaNode =
  | { type: 'number'; value: Rational; text: string; pos: number }
  | { type: 'measure'; key: string; pos: number }
  | { type: 'neg'; operand: FormulaNode; pos: number }
  | { type: 'binary'; op: BinaryOp; left: FormulaNode; right: FormulaNode; pos: number }
  | { type: 'call'; fn: FunctionName; args: FormulaNode[]; pos: number };

export type FormulaErrorCode =
  | 'empty'
  | 'tooLong'
  | 'tooDeep'
  | 'unexpectedChar'
  | 'unexpectedToken'
  | 'unexpectedEnd'
  | 'missingClose'
  | 'unknownFunction'
  | 'wrongArgs'
  | 'unknownMeasure'
  | 'divideByZero'
  | 'noMeasure';

export class FormulaError extends Error {
  constructor(
    readonly code: FormulaErrorCode,
    readonly pos: number,
    readonly length: number,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} at ${pos + 1}${Object.keys(params).length ? ` (${Object.values(params).join(', ')})` : ''}`);
    this.name = 'FormulaError';
  }
}

export const MAX_FORMULA_LENGTH = 500;
const MAX_DEPTH = 20;
const FUNCTIONS: Record<FunctionName, { min: number; max: number }> = { prev: { min: 1, max: 1 }, min: { min: 2, max: 8 }, max: { min: 2, max: 8 } };

type TokenKind = 'number' | 'name' | 'op' | '(' | ')' | ',' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

const OPERATORS: Record<string, BinaryOp> = { '+': '+', '-': '-', '\u2212': '-', '*': '*', '\u00d7': '*', '/': '/', '\u00f7': '/' };

/** Splits `src` into tokens; an unknown character is an error at its position. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], pos: i });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], pos: i });
      i += name[0].length;
      continue;
    }
    if (c in OPERATORS) tokens.push({ kind: 'op', text: OPERATORS[c], pos: i });
    else if (c === '(' || c === ')' || c === ',') tokens.push({ kind: c, text: c, pos: i });
    else throw new FormulaError('unexpectedChar', i, 1, { char: c });
    i++;
  }
  tokens.push({ kind: 'end', text: '', pos: src.length });
  return tokens;
}

class Parser {
  private at = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.at];
  }
  private next(): Token {
    return this.tokens[this.at++];
  }
  private unexpected(t: Token): FormulaError {
    return t.kind === 'end' ? new FormulaError('unexpectedEnd', t.pos, 0) : new FormulaError('unexpectedToken', t.pos, t.text.length, { token: t.text });
  }

  parseFormula(): FormulaNode {
    const node = this.expr();
    const t = this.peek();
    if (t.kind !== 'end') throw t.kind === ')' ? new FormulaError('unexpectedToken', t.pos, 1, { token: ')' }) : this.unexpected(t);
    return node;
  }

  private expr(): FormulaNode {
    if (++this.depth > MAX_DEPTH) throw new FormulaError('tooDeep', this.peek().pos, 1, { max: MAX_DEPTH });
    let left = this.term();
    while (this.peek().kind === 'op' && (this.peek().text === '+' || this.peek().text === '-')) {
      const op = this.next();
      left = { type: 'binary', op: op.text as BinaryOp, left, right: this.term(), pos: op.pos };
    }
    this.depth--;
    return left;
  }

  private term(): FormulaNode {
    let left = this.unary();
    while (this.peek().kind === 'op' && (this.peek().text === '*' || this.peek().text === '/')) {
      const op = this.next();
      left = { type: 'binary', op: op.text as BinaryOp, left, right: this.unary(), pos: op.pos };
    }
    return left;
  }

  private unary(): FormulaNode {
    const t = this.peek();
    if (t.kind === 'op' && t.text === '-') {
      this.next();
      if (++this.depth > MAX_DEPTH) throw new FormulaError('tooDeep', t.pos, 1, { max: MAX_DEPTH });
      const operand = this.unary();
      this.depth--;
      return { type: 'neg', operand, pos: t.pos };
    }
    return this.primary();
  }

  private primary(): FormulaNode {
    const t = this.next();
    if (t.kind === 'number') return { type: 'number', value: parseDecimal(t.text) as Rational, text: t.text, pos: t.pos };
    if (t.kind === 'name') {
      if (this.peek().kind !== '(') return { type: 'measure', key: t.text, pos: t.pos };
      const fn = t.text.toLowerCase();
      if (!(fn in FUNCTIONS)) throw new FormulaError('unknownFunction', t.pos, t.text.length, { name: t.text });
      const open = this.next();
      const args = [this.expr()];
      while (this.peek().kind === ',') {
        this.next();
        args.push(this.expr());
      }
      this.close(open);
      const arity = FUNCTIONS[fn as FunctionName];
      if (args.length < arity.min || args.length > arity.max) throw new FormulaError('wrongArgs', t.pos, t.text.length, { name: fn, min: arity.min, max: arity.max });
      return { type: 'call', fn: fn as FunctionName, args, pos: t.pos };
    }
    if (t.kind === '(') {
      const inner = this.expr();
      this.close(t);
      return inner;
    }
    throw this.unexpected(t);
  }

  private close(open: Token): void {
    const t = this.peek();
    if (t.kind === ')') {
      this.next();
      return;
    }
    if (t.kind === 'end') throw new FormulaError('missingClose', open.pos, 1);
    throw this.unexpected(t);
  }
}

/** Parses `src` into a tree, or throws a FormulaError saying what is wrong and where. */
export function parseFormula(src: string): FormulaNode {
  if (!src.trim()) throw new FormulaError('empty', 0, 0);
  if (src.length > MAX_FORMULA_LENGTH) throw new FormulaError('tooLong', MAX_FORMULA_LENGTH, src.length - MAX_FORMULA_LENGTH, { max: MAX_FORMULA_LENGTH });
  return new Parser(tokenize(src)).parseFormula();
}

/** Every node of the tree, depth first. */
export function* nodesOf(node: FormulaNode): Generator<FormulaNode> {
  yield node;
  if (node.type === 'neg') yield* nodesOf(node.operand);
  else if (node.type === 'binary') {
    yield* nodesOf(node.left);
    yield* nodesOf(node.right);
  } else if (node.type === 'call') for (const a of node.args) yield* nodesOf(a);
}

/** The measure keys a formula reads. */
export function measuresOf(node: FormulaNode): string[] {
  const keys = new Set<string>();
  for (const n of nodesOf(node)) if (n.type === 'measure') keys.add(n.key);
  return [...keys];
}

/** How many periods back the formula reaches (prev nesting). */
export function maxShift(node: FormulaNode): number {
  if (node.type === 'call') return (node.fn === 'prev' ? 1 : 0) + Math.max(...node.args.map(maxShift));
  if (node.type === 'neg') return maxShift(node.operand);
  if (node.type === 'binary') return Math.max(maxShift(node.left), maxShift(node.right));
  return 0;
}

/**
 * Parses and checks a formula against the measures that exist: every name must be one, it must read at least one,
 * and no division may be by the number 0 (it would never have a value).
 */
export function checkFormula(src: string, measureKeys: ReadonlySet<string>): FormulaNode {
  const tree = parseFormula(src);
  let sawMeasure = false;
  for (const n of nodesOf(tree)) {
    if (n.type === 'measure') {
      if (!measureKeys.has(n.key)) throw new FormulaError('unknownMeasure', n.pos, n.key.length, { name: n.key });
      sawMeasure = true;
    }
    if (n.type === 'binary' && n.op === '/' && n.right.type === 'number' && n.right.value.n === 0n) throw new FormulaError('divideByZero', n.pos, 1);
  }
  if (!sawMeasure) throw new FormulaError('noMeasure', 0, src.length);
  return tree;
}

const PRECEDENCE: Record<BinaryOp, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };
const SYMBOLS: Record<BinaryOp, { ascii: string; pretty: string }> = {
  '+': { ascii: '+', pretty: '+' },
  '-': { ascii: '-', pretty: '\u2212' },
  '*': { ascii: '*', pretty: '\u00d7' },
  '/': { ascii: '/', pretty: '\u00f7' },
};

/**
 * The formula as text with as few parentheses as its meaning allows: `pretty` uses × ÷ − and `name` for measures
 * (for people); otherwise ASCII operators and keys (the stored, canonical form).
 */
export function formulaText(node: FormulaNode, opts: { pretty?: boolean; name?: (key: string) => string } = {}): string {
  const name = opts.name ?? ((k: string) => k);
  const sym = (op: BinaryOp) => (opts.pretty ? SYMBOLS[op].pretty : SYMBOLS[op].ascii);
  const walk = (n: FormulaNode, parent: number, rightSide: boolean): string => {
    switch (n.type) {
      case 'number':
        return n.text;
      case 'measure':
        return name(n.key);
      case 'neg':
        return `${opts.pretty ? '\u2212' : '-'}${walk(n.operand, 3, false)}`;
      case 'call':
        return `${n.fn}(${n.args.map((a) => walk(a, 0, false)).join(', ')})`;
      case 'binary': {
        const p = PRECEDENCE[n.op];
        const text = `${walk(n.left, p, false)} ${sym(n.op)} ${walk(n.right, p, true)}`;
        return p < parent || (p === parent && rightSide) ? `(${text})` : text;
      }
    }
  };
  return walk(node, 0, false);
}
