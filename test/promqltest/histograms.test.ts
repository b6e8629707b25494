// The runner's histogram parts: comparing results as Prometheus's compareResult does, and
// load_with_nhcb's conversion of classic histograms.
import { describe, expect, it } from 'vitest';
import { parseScript, type EvalCommand } from '../../src/promqltest/script.js';
import { compareResult } from '../../src/promqltest/compare.js';
import { nhcbSeries } from '../../src/promqltest/nhcb.js';
import { parseSeriesLine } from '../../src/storage/series-notation.js';
import { parseHistogram, formatHistogramLiteral } from '../../src/histogram/literal.js';
import { labelsFrom } from '../../src/storage/labels.js';
import type { QueryValue } from '../../src/eval/result.js';

const evalOf = (text: string): EvalCommand => parseScript(text)[0] as EvalCommand;
const L = labelsFrom({ __name__: 'h' });
const vec = (h: string | number): QueryValue => ({
  resultType: 'vector',
  result: [typeof h === 'number' ? { labels: L, t: 0, value: h } : { labels: L, t: 0, value: 0, histogram: parseHistogram(h) }],
});

describe('comparing histogram results', () => {
  const cmd = evalOf('eval instant at 0 h\n  h {{schema:1 count:3 sum:2 buckets:[1 2]}}');

  it('accepts almost-equal counts and another bucket layout of the same buckets', () => {
    expect(compareResult(cmd, vec('{{schema:1 count:3.0000001 sum:2 buckets:[0 1 2 0] offset:-1}}'))).toBeNull();
  });

  it.each([
    ['{{schema:0 count:3 sum:2 buckets:[1 2]}}', 'expected {{schema:1 count:3 sum:2 buckets:[1 2]}} for {__name__="h"} but got {{count:3 sum:2 buckets:[1 2]}}'],
    ['{{schema:1 count:3 sum:2 buckets:[1 2] offset:1}}', 'expected {{schema:1 count:3 sum:2 buckets:[1 2]}} for {__name__="h"} but got {{schema:1 count:3 sum:2 offset:1 buckets:[1 2]}}'],
    ['{{schema:1 count:3 sum:2 buckets:[1 2.1]}}', 'expected {{schema:1 count:3 sum:2 buckets:[1 2]}} for {__name__="h"} but got {{schema:1 count:3 sum:2 buckets:[1 2.1]}}'],
    [3, 'expected histogram {{schema:1 count:3 sum:2 buckets:[1 2]}} for {__name__="h"} but got float value 3'],
  ])('rejects %s', (got, problem) => {
    expect(compareResult(cmd, vec(got as string | number))).toBe(problem);
  });

  it('compares the counter-reset hint only when the expectation states it', () => {
    const stated = evalOf('eval instant at 0 h\n  h {{count:1 counter_reset_hint:not_reset}}');
    expect(compareResult(stated, vec('{{count:1}}'))).toMatch(/^expected \{\{count:1 counter_reset_hint:not_reset\}\}/);
    expect(compareResult(stated, vec('{{count:1 counter_reset_hint:not_reset}}'))).toBeNull();
    const unstated = evalOf('eval instant at 0 h\n  h {{count:1}}');
    expect(compareResult(unstated, vec('{{count:1 counter_reset_hint:gauge}}'))).toBeNull();
  });

  it('a float expectation rejects a histogram', () => {
    expect(compareResult(evalOf('eval instant at 0 h\n  h 0'), vec('{{count:1}}'))).toBe('expected float value 0 for {__name__="h"} but got histogram {{count:1}}');
  });

  it('matrix results: floats and histograms as two lists, printed as Prometheus prints them', () => {
    const range = evalOf('eval range from 0 to 2m step 1m h\n  h 1 {{count:1}} {{count:2}}');
    const ok: QueryValue = { resultType: 'matrix', result: [{ labels: L, timestamps: [0], values: [1], histograms: { timestamps: [60_000, 120_000], values: [parseHistogram('{{count:1}}'), parseHistogram('{{count:2}}')] } }] };
    expect(compareResult(range, ok)).toBeNull();
    const short: QueryValue = { resultType: 'matrix', result: [{ labels: L, timestamps: [0], values: [1], histograms: { timestamps: [60_000], values: [parseHistogram('{{count:1}}')] } }] };
    expect(compareResult(range, short)).toBe('expected 1 float points and 2 histogram points for {__name__="h"}, but got 1 float point [1 @[0]] and 1 histogram point [{{count:1}} @[60000]]');
  });
});

describe('load_with_nhcb conversion', () => {
  const convert = (...lines: string[]) => nhcbSeries(lines.map((l) => parseSeriesLine(l)), 60_000)
    .map((s) => ({ labels: s.labels.map((l) => `${l.name}=${l.value}`).join(','), samples: s.samples.map(({ t, h }) => `${t}:${formatHistogramLiteral(h)}`) }));

  it('groups by the other labels, adds +Inf, takes count and sum, one histogram per timestamp', () => {
    expect(convert(
      'x_bucket{a="1", le="1"} 1 _ 2', 'x_bucket{a="1", le="0.5"} 0 _ 1', 'x_count{a="1"} 3 4', 'x_sum{a="1"} 1.5',
      'x_bucket{a="2", le="+Inf"} 5', 'y_bucket{le="NaN"} 1', 'y_bucket{le="abc"} 1',
    )).toEqual([
      { labels: '__name__=x,a=1', samples: ['0:{{schema:-53 count:3 sum:1.5 custom_values:[0.5 1] offset:1 buckets:[1 2]}}', '60000:{{schema:-53 count:4 custom_values:[] buckets:[4]}}', '120000:{{schema:-53 count:2 custom_values:[0.5 1] buckets:[1 1]}}'] },
      { labels: '__name__=x,a=2', samples: ['0:{{schema:-53 count:5 custom_values:[] buckets:[5]}}'] },
    ]);
  });

  it.each([
    [['x_bucket{le="1"} 2', 'x_bucket{le="2"} 1'], 'count is not cumulative: 1 < 2'],
    [['x_bucket{le="+Inf"} 2', 'x_count 3'], 'count mismatch: count=3 != le=+Inf count=2'],
    [['x_bucket{le="+Inf"} 2.5', 'x_count 3'], 'count mismatch: count=3 != le=+Inf count=2.5'],
    [['x_bucket{le="1"} -1'], 'bucket count must be non-negative: le=1, count=-1'],
    [['x_count -1'], 'count must be non-negative: count=-1'],
  ])('fails %j as Prometheus does', (lines, message) => {
    expect(() => convert(...lines)).toThrow(message);
  });
});
