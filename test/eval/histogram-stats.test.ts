// The statistics-only reading of native histograms (Prometheus's HistogramStatsIterator): which
// selectors get it, and the reset hints it gives samples as a storage iterator visits them.
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/parser/parse.js';
import { statsHistograms, statsOnlySelectors } from '../../src/eval/histogram-stats.js';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';
import type { VectorSelector } from '../../src/parser/ast.js';
import { Engine } from '../../src/eval/engine.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { toPrometheusJSON } from '../../src/eval/result.js';

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

describe('statistics copies kept across queries', () => {
  const ts = [0, 60_000, 120_000, 180_000];
  const none = [0, 0, 0, 0];

  test('a second read hands out the same copies, and a read giving another hint a new one', () => {
    const hist = [h(5), h(7), h(2), h(3)];
    const first = statsHistograms(ts, hist, none, [180_000], 300_000);
    const again = statsHistograms(ts, hist, none, [180_000], 300_000);
    for (let j = 0; j < 4; j++) expect(again[j]).toBe(first[j]);
    // Reading from 150s on forgets sample 2: sample 3's hint is unknown now, not `not_reset`.
    const later = statsHistograms(ts, hist, none, [0, 180_000], 30_000);
    expect(later[3]!.counterResetHint).toBe('unknown');
    expect(later[3]).not.toBe(first[3]);
    expect(statsHistograms(ts, hist, none, [180_000], 300_000)[3]!.counterResetHint).toBe('not_reset');
  });

  test('a histogram made without the constructor (revived from JSON) is read too, without a kept copy', () => {
    const revived = Object.assign(Object.create(FloatHistogram.prototype) as FloatHistogram, JSON.parse(JSON.stringify(h(5))));
    const out = statsHistograms([0], [revived], [0], [0], 300_000);
    expect(out[0]!.count).toBe(5);
    expect(out[0]!.positiveBuckets).toEqual([]);
    expect(statsHistograms([0], [revived], [0], [0], 300_000)[0]).not.toBe(out[0]);
  });

  test('the stored histogram looks unchanged (no property of its own appears)', () => {
    const stored = h(5);
    const keys = Object.keys(stored);
    statsHistograms([0], [stored], [0], [0], 300_000);
    expect(Object.keys(stored)).toEqual(keys);
    expect(stored).toStrictEqual(h(5));
    expect(JSON.stringify(stored)).toBe(JSON.stringify(h(5)));
  });
});

describe('queries reading the same histograms as statistics, one after another', () => {
  /** Counter histograms with resets and unknown hints (a storage's chunk starts), some gaps. */
  function storage(): MemoryStorage {
    const st = new MemoryStorage();
    for (let i = 0; i < 3; i++) {
      let count = 10 * i;
      for (let k = 0; k < 80; k++) {
        if (k % 7 === 3 && i !== 1) continue;
        count = k % 23 === 22 ? 2 + i : count + 1 + ((k * (i + 2)) % 5);
        st.appendHistogram({ __name__: 'h', i: String(i) }, k * 15_000, new FloatHistogram({
          counterResetHint: k % 11 === 0 ? 'unknown' : 'not_reset', count, sum: count * 1.5,
          positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [count - Math.floor(count / 2), Math.floor(count / 2)],
        }));
      }
    }
    return st;
  }
  const queries: [string, number, number][] = [
    ['histogram_count(rate(h[1m]))', 60_000, 15_000],
    ['sum(histogram_count(increase(h[2m])))', 0, 45_000],
    ['histogram_sum(sum by (i) (rate(h[45s])))', 30_000, 75_000],
    ['histogram_count(h)', 0, 15_000],
    ['histogram_avg(rate(h[5m]))', 300_000, 60_000],
    ['histogram_count(rate(h[1m]))', 15_000, 150_000],
  ];

  test('answer as an engine seeing the histograms for the first time does', async () => {
    const shared = new Engine({ storage: storage() });
    for (const round of [0, 1]) {
      for (const [q, start, step] of round === 0 ? queries : [...queries].reverse()) {
        const mine = await shared.rangeQuery(q, start, 1_185_000, step);
        const fresh = await new Engine({ storage: storage() }).rangeQuery(q, start, 1_185_000, step);
        expect(toPrometheusJSON(mine), q).toEqual(toPrometheusJSON(fresh));
        expect(mine.infos.map((a) => a.message), q).toEqual(fresh.infos.map((a) => a.message));
        expect(mine.warnings.map((a) => a.message), q).toEqual(fresh.warnings.map((a) => a.message));
      }
    }
  });
});
