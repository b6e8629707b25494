// A long chain of binary operators outside brackets is parsed in pieces, pausing between them:
// the same tree, positions included, and the same problems as one parse of the whole.
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { CHAIN, parsing, parseWithDiagnostics } from '../../src/parser/parse.js';
import { ALL_FEATURES } from './helpers.js';
import { runCountingPauses } from '../support/pausable.js';

const saved = CHAIN.pieceTokens;
afterEach(() => {
  CHAIN.pieceTokens = saved;
});

/** Parses `q` whole (no pieces) and cut into pieces of about `piece` tokens. */
function both(q: string, piece: number) {
  CHAIN.pieceTokens = Infinity;
  const whole = parseWithDiagnostics(q, ALL_FEATURES);
  CHAIN.pieceTokens = piece;
  const cut = runCountingPauses(parsing(q, ALL_FEATURES));
  CHAIN.pieceTokens = saved;
  return { whole, cut: cut.value, pauses: cut.pauses };
}

// Operands with signs, brackets, modifiers and postfix parts that end in every kind of token.
const operand = fc.constantFrom(
  'x', 'x{a="b"}', '-x', '+x', '- -x', '1', '-1', '0x1f', '1e3', '"s"', 'rate(x[5m])', 'x offset 5m', 'x offset -5m',
  'x @ 100', 'x @ start()', 'x[5m:1m]', 'sum by (a) (x)', 'sum(x) without (b)', '(x + y)', '-(x * y)', 'abs(x) ^ 2',
  '-x ^ 2', 'x ^ -2', 'time()', 'vector(1)', 'x offset (1m + 2m)', 'x offset 1m * 2', 'topk(2, x)', 'x smoothed',
  'count_values("v", x)', 'x{a=~"b|c"} or y', 'histogram_quantile(0.9, x)',
);
// Operators of every level, with the modifiers each may take.
const operator = fc.constantFrom(
  '+', '-', '*', '/', '%', '^', 'atan2', '==', '!=', '>', '<', '>=', '<=', '> bool', '== bool', 'and', 'or', 'unless',
  '+ on (a)', '* ignoring (b) group_left (c)', '/ on (a) group_right', 'or on (a)', 'and ignoring (b)', '- on () ',
  '* on (a) group_left fill (0)',
);
const flatChain = fc.tuple(operand, fc.array(fc.tuple(operator, operand), { minLength: 1, maxLength: 60 }))
  .map(([first, rest]) => first + rest.map(([op, x]) => ` ${op} ${x}`).join(''));
// The chain alone, or in the widest group of the query: an argument, a parenthesis, a subquery,
// or a group that does not take an expression (a duration).
const around = fc.constantFrom(
  '$', 'sum($)', 'sum by (a) ($) > 1', 'abs($)', '($)', '-($) * 2', 'label_replace($, "a", "b", "c", "d")', 'topk(3, $)',
  'max_over_time(($)[5m:1m])', 'count_values("v", $)', 'x offset ($)', 'clamp(x, $, 1)', '1 + ($)', 'histogram_quantile(0.9, $)',
);
const chain = fc.tuple(around, flatChain).map(([shape, q]) => shape.replace('$', q));
// A chain broken somewhere: an inserted, replaced or cut-off token.
const junk = fc.constantFrom('(', ')', '+', '-', 'bool', 'on(', 'offset', '@', ',', '[5m]', 'by', '{', '}', '"', 'group_left', '^');
const broken = fc.tuple(chain, fc.nat(), junk, fc.nat(2)).map(([q, at, text, how]) => {
  const i = at % (q.length + 1);
  return how === 0 ? q.slice(0, i) + text + q.slice(i) : how === 1 ? q.slice(0, i) + text + q.slice(i + 1) : q.slice(0, i);
});

const pieceSize = fc.integer({ min: 2, max: 12 });
const sameAsWhole = (q: string, piece: number) => {
  const { whole, cut } = both(q, piece);
  expect(cut.diagnostics).toEqual(whole.diagnostics);
  expect(cut.expr).toEqual(whole.expr);
};

describe('a long chain parsed in pieces', () => {
  test('the same tree, positions included, as one parse', () => {
    fc.assert(fc.property(chain, pieceSize, sameAsWhole), { numRuns: 400 });
  });

  test('the same problems, in the same order, for a broken chain', () => {
    fc.assert(fc.property(broken, pieceSize, sameAsWhole), { numRuns: 400 });
  });

  test('pauses between pieces: a chain of 200 terms in pieces of about 20 tokens', () => {
    const q = Array.from({ length: 200 }, (_, i) => `m${i}{job="a"}`).join(' + ');
    const { whole, cut, pauses } = both(q, 20);
    expect(cut.expr).toEqual(whole.expr);
    // Some 1,000 tokens: a pause after the scan, one per piece, one before the check.
    expect(pauses).toBeGreaterThanOrEqual(40);
    CHAIN.pieceTokens = Infinity;
    expect(runCountingPauses(parsing(q)).pauses).toBe(0);
  });

  test('a chain in the widest group of the query (an argument, a parenthesis) is cut too', () => {
    const terms = Array.from({ length: 200 }, (_, i) => `m${i}{job="a"}`).join(' + ');
    for (const q of [`sum by (job) (${terms})`, `label_replace(${terms}, "a", "$1", "b", "(.*)") > 2`, `max_over_time((${terms})[5m:1m])`]) {
      const { whole, cut, pauses } = both(q, 20);
      expect(whole.diagnostics, q).toEqual([]);
      expect(cut.expr, q).toEqual(whole.expr);
      expect(pauses, q).toBeGreaterThanOrEqual(40);
    }
  });

  test('a chain whose loosest operator comes late is cut only after it', () => {
    // `a * b * … + c`: cutting at a `*` after the `+` would make the `+` bind tighter.
    const q = `${Array.from({ length: 30 }, (_, i) => `a${i}`).join(' * ')} + b - ${Array.from({ length: 30 }, (_, i) => `c${i}`).join(' * ')}`;
    const { whole, cut } = both(q, 4);
    expect(cut.expr).toEqual(whole.expr);
    expect(whole.expr).toMatchObject({ type: 'BinaryExpr', op: '-', lhs: { type: 'BinaryExpr', op: '+' } });
  });

  test('a chain of `^` (right-associative) is not cut', () => {
    const q = Array.from({ length: 40 }, (_, i) => `a${i}`).join(' ^ ');
    const { whole, cut } = both(q, 4);
    expect(cut.expr).toEqual(whole.expr);
    expect(whole.expr).toMatchObject({ type: 'BinaryExpr', op: '^', lhs: { type: 'VectorSelector' }, rhs: { type: 'BinaryExpr', op: '^' } });
  });

  test('two parses in pieces at once, and other parses while one pauses, do not disturb each other', () => {
    CHAIN.pieceTokens = 4;
    const sum = Array.from({ length: 30 }, (_, i) => `a${i}`).join(' + ');
    const product = Array.from({ length: 30 }, (_, i) => `b${i}`).join(' * ');
    const first = parsing(sum);
    const second = parsing(product);
    let a = first.next();
    let b = second.next();
    for (let i = 0; !a.done || !b.done; i++) {
      if (!a.done) a = first.next();
      // A whole parse of another query, and one in pieces, between two pieces of each.
      expect(parseWithDiagnostics(`sum(${sum}) by (x)`).diagnostics).toEqual([]);
      if (!b.done && i % 2 === 0) b = second.next();
    }
    CHAIN.pieceTokens = Infinity;
    expect(a.value).toEqual(parseWithDiagnostics(sum));
    expect(b.value).toEqual(parseWithDiagnostics(product));
  });
});
