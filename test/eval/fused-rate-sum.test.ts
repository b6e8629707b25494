// `sum(rate(h[…]))` and `sum(increase(h[…]))` over native histograms take a fused path that adds
// each window's increase straight into its group's sum. Whatever the input (counter resets,
// schema changes, custom buckets, floats and staleness markers among the histograms, gaps,
// gauge hints, several groups), the fused path must give the general path's result bit for bit,
// with the same warnings and infos in the same order.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Engine } from '../../src/eval/engine.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';
import { toPrometheusJSON, type QueryResult } from '../../src/eval/result.js';
import { setRateSumFusion } from '../../src/eval/aggregate/fused-rate-sum.js';
import { setIncreaseRows } from '../../src/histogram/increase-rows.js';
import type { CounterResetHint } from '../../src/histogram/types.js';

type Sample =
  | { kind: 'h'; layout: number; zt: boolean; hint: CounterResetHint; offset: number; buckets: number[]; neg: number[]; zero: number; sum: number }
  | { kind: 'f'; v: number }
  | { kind: 'stale' }
  | { kind: 'gap' };

/** Counts: mostly small integers, some fractions and some large enough for the compensation to matter. */
const count = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 1000 }).map((x) => x / 7) },
  { weight: 1, arbitrary: fc.constantFrom(1e16, 3e15, 0.1, 1e-3) },
);

const histogram = fc.record({
  kind: fc.constant('h' as const),
  // 0: schema 3 (most), 1: schema 1, 2: custom buckets.
  layout: fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(2) }),
  zt: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  hint: fc.oneof({ weight: 12, arbitrary: fc.constant('unknown' as CounterResetHint) }, { weight: 1, arbitrary: fc.constantFrom<CounterResetHint>('gauge', 'reset', 'not_reset') }),
  offset: fc.integer({ min: -3, max: 3 }),
  buckets: fc.array(count, { minLength: 0, maxLength: 6 }),
  neg: fc.oneof({ weight: 4, arbitrary: fc.constant([] as number[]) }, { weight: 1, arbitrary: fc.array(count, { maxLength: 3 }) }),
  zero: count,
  sum: count,
});

const sample: fc.Arbitrary<Sample> = fc.oneof(
  { weight: 20, arbitrary: histogram },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('f' as const), v: count }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'stale' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'gap' as const }) },
);

/** A counter-like run: each histogram adds to the previous one's buckets unless it restarts. */
const series = fc.record({
  job: fc.constantFrom('a', 'b', 'c'),
  samples: fc.array(sample, { minLength: 0, maxLength: 30 }),
  grow: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
  // A steady layout (the same buckets at every sample): windows whose ends share span arrays.
  steady: fc.boolean(),
});

/** A sample in the steady layout: offset 0, five positive buckets, one negative. */
function steadied(x: Sample): Sample {
  if (x.kind !== 'h') return x;
  const buckets = [...x.buckets, 1, 2, 3, 4, 5].slice(0, 5);
  return { ...x, offset: 0, buckets, neg: [x.neg[0] ?? 1] };
}

function histogramOf(s: Extract<Sample, { kind: 'h' }>, prev: number[] | undefined, grow: boolean): FloatHistogram {
  const buckets = s.buckets.map((b, i) => (grow && prev && i < prev.length ? prev[i] + b : b));
  const custom = s.layout === 2;
  const total = buckets.reduce((a, b) => a + b, 0) + s.neg.reduce((a, b) => a + b, 0) + (custom ? 0 : s.zero);
  return new FloatHistogram({
    schema: custom ? -53 : s.layout === 1 ? 1 : 3,
    customValues: custom ? [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500] : undefined,
    zeroThreshold: custom ? 0 : s.zt ? 0.01 : 1e-128,
    zeroCount: custom ? 0 : s.zero,
    count: total,
    sum: s.sum,
    counterResetHint: s.hint,
    positiveSpans: buckets.length ? [{ offset: custom ? Math.max(0, s.offset) : s.offset, length: buckets.length }] : [],
    positiveBuckets: buckets,
    negativeSpans: !custom && s.neg.length ? [{ offset: s.offset, length: s.neg.length }] : [],
    negativeBuckets: custom ? [] : s.neg.slice(),
  });
}

/**
 * Only what the fused path takes (exponential histograms, gaps): floats and staleness markers
 * become gaps, custom buckets schema 3.
 */
function fusableOnly(samples: Sample[]): Sample[] {
  return samples.map((x) => (x.kind === 'h' ? { ...x, layout: x.layout === 2 ? 0 : x.layout } : { kind: 'gap' as const }));
}

function load(all: { job: string; samples: Sample[]; grow: boolean[]; steady: boolean }[], clean: boolean): MemoryStorage {
  const storage = new MemoryStorage();
  all.forEach((s1, i) => {
    const s0 = s1.steady ? { ...s1, samples: s1.samples.map(steadied) } : s1;
    const s = clean ? { ...s0, samples: fusableOnly(s0.samples) } : s0;
    const labels = { __name__: 'm', job: s.job, i: String(i) };
    let prev: number[] | undefined;
    s.samples.forEach((x, k) => {
      const t = 15_000 * (k + 1);
      if (x.kind === 'h') {
        const h = histogramOf(x, prev, s.grow[k]);
        prev = h.positiveBuckets.slice();
        storage.appendHistogram(labels, t, h);
      } else if (x.kind === 'f') storage.append(labels, t, x.v);
      else if (x.kind === 'stale') storage.append(labels, t, NaN, true);
    });
  });
  return storage;
}

const QUERIES = [
  'sum(rate(m[1m]))',
  'sum by (job) (increase(m[2m]))',
  'sum without (i) (rate(m[45s]))',
  'histogram_sum(sum by (job) (rate(m[1m])))',
];

/** A query's answer (data, warnings and infos as text) or its error, with the fusion on or off. */
async function answer(fused: boolean, query: () => Promise<QueryResult>): Promise<string> {
  const was = setRateSumFusion(fused);
  try {
    const r = await query();
    return JSON.stringify({ data: toPrometheusJSON(r), warnings: r.warnings.map((a) => a.text), infos: r.infos.map((a) => a.text) }, (_k, v: unknown) => (Object.is(v, -0) ? '-0' : v));
  } catch (err) {
    return `error: ${(err as Error).message}`;
  } finally {
    setRateSumFusion(was);
  }
}

function run(storage: MemoryStorage, query: string, fused: boolean, step: number): Promise<string> {
  return answer(fused, () => new Engine({ storage }).rangeQuery(query, 0, 480_000, step));
}

/** An instant query at 300 s: its groups come in the order the fold makes them (not sorted by labels). */
function instant(storage: MemoryStorage, query: string, fused: boolean): Promise<string> {
  return answer(fused, () => new Engine({ storage }).instantQuery(query, 300_000));
}

describe('histogram rates from rows', () => {
  // A window without a counter reset takes its increase from the series' rows of counts, fused
  // into a sum or not; every other window goes the per-window way. Both give the same bits.
  const ROW_QUERIES = [...QUERIES, 'rate(m[1m])', 'increase(m[2m])', 'histogram_quantile(0.5, rate(m[45s]))', 'histogram_count(increase(m[1m]))'];

  async function withRows(storage: MemoryStorage, query: string, rows: boolean, step: number): Promise<string> {
    const was = setIncreaseRows(rows);
    try {
      return await run(storage, query, true, step);
    } finally {
      setIncreaseRows(was);
    }
  }

  test('give the per-window result, bit for bit, with the same annotations', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(series, { minLength: 1, maxLength: 4 }), fc.constantFrom(...ROW_QUERIES), fc.constantFrom(15_000, 20_000, 60_000), fc.boolean(),
      async (all, query, step, clean) => {
        const storage = load(all, clean);
        expect(await withRows(storage, query, true, step)).toBe(await withRows(storage, query, false, step));
      },
    ), { numRuns: 300 });
  });
});

describe('fused sum of histogram rates', () => {
  test('gives the general path result, bit for bit, with the same annotations', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(series, { minLength: 1, maxLength: 5 }), fc.constantFrom(...QUERIES), fc.constantFrom(15_000, 20_000, 60_000),
      // Mostly inputs the fused path takes; the rest send it to the general path.
      fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      async (all, query, step, clean) => {
        const storage = load(all, clean);
        expect(await run(storage, query, true, step)).toBe(await run(storage, query, false, step));
      },
    ), { numRuns: 300 });
  });

  test('a counter with resets in two groups: the fused result is the general one', async () => {
    const storage = twoGroups();
    for (const q of QUERIES) {
      const fused = await run(storage, q, true, 15_000);
      if (!q.startsWith('histogram_sum')) expect(fused).toContain('"histogram');
      expect(fused).toBe(await run(storage, q, false, 15_000));
    }
  });

  test('the sample limit stops both paths at the same limit', async () => {
    /** The least maxSamples under which the query runs, fused or not. */
    async function least(storage: MemoryStorage, query: string, fused: boolean): Promise<number> {
      const was = setRateSumFusion(fused);
      try {
        return await leastFor(storage, query);
      } finally {
        setRateSumFusion(was);
      }
    }
    const storage = twoGroups();
    for (const q of QUERIES) {
      const general = await least(storage, q, false);
      expect(general).toBeGreaterThan(100);
      expect(await least(storage, q, true)).toBe(general);
    }
    // Wide histograms whose increases leave gaps (buckets that did not move): each rate histogram
    // weighs by its spans and buckets, on the fused path as on the general one.
    const wide = wideCounters();
    const q = 'sum by (job) (rate(m[1m]))';
    expect(await least(wide, q, true)).toBe(await least(wide, q, false));
    // One bucket per span, a gap after each, every bucket moving: each bucket of an increase is a
    // span of its own, taken from the two histograms (same layout) rather than from rows.
    const gappy = gappyCounters();
    expect(await least(gappy, q, true)).toBe(await least(gappy, q, false));
  });
});

/** The least maxSamples under which `query` runs over `storage`. */
async function leastFor(storage: MemoryStorage, query: string): Promise<number> {
  let lo = 1;
  let hi = 1e7;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const failed = await new Engine({ storage, maxSamples: mid }).rangeQuery(query, 0, 480_000, 15_000).then(() => false, () => true);
    if (failed) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counters of 40 buckets in two spans where only every third bucket moves, so that increases have many spans. */
function wideCounters(): MemoryStorage {
  const storage = new MemoryStorage();
  for (let i = 0; i < 3; i++) {
    const buckets = new Array<number>(40).fill(5);
    for (let k = 0; k < 40; k++) {
      for (let b = (k + i) % 3; b < 40; b += 3) buckets[b] += 1 + ((b + k) % 4);
      const count = buckets.reduce((a, x) => a + x, 0);
      storage.appendHistogram({ __name__: 'm', job: i % 2 ? 'a' : 'b', i: String(i) }, 15_000 * (k + 1), new FloatHistogram({
        schema: 3, count, sum: count * 0.25, counterResetHint: 'not_reset',
        positiveSpans: [{ offset: -5, length: 20 }, { offset: 3, length: 20 }], positiveBuckets: buckets.slice(),
      }));
    }
  }
  return storage;
}

/** Three counters of 24 buckets, each in a span of its own after a gap of two, every bucket growing at every scrape. */
function gappyCounters(): MemoryStorage {
  const storage = new MemoryStorage();
  const spans = Array.from({ length: 24 }, (_, k) => ({ offset: k === 0 ? -10 : 2, length: 1 }));
  for (let i = 0; i < 3; i++) {
    const buckets = new Array<number>(24).fill(3);
    for (let k = 0; k < 40; k++) {
      for (let b = 0; b < 24; b++) buckets[b] += 1 + ((b + k + i) % 3);
      const count = buckets.reduce((a, x) => a + x, 0);
      storage.appendHistogram({ __name__: 'm', job: i % 2 ? 'a' : 'b', i: String(i) }, 15_000 * (k + 1), new FloatHistogram({
        schema: 3, count, sum: count * 0.5, counterResetHint: 'not_reset', positiveSpans: spans, positiveBuckets: buckets.slice(),
      }));
    }
  }
  return storage;
}

/** Four counters in two groups, with resets and moving layouts. */
function twoGroups(): MemoryStorage {
  const storage = new MemoryStorage();
  for (let i = 0; i < 4; i++) {
    for (let k = 0; k < 40; k++) {
      const n = (k % 13) + 1 + i;
      storage.appendHistogram({ __name__: 'm', job: i % 2 ? 'a' : 'b', i: String(i) }, 15_000 * (k + 1), new FloatHistogram({
        schema: 3, count: 3 * n + 0.1, sum: n * 1.7, zeroCount: 0.1,
        positiveSpans: [{ offset: k % 3, length: 3 }], positiveBuckets: [n, n, n],
      }));
    }
  }
  return storage;
}

describe('fused sum of float rates', () => {
  type FloatSample = { kind: 'v'; v: number } | { kind: 'reset'; v: number } | { kind: 'nan' } | { kind: 'stale' } | { kind: 'gap' };
  const step = fc.oneof(
    { weight: 12, arbitrary: fc.record({ kind: fc.constant('v' as const), v: count }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const), v: count }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'nan' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'stale' as const }) },
    { weight: 2, arbitrary: fc.constant({ kind: 'gap' as const }) },
  );
  const floatSeries = fc.record({
    // Names the rate's info about counters looks at; `x` and `y_total` also clash once the name is dropped.
    name: fc.constantFrom('x', 'y_total', 'z_count'),
    job: fc.constantFrom('a', 'b'),
    i: fc.integer({ min: 0, max: 2 }),
    samples: fc.array(step, { minLength: 0, maxLength: 34 }),
  });

  /** Counters growing by each sample's value (a reset starts again from it), with NaNs, markers and gaps. */
  function loadFloats(all: { name: string; job: string; i: number; samples: FloatSample[] }[]): MemoryStorage {
    const storage = new MemoryStorage();
    const seen = new Set<string>();
    for (const s of all) {
      const key = `${s.name}/${s.job}/${s.i}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const labels = { __name__: s.name, job: s.job, i: String(s.i) };
      let c = 0;
      s.samples.forEach((x, k) => {
        const t = 15_000 * (k + 1);
        if (x.kind === 'v') storage.append(labels, t, (c += x.v));
        else if (x.kind === 'reset') storage.append(labels, t, (c = x.v));
        else if (x.kind === 'nan') storage.append(labels, t, NaN);
        else if (x.kind === 'stale') storage.append(labels, t, NaN, true);
      });
    }
    return storage;
  }

  const FLOAT_QUERIES = [
    'sum(rate(x[1m]))',
    'sum by (job) (increase(y_total[2m]))',
    'sum without (i) (rate({__name__=~"x|z_count"}[45s]))',
    'sum by (job) (rate({__name__=~"x|y_total"}[1m]))',
    'sum(rate(y_total[1m])) / sum(rate(y_total[2m]))',
    'sum by (i) (increase({__name__=~".+"}[1m] offset 30s))',
  ];

  test('gives the general path result, bit for bit, with the same annotations and errors', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(floatSeries, { minLength: 1, maxLength: 6 }), fc.constantFrom(...FLOAT_QUERIES), fc.constantFrom(15_000, 20_000, 60_000),
      async (all, query, step) => {
        const storage = loadFloats(all);
        expect(await run(storage, query, true, step)).toBe(await run(storage, query, false, step));
        // An instant query's groups come in the order the fold makes them (not sorted by labels).
        expect(await instant(storage, query, true)).toBe(await instant(storage, query, false));
      },
    ), { numRuns: 400 });
  });

  test('groups come in the order of their first series with a rate, as the fold orders them', async () => {
    const storage = new MemoryStorage();
    // The first series (job b) has one sample in the window, hence no rate: job a's group comes first.
    storage.append({ __name__: 'x', job: 'b', i: '0' }, 290_000, 1);
    for (let k = 0; k < 6; k++) {
      storage.append({ __name__: 'x', job: 'a', i: '1' }, 250_000 + k * 10_000, k);
      storage.append({ __name__: 'x', job: 'b', i: '2' }, 250_000 + k * 10_000, 2 * k);
    }
    const fused = await instant(storage, 'sum by (job) (rate(x[1m]))', true);
    expect(fused.indexOf('"job":"a"')).toBeLessThan(fused.indexOf('"job":"b"'));
    expect(fused).toBe(await instant(storage, 'sum by (job) (rate(x[1m]))', false));
  });

  test('counters with resets in two groups: fused, the general result with its info about names; the same sample limit', async () => {
    const storage = new MemoryStorage();
    for (let i = 0; i < 4; i++) {
      for (let k = 0; k < 33; k++) {
        const v = ((k * (i + 3)) % 17) + k * (i + 1) * 0.1;
        storage.append({ __name__: i < 2 ? 'x' : 'y_total', job: i % 2 ? 'a' : 'b', i: String(i) }, 15_000 * (k + 1), v);
      }
    }
    for (const q of ['sum by (job) (rate({__name__=~"x|y_total"}[1m]))', 'sum(increase(x[2m]))']) {
      const fused = await run(storage, q, true, 15_000);
      expect(fused).toContain('metric might not be a counter');
      expect(fused).toBe(await run(storage, q, false, 15_000));
    }
    // The sample limit stops both paths at the same limit.
    const q = 'sum by (job) (rate({__name__=~"x|y_total"}[1m]))';
    const was = setRateSumFusion(false);
    try {
      const general = await leastFor(storage, q);
      setRateSumFusion(true);
      expect(await leastFor(storage, q)).toBe(general);
      expect(general).toBeGreaterThan(10);
    } finally {
      setRateSumFusion(was);
    }
  });
});
