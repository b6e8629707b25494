// deriv and predict_linear over integer-valued series whose samples lie whole seconds apart slide
// exact sums from window to window instead of re-adding each window: every step must still give
// what Prometheus's Kahan-summed least squares gives for its window alone, bit for bit.
import { describe, test } from 'vitest';
import fc from 'fast-check';
import { expectEveryStep, RUNS, timesFromGaps } from './every-step.js';

/** A Kahan–Neumaier running sum, written out here as the definition. */
function kahan(): { add(x: number): void; value(): number } {
  let sum = 0;
  let c = 0;
  return {
    add(x) {
      const s = sum + x;
      if (s === Infinity || s === -Infinity) c = 0;
      else if (Math.abs(sum) >= Math.abs(x)) c += (sum - s) + x;
      else c += (x - s) + sum;
      sum = s;
    },
    value: () => sum + c,
  };
}

/**
 * The least squares of the window (end − range, end] with x in seconds from `interceptAt` (ms; the
 * window's first sample when null): the slope, or with `duration` the prediction
 * slope × duration + intercept.
 */
function reference(ts: number[], vs: number[], end: number, range: number, interceptAt: number | null = null, duration?: number): number | undefined {
  const idx = ts.map((t, i) => [t, i] as const).filter(([t]) => t > end - range && t <= end).map(([, i]) => i);
  if (idx.length < 2) return undefined;
  const x0 = interceptAt ?? ts[idx[0]];
  const [sx, sy, sxy, sx2] = [kahan(), kahan(), kahan(), kahan()];
  for (const k of idx) {
    const x = (ts[k] - x0) / 1000;
    sx.add(x);
    sy.add(vs[k]);
    sxy.add(x * vs[k]);
    sx2.add(x * x);
  }
  let slope: number;
  let intercept: number;
  if (idx.every((k) => vs[k] === vs[idx[0]])) {
    slope = Number.isFinite(vs[idx[0]]) ? 0 : NaN;
    intercept = Number.isFinite(vs[idx[0]]) ? vs[idx[0]] : NaN;
  } else {
    const n = idx.length;
    const cov = sxy.value() - (sx.value() * sy.value()) / n;
    const variance = sx2.value() - (sx.value() * sx.value()) / n;
    slope = cov / variance;
    intercept = sy.value() / n - (slope * sx.value()) / n;
  }
  return duration === undefined ? slope : slope * duration + intercept;
}

describe('deriv', () => {
  test('matches the per-window Kahan regression at every step', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({
        // Whole seconds apart mostly; sometimes a millisecond jitter (the general path).
        gap: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 40 }).map((s) => s * 1000) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 40_000 }) }),
        // Integers small and large (past the exactness bound), equal runs, and sometimes fractions.
        v: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) }, { weight: 3, arbitrary: fc.integer() },
          { weight: 1, arbitrary: fc.constantFrom(2 ** 50, -(2 ** 52), 2 ** 45 + 1) }, { weight: 1, arbitrary: fc.double({ noNaN: false }) }),
      }), { minLength: 1, maxLength: 60 }),
      fc.constantFrom(2_000, 30_000, 60_000, 300_000),
      fc.constantFrom(1_000, 7_000, 15_000, 120_000),
      async (points, rangeMs, step) => {
        const ts = timesFromGaps(points.map((p) => p.gap));
        const vs = points.map((p) => p.v);
        await expectEveryStep('deriv', ts, vs, rangeMs, step, (at) => reference(ts, vs, at, rangeMs));
      },
    ), { numRuns: RUNS });
  });

  test('predict_linear matches the per-window Kahan regression from the evaluation time', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({
        gap: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 40 }).map((s) => s * 1000) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 40_000 }) }),
        v: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) }, { weight: 3, arbitrary: fc.integer() },
          { weight: 1, arbitrary: fc.constantFrom(2 ** 40, -(2 ** 44), 2 ** 50) }, { weight: 1, arbitrary: fc.double({ noNaN: false }) }),
      }), { minLength: 1, maxLength: 60 }),
      fc.constantFrom(2_000, 30_000, 60_000, 300_000),
      // Steps off whole seconds too (the evaluation time is then no whole number of seconds away).
      fc.constantFrom(1_000, 7_000, 15_000, 2_500),
      fc.constantFrom(0, 60, -3600, 1e9, Infinity, NaN),
      // An offset puts the evaluation time far from the window (re-based sums grow).
      fc.constantFrom(0, 0, 86_400_000, 40_000_000_000),
      async (points, rangeMs, step, duration, offset) => {
        const ts = timesFromGaps(points.map((p) => p.gap));
        const vs = points.map((p) => p.v);
        const text = Number.isNaN(duration) ? 'NaN' : duration === Infinity ? 'Inf' : String(duration);
        await expectEveryStep('predict_linear', ts, vs, rangeMs, step, (at) => reference(ts, vs, at - offset, rangeMs, at, duration), [], `, ${text}`, offset);
      },
    ), { numRuns: RUNS });
  });

  test('predict_linear far from a window whose values cancel out', async () => {
    // The window's sum of y is small, but each x·y Prometheus adds is past 2^53 (found by CI).
    const ts = timesFromGaps([1000, 1000, 1000]);
    const vs = [335222359, -190042393, 0];
    const offset = 40_000_000_000;
    await expectEveryStep('predict_linear', ts, vs, 2000, 1000, (at) => reference(ts, vs, at - offset, 2000, at, 0), [], ', 0', offset);
  });
});
