/**
 * A tiny arithmetic language over named quantities (+ − × ÷, parentheses, numbers).
 * One parsed formula is both evaluated in JS (live values) and compiled to ClickHouse SQL
 * (historic values): this is how a metric has ONE definition for both.
 */

export type Node =
  | { kind: 'num'; value: number }
  | { kind: 'ref'; name: string }
  | { kind: 'neg'; arg: Node }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: Node; right: Node };

export class FormulaError extends Error {
  readonly code = 'FORMULA_INVALID';
  constructor(message: string, readonly position: number) {
    super(message);
    this.name = 'FormulaError';
  }
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(.))/y;

/** Parse a formula; throws FormulaError naming the position of the problem. */
export function parseFormula(source: string): Node {
  if (source.length > 500) throw new FormulaError('formula is longer than 500 characters', 0);
  const tokens: { t: 'num' | 'id' | 'op'; v: string; at: number }[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const m = TOKEN.exec(source);
    if (!m) break;
    const at = TOKEN.lastIndex - (m[1] ?? m[2] ?? m[3] ?? '').length;
    if (m[1] !== undefined) tokens.push({ t: 'num', v: m[1], at });
    else if (m[2] !== undefined) tokens.push({ t: 'id', v: m[2], at });
    else if (m[3] !== undefined) {
      if (!'+-*/()'.includes(m[3])) throw new FormulaError(`unexpected character ${JSON.stringify(m[3])} at ${at + 1}`, at);
      tokens.push({ t: 'op', v: m[3], at });
    }
  }
  let i = 0;
  const peek = () => tokens[i];
  const fail = (what: string): never => {
    const tok = peek();
    throw new FormulaError(tok ? `${what} at position ${tok.at + 1}, found ${JSON.stringify(tok.v)}` : `${what} at end of formula`, tok?.at ?? source.length);
  };
  const primary = (): Node => {
    const tok = peek();
    if (!tok) return fail('expected a number, a metric or "("');
    if (tok.t === 'num') { i++; return { kind: 'num', value: Number(tok.v) }; }
    if (tok.t === 'id') { i++; return { kind: 'ref', name: tok.v }; }
    if (tok.v === '(') {
      i++;
      const inner = sum();
      if (peek()?.v !== ')') fail('expected ")"');
      i++;
      return inner;
    }
    if (tok.v === '-') { i++; return { kind: 'neg', arg: primary() }; }
    return fail('expected a number, a metric or "("');
  };
  const product = (): Node => {
    let left = primary();
    while (peek()?.v === '*' || peek()?.v === '/') {
      const op = tokens[i++].v as '*' | '/';
      left = { kind: 'bin', op, left, right: primary() };
    }
    return left;
  };
  const sum = (): Node => {
    let left = product();
    while (peek()?.v === '+' || peek()?.v === '-') {
      const op = tokens[i++].v as '+' | '-';
      left = { kind: 'bin', op, left, right: product() };
    }
    return left;
  };
  if (tokens.length === 0) throw new FormulaError('formula is empty', 0);
  const tree = sum();
  if (i < tokens.length) fail('unexpected token');
  return tree;
}

/** Names referenced by a formula. */
export function references(node: Node, into = new Set<string>()): Set<string> {
  if (node.kind === 'ref') into.add(node.name);
  else if (node.kind === 'neg') references(node.arg, into);
  else if (node.kind === 'bin') { references(node.left, into); references(node.right, into); }
  return into;
}

/** Evaluate with JS numbers. Division by zero and null operands give null (no value), never Infinity. */
export function evaluate(node: Node, lookup: (name: string) => number | null): number | null {
  switch (node.kind) {
    case 'num': return node.value;
    case 'ref': return lookup(node.name);
    case 'neg': { const v = evaluate(node.arg, lookup); return v === null ? null : -v; }
    case 'bin': {
      const a = evaluate(node.left, lookup);
      const b = evaluate(node.right, lookup);
      if (a === null || b === null) return null;
      if (node.op === '+') return a + b;
      if (node.op === '-') return a - b;
      if (node.op === '*') return a * b;
      return b === 0 ? null : a / b;
    }
  }
}

/** Compile to a ClickHouse expression; division by zero gives NULL, as evaluate() does. */
export function toSql(node: Node, lookup: (name: string) => string): string {
  switch (node.kind) {
    case 'num': return String(node.value);
    case 'ref': return lookup(node.name);
    case 'neg': return `(-${toSql(node.arg, lookup)})`;
    case 'bin': {
      const a = toSql(node.left, lookup);
      const b = toSql(node.right, lookup);
      return node.op === '/' ? `if((${b}) = 0, NULL, (${a}) / (${b}))` : `(${a} ${node.op} ${b})`;
    }
  }
}
