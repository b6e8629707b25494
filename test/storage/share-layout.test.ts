// Consecutive native histograms of a series with the same bucket layout share their span arrays
// once stored; what the storage hands back is unchanged.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FloatHistogram, MemoryStorage } from '../../src/index.js';
import { shareLayout } from '../../src/storage/share-layout.js';

const ALL = { matchers: [{ name: '__name__', op: '=~' as const, value: '.+' }], start: -1e15, end: 1e15 };
const spans = fc.array(fc.record({ offset: fc.integer({ min: 0, max: 3 }), length: fc.integer({ min: 1, max: 3 }) }), { maxLength: 3 });

/** A valid exponential histogram over `ps`/`ns` (counts 1 per bucket). */
function histogram(ps: { offset: number; length: number }[], ns: { offset: number; length: number }[]): FloatHistogram {
  const n = (s: typeof ps) => s.reduce((a, x) => a + x.length, 0);
  const count = n(ps) + n(ns);
  return new FloatHistogram({
    schema: 0, count, sum: count,
    positiveSpans: ps.map((s) => ({ ...s })), positiveBuckets: Array(n(ps)).fill(1),
    negativeSpans: ns.map((s) => ({ ...s })), negativeBuckets: Array(n(ns)).fill(1),
  });
}

/** The plain fields of a histogram, for comparison. */
function fields(h: FloatHistogram): unknown {
  return JSON.parse(JSON.stringify({ ...h, counterResetHint: undefined }));
}

describe('shareLayout', () => {
  it('shares equal span arrays and empty bucket arrays, and nothing else', () => {
    const a = histogram([{ offset: 0, length: 2 }], []);
    const b = histogram([{ offset: 0, length: 2 }], []);
    const c = histogram([{ offset: 1, length: 2 }], []);
    shareLayout(b, a);
    shareLayout(c, b);
    expect(b.positiveSpans).toBe(a.positiveSpans);
    expect(b.negativeSpans).toBe(a.negativeSpans);
    expect(b.negativeBuckets).toBe(a.negativeBuckets);
    expect(b.positiveBuckets).not.toBe(a.positiveBuckets);
    expect(c.positiveSpans).not.toBe(b.positiveSpans);
  });

  it('shares equal custom bounds only', () => {
    const nhcb = (bounds: number[]) => new FloatHistogram({ schema: -53, count: 1, sum: 1, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [1], customValues: bounds });
    const a = nhcb([1, 2]);
    const b = nhcb([1, 2]);
    const c = nhcb([1, 3]);
    shareLayout(b, a);
    shareLayout(c, b);
    expect(b.customValues).toBe(a.customValues);
    expect(c.customValues).toEqual([1, 3]);
  });

  it('leaves what a series reads back unchanged', () => {
    fc.assert(fc.property(fc.array(fc.tuple(spans, spans), { minLength: 1, maxLength: 12 }), (layouts) => {
      const storage = new MemoryStorage();
      const expected = layouts.map(([ps, ns]) => fields(histogram(ps, ns)));
      layouts.forEach(([ps, ns], i) => storage.appendHistogram({ __name__: 'h' }, i * 1000, histogram(ps, ns)));
      const [s] = storage.select(ALL);
      const got = s.histograms!.values.map(fields);
      expect(got).toEqual(expected);
    }));
  });
});

describe('counter resets between histograms of one layout', () => {
  it('a bucket that went down starts a new chunk; equal or higher ones do not', () => {
    const ALL2 = { matchers: [{ name: '__name__', op: '=~' as const, value: '.+' }], start: -1e15, end: 1e15 };
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 6, maxLength: 6 }), (a, raw) => {
      const b = a.map((_, i) => raw[i]);
      const make = (bs: number[]) => new FloatHistogram({
        schema: 0, count: bs.reduce((x, y) => x + y, 0), sum: 1,
        positiveSpans: [{ offset: 0, length: bs.length }], positiveBuckets: bs,
      });
      const storage = new MemoryStorage();
      storage.appendHistogram({ __name__: 'h' }, 1000, make(a));
      storage.appendHistogram({ __name__: 'h' }, 2000, make(b));
      const [s] = storage.select(ALL2);
      const reset = b.some((x, i) => x < a[i]);
      expect(s.histograms!.values[1].counterResetHint).toBe(reset ? 'unknown' : 'not_reset');
    }));
  });
});
