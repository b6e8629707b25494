// The statistics-only reading of native histograms (Prometheus's HistogramStatsIterator): which
// selectors get it, and the reset hints it gives samples as a storage iterator visits them.
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/parser/parse.js';
import { statsHistograms, statsOnlySelectors } from '../../src/eval/histogram-stats.js';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';
import type { VectorSelector } from '../../src/parser/ast.js';

function selectedNames(q: string): string[] {
  return [...statsOnlySelectors(parse(q))].map((s: VectorSelector) => s.name).sort();
}

describe('selectors read as statistics only', () => {
  test.each([
    ['histogram_count(a)', ['a']],
    ['histogram_sum(rate(a[5m])) / histogram_count(rate(b[5m]))', ['a', 'b']],
    ['histogram_avg(sum by (job) (a))', ['a']],
    ['histogram_quantile(0.9, a)', []],
    ['histogram_count(a </ 3)', []],
    ['max_over_time(histogram_count(a)[5m:1m])', []],
    ['histogram_count(a) + b', ['a']],
    ['a', []],
  ])('%s', (q, want) => {
    expect(selectedNames(q)).toEqual(want);
  });
});

const h = (count: number, hint: FloatHistogram['counterResetHint'] = 'unknown') =>
  new FloatHistogram({ count, sum: count, counterResetHint: hint, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [count] });

describe('reset hints of the statistics iterator', () => {
  const ts = [0, 60_000, 120_000, 180_000];
  const none = [0, 0, 0, 0];

  test('an unknown hint is resolved against the previous visited sample; the first stays unknown', () => {
    const hist = [h(5), h(7), h(2), h(3, 'not_reset')];
    const out = statsHistograms(ts, hist, none, [180_000], 300_000);
    expect(out.map((x) => x!.counterResetHint)).toEqual(['unknown', 'not_reset', 'reset', 'not_reset']);
    // Buckets are dropped: only count and sum remain.
    expect(out[1]!.positiveBuckets).toEqual([]);
    expect(out[1]!.count).toBe(7);
  });

  test('a step whose read starts past the iterator forgets the previous sample', () => {
    const hist = [h(5), h(7), h(2), h(3)];
    // The first step reads only up to t=0; the second starts at 150s, beyond 60s where it stands.
    const out = statsHistograms(ts, hist, none, [0, 180_000], 30_000);
    expect(out[0]!.counterResetHint).toBe('unknown');
    expect(out[3]!.counterResetHint).toBe('unknown');
    // Sample 2 (at 120s) lies before that read and is never visited: it keeps its buckets.
    expect(out[2]!.positiveBuckets).toEqual([2]);
  });

  test('stale markers and floats do not become the previous sample', () => {
    const hist = [h(5), undefined, h(3)];
    const out = statsHistograms([0, 60_000, 120_000], hist, [0, 1, 0], [120_000], 300_000);
    expect(out[2]!.counterResetHint).toBe('reset');
  });
});
