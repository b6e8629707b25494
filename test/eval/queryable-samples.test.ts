// totalQueryableSamples as Prometheus counts it for `@` (step-invariant) expressions and
// subqueries. Every expected count below was read from Prometheus 3.5.3 (`stats=all`) over the
// same series: c_total rising by 1 every 15 s for 4 h from 1700000000 s.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { Engine, MemoryStorage } from '../../src/index.js';

const T0 = 1_700_000_000_000;

function storage(): MemoryStorage {
  const m = new MemoryStorage();
  for (let i = 0; i <= 960; i++) m.append({ __name__: 'c_total' }, T0 + i * 15_000, i);
  return m;
}

const X = '1700000600';

describe('totalQueryableSamples', () => {
  const e = new Engine({ storage: storage() });

  // Range 1700001000 … 1700003000 s at 60 s: 34 steps.
  test.each([
    ['c_total', 34],
    [`c_total @ ${X}`, 34],
    [`sum(c_total @ ${X})`, 34],
    [`c_total @ ${X} + c_total`, 68],
    [`rate(c_total[5m] @ ${X})`, 680],
    ['avg_over_time(c_total[10m:])', 340],
    ['avg_over_time(c_total[10m:1m])', 340],
    [`avg_over_time((c_total @ ${X})[10m:])`, 340],
    [`avg_over_time(c_total[10m:] @ ${X})`, 340],
    [`max_over_time(rate(c_total[5m])[10m:1m] @ ${X})`, 340],
  ])('range query: %s', async (q, want) => {
    const r = await e.rangeQuery(q, T0 + 1_000_000, T0 + 3_000_000, 60_000);
    expect(r.stats!.samples.totalQueryableSamples).toBe(want);
  });

  // At 1700003000 s: a subquery that is the query counts what it read; one a function reads
  // counts only the points its windows take.
  test.each([
    ['c_total[10m:]', 10],
    [`c_total[10m:] @ ${X}`, 10],
    ['rate(c_total[5m])[10m:1m]', 200],
    [`rate(c_total[5m])[10m:1m] @ ${X}`, 155],
    ['avg_over_time(c_total[10m:])', 10],
    ['max_over_time(rate(c_total[5m])[10m:1m])', 10],
    ['max_over_time(max_over_time(c_total[2m:30s])[10m:1m])', 10],
    // A range selector that is the query counts the samples it read.
    ['c_total[5m]', 20],
    [`c_total[5m] @ ${X}`, 20],
  ])('instant query: %s', async (q, want) => {
    const r = await e.instantQuery(q, T0 + 3_000_000);
    expect(r.stats!.samples.totalQueryableSamples).toBe(want);
  });
});

describe('totalQueryableSamples does not depend on how the steps are batched', () => {
  afterEach(() => vi.restoreAllMocks());

  const queries = [
    `avg_over_time((c_total @ ${X})[10m:])`,
    `avg_over_time(c_total[10m:] @ ${X})`,
    'max_over_time(rate(c_total[5m])[30m:1m])',
    `rate(c_total[5m] @ ${X}) + c_total`,
  ];

  test.each(queries)('%s', async (q) => {
    const e = new Engine({ storage: storage(), timeoutMs: Infinity });
    const run = () => e.rangeQuery(q, T0 + 208_007, T0 + 14_398_007, 10_000);
    const large = (await run()).stats!.samples.totalQueryableSamples;
    // A clock that moves 20 ms at every reading: every operator run looks slow, batches shrink
    // to single steps.
    let t = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (t += 20));
    const small = await run();
    vi.restoreAllMocks();
    expect(small.stats!.samples.totalQueryableSamples).toBe(large);
    expect(large).toBeGreaterThan(0);
  });
});
