// irate/idelta of float series run as one whole-series kernel: each step must give what
// Prometheus's instantValue gives from the last two samples of its window, bit for bit.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Engine, MemoryStorage } from '../../src/index.js';

const RUNS = Number(process.env.PROMQL_PROPERTY_RUNS ?? 100);
const bits = (x: number) => (Number.isNaN(x) ? 'NaN' : Object.is(x, -0) ? '-0' : String(x));

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
      fc.array(fc.record({ gap: fc.integer({ min: 1, max: 40_000 }), v: fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -5, max: 100 })) }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1, max: 120 }).map((s) => s * 1000),
      async (points, rangeMs) => {
        const ts: number[] = [];
        let t = 0;
        for (const p of points) ts.push((t += p.gap));
        const vs = points.map((p) => p.v);
        const storage = new MemoryStorage();
        storage.add({ __name__: 'm' }, ts.map((x, i) => ({ t: x, v: vs[i] })));
        const step = 7_000;
        const end = ts[ts.length - 1] + 30_000;
        const r = await new Engine({ storage }).rangeQuery(`${fn}(m[${rangeMs}ms])`, 0, end, step);
        const got = new Map<number, number>();
        if (Array.isArray(r.result) && r.result[0]) r.result[0].timestamps.forEach((x, i) => got.set(x, (r.result as { values: number[] }[])[0].values[i]));
        for (let at = 0; at <= end; at += step) {
          const want = reference(ts, vs, at, rangeMs, isRate);
          expect(got.has(at)).toBe(want !== undefined);
          if (want !== undefined) expect(bits(got.get(at)!)).toBe(bits(want));
        }
      },
    ), { numRuns: RUNS });
  });
});
