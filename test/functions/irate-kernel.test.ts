// irate/idelta of float series run as one whole-series kernel: each step must give what
// Prometheus's instantValue gives from the last two samples of its window, bit for bit.
import { describe, test } from 'vitest';
import fc from 'fast-check';
import { expectEveryStep, RUNS, timesFromGaps } from './every-step.js';

/** Prometheus's irate/idelta at `end` over the window (end − range, end]. */
function reference(ts: number[], vs: number[], end: number, range: number, isRate: boolean): number | undefined {
  const idx = ts.map((t, i) => [t, i] as const).filter(([t]) => t > end - range && t <= end).map(([, i]) => i);
  if (idx.length < 2) return undefined;
  const [a, b] = idx.slice(-2);
  const dt = ts[b] - ts[a];
  let r = isRate && vs[b] < vs[a] ? vs[b] : vs[b] - vs[a];
  if (isRate) r /= dt / 1000;
  return r;
}

describe('irate and idelta over floats', () => {
  test.each([['irate', true], ['idelta', false]] as const)('%s matches the two-sample definition at every step', async (fn, isRate) => {
    await fc.assert(fc.asyncProperty(
      // Gaps of about one step (7 s) too: then windows slide by one point, step after step.
      fc.array(fc.record({
        gap: fc.oneof(fc.integer({ min: 1, max: 40_000 }), fc.constant(7_000), fc.integer({ min: 6_990, max: 7_010 })),
        v: fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -5, max: 100 })),
      }), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 120 }).map((s) => s * 1000),
      async (points, rangeMs) => {
        const ts = timesFromGaps(points.map((p) => p.gap));
        const vs = points.map((p) => p.v);
        await expectEveryStep(fn, ts, vs, rangeMs, 7_000, (at) => reference(ts, vs, at, rangeMs, isRate));
      },
    ), { numRuns: RUNS });
  });
});
