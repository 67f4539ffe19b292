import { describe, expect, it } from 'vitest';
import { evaluate, FormulaError, parseFormula, references, toSql } from './formula.ts';

const env: Record<string, number> = { a: 6, b: 3, zero: 0 };
const look = (n: string) => env[n] ?? null;

describe('formula', () => {
  it.each([
    ['a / b * 100', 200],
    ['a - b - 1', 2],
    ['-(a + b) * 2', -18],
    ['a / zero', null],
    ['100 * (a - b) / (a + b)', 100 / 3],
    ['2.5 * b', 7.5],
  ])('%s = %s', (src, want) => {
    expect(evaluate(parseFormula(src), look)).toBe(want);
  });

  it.each([
    ['', 'empty'],
    ['a +', 'end of formula'],
    ['a $ b', 'unexpected character "$" at 3'],
    ['(a + b', 'expected ")"'],
    ['a b', 'unexpected token at position 3'],
  ])('rejects %j with %s', (src, msg) => {
    expect(() => parseFormula(src)).toThrowError(FormulaError);
    expect(() => parseFormula(src)).toThrowError(msg);
  });

  it('compiles division to a NULL-safe SQL expression', () => {
    expect(toSql(parseFormula('a / b'), (n) => `x_${n}`)).toBe('if((x_b) = 0, NULL, (x_a) / (x_b))');
  });

  it('lists references', () => {
    expect([...references(parseFormula('answered / offered * 100 + answered'))]).toEqual(['answered', 'offered']);
  });
});
