// Evaluation invariants over generated data: sum(x) is the sum of x's samples at each step, and a
// range query equals the instant queries at each of its steps.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Engine, MemoryStorage } from '../../src/index.js';
import type { QueryResult } from '../../src/index.js';
import { labelsKey } from '../../src/storage/labels.js';

const RUNS = Number(process.env.PROMQL_PROPERTY_RUNS ?? 60);

const sample = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -1000, max: 1000 }).map((v) => ({ v, skip: false })) },
  { weight: 1, arbitrary: fc.constant({ v: 0, skip: true }) },
);
const dataset = fc.array(
  fc.record({ job: fc.constantFrom('a', 'b', 'c'), inst: fc.constantFrom('1', '2'), samples: fc.array(sample, { minLength: 1, maxLength: 12 }) }),
  { minLength: 1, maxLength: 6 },
);

function storageOf(data: { job: string; inst: string; samples: { v: number; skip: boolean }[] }[], name = 'x'): MemoryStorage {
  const s = new MemoryStorage();
  const seen = new Set<string>();
  for (const d of data) {
    const key = `${d.job}/${d.inst}`;
    if (seen.has(key)) continue;
    seen.add(key);
    d.samples.forEach((p, i) => !p.skip && s.append({ __name__: name, job: d.job, inst: d.inst }, i * 60_000, p.v));
  }
  return s;
}

function asPoints(r: QueryResult, t: number): Map<string, number> {
  const m = new Map<string, number>();
  if (r.resultType === 'vector') for (const s of r.result) m.set(labelsKey(s.labels), s.value);
  if (r.resultType === 'scalar') m.set('', r.result.value);
  if (r.resultType === 'matrix') {
    for (const s of r.result) {
      const i = s.timestamps.indexOf(t);
      if (i >= 0) m.set(labelsKey(s.labels), s.values[i]);
    }
  }
  return m;
}

describe('evaluation properties', () => {
  test('sum(x) equals the sum of the samples x selects at each step', async () => {
    await fc.assert(fc.asyncProperty(dataset, fc.integer({ min: 0, max: 14 }), async (data, step) => {
      const storage = storageOf(data);
      const e = new Engine({ storage });
      const t = step * 60_000;
      const x = await e.instantQuery('x', t);
      const sum = await e.instantQuery('sum(x)', t);
      const parts = x.resultType === 'vector' ? x.result.map((s) => s.value) : [];
      if (parts.length === 0) expect(sum.result).toEqual([]);
      else expect(sum.resultType === 'vector' && sum.result[0].value).toBe(parts.reduce((a, b) => a + b, 0));
    }), { numRuns: RUNS });
  });

  const shapes = [
    'x', 'sum by (job) (x)', 'x * 2 + 1', 'x > bool 0', 'x > 0', '-x', 'x + on(job, inst) x',
    'x / on(job) group_left max by (job) (x)', 'x and on(job) x > 100', 'x or on(inst) x * 10',
    'x unless on(job) x < 0', 'topk(2, x)', 'count_values("v", x)', 'avg without (inst) (x)',
    'stddev(x)', 'quantile(0.3, x)', 'x offset 2m', 'x @ 300', 'max(x) - min(x)',
    'count(x) > 1', 'bottomk(1, x) by (job)', 'limitk(1, x)', 'group(x) by (inst)',
    // Functions: range-vector windows, subqueries, per-step parameters, series-level relabelling.
    'rate(x[3m])', 'increase(x[5m] offset 1m)', 'delta(x[2m])', 'irate(x[4m])', 'idelta(x[4m])',
    'deriv(x[5m])', 'predict_linear(x[5m], 60)', 'resets(x[10m])', 'changes(x[10m])',
    'avg_over_time(x[3m])', 'quantile_over_time(0.3, x[5m])', 'stddev_over_time(x[5m])',
    'last_over_time(x[2m])', 'first_over_time(x[3m])', 'ts_of_max_over_time(x[5m])', 'mad_over_time(x[4m])',
    'absent_over_time(x[1m])', 'absent(x{job="c"})', 'timestamp(x)', 'timestamp(x @ 240)', 'abs(x) + clamp(x, -5, 5)',
    'round(x, 7)', 'sgn(x) * sqrt(abs(x))', 'label_replace(x, "j", "$1-z", "job", "(.)")', 'label_join(x, "k", ",", "job", "inst")',
    'max_over_time(rate(x[2m])[5m:1m])', 'hour(x * 3600)', 'double_exponential_smoothing(x[5m], 0.3, 0.6)',
    'histogram_quantile(0.5, label_replace(x, "le", "$1", "inst", "(.*)"))', 'sort_desc(x)',
    'clamp(x, scalar(sum(x)), 100)', 'count_over_time(x[90s:30s])',
    'increase(x[3m] anchored)', 'rate(x[2m] smoothed)', 'delta(x[5m] smoothed)', 'resets(x[4m] anchored)', 'x smoothed',
    'info(x)', 'topk(scalar(count(x)) - 1, x) by (job)', 'bottomk by (inst) (2, x)', 'limit_ratio(0.5, x)', 'limit_ratio(-0.3, x) by (job)',
  ];
  test.each(shapes)('range query equals instant queries: %s', async (q) => {
    await fc.assert(fc.asyncProperty(dataset, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 4 }), async (data, from, n) => {
      const e = new Engine({ storage: storageOf(data), parser: { experimentalFunctions: true, extendedRangeSelectors: true } });
      const start = from * 60_000;
      const step = 45_000;
      const end = start + n * step;
      let range: QueryResult | Error;
      try {
        range = await e.rangeQuery(q, start, end, step);
      } catch (err) {
        range = err as Error;
      }
      for (let t = start; t <= end; t += step) {
        let inst: QueryResult | Error;
        try {
          inst = await e.instantQuery(q, t);
        } catch (err) {
          inst = err as Error;
        }
        if (inst instanceof Error || range instanceof Error) {
          // An error at one step fails the whole range query.
          if (inst instanceof Error) expect(range).toBeInstanceOf(Error);
          continue;
        }
        // topk/bottomk/limitk may pick different series on ties only in order, not in values.
        const a = [...asPoints(inst, t).values()].sort((x, y) => x - y);
        const b = [...asPoints(range, t).values()].sort((x, y) => x - y);
        if (!/topk|bottomk|limitk/.test(q)) expect(asPoints(range, t)).toEqual(asPoints(inst, t));
        else expect(b).toEqual(a);
      }
    }), { numRuns: Math.ceil(RUNS / 3) });
  });
});
