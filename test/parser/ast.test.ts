// The parser builds the exact tree, positions included, for each syntax item.
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/parser/parse.js';
import type { Expr } from '../../src/parser/ast.js';
import { ALL_FEATURES, m, matching, num, p, sel } from './helpers.js';

const cases: [string, Expr][] = [
  ['42', num(42, 0, 2)],
  ['0x1F', num(31, 0, 4)],
  ['010', num(8, 0, 3)],
  ['08', num(8, 0, 2)],
  ['1_000', num(1000, 0, 5)],
  ['.5e1', num(5, 0, 4)],
  ['inF', num(Infinity, 0, 3)],
  ['-1', num(-1, 0, 2)],
  ['5m', num(300, 0, 2, true)],
  ['1h30m', num(5400, 0, 5, true)],
  ['"a\\tb"', { type: 'StringLiteral', value: 'a\tb', pos: p(0, 6) }],
  ["'it\\'s'", { type: 'StringLiteral', value: "it's", pos: p(0, 7) }],
  ['`a\\d`', { type: 'StringLiteral', value: 'a\\d', pos: p(0, 5) }],
  ['"\\u00e9\\x41"', { type: 'StringLiteral', value: 'éA', pos: p(0, 12) }],
  ['foo', sel('foo', [], 0, 3)],
  ['foo:bar{a="b",}', sel('foo:bar', [m('a', '=', 'b')], 0, 15)],
  ['{a!="b", c=~"d", e!~"f"}', sel('', [m('a', '!=', 'b'), m('c', '=~', 'd'), m('e', '!~', 'f')], 0, 24)],
  ['{"my.metric", "a.b"="x"}', sel('', [m('__name__', '=', 'my.metric'), m('a.b', '=', 'x')], 0, 24)],
  ['sum{by="x"}', sel('sum', [m('by', '=', 'x')], 0, 11)],
  ['foo offset 5m', sel('foo', [], 0, 13, { offset: 300000 })],
  ['foo offset -1h', sel('foo', [], 0, 14, { offset: -3600000 })],
  ['foo @ 100', sel('foo', [], 0, 9, { at: 100000 })],
  ['foo @ -1.5', sel('foo', [], 0, 10, { at: -1500 })],
  ['foo @ end()', sel('foo', [], 0, 11, { at: 'end' })],
  ['foo[5m]', { type: 'MatrixSelector', vectorSelector: sel('foo', [], 0, 3), range: 300000, rangeExpr: null, pos: p(0, 7) }],
  ['foo[90]', { type: 'MatrixSelector', vectorSelector: sel('foo', [], 0, 3), range: 90000, rangeExpr: null, pos: p(0, 7) }],
  ['foo[5m] offset 1m', {
    type: 'MatrixSelector', vectorSelector: sel('foo', [], 0, 3, { offset: 60000 }), range: 300000, rangeExpr: null, pos: p(0, 17),
  }],
  ['foo[1h:5m]', {
    type: 'SubqueryExpr', expr: sel('foo', [], 0, 3), range: 3600000, rangeExpr: null, step: 300000, stepExpr: null,
    offset: 0, offsetExpr: null, at: null, pos: p(0, 10),
  }],
  ['foo[1h:] @ start()', {
    type: 'SubqueryExpr', expr: sel('foo', [], 0, 3), range: 3600000, rangeExpr: null, step: 0, stepExpr: null,
    offset: 0, offsetExpr: null, at: 'start', pos: p(0, 18),
  }],
  ['foo[5m * 2]', {
    type: 'MatrixSelector', vectorSelector: sel('foo', [], 0, 3), range: 0, pos: p(0, 11),
    rangeExpr: { type: 'DurationExpr', op: '*', lhs: num(300, 4, 6, true), rhs: num(2, 9, 10), wrapped: false, pos: p(4, 10) },
  }],
  ['foo offset -(1h)', sel('foo', [], 0, 16, {
    offsetExpr: {
      type: 'DurationExpr', op: '-', lhs: null, wrapped: false, pos: p(11, 15),
      rhs: { type: 'DurationExpr', op: '+', lhs: null, rhs: num(3600, 13, 15, true), wrapped: true, pos: p(13, 15) },
    },
  })],
  ['foo[step()]', {
    type: 'MatrixSelector', vectorSelector: sel('foo', [], 0, 3), range: 0, pos: p(0, 11),
    rangeExpr: { type: 'DurationExpr', op: 'step', lhs: null, rhs: null, wrapped: false, pos: p(4, 10) },
  }],
  ['rate(foo[5m])', {
    type: 'Call', func: 'rate', pos: p(0, 13),
    args: [{ type: 'MatrixSelector', vectorSelector: sel('foo', [], 5, 8), range: 300000, rangeExpr: null, pos: p(5, 12) }],
  }],
  ['time()', { type: 'Call', func: 'time', args: [], pos: p(0, 6) }],
  ['sum by (job, "a b") (foo)', {
    type: 'AggregateExpr', op: 'sum', expr: sel('foo', [], 21, 24),
    param: null, grouping: ['job', 'a b'], without: false, pos: p(0, 25),
  }],
  ['topk(3, foo) without (a)', {
    type: 'AggregateExpr', op: 'topk', expr: sel('foo', [], 8, 11), param: num(3, 5, 6),
    grouping: ['a'], without: true, pos: p(0, 24),
  }],
  ['a + b * c', {
    type: 'BinaryExpr', op: '+', lhs: sel('a', [], 0, 1), returnBool: false, matching: matching(), opPos: p(2, 3), pos: p(0, 9),
    rhs: { type: 'BinaryExpr', op: '*', lhs: sel('b', [], 4, 5), rhs: sel('c', [], 8, 9), returnBool: false, matching: matching(), opPos: p(6, 7), pos: p(4, 9) },
  }],
  ['a ^ b ^ c', {
    type: 'BinaryExpr', op: '^', lhs: sel('a', [], 0, 1), returnBool: false, matching: matching(), opPos: p(2, 3), pos: p(0, 9),
    rhs: { type: 'BinaryExpr', op: '^', lhs: sel('b', [], 4, 5), rhs: sel('c', [], 8, 9), returnBool: false, matching: matching(), opPos: p(6, 7), pos: p(4, 9) },
  }],
  ['-a ^ b', {
    type: 'UnaryExpr', op: '-', pos: p(0, 6),
    expr: { type: 'BinaryExpr', op: '^', lhs: sel('a', [], 1, 2), rhs: sel('b', [], 5, 6), returnBool: false, matching: matching(), opPos: p(3, 4), pos: p(1, 6) },
  }],
  ['a > bool on (x) group_left (y) b', {
    type: 'BinaryExpr', op: '>', lhs: sel('a', [], 0, 1), rhs: sel('b', [], 31, 32), returnBool: true, opPos: p(2, 3), pos: p(0, 32),
    matching: matching({ card: 'many-to-one', on: true, labels: ['x'], include: ['y'] }),
  }],
  ['a AND ignoring (x) b', {
    type: 'BinaryExpr', op: 'and', lhs: sel('a', [], 0, 1), rhs: sel('b', [], 19, 20), returnBool: false, opPos: p(2, 5), pos: p(0, 20),
    matching: matching({ card: 'many-to-many', labels: ['x'] }),
  }],
  ['a + fill_left(-1) fill_right(2) b', {
    type: 'BinaryExpr', op: '+', lhs: sel('a', [], 0, 1), rhs: sel('b', [], 32, 33), returnBool: false, opPos: p(2, 3), pos: p(0, 33),
    matching: matching({ fillLeft: -1, fillRight: 2 }),
  }],
  ['foo[5m] anchored', {
    type: 'MatrixSelector', vectorSelector: sel('foo', [], 0, 3, { anchored: true }), range: 300000, rangeExpr: null, pos: p(0, 16),
  }],
  ['sum without (and, by, offset) (x)', {
    type: 'AggregateExpr', op: 'sum', param: null, grouping: ['and', 'by', 'offset'], without: true, pos: p(0, 33),
    expr: sel('x', [], 31, 32),
  }],
  ['x # comment\n+ 1', {
    type: 'BinaryExpr', op: '+', lhs: sel('x', [], 0, 1), rhs: num(1, 14, 15), returnBool: false, matching: matching(), opPos: p(12, 13), pos: p(0, 15),
  }],
  ['foo[5m] smoothed', {
    type: 'MatrixSelector', vectorSelector: sel('foo', [], 0, 3, { smoothed: true }), range: 300000, rangeExpr: null, pos: p(0, 16),
  }],
  ['h </ 0.5', {
    type: 'BinaryExpr', op: '</', lhs: sel('h', [], 0, 1), rhs: num(0.5, 5, 8), returnBool: false, matching: matching(), opPos: p(2, 4), pos: p(0, 8),
  }],
  ['h >/ 1 + 2', {
    type: 'BinaryExpr', op: '>/', lhs: sel('h', [], 0, 1), returnBool: false, matching: matching(), opPos: p(2, 4), pos: p(0, 10),
    rhs: { type: 'BinaryExpr', op: '+', lhs: num(1, 5, 6), rhs: num(2, 9, 10), returnBool: false, matching: matching(), opPos: p(7, 8), pos: p(5, 10) },
  }],
  ['x[1h:min_of(1m, step())]', {
    type: 'SubqueryExpr', expr: sel('x', [], 0, 1), range: 3600000, rangeExpr: null, step: 0, offset: 0, offsetExpr: null, at: null, pos: p(0, 24),
    stepExpr: {
      type: 'DurationExpr', op: 'min_of', wrapped: false, pos: p(12, 22), lhs: num(60, 12, 14, true),
      rhs: { type: 'DurationExpr', op: 'step', lhs: null, rhs: null, wrapped: false, pos: p(16, 22) },
    },
  }],
  ['x[range()]', {
    type: 'MatrixSelector', vectorSelector: sel('x', [], 0, 1), range: 0, pos: p(0, 10),
    rangeExpr: { type: 'DurationExpr', op: 'range', lhs: null, rhs: null, wrapped: false, pos: p(2, 9) },
  }],
  ['count_values("v", x)', {
    type: 'AggregateExpr', op: 'count_values', expr: sel('x', [], 18, 19), param: { type: 'StringLiteral', value: 'v', pos: p(13, 16) },
    grouping: [], without: false, pos: p(0, 20),
  }],
];

describe('parse builds the expected tree', () => {
  test.each(cases)('%s', (query, expected) => {
    expect(parse(query, ALL_FEATURES)).toEqual(expected);
  });
});
