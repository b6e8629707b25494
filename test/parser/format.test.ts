// format() prints the canonical text Prometheus's String() prints.
import { describe, expect, test } from 'vitest';
import { format } from '../../src/parser/format.js';
import { ALL_FEATURES } from './helpers.js';

const canonical: [string, string][] = [
  ['sum by(job)(rate(x{b="1",a="2"}[5m]))', 'sum by (job) (rate(x{a="2",b="1"}[5m]))'],
  ['sum(x) by (job)', 'sum by (job) (x)'],
  ['sum by () (x)', 'sum(x)'],
  ['count without(a,"b c")(x)', 'count without (a, "b c") (x)'],
  ['topk(3,x)', 'topk(3, x)'],
  ['x offset 90', 'x offset 1m30s'],
  ['x offset -5m', 'x offset -5m'],
  ['x[86400s]', 'x[1d]'],
  ['x[604800s]', 'x[1w]'],
  ['x[8d]', 'x[8d]'],
  ['x[14d]', 'x[2w]'],
  ['x[1.5]', 'x[1s500ms]'],
  ['x @ 100', 'x @ 100.000'],
  ['x @ start() offset 1m', 'x @ start() offset 1m'],
  ['x offset 1m @ 1.5', 'x @ 1.500 offset 1m'],
  ['x[5m] offset 1m @ 10', 'x[5m] @ 10.000 offset 1m'],
  ['x[1h:] offset 5m', 'x[1h:] offset 5m'],
  ['x[1h:5m] @ end()', 'x[1h:5m] @ end()'],
  ['a+on(b)group_left(c)d', 'a + on (b) group_left (c) d'],
  ['a*ignoring(b)group_right d', 'a * ignoring (b) group_right () d'],
  ['a >bool 1', 'a > bool 1'],
  ['a AND b', 'a and b'],
  ['1 + on() foo', '1 + foo'],
  ['0x10', '16'],
  ['010', '8'],
  ['1e21', '1000000000000000000000'],
  ['1e-7', '0.0000001'],
  ['-Inf', '-Inf'],
  ['nan', 'NaN'],
  ['5m', '5m'],
  ['-5m', '-5m'],
  ["'a\"b'", '"a\\"b"'],
  ['`a\\b`', '"a\\\\b"'],
  ['{"my.metric","a.b"="x"}', '{"a.b"="x",__name__="my.metric"}'],
  ['sum by ("a.b") (x)', 'sum by ("a.b") (x)'],
  ['x{a="é\\n"}', 'x{a="é\\n"}'],
  ['-(a)', '-(a)'],
  ['x[5m * 2]', 'x[5m * 2]'],
  ['x offset -(1h)', 'x offset -(1h)'],
  ['x[min_of(5m, step())]', 'x[min_of(5m, step())]'],
  ['x[(1h)]', 'x[(1h)]'],
  ['a + fill(0) b', 'a + fill (0) b'],
  ['a + fill_left(1) fill_right(2) b', 'a + fill_left (1) fill_right (2) b'],
  ['a + fill(1e6) b', 'a + fill (1e+06) b'],
  ['x[5m] smoothed', 'x[5m] smoothed'],
  ['x anchored offset 1m', 'x anchored offset 1m'],
];

describe('format', () => {
  test.each(canonical)('%s → %s', (query, expected) => {
    expect(format(query, ALL_FEATURES)).toBe(expected);
  });

  test('pretty wraps long queries as promtool does', () => {
    const q = 'sum by (job) (rate(foo{a="b",c=~"d"}[5m] offset 1h)) / on(job) group_left(x) sum by (job) (rate(bar_total{a="b",c=~"d"}[5m]))';
    expect(format(q, { pretty: true })).toBe(
      '  sum by (job) (rate(foo{a="b",c=~"d"}[5m] offset 1h))\n/ on (job) group_left (x)\n  sum by (job) (rate(bar_total{a="b",c=~"d"}[5m]))',
    );
  });
});
