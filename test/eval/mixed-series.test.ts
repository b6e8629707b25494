// Merging a fetched series' floats and histograms into one time-ordered sequence.
import { describe, expect, test } from 'vitest';
import { mergeHistograms, type MixedSeries } from '../../src/eval/mixed-series.js';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';
import { labelsFrom } from '../../src/storage/labels.js';
import { STALE_NAN } from '../../src/storage/stale.js';
import type { Series } from '../../src/storage/types.js';

const L = labelsFrom({ __name__: 'h' });
const hist = (count: number) => new FloatHistogram({ count, sum: count * 2, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [count] });
const marker = () => new FloatHistogram({ count: 0, sum: STALE_NAN });

function histogramsOnly(n: number, at: (k: number) => FloatHistogram = (k) => hist(k + 1)): Series {
  const ts = Array.from({ length: n }, (_, k) => (k + 1) * 15_000);
  return { labels: L, timestamps: [], values: [], histograms: { timestamps: ts, values: ts.map((_, k) => at(k)) } };
}

function merged(s: Series): MixedSeries {
  return mergeHistograms(s) as MixedSeries;
}

describe('mergeHistograms', () => {
  test('histograms only: every sample a histogram, values and flags zero', () => {
    const s = histogramsOnly(5);
    const m = merged(s);
    expect([...m.timestamps]).toEqual([15_000, 30_000, 45_000, 60_000, 75_000]);
    expect(m.hist).toEqual(s.histograms!.values);
    expect([...m.values]).toEqual([0, 0, 0, 0, 0]);
    expect([...m.stale]).toEqual([0, 0, 0, 0, 0]);
    expect(m.histograms).toBeUndefined();
  });

  test('histograms only with a staleness marker among them: the marker flagged, no histogram there', () => {
    const m = merged(histogramsOnly(4, (k) => (k === 2 ? marker() : hist(k + 1))));
    expect([...m.stale]).toEqual([0, 0, 1, 0]);
    expect(m.hist[2]).toBeUndefined();
    expect(m.hist[3]!.count).toBe(4);
  });

  test('a longer series after a shorter one: each keeps its own length, all zeros', () => {
    const a = merged(histogramsOnly(3));
    const b = merged(histogramsOnly(700));
    const c = merged(histogramsOnly(2));
    expect(a.values.length).toBe(3);
    expect(b.values.length).toBe(700);
    expect(b.stale.length).toBe(700);
    expect(c.values.length).toBe(2);
    for (const m of [a, b, c]) {
      expect(m.values.every((v) => v === 0)).toBe(true);
      expect(m.stale.every((v) => v === 0)).toBe(true);
    }
  });

  test('floats and histograms interleave in time order', () => {
    const s: Series = {
      labels: L, timestamps: [10_000, 40_000], values: [1.5, 2.5],
      histograms: { timestamps: [20_000, 30_000], values: [hist(1), hist(2)] },
    };
    const m = merged(s);
    expect([...m.timestamps]).toEqual([10_000, 20_000, 30_000, 40_000]);
    expect([...m.values]).toEqual([1.5, 0, 0, 2.5]);
    expect(m.hist.map((h) => h?.count)).toEqual([undefined, 1, 2, undefined]);
  });

  test('a series without histograms is returned as it is', () => {
    const s: Series = { labels: L, timestamps: [1], values: [2] };
    expect(mergeHistograms(s)).toBe(s);
  });
});
