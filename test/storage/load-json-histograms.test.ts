// JSON fixtures with native histograms: the {{…}} literal as a string, or FloatHistogram's fields.
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../src/storage/memory.js';
import { loadJSONSeries } from '../../src/storage/load-json.js';
import { formatHistogramLiteral } from '../../src/histogram/literal.js';
import { DataError } from '../../src/errors.js';

const ALL = { matchers: [], start: 0, end: 1e12 };

describe('histograms in JSON fixtures', () => {
  it('reads literals and objects beside floats', () => {
    const st = new MemoryStorage();
    const n = loadJSONSeries(st, JSON.stringify([{
      labels: { __name__: 'h' },
      samples: [
        [1000, '{{schema:0 count:3 sum:2 buckets:[1 2]}}'],
        [2000, { schema: 0, count: 4, sum: '+Inf', positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [2, 2], counterResetHint: 'gauge' }],
        [3000, 5],
      ],
    }]));
    expect(n).toBe(3);
    const [s] = st.select(ALL);
    expect(s.histograms!.values.map(formatHistogramLiteral)).toEqual([
      '{{count:3 sum:2 buckets:[1 2]}}', '{{count:4 sum:+Inf counter_reset_hint:gauge buckets:[2 2]}}',
    ]);
    expect([...s.timestamps]).toEqual([3000]);
  });

  it.each([
    ['"{{sum:1 sum:2}}"', /^<input>:1:36: invalid native histogram "\{\{sum:1 sum:2\}\}": duplicate key "sum" in histogram$/],
    ['{"count": 1, "buckets": [1]}', /unknown histogram field "buckets"/],
    ['{"positiveSpans": [{"offset": 0, "length": 2}], "positiveBuckets": [1]}', /invalid native histogram: .*spans need 2 buckets, have 1 buckets/],
    ['{"counterResetHint": "maybe"}', /counterResetHint must be one of unknown, reset, not_reset, gauge/],
    ['{"schema": 1.5}', /schema must be an integer/],
  ])('rejects %s with its place', (value, message) => {
    const st = new MemoryStorage();
    const text = `[{"labels":{"a":"b"},"samples":[[1,${value}]]}]`;
    expect(() => loadJSONSeries(st, text)).toThrow(DataError);
    expect(() => loadJSONSeries(st, text)).toThrow(message);
    expect(st.size).toBe(0);
  });
});
