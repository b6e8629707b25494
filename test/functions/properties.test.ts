// Invariants of the function families over generated series: counter extrapolation, orderings
// and bounds that must hold whatever the data.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Engine, MemoryStorage } from '../../src/index.js';
import type { QueryResult } from '../../src/index.js';
import { labelsKey } from '../../src/storage/labels.js';
import { almostEqual } from '../../src/util/almost.js';

const RUNS = Number(process.env.PROMQL_PROPERTY_RUNS ?? 60);

/** Irregular scrape times (ms) and values for one series. */
const points = fc.array(fc.record({ gap: fc.integer({ min: 1, max: 90 }), v: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }), { minLength: 1, maxLength: 25 });

function load(series: { gap: number; v: number }[][], transform: (v: number, i: number, prev: number) => number = (v) => v): MemoryStorage {
  const s = new MemoryStorage();
  series.forEach((pts, k) => {
    let t = 0;
    let prev = 0;
    pts.forEach((p, i) => {
      t += p.gap * 1000;
      prev = transform(p.v, i, prev);
      s.append({ __name__: 'x', id: String(k) }, t, prev);
    });
  });
  return s;
}

function values(r: QueryResult): Map<string, number> {
  const m = new Map<string, number>();
  if (r.resultType === 'vector') for (const s of r.result) m.set(labelsKey(s.labels), s.value);
  return m;
}

const at = fc.integer({ min: 0, max: 2400 }).map((s) => s * 1000);
const monotonic = (v: number, _i: number, prev: number) => prev + Math.abs(v) / 1000;

describe('rate family', () => {
  test('increase over a monotonic counter is (last − first) scaled by the extrapolation factor', async () => {
    await fc.assert(fc.asyncProperty(points, at, async (pts, t) => {
      const e = new Engine({ storage: load([pts], monotonic) });
      const r = values(await e.instantQuery('increase(x[5m])', t));
      // Independent computation from the points in the window (t − 5m, t].
      const ts: number[] = [];
      const vs: number[] = [];
      let time = 0;
      let v = 0;
      pts.forEach((p, i) => {
        time += p.gap * 1000;
        v = monotonic(p.v, i, v);
        if (time > t - 300_000 && time <= t) {
          ts.push(time);
          vs.push(v);
        }
      });
      if (ts.length < 2) {
        expect(r.size).toBe(0);
        return;
      }
      const sampled = (ts[ts.length - 1] - ts[0]) / 1000;
      const avg = sampled / (ts.length - 1);
      let toStart = (ts[0] - (t - 300_000)) / 1000;
      let toEnd = (t - ts[ts.length - 1]) / 1000;
      if (toStart >= avg * 1.1) toStart = avg / 2;
      const delta = vs[vs.length - 1] - vs[0];
      if (delta > 0 && vs[0] >= 0) toStart = Math.min(toStart, sampled * (vs[0] / delta));
      if (toEnd >= avg * 1.1) toEnd = avg / 2;
      const want = delta * ((sampled + toStart + toEnd) / sampled);
      const got = [...r.values()][0];
      expect(almostEqual(got, want, 1e-9)).toBe(true);
      expect(got).toBeGreaterThanOrEqual(0);
    }), { numRuns: RUNS });
  });

  test('rate is increase divided by the range; resets of a monotonic counter are 0', async () => {
    await fc.assert(fc.asyncProperty(fc.array(points, { minLength: 1, maxLength: 3 }), at, async (series, t) => {
      const e = new Engine({ storage: load(series, monotonic) });
      const inc = values(await e.instantQuery('increase(x[4m])', t));
      const rate = values(await e.instantQuery('rate(x[4m])', t));
      const resets = values(await e.instantQuery('resets(x[4m])', t));
      expect([...rate.keys()]).toEqual([...inc.keys()]);
      for (const [k, v] of inc) expect(almostEqual(rate.get(k)!, v / 240, 1e-12)).toBe(true);
      for (const v of resets.values()) expect(v).toBe(0);
    }), { numRuns: RUNS });
  });
});

describe('over_time family', () => {
  test('min ≤ quantile ≤ max, avg within [min, max], sum = avg · count', async () => {
    await fc.assert(fc.asyncProperty(fc.array(points, { minLength: 1, maxLength: 3 }), at, fc.double({ min: 0, max: 1, noNaN: true }), async (series, t, q) => {
      const e = new Engine({ storage: load(series) });
      const get = async (f: string) => values(await e.instantQuery(f, t));
      const [min, max, avg, sum, count, quant] = await Promise.all([
        get('min_over_time(x[3m])'), get('max_over_time(x[3m])'), get('avg_over_time(x[3m])'),
        get('sum_over_time(x[3m])'), get('count_over_time(x[3m])'), get(`quantile_over_time(${q}, x[3m])`),
      ]);
      for (const [k, lo] of min) {
        const hi = max.get(k)!;
        const eps = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
        expect(quant.get(k)!).toBeGreaterThanOrEqual(lo - eps);
        expect(quant.get(k)!).toBeLessThanOrEqual(hi + eps);
        expect(avg.get(k)!).toBeGreaterThanOrEqual(lo - eps);
        expect(avg.get(k)!).toBeLessThanOrEqual(hi + eps);
        expect(Math.abs(sum.get(k)! - avg.get(k)! * count.get(k)!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(sum.get(k)!)));
      }
    }), { numRuns: RUNS });
  });
});

describe('instant functions', () => {
  test('clamp keeps values within its bounds and leaves NaN alone', async () => {
    await fc.assert(fc.asyncProperty(fc.array(points, { minLength: 1, maxLength: 4 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), async (series, lo, width) => {
      const e = new Engine({ storage: load(series), lookbackDeltaMs: 1e9 });
      const hi = lo + width;
      const r = values(await e.instantQuery(`clamp(x, ${lo}, ${hi})`, 3_000_000));
      for (const v of r.values()) {
        expect(v).toBeGreaterThanOrEqual(lo);
        expect(v).toBeLessThanOrEqual(hi);
      }
    }), { numRuns: RUNS });
  });

  test('sort and sort_desc order by value with NaN last', async () => {
    await fc.assert(fc.asyncProperty(fc.array(points, { minLength: 1, maxLength: 20 }), async (series) => {
      const e = new Engine({ storage: load(series), lookbackDeltaMs: 1e9 });
      for (const [q, ordered] of [['sort(x)', (a: number, b: number) => a <= b], ['sort_desc(x)', (a: number, b: number) => a >= b]] as const) {
        const r = await e.instantQuery(q, 3_000_000);
        const vs = r.resultType === 'vector' ? r.result.map((s) => s.value) : [];
        expect(vs.length).toBe(series.length);
        for (let i = 1; i < vs.length; i++) expect(ordered(vs[i - 1], vs[i])).toBe(true);
      }
    }), { numRuns: RUNS });
  });

  test('histogram_quantile is monotonic in φ and stays within the finite bounds', async () => {
    const counts = fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 4, maxLength: 4 });
    // φ above 0: at φ = 0 with an empty first bucket the rank falls in it and, as in Prometheus,
    // the interpolation is 0/0 (NaN).
    const phi = fc.double({ min: Number.EPSILON, max: 1, noNaN: true });
    await fc.assert(fc.asyncProperty(counts, phi, phi, async (incs, q1, q2) => {
      const s = new MemoryStorage();
      let cum = 0;
      ['0.5', '1', '5', '+Inf'].forEach((le, i) => {
        cum += incs[i];
        s.append({ __name__: 'h_bucket', le }, 0, cum);
      });
      const e = new Engine({ storage: s });
      const [a, b] = [Math.min(q1, q2), Math.max(q1, q2)];
      const qa = [...values(await e.instantQuery(`histogram_quantile(${a}, h_bucket)`, 0)).values()][0];
      const qb = [...values(await e.instantQuery(`histogram_quantile(${b}, h_bucket)`, 0)).values()][0];
      if (cum === 0) {
        expect(Number.isNaN(qa) && Number.isNaN(qb)).toBe(true);
        return;
      }
      expect(qa).toBeLessThanOrEqual(qb);
      expect(qa).toBeGreaterThanOrEqual(0);
      expect(qb).toBeLessThanOrEqual(5);
    }), { numRuns: RUNS });
  });

  test('label_replace with a regex that cannot match is the identity', async () => {
    await fc.assert(fc.asyncProperty(fc.array(points, { minLength: 1, maxLength: 4 }), async (series) => {
      const e = new Engine({ storage: load(series), lookbackDeltaMs: 1e9 });
      const plain = await e.instantQuery('x', 3_000_000);
      const replaced = await e.instantQuery('label_replace(x, "id", "z", "id", "[^0-9]+")', 3_000_000);
      expect(replaced.result).toEqual(plain.result);
    }), { numRuns: RUNS });
  });
});
