// An instant selector over a series holding floats, native histograms and staleness markers: at
// each step, the latest sample within the lookback, unless it is a staleness marker.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine, FloatHistogram, MemoryStorage } from '../../src/index.js';

type Sample = { t: number; kind: 'float' | 'histogram' | 'stale'; v: number };

const samples = fc.uniqueArray(fc.record({
  t: fc.integer({ min: 0, max: 1200 }).map((s) => s * 1000),
  kind: fc.constantFrom<Sample['kind']>('float', 'histogram', 'histogram', 'stale'),
  v: fc.integer({ min: 1, max: 50 }),
}), { selector: (s) => s.t, minLength: 1, maxLength: 40 });

describe('an instant selector over floats and histograms', () => {
  it('reads the latest sample within the lookback at every step', async () => {
    await fc.assert(fc.asyncProperty(samples, fc.constantFrom(7_000, 15_000, 60_000), fc.constantFrom(30_000, 300_000), async (list, step, lookback) => {
      const storage = new MemoryStorage();
      const sorted = [...list].sort((a, b) => a.t - b.t);
      for (const s of sorted) {
        if (s.kind === 'float') storage.append({ __name__: 'm' }, s.t, s.v);
        else if (s.kind === 'stale') storage.append({ __name__: 'm' }, s.t, NaN, true);
        else storage.appendHistogram({ __name__: 'm' }, s.t, new FloatHistogram({ count: s.v, sum: s.v, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [s.v] }));
      }
      const engine = new Engine({ storage, lookbackDeltaMs: lookback });
      const r = await engine.rangeQuery('m', 0, 1_300_000, step);
      const floats = new Map<number, number>();
      const hists = new Map<number, number>();
      for (const series of r.result as { timestamps: number[]; values: number[]; histograms?: { timestamps: number[]; values: FloatHistogram[] } }[]) {
        series.timestamps.forEach((t, k) => floats.set(t, series.values[k]));
        series.histograms?.timestamps.forEach((t, k) => hists.set(t, series.histograms!.values[k].count));
      }
      for (let at = 0; at <= 1_300_000; at += step) {
        const latest = sorted.filter((s) => s.t <= at && s.t > at - lookback).pop();
        const want = latest === undefined || latest.kind === 'stale' ? undefined : latest;
        expect([floats.get(at), hists.get(at)]).toEqual(want === undefined ? [undefined, undefined] : want.kind === 'float' ? [want.v, undefined] : [undefined, want.v]);
      }
    }), { numRuns: 150 });
  });
});

describe('a range selector over floats and histograms', () => {
  // With and without staleness markers in a window: windows without one are read as views of the
  // stored series, the others copied point by point; both must give every non-stale point.
  it('hands every non-stale sample of each window to the function', async () => {
    await fc.assert(fc.asyncProperty(samples, fc.boolean(), fc.constantFrom(15_000, 60_000), fc.constantFrom(30_000, 120_000), async (list, withStale, step, range) => {
      const storage = new MemoryStorage();
      const sorted = [...list].sort((a, b) => a.t - b.t).filter((s) => withStale || s.kind !== 'stale');
      for (const s of sorted) {
        if (s.kind === 'float') storage.append({ __name__: 'm' }, s.t, s.v);
        else if (s.kind === 'stale') storage.append({ __name__: 'm' }, s.t, NaN, true);
        else storage.appendHistogram({ __name__: 'm' }, s.t, new FloatHistogram({ count: s.v, sum: s.v, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [s.v] }));
      }
      const engine = new Engine({ storage });
      type Out = { timestamps: number[]; values: number[]; histograms?: { timestamps: number[]; values: FloatHistogram[] } };
      const counts = new Map<number, number>();
      for (const series of (await engine.rangeQuery(`count_over_time(m[${range / 1000}s])`, 0, 1_300_000, step)).result as Out[]) {
        series.timestamps.forEach((t, k) => counts.set(t, series.values[k]));
      }
      const last = new Map<number, string>();
      for (const series of (await engine.rangeQuery(`last_over_time(m[${range / 1000}s])`, 0, 1_300_000, step)).result as Out[]) {
        series.timestamps.forEach((t, k) => last.set(t, `float ${series.values[k]}`));
        series.histograms?.timestamps.forEach((t, k) => last.set(t, `histogram ${series.histograms!.values[k].count}`));
      }
      for (let at = 0; at <= 1_300_000; at += step) {
        const inWindow = sorted.filter((s) => s.t <= at && s.t > at - range && s.kind !== 'stale');
        expect(counts.get(at), `count at ${at}`).toBe(inWindow.length || undefined);
        const latest = inWindow.pop();
        expect(last.get(at), `last at ${at}`).toBe(latest === undefined ? undefined : `${latest.kind === 'float' ? 'float' : 'histogram'} ${latest.v}`);
      }
    }), { numRuns: 150 });
  });
});
