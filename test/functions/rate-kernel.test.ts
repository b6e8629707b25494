// rate/increase/delta of float series run as one whole-series kernel that finds its own windows
// and reuses a window's extrapolation factor while window shapes repeat: every step must still give
// what Prometheus's extrapolatedRate gives for its window alone, bit for bit.
import { describe, test } from 'vitest';
import fc from 'fast-check';
import { expectEveryStep, RUNS } from './every-step.js';

/** Prometheus's extrapolated rate/increase/delta of the window (end − range, end], computed alone. */
function reference(ts: number[], vs: number[], end: number, range: number, fn: string): number | undefined {
  const idx = ts.map((t, i) => [t, i] as const).filter(([t]) => t > end - range && t <= end).map(([, i]) => i);
  if (idx.length < 2) return undefined;
  const isCounter = fn !== 'delta';
  const first = idx[0];
  const last = idx[idx.length - 1];
  let result = vs[last] - vs[first];
  if (isCounter) {
    for (let k = first + 1; k <= last; k++) if (vs[k] < vs[k - 1]) result += vs[k - 1];
  }
  const rangeStart = end - range;
  let toStart = (ts[first] - rangeStart) / 1000;
  let toEnd = (end - ts[last]) / 1000;
  const sampled = (ts[last] - ts[first]) / 1000;
  const avg = sampled / (idx.length - 1);
  const threshold = avg * 1.1;
  if (toStart >= threshold) toStart = avg / 2;
  if (isCounter && result > 0 && vs[first] >= 0) {
    const toZero = sampled * (vs[first] / result);
    if (toZero < toStart) toStart = toZero;
  }
  if (toEnd >= threshold) toEnd = avg / 2;
  let factor = sampled !== 0 ? (sampled + toStart + toEnd) / sampled : 1;
  if (fn === 'rate') factor /= range / 1000;
  return result * factor;
}

describe('rate, increase and delta over floats', () => {
  test.each(['rate', 'increase', 'delta'])('%s matches the per-window definition at every step', async (fn) => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({
        // Mostly regular scrapes (so window shapes repeat), sometimes a jitter or a gap.
        gap: fc.oneof({ weight: 6, arbitrary: fc.constant(15_000) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 40_000 }) }),
        // Counters that grow by small steps from small or large values, reset, or go negative.
        v: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: -5, max: 1_000_000 }), fc.double({ noNaN: false })),
        // Resets mostly rare (series that never decrease take a shortcut); sometimes a stale marker.
        reset: fc.oneof({ weight: 1, arbitrary: fc.boolean() }, { weight: 2, arbitrary: fc.constant(false) }),
        stale: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 12, arbitrary: fc.constant(false) }),
      }), { minLength: 1, maxLength: 60 }),
      fc.constantFrom(30_000, 60_000, 90_000, 300_000),
      fc.constantFrom(5_000, 15_000, 45_000),
      async (points, rangeMs, step) => {
        const ts: number[] = [];
        const vs: number[] = [];
        let t = 0;
        let c = 0;
        for (const p of points) {
          ts.push((t += p.gap));
          c = p.reset ? Math.abs(p.v) % 7 : c + (Number.isFinite(p.v) ? Math.abs(p.v) % 50 : p.v);
          vs.push(points.length % 3 === 0 ? p.v : c);
        }
        // Stale markers are not points of any window.
        const kept = ts.map((_, i) => i).filter((i) => !points[i].stale);
        const kts = kept.map((i) => ts[i]);
        const kvs = kept.map((i) => vs[i]);
        await expectEveryStep(fn, ts, vs, rangeMs, step, (at) => reference(kts, kvs, at, rangeMs, fn), points.map((p) => p.stale));
      },
    ), { numRuns: RUNS });
  });
});
