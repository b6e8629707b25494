// Limits that hold: timeouts and cancellation inside evaluation, a host event loop that keeps
// running, the sample limit counting samples held at once, and typed errors for extreme input.
import { describe, expect, it } from 'vitest';
import {
  CancelledError, Engine, LimitError, MemoryStorage, OptionsError, PromQLError, StorageError, type Storage,
} from '../../src/index.js';

/** n series of one sample a minute over a day. */
function heavyStorage(n: number): MemoryStorage {
  const s = new MemoryStorage();
  for (let i = 0; i < n; i++) {
    const samples = Array.from({ length: 1440 }, (_, j) => ({ t: j * 60_000, v: (i * 7 + j * 13) % 1000 }));
    s.add({ __name__: 'm', i: String(i) }, samples);
  }
  return s;
}

const storage = heavyStorage(300);
// A variance over a day of samples per window and step: many seconds of work for 2,000 steps.
const SLOW = ['stdvar_over_time(m[1d])', 0, 2000 * 60_000, 60_000] as const;

/** Runs `work` while a 10 ms ticker measures the longest wait between its ticks. */
async function withTicker<T>(work: () => Promise<T>): Promise<{ value?: T; error?: unknown; maxGap: number; ms: number }> {
  let last = performance.now();
  let maxGap = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 10);
  const t0 = performance.now();
  try {
    return { value: await work(), maxGap, ms: performance.now() - t0 };
  } catch (error) {
    return { error, maxGap, ms: performance.now() - t0 };
  } finally {
    clearInterval(tick);
  }
}

describe('timeouts and cancellation', () => {
  it('a long query with a 200 ms timeout rejects with LimitError within 300 ms', { retry: 2 }, async () => {
    const engine = new Engine({ storage, timeoutMs: 200 });
    const r = await withTicker(() => engine.rangeQuery(...SLOW));
    expect(r.error).toBeInstanceOf(LimitError);
    expect((r.error as LimitError).kind).toBe('timeout');
    expect((r.error as Error).message).toBe('query timed out in expression evaluation');
    expect(r.ms).toBeLessThan(300);
  });

  // Wall-clock measurements: retried, since another process on a busy machine can deschedule ours.
  it('a ticker every 10 ms keeps ticking (no wait over 50 ms) during a 2 s query', { retry: 2 }, async () => {
    const engine = new Engine({ storage, timeoutMs: 2000 });
    const r = await withTicker(() => engine.rangeQuery(...SLOW));
    expect(r.error).toBeInstanceOf(LimitError);
    expect(r.ms).toBeGreaterThanOrEqual(1900);
    expect(r.maxGap).toBeLessThan(50);
  });

  it('an AbortController aborted from a timer cancels the query', { retry: 2 }, async () => {
    const engine = new Engine({ storage });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const r = await withTicker(() => engine.rangeQuery(...SLOW, { signal: controller.signal }));
    expect(r.error).toBeInstanceOf(CancelledError);
    expect((r.error as Error).message).toBe('query was canceled in expression evaluation');
    expect(r.ms).toBeLessThan(300);
  });

  it('timeouts of any size work, and no timer outlives the query', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((x) => x === 'Timeout').length;
    const before = timers();
    for (const timeoutMs of [2 ** 31, 2 ** 32 + 5, Infinity, 0.5e3]) {
      const r = await new Engine({ storage, timeoutMs }).instantQuery('count(m)', 60_000);
      expect(r.result).toEqual([expect.objectContaining({ value: 300 })]);
    }
    expect(timers()).toBe(before);
  });

  it('a storage that never settles fails at the deadline, not never', async () => {
    const stuck: Storage = { select: () => new Promise(() => {}) };
    const t0 = performance.now();
    const p = new Engine({ storage: stuck, timeoutMs: 100 }).instantQuery('up', 0);
    await expect(p).rejects.toThrow('query timed out in query preparation');
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('the sample limit counts the samples held at once', () => {
  const small = new MemoryStorage();
  for (let i = 0; i < 100; i++) small.add({ __name__: 'x', i: String(i) }, Array.from({ length: 101 }, (_, j) => ({ t: j * 60_000, v: j })));

  it('a query whose total exceeds maxSamples but whose peak does not succeeds', async () => {
    // 100 + 100 selected samples in all, but the first side's are released once summed.
    const two = new MemoryStorage();
    for (let i = 0; i < 100; i++) {
      two.add({ __name__: 'a', i: String(i) }, [{ t: 0, v: 1 }]);
      two.add({ __name__: 'b', i: String(i) }, [{ t: 0, v: 2 }]);
    }
    const engine = new Engine({ storage: two, maxSamples: 150 });
    const r = await engine.instantQuery('sum(a) + sum(b)', 0);
    expect(r.result).toEqual([expect.objectContaining({ value: 300 })]);
    expect(r.stats!.samples.peakSamples).toBeLessThanOrEqual(150);
    expect(r.stats!.samples.totalQueryableSamples).toBe(200);
    await expect(new Engine({ storage: two, maxSamples: 99 }).instantQuery('sum(a) + sum(b)', 0)).rejects.toBeInstanceOf(LimitError);
  });

  it('a result larger than maxSamples fails with Prometheus\'s message', async () => {
    const engine = new Engine({ storage: small, maxSamples: 5000 });
    await expect(engine.rangeQuery('x', 0, 100 * 60_000, 60_000))
      .rejects.toThrow('query processing would load too many samples into memory in query execution');
  });

  it('constants and subquery results count: a 1 ms subquery over a day fails fast', async () => {
    const engine = new Engine({ storage: small, maxSamples: 1_000_000 });
    const t0 = performance.now();
    await expect(engine.instantQuery('count_over_time(vector(1)[1d:1ms])', 86_400_000)).rejects.toBeInstanceOf(LimitError);
    expect(performance.now() - t0).toBeLessThan(3000);
    await expect(engine.rangeQuery('1', 0, 2_000_000, 1)).rejects.toBeInstanceOf(LimitError);
  });

  it('stats report peak and queryable samples', async () => {
    const r = await new Engine({ storage: small }).instantQuery('sum(rate(x[5m]))', 6_000_000);
    expect(r.stats!.samples.totalQueryableSamples).toBe(100 * 5);
    expect(r.stats!.samples.peakSamples).toBeGreaterThanOrEqual(100 * 5);
    expect(r.stats!.timings.evalTotalTime).toBeGreaterThan(0);
  });
});

describe('every failure is a rejected promise with a typed error', () => {
  const engine = new Engine({ storage: new MemoryStorage() });
  it.each([
    ['a grid too large', () => engine.rangeQuery('up', 0, 1e12, 1), OptionsError],
    ['a time beyond the representable range', () => engine.instantQuery('up', 1e300), OptionsError],
    ['a fractional time', () => engine.instantQuery('up', 0.5), OptionsError],
    ['end before start', () => engine.rangeQuery('up', 10, 0, 1), OptionsError],
    ['a zero step', () => engine.rangeQuery('up', 0, 10, 0), OptionsError],
    ['a negative lookback override', () => engine.instantQuery('up', 0, { lookbackDeltaMs: -1 }), OptionsError],
  ])('%s', async (_, run, type) => {
    let p: Promise<unknown> | undefined;
    expect(() => (p = run())).not.toThrow();
    await expect(p).rejects.toBeInstanceOf(type);
    await expect(p).rejects.toBeInstanceOf(PromQLError);
  });

  it('a storage that breaks its contract fails as a StorageError naming the breach', async () => {
    const broken: Storage = { select: () => [{ labels: [{ name: '__name__', value: 'up' }], timestamps: [2, 1], values: [1, 1] }] };
    const p = new Engine({ storage: broken }).instantQuery('up', 5);
    await expect(p).rejects.toBeInstanceOf(StorageError);
    await expect(p).rejects.toThrow(/ascending|increasing|order/);
  });

  it.each([
    [{ lookbackDeltaMs: -1 }], [{ lookbackDeltaMs: NaN }], [{ maxSamples: NaN }], [{ defaultSubqueryStepMs: 0 }], [{ timeoutMs: -5 }],
  ])('engine options %j are refused', (bad) => {
    expect(() => new Engine({ storage: new MemoryStorage(), ...bad })).toThrow(OptionsError);
  });
});

describe('memory follows the points present', () => {
  it('50,000 series of one sample each over 11,000 steps stay small', async () => {
    const churn = new MemoryStorage();
    for (let i = 0; i < 50_000; i++) churn.add({ __name__: 'c', id: String(i) }, [{ t: Math.floor((i * 11_000) / 50_000) * 15_000, v: i }]);
    const engine = new Engine({ storage: churn });
    const r = await engine.rangeQuery('c', 0, 10_999 * 15_000, 15_000);
    expect(r.result).toHaveLength(50_000);
    // Each series is present for the 20 steps of its lookback: about a million points, held once.
    expect(r.stats!.samples.peakSamples).toBeLessThan(2_000_000);
  });
});

describe('evaluation errors carry the position of their expression', () => {
  const data = new MemoryStorage();
  data.add({ __name__: 'up', job: 'a', instance: 'x' }, [{ t: 0, v: 1 }]);
  data.add({ __name__: 'up', job: 'b', instance: 'x' }, [{ t: 0, v: 1 }]);
  data.add({ __name__: 'other', job: 'a', instance: 'x' }, [{ t: 0, v: 1 }]);
  const engine = new Engine({ storage: data });
  it.each([
    ['1 + label_replace(up, "job", "x", "job", "(")', 'label_replace(up, "job", "x", "job", "(")'],
    ['sum(up) + label_replace(up, "job", "", "job", ".*")', 'label_replace(up, "job", "", "job", ".*")'],
    ['abs(-up) or ln(sum without (job) (up) * on (instance) up)', 'sum without (job) (up) * on (instance) up'],
    ['sum(up) + ln({instance="x", job="a"})', 'ln({instance="x", job="a"})'],
  ])('%s', async (query, where) => {
    const err = await engine.instantQuery(query, 0).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(PromQLError);
    const pos = (err as PromQLError).pos!;
    expect(query.slice(pos.start, pos.end)).toBe(where);
  });
});

describe('select hints', () => {
  it('carry the step, range, enclosing function or aggregation and its grouping, as Prometheus fills them', async () => {
    const seen: { matchers: string; hints: unknown }[] = [];
    const recording: Storage = {
      select: (req) => {
        seen.push({ matchers: req.matchers.map((m) => `${m.name}${m.op}${m.value}`).join(','), hints: req.hints });
        return [];
      },
    };
    await new Engine({ storage: recording }).rangeQuery('sum by (job) (a) + rate(b[5m]) * max without (x) (rate(c[1m]))', 0, 60_000, 15_000);
    const byName = Object.fromEntries(seen.map((s) => [s.matchers, s.hints]));
    expect(byName['__name__=a']).toEqual({ step: 15_000, range: 0, func: 'sum', by: true, grouping: ['job'] });
    expect(byName['__name__=b']).toEqual({ step: 15_000, range: 300_000, func: 'rate' });
    // A selector under a function under an aggregation: the function is the innermost, no grouping.
    expect(byName['__name__=c']).toEqual({ step: 15_000, range: 60_000, func: 'rate' });
  });
});
