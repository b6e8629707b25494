// fast-check generators of well-typed PromQL trees that print and parse back to themselves.
import fc from 'fast-check';
import type {
  AggregateOp, BinaryOp, Expr, LabelMatcher, NumberLiteral, StringLiteral, VectorMatching, VectorSelector,
} from '../../src/parser/ast.js';
import { FUNCTION_SIGNATURES } from '../../src/parser/functions.js';
import { printNode } from '../../src/parser/printer.js';

const P = { start: 0, end: 0 };
const RESERVED = new Set(['bool', 'on', 'ignoring', 'group_left', 'group_right', 'atan2', 'inf', 'nan', 'without']);

const ident = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/).filter((s) => !RESERVED.has(s.toLowerCase()));
const metricName = fc.oneof(ident, fc.tuple(ident, ident).map(([a, b]) => `${a}:${b}`));
const utf8Name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 });
const labelName = fc.oneof({ weight: 4, arbitrary: ident }, { weight: 1, arbitrary: utf8Name })
  .filter((s) => s !== '__name__');
const labelValue = fc.string({ unit: 'grapheme', maxLength: 8 });
const regexValue = fc.constantFrom('.+', 'a|b', '5..', '[a-z]+', '.*foo.*', '(?i)x', 'a\\.b');

const matcher: fc.Arbitrary<LabelMatcher> = fc.oneof(
  fc.record({ name: labelName, op: fc.constantFrom('=' as const, '!=' as const), value: labelValue }),
  fc.record({ name: labelName, op: fc.constantFrom('=~' as const, '!~' as const), value: regexValue }),
);

const sortMatchers = (ms: LabelMatcher[]) => {
  const key = (m: LabelMatcher) => printNode({ type: 'VectorSelector', name: '', matchers: [m], offset: 0, offsetExpr: null, at: null, anchored: false, smoothed: false, pos: P });
  return [...ms].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
};

// Prometheus compatibility: durations are read back through float seconds (Go's Seconds() then
// Round(v*1e9)), which is exact to the millisecond only below about 52 days; beyond that Prometheus
// itself can lose a millisecond on a print/parse round trip, so we generate within that range.
const MAX_EXACT_MS = 4_000_000_000;
const durationMs = fc.integer({ min: 1, max: MAX_EXACT_MS });
const offsetMs = fc.oneof(fc.constant(0), fc.integer({ min: -MAX_EXACT_MS, max: MAX_EXACT_MS }));
const atMs = fc.option(fc.oneof(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('start' as const, 'end' as const)), { nil: null });

export const vectorSelector: fc.Arbitrary<VectorSelector> = fc.record({
  named: fc.boolean(), name: metricName, ms: fc.array(matcher, { maxLength: 3 }),
  offset: offsetMs, at: atMs, ext: fc.constantFrom('none', 'anchored', 'smoothed'),
}).map(({ named, name, ms, offset, at, ext }) => {
  const matchers = sortMatchers(named ? ms : [{ name: 'job', op: '=', value: 'x' }, ...ms]);
  return {
    type: 'VectorSelector', name: named ? name : '', matchers: named ? [...matchers, { name: '__name__', op: '=', value: name }] : matchers,
    offset, offsetExpr: null, at, anchored: ext === 'anchored', smoothed: ext === 'smoothed', pos: P,
  };
});

const numberLit: fc.Arbitrary<NumberLiteral> = fc.oneof(
  fc.double({ noNaN: false }).filter((v) => !Object.is(v, -0)).map((value) => ({ type: 'NumberLiteral' as const, value, duration: false, pos: P })),
  fc.integer({ min: -1e7, max: 1e7 }).filter((v) => v !== 0).map((value) => ({ type: 'NumberLiteral' as const, value, duration: true, pos: P })),
);
const stringLit: fc.Arbitrary<StringLiteral> = fc.string({ unit: 'grapheme', maxLength: 10 })
  .map((value) => ({ type: 'StringLiteral' as const, value, pos: P }));

const paren = (e: Expr): Expr => ({ type: 'ParenExpr', expr: e, pos: P });
/** Operands that print unambiguously in any position. */
// Literals printed with a sign (`-1`, `+Inf`) reparse as unary operators when they are the base
// of `^` (in Prometheus too), so generated operands put them in parentheses, as a user would.
const signed = (e: Expr) => e.type === 'NumberLiteral' && (e.value < 0 || !Number.isFinite(e.value));
const atomic = (e: Expr): Expr => (e.type === 'BinaryExpr' || e.type === 'UnaryExpr' || signed(e) ? paren(e) : e);

const ARITH: BinaryOp[] = ['+', '-', '*', '/', '%', '^', 'atan2'];
const COMPARE: BinaryOp[] = ['==', '!=', '<', '<=', '>', '>='];
const SETOPS: BinaryOp[] = ['and', 'or', 'unless'];
const defaultMatching: VectorMatching = { card: 'one-to-one', on: false, labels: [], include: [], fillLeft: null, fillRight: null };

const vectorMatching = fc.record({
  on: fc.boolean(), labels: fc.array(ident, { maxLength: 2 }), group: fc.constantFrom('none', 'left', 'right'),
  include: fc.array(ident, { maxLength: 2 }), fill: fc.option(fc.tuple(fc.option(fc.integer({ min: -5, max: 5 })), fc.option(fc.integer({ min: -5, max: 5 })))),
}).map(({ on, labels, group, include, fill }): VectorMatching => {
  const card = group === 'left' ? 'many-to-one' : group === 'right' ? 'one-to-many' : 'one-to-one';
  const inc = group === 'none' ? [] : on ? include.filter((l) => !labels.includes(l)) : include;
  return { card, on, labels, include: inc, fillLeft: fill?.[0] ?? null, fillRight: fill?.[1] ?? null };
});

const AGG_SIMPLE: AggregateOp[] = ['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar'];
const AGG_SCALAR: AggregateOp[] = ['topk', 'bottomk', 'quantile', 'limitk', 'limit_ratio'];
const simpleFns = [...FUNCTION_SIGNATURES.values()].filter((f) => f.name !== 'info' && !['start', 'end', 'range', 'step'].includes(f.name));

export const { expr: vectorExpr, scalar: scalarExpr } = fc.letrec<{ expr: Expr; scalar: Expr; matrix: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    vectorSelector,
    fc.tuple(fc.constantFrom(...AGG_SIMPLE), tie('expr'), fc.array(labelName, { maxLength: 2 }), fc.boolean()).map(
      ([op, e, grouping, without]): Expr => ({ type: 'AggregateExpr', op, expr: e, param: null, grouping, without, pos: P })),
    fc.tuple(fc.constantFrom(...AGG_SCALAR), tie('scalar'), tie('expr')).map(
      ([op, param, e]): Expr => ({ type: 'AggregateExpr', op, expr: e, param, grouping: [], without: false, pos: P })),
    fc.tuple(tie('expr'), stringLit).map(([e, s]): Expr => ({ type: 'AggregateExpr', op: 'count_values', expr: e, param: s, grouping: ['job'], without: false, pos: P })),
    fc.tuple(fc.constantFrom(...ARITH, ...COMPARE), tie('expr'), tie('expr'), vectorMatching, fc.boolean()).map(
      ([op, l, r, matching, b]): Expr => ({
        type: 'BinaryExpr', op, lhs: atomic(l), rhs: atomic(r), returnBool: b && COMPARE.includes(op), matching, opPos: P, pos: P,
      })),
    fc.tuple(fc.constantFrom(...SETOPS), tie('expr'), tie('expr'), fc.boolean(), fc.array(ident, { maxLength: 2 })).map(
      ([op, l, r, on, labels]): Expr => ({
        type: 'BinaryExpr', op, lhs: atomic(l), rhs: atomic(r), returnBool: false,
        matching: { ...defaultMatching, card: 'many-to-many', on, labels }, opPos: P, pos: P,
      })),
    fc.tuple(fc.constantFrom(...ARITH, ...COMPARE), tie('expr'), tie('scalar'), fc.boolean(), fc.boolean()).map(
      ([op, v, s, swap, b]): Expr => ({
        type: 'BinaryExpr', op, lhs: atomic(swap ? s : v), rhs: atomic(swap ? v : s), returnBool: b && COMPARE.includes(op),
        matching: defaultMatching, opPos: P, pos: P,
      })),
    fc.tuple(fc.constantFrom('+' as const, '-' as const), tie('expr')).map(([op, e]): Expr =>
      ({ type: 'UnaryExpr', op, expr: e.type === 'VectorSelector' || e.type === 'Call' ? e : paren(e), pos: P })),
    tie('expr').map(paren),
    fc.constantFrom(...simpleFns.filter((f) => f.returnType === 'vector')).chain((f) =>
      fc.tuple(...f.argTypes.map((t) => (t === 'vector' ? tie('expr') : t === 'scalar' ? tie('scalar') : t === 'matrix' ? tie('matrix') : stringLit)))
        .map((args): Expr => ({ type: 'Call', func: f.name, args, pos: P }))),
  ),
  scalar: fc.oneof(
    { depthSize: 'small' },
    numberLit,
    fc.constant<Expr>({ type: 'Call', func: 'time', args: [], pos: P }),
    tie('expr').map((e): Expr => ({ type: 'Call', func: 'scalar', args: [e], pos: P })),
    fc.tuple(fc.constantFrom(...ARITH), tie('scalar'), tie('scalar')).map(([op, l, r]): Expr => ({
      type: 'BinaryExpr', op, lhs: atomic(l), rhs: atomic(r), returnBool: false, matching: defaultMatching, opPos: P, pos: P,
    })),
  ),
  matrix: fc.oneof(
    fc.tuple(vectorSelector, durationMs).map(([vs, range]): Expr => ({ type: 'MatrixSelector', vectorSelector: vs, range, rangeExpr: null, pos: P })),
    fc.tuple(tie('expr'), durationMs, fc.option(durationMs, { nil: 0 }), offsetMs, atMs).map(([e, range, step, offset, at]): Expr => ({
      type: 'SubqueryExpr', expr: e.type === 'VectorSelector' || e.type === 'Call' || e.type === 'AggregateExpr' || e.type === 'ParenExpr' ? e : paren(e),
      range, rangeExpr: null, step, stepExpr: null, offset, offsetExpr: null, at, pos: P,
    })),
  ),
}));
