// The *_over_time functions over subqueries, evaluated as range queries (windows sliding over the
// subquery's points, steps finer or coarser than the subquery's, with offset and @), against each
// step computed on its own: the subquery's points at that step, read as an instant query, and
// Prometheus's per-window loop (or the function's single-window instant query) over them.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Engine, MemoryStorage } from '../../src/index.js';
import type { MatrixSeries, QueryResult } from '../../src/index.js';
import { dropMetricName, labelsKey } from '../../src/storage/labels.js';
import { kahanComp } from '../../src/util/kahan.js';

const RUNS = Number(process.env.PROMQL_PROPERTY_RUNS ?? 60);

/** Bits of a float, so -0 ≠ +0; every NaN reads alike. */
const bits = (x: number) => (Number.isNaN(x) ? 'NaN' : Object.is(x, -0) ? '-0' : String(x));

const value = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0, -0) },
  { weight: 3, arbitrary: fc.integer({ min: -4, max: 4 }) },
  { weight: 3, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
);

/** Up to three series of samples at uneven times (gaps of 10 s to 4 min) from time 0. */
const dataset = fc.array(fc.array(fc.record({ gap: fc.integer({ min: 1, max: 24 }), v: value }), { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 3 });

function storageOf(data: { gap: number; v: number }[][]): MemoryStorage {
  const s = new MemoryStorage();
  data.forEach((points, i) => {
    let t = 0;
    for (const p of points) s.append({ __name__: 'x', i: String(i) }, (t += p.gap * 10_000), p.v);
  });
  return s;
}

/** Prometheus's scan for the extreme of a window: NaNs lose, the first of equals wins. */
function extreme(vs: number[], better: (a: number, b: number) => boolean): number {
  let best = vs[0];
  for (const x of vs) if (better(x, best) || Number.isNaN(best)) best = x;
  return best;
}

/** Prometheus's Kahan sum of a window, the compensation left out of an infinite sum. */
function kahanSum(vs: number[]): number {
  let sum = 0;
  let c = 0;
  for (const x of vs) {
    c = kahanComp(x, sum, c);
    sum += x;
  }
  return sum === Infinity || sum === -Infinity ? sum : sum + c;
}

/** A window's value by the plain per-window loop, or null: the function's own instant query. */
const REFERENCE: Record<string, ((s: MatrixSeries) => number) | null> = {
  max_over_time: (s) => extreme(s.values, (a, b) => a > b),
  min_over_time: (s) => extreme(s.values, (a, b) => a < b),
  ts_of_max_over_time: (s) => s.timestamps[s.values.reduce((b, x, k) => (x >= s.values[b] || Number.isNaN(s.values[b]) ? k : b), 0)] / 1000,
  sum_over_time: (s) => kahanSum(s.values),
  count_over_time: (s) => s.values.length,
  last_over_time: (s) => s.values[s.values.length - 1],
  avg_over_time: null,
  stddev_over_time: null,
};

const query = fc.record({
  f: fc.constantFrom(...Object.keys(REFERENCE)),
  inner: fc.constantFrom('x', 'rate(x[2m])', 'x * 0.1', 'max_over_time(x[3m:30s])'),
  range: fc.constantFrom('2m', '5m', '10m'),
  step: fc.constantFrom('30s', '1m', '90s'),
  modifier: fc.constantFrom('', ' offset 1m', ' @ 600', ' offset -30s'),
  outerStep: fc.constantFrom(10_000, 15_000, 30_000, 60_000, 120_000),
  start: fc.integer({ min: 0, max: 40 }).map((k) => k * 15_000),
  steps: fc.integer({ min: 1, max: 80 }),
});

/** The series of a range query's result by their labels without the metric name (kept by some). */
function byLabels(r: QueryResult): Map<string, MatrixSeries> {
  const m = new Map<string, MatrixSeries>();
  if (r.resultType === 'matrix') for (const s of r.result) m.set(labelsKey(dropMetricName(s.labels)), s);
  return m;
}

describe('*_over_time over subqueries', () => {
  test('every step of a range query equals that step computed from the subquery\'s own points', async () => {
    await fc.assert(fc.asyncProperty(dataset, query, async (data, q) => {
      const e = new Engine({ storage: storageOf(data), parser: { experimentalFunctions: true } });
      const sub = `(${q.inner})[${q.range}:${q.step}]${q.modifier}`;
      const end = q.start + (q.steps - 1) * q.outerStep;
      const got = byLabels(await e.rangeQuery(`${q.f}(${sub})`, q.start, end, q.outerStep));
      const reference = REFERENCE[q.f];
      const want = new Map<string, { t: number; v: string }[]>();
      for (let t = q.start; t <= end; t += q.outerStep) {
        if (reference) {
          const points = await e.instantQuery(sub, t);
          if (points.resultType !== 'matrix') throw new Error('a subquery gives a matrix');
          for (const s of points.result) {
            if (s.values.length === 0) continue;
            const key = labelsKey(dropMetricName(s.labels));
            if (!want.has(key)) want.set(key, []);
            want.get(key)!.push({ t, v: bits(reference(s)) });
          }
        } else {
          const one = await e.instantQuery(`${q.f}(${sub})`, t);
          if (one.resultType !== 'vector') throw new Error('a range function gives a vector');
          for (const s of one.result) {
            const key = labelsKey(dropMetricName(s.labels));
            if (!want.has(key)) want.set(key, []);
            want.get(key)!.push({ t, v: bits(s.value) });
          }
        }
      }
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [key, points] of want) {
        const s = got.get(key)!;
        expect(s.timestamps.map((t, k) => ({ t, v: bits(s.values[k]) }))).toEqual(points);
      }
    }), { numRuns: RUNS });
  });
});
