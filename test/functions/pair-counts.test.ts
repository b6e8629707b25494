// changes and resets over float series count every window's changed pairs from prefix counts: each
// step must still give the count of the window's own consecutive pairs (ties, NaN, stale markers).
import { describe, test } from 'vitest';
import fc from 'fast-check';
import { expectEveryStep, RUNS, timesFromGaps } from './every-step.js';

/** The changed pairs among the window's points (end − range, end], or undefined without points. */
function reference(ts: number[], vs: number[], end: number, range: number, changed: (a: number, b: number) => boolean): number | undefined {
  const w = vs.filter((_, i) => ts[i] > end - range && ts[i] <= end);
  if (w.length === 0) return undefined;
  let n = 0;
  for (let k = 1; k < w.length; k++) if (changed(w[k - 1], w[k])) n++;
  return n;
}

const PAIRS = {
  resets: (a: number, b: number) => b < a,
  changes: (a: number, b: number) => !(a === b || (Number.isNaN(a) && Number.isNaN(b))),
};

describe('changes and resets over floats', () => {
  test.each(['changes', 'resets'] as const)('%s counts the pairs of every window', async (fn) => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({
        gap: fc.oneof(fc.constant(15_000), fc.integer({ min: 1, max: 40_000 })),
        v: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(NaN), fc.double()),
        stale: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 10, arbitrary: fc.constant(false) }),
      }), { minLength: 1, maxLength: 50 }),
      fc.constantFrom(20_000, 60_000, 300_000),
      fc.constantFrom(5_000, 15_000, 70_000),
      async (points, rangeMs, step) => {
        const ts = timesFromGaps(points.map((p) => p.gap));
        const vs = points.map((p) => p.v);
        const kept = points.map((_, i) => i).filter((i) => !points[i].stale);
        const kts = kept.map((i) => ts[i]);
        const kvs = kept.map((i) => vs[i]);
        await expectEveryStep(fn, ts, vs, rangeMs, step, (at) => reference(kts, kvs, at, rangeMs, PAIRS[fn]), points.map((p) => p.stale));
      },
    ), { numRuns: RUNS });
  });
});
