// Native histograms in MemoryStorage: windows, mixed series, validation, and the counter-reset
// hints a Prometheus TSDB reads back (its chunk rules, emulated).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MemoryStorage } from '../../src/storage/memory.js';
import { loadTestSeries } from '../../src/storage/load-series.js';
import { labelsFrom } from '../../src/storage/labels.js';
import { parseHistogram } from '../../src/histogram/literal.js';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';
import type { CounterResetHint } from '../../src/histogram/types.js';
import { TEST_STORAGE_CHUNK_RANGE_MS } from '../../src/storage/histogram-chunks.js';
import { checkSeries, StoredView } from '../../src/storage/contract.js';
import { STALE_NAN } from '../../src/storage/stale.js';
import { Engine } from '../../src/eval/engine.js';
import { DataError } from '../../src/errors.js';

const ALL = { matchers: [{ name: '__name__', op: '=~' as const, value: '.+' }], start: -1e15, end: 1e15 };

function hints(text: string, storage = new MemoryStorage()): string[] {
  loadTestSeries(storage, `load 1m\n${text}`);
  const [s] = storage.select(ALL);
  return [...(s.histograms?.values ?? [])].map((h) => h.counterResetHint);
}

describe('histogram samples in MemoryStorage', () => {
  it('returns the histograms of the window beside the floats, timestamps disjoint', () => {
    const st = new MemoryStorage();
    loadTestSeries(st, 'load 1m\n  m 1 {{count:1}} 2 {{count:2}}x1 stale {{count:5}}');
    const [s] = st.select({ ...ALL, start: 60_000, end: 180_000 });
    expect([...s.timestamps]).toEqual([120_000]);
    expect([...s.histograms!.timestamps]).toEqual([60_000, 180_000]);
    expect(s.histograms!.values.map((h) => h.count)).toEqual([1, 2]);
    expect(checkSeries([s])).toEqual([s]);
    const [none] = st.select({ ...ALL, start: 120_000, end: 120_000 });
    expect(none.histograms).toBeUndefined();
  });

  it('hands out one histograms object per window until the series changes', () => {
    const st = new MemoryStorage();
    for (let i = 0; i < 5; i++) st.appendHistogram({ __name__: 'h' }, i * 60_000, { count: i + 1, sum: i });
    const view = (start: number, end: number) => st.select({ ...ALL, start, end })[0].histograms!;
    const a = view(0, 240_000);
    // The same window again: the same object; another window: another one.
    expect(view(0, 240_000)).toBe(a);
    const b = view(60_000, 120_000);
    expect(b).not.toBe(a);
    expect(b.values.map((h) => h.count)).toEqual([2, 3]);
    // An append, even after the window, makes a new one; what was handed out is left as it was.
    st.appendHistogram({ __name__: 'h' }, 300_000, { count: 9, sum: 9 });
    const c = view(60_000, 120_000);
    expect(c).not.toBe(b);
    expect(c.values.map((h) => h.count)).toEqual([2, 3]);
    // An append out of order that lands inside the window.
    st.appendHistogram({ __name__: 'h' }, 90_000, { count: 7, sum: 7 });
    expect(view(60_000, 120_000).values.map((h) => h.count)).toEqual([2, 7, 3]);
    expect([...view(60_000, 120_000).timestamps]).toEqual([60_000, 90_000, 120_000]);
    expect(b.values.map((h) => h.count)).toEqual([2, 3]);
    // A float at a histogram's timestamp, out of order: the histogram there is dropped.
    st.append({ __name__: 'h' }, 90_000, 1);
    expect([...view(60_000, 120_000).timestamps]).toEqual([60_000, 120_000]);
  });

  it('says whether its histograms may hold staleness markers', async () => {
    const st = new MemoryStorage();
    st.appendHistogram({ __name__: 'h' }, 0, { count: 1, sum: 1 });
    st.appendHistogram({ __name__: 'g' }, 0, { count: 1, sum: 1 });
    st.appendHistogram({ __name__: 'g' }, 60_000, { count: 0, sum: STALE_NAN });
    const flags = st.select({ ...ALL, start: 0, end: 60_000 }).map((s) => [s.labels[0].value, (s as StoredView).histogramsWithoutMarkers]);
    expect(flags).toEqual([['g', false], ['h', true]]);
    // The marker ends g at 60 s; h is still within the lookback at 90 s.
    const r = await new Engine({ storage: st }).instantQuery('{__name__=~"g|h"}', 90_000);
    expect(r.result.map((x) => ('labels' in x ? x.labels[0].value : ''))).toEqual(['h']);
  });

  it('selects a series whose only samples in the window are histograms', () => {
    const st = new MemoryStorage();
    st.appendHistogram({ __name__: 'h' }, 10, parseHistogram('{{count:1 buckets:[1]}}'));
    expect(st.select({ ...ALL, start: 5, end: 15 })).toHaveLength(1);
    expect(st.select({ ...ALL, start: 11, end: 15 })).toHaveLength(0);
  });

  it('keeps the first sample at a timestamp, a float over a histogram', () => {
    const st = new MemoryStorage();
    const l = labelsFrom({ __name__: 'm' });
    st.appendHistogram(l, 10, parseHistogram('{{count:1}}'));
    st.appendHistogram(l, 10, parseHistogram('{{count:2}}'));
    st.appendHistogram(l, 20, parseHistogram('{{count:3}}'));
    st.append(l, 20, 7);
    const [s] = st.select(ALL);
    expect(s.histograms!.values.map((h) => h.count)).toEqual([1]);
    expect([...s.values]).toEqual([7]);
    // Appended in order but for the repeated timestamp, and nothing after it.
    const again = new MemoryStorage();
    again.appendHistogram(l, 10, parseHistogram('{{count:1}}'));
    again.appendHistogram(l, 20, parseHistogram('{{count:2}}'));
    again.appendHistogram(l, 20, parseHistogram('{{count:3}}'));
    expect(again.select(ALL)[0].histograms!.values.map((h) => [h.count, h.counterResetHint])).toEqual([[1, 'unknown'], [2, 'not_reset']]);
  });

  it('gives a histogram whose hint it changes as another object, leaving the appended one as it was', () => {
    const st = new MemoryStorage();
    const h = parseHistogram('{{count:1 counter_reset_hint:reset}}');
    st.appendHistogram({ __name__: 'm' }, 0, h);
    const [s] = st.select(ALL);
    expect(s.histograms!.values[0]).not.toBe(h);
    expect(h.counterResetHint).toBe('reset');
  });

  it('never changes a histogram it handed out when an append out of order changes its hint', () => {
    const st = new MemoryStorage();
    const l = { __name__: 'm' };
    st.appendHistogram(l, 60_000, parseHistogram('{{count:5 buckets:[5]}}'));
    st.appendHistogram(l, 120_000, parseHistogram('{{count:6 buckets:[6]}}'));
    const held = st.select(ALL)[0].histograms!.values[1];
    expect(held.counterResetHint).toBe('not_reset');
    // Count 10 before 6: a reset, so the sample at 120 s now starts a chunk.
    st.appendHistogram(l, 90_000, parseHistogram('{{count:10 buckets:[10]}}'));
    const now = st.select(ALL)[0].histograms!.values[2];
    expect(now.counterResetHint).toBe('unknown');
    expect(now).not.toBe(held);
    expect(held.counterResetHint).toBe('not_reset');
  });

  it('reads hints back again from the hints appended, not from those read back before', () => {
    const st = new MemoryStorage();
    const l = { __name__: 'm' };
    const read = () => st.select(ALL)[0].histograms!.values.map((h) => h.counterResetHint);
    st.appendHistogram(l, 60_000, parseHistogram('{{count:1 buckets:[1]}}'));
    st.appendHistogram(l, 120_000, parseHistogram('{{count:2 buckets:[2] counter_reset_hint:reset}}'));
    st.appendHistogram(l, 180_000, parseHistogram('{{count:3 buckets:[3]}}'));
    // The appended reset cuts a chunk; the stored histogram then carries `unknown`.
    expect(read()).toEqual(['unknown', 'unknown', 'not_reset']);
    const before = st.select(ALL)[0].histograms!.values[1];
    // An earlier sample out of order: read back again, the appended reset still cuts its chunk.
    st.appendHistogram(l, 30_000, parseHistogram('{{count:1 buckets:[1]}}'));
    expect(read()).toEqual(['unknown', 'not_reset', 'unknown', 'not_reset']);
    expect(st.select(ALL)[0].histograms!.values[2]).toBe(before);
    // A later float then histogram: a new chunk, earlier hints unchanged.
    st.append(l, 240_000, 5);
    st.appendHistogram(l, 300_000, parseHistogram('{{count:4 buckets:[4]}}'));
    expect(read()).toEqual(['unknown', 'not_reset', 'unknown', 'not_reset', 'unknown']);
  });

  it.each([
    ['{{schema:9}}', /invalid schema.*got schema 9/],
    ['{{buckets:[1 -1]}}', /bucket number 2 has observation count of -1/],
    ['{{schema:-53 custom_values:[2 1] buckets:[1]}}', /strictly increasing/],
  ])('refuses %s as a TSDB does, at its line', (lit, message) => {
    const st = new MemoryStorage();
    const err = (() => {
      try {
        loadTestSeries(st, `load 1m\n  ok 1\n  m 1 ${lit}`, { file: 'f.series' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(/^f\.series:3:3: invalid native histogram: /);
    expect((err as Error).message).toMatch(message);
    expect(st.size).toBe(0);
    expect(() => st.appendHistogram({ __name__: 'm' }, 0, parseHistogram(lit))).toThrow(message);
  });
});

describe('counter-reset hints as a TSDB reads them back', () => {
  it('first sample of a chunk unknown, later ones not_reset', () => {
    expect(hints('m {{count:1}} {{count:2}} {{count:3}}')).toEqual(['unknown', 'not_reset', 'not_reset']);
  });

  it('a lower count, zero count or bucket, or a bucket gone, starts a chunk', () => {
    expect(hints('m {{count:5}} {{count:4}} {{count:6}}')).toEqual(['unknown', 'unknown', 'not_reset']);
    expect(hints('m {{z_bucket:2 count:2}} {{z_bucket:1 count:3}}')).toEqual(['unknown', 'unknown']);
    expect(hints('m {{count:3 buckets:[1 2]}} {{count:3 buckets:[2 1]}}')).toEqual(['unknown', 'unknown']);
    expect(hints('m {{count:1 buckets:[1] offset:1}} {{count:2 buckets:[2]}}')).toEqual(['unknown', 'unknown']);
    // An empty bucket may go, a new one may come.
    expect(hints('m {{count:1 buckets:[0 1]}} {{count:2 buckets:[2] offset:1}} {{count:4 buckets:[2 2] offset:1}}')).toEqual(['unknown', 'not_reset', 'not_reset']);
  });

  it('an explicit reset starts a chunk but reads back unknown; other written hints are ignored', () => {
    expect(hints('m {{count:1}} {{count:2 counter_reset_hint:reset}} {{count:3 counter_reset_hint:unknown}}')).toEqual(['unknown', 'unknown', 'not_reset']);
    expect(hints('m {{count:1 counter_reset_hint:not_reset}} {{count:0 counter_reset_hint:not_reset}}')).toEqual(['unknown', 'unknown']);
  });

  it('schema, zero threshold and custom bounds changes start a chunk', () => {
    expect(hints('m {{schema:1 count:1}} {{schema:0 count:2}}')).toEqual(['unknown', 'unknown']);
    expect(hints('m {{z_bucket_w:0.1 count:1}} {{z_bucket_w:0.2 count:2}}')).toEqual(['unknown', 'unknown']);
    expect(hints('m {{schema:-53 custom_values:[1] count:1}} {{schema:-53 custom_values:[2] count:2}} {{schema:-53 custom_values:[2] count:3}}'))
      .toEqual(['unknown', 'unknown', 'not_reset']);
  });

  it('gauge chunks read gauge; a change between gauge and counter starts a chunk', () => {
    expect(hints('m {{count:5 counter_reset_hint:gauge}} {{count:1 counter_reset_hint:gauge}} {{count:2}} {{count:3 counter_reset_hint:gauge}}'))
      .toEqual(['gauge', 'gauge', 'unknown', 'gauge']);
  });

  it('a staleness marker or a float between histograms starts a chunk', () => {
    expect(hints('m {{count:1}} stale {{count:2}} {{count:3}}')).toEqual(['unknown', 'unknown', 'not_reset']);
    expect(hints('m {{count:1}} 5 {{count:2}}')).toEqual(['unknown', 'unknown']);
    // An omitted point is no sample at all.
    expect(hints('m {{count:1}} _ {{count:2}}')).toEqual(['unknown', 'not_reset']);
  });

  it('a chunk ends with its chunk range: 2h on a server, 24h in the test storage', () => {
    const line = 'm {{count:1}}+{{count:1}}x200';
    const server = hints(line);
    expect(server.flatMap((h, i) => (h === 'unknown' ? [i] : []))).toEqual([0, 120]);
    const test = hints(line, new MemoryStorage({ histogramChunkRangeMs: TEST_STORAGE_CHUNK_RANGE_MS }));
    expect(test.flatMap((h, i) => (h === 'unknown' ? [i] : []))).toEqual([0]);
  });

  it('hints follow time order even when appended out of order', () => {
    const st = new MemoryStorage();
    const l = labelsFrom({ __name__: 'm' });
    st.appendHistogram(l, 30, new FloatHistogram({ count: 3 }));
    st.appendHistogram(l, 10, new FloatHistogram({ count: 1 }));
    st.appendHistogram(l, 20, new FloatHistogram({ count: 2 }));
    const [s] = st.select(ALL);
    expect(s.histograms!.values.map((h) => [h.count, h.counterResetHint])).toEqual([[1, 'unknown'], [2, 'not_reset'], [3, 'not_reset']]);
  });
});

describe('read-back hints agree with PromQL\'s reset detection', () => {
  // Two independent rules: the TSDB's chunk cutting (histogram-chunks.ts) and PromQL's
  // DetectReset (histogram/detect-reset.ts). Inside a chunk there is never a reset.
  const h = fc.record({
    schema: fc.integer({ min: 0, max: 2 }),
    zeroCount: fc.integer({ min: 0, max: 3 }),
    offset: fc.integer({ min: -2, max: 2 }),
    buckets: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
  }).map((r) => new FloatHistogram({
    schema: r.schema, zeroCount: r.zeroCount, count: r.zeroCount + r.buckets.reduce((a, b) => a + b, 0),
    positiveSpans: [{ offset: r.offset, length: r.buckets.length }], positiveBuckets: r.buckets,
  }));

  // Several spans, gaps between them, zero counts: layouts that differ from sample to sample.
  const multi = fc.record({
    schema: fc.integer({ min: 0, max: 1 }),
    zeroCount: fc.integer({ min: 0, max: 2 }),
    first: fc.integer({ min: -3, max: 3 }),
    spans: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 2 }), buckets: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }) }), { minLength: 1, maxLength: 3 }),
  }).map((r) => {
    const buckets = r.spans.flatMap((x) => x.buckets);
    return new FloatHistogram({
      schema: r.schema, zeroCount: r.zeroCount, count: r.zeroCount + buckets.reduce((a, b) => a + b, 0),
      positiveSpans: r.spans.map((x, i) => ({ offset: i === 0 ? r.first + x.gap : x.gap, length: x.buckets.length })), positiveBuckets: buckets,
    });
  });

  it('within a schema, a sample reads not_reset exactly when it is no reset after the one before it', () => {
    fc.assert(fc.property(fc.array(multi, { minLength: 2, maxLength: 8 }), (hs) => {
      const st = new MemoryStorage();
      hs.forEach((x, i) => st.appendHistogram({ __name__: 'm' }, i * 1000, x));
      const got = st.select(ALL)[0].histograms!.values;
      for (let i = 1; i < got.length; i++) {
        if (hs[i].schema !== hs[i - 1].schema) continue;
        expect(got[i].counterResetHint).toBe(hs[i].detectReset(hs[i - 1]) ? 'unknown' : 'not_reset');
      }
    }), { numRuns: 500 });
  });

  it('a series appended in time order reads back the hints of the same samples appended in any order', () => {
    // In order, each hint is found as the sample comes; out of order, in one pass at read time.
    const sample = fc.oneof(
      { weight: 6, arbitrary: fc.record({ h: multi, hint: fc.constantFrom<CounterResetHint>('unknown', 'unknown', 'reset', 'not_reset', 'gauge') }) },
      { weight: 1, arbitrary: fc.record({ v: fc.constantFrom(1, 2, NaN), stale: fc.boolean() }) },
    );
    fc.assert(fc.property(fc.array(sample, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), fc.boolean(), (xs, keys, batch) => {
      // Minutes apart, some more than a chunk range (2h) apart.
      const times = xs.map((_, i) => (i + 1) * 60_000 + (i > 6 ? 3 * 3600_000 : 0));
      const append = (st: MemoryStorage, i: number) => {
        const x = xs[i];
        if ('h' in x) st.appendHistogram({ __name__: 'm' }, times[i], new FloatHistogram({ ...x.h, counterResetHint: x.hint }));
        else if (batch && !x.stale) st.appendFloats({ __name__: 'm' }, [times[i]], [x.v]);
        else st.append({ __name__: 'm' }, times[i], x.v, x.stale);
      };
      const inOrder = new MemoryStorage();
      xs.forEach((_, i) => append(inOrder, i));
      const shuffled = new MemoryStorage();
      xs.map((_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b).forEach((i) => append(shuffled, i));
      const read = (st: MemoryStorage) => st.select(ALL)[0]?.histograms?.values.map((h) => h.counterResetHint) ?? [];
      expect(read(inOrder)).toEqual(read(shuffled));
    }), { numRuns: 400 });
  });

  it('a sample that reads not_reset is no reset after the one before it', () => {
    fc.assert(fc.property(fc.array(h, { minLength: 2, maxLength: 8 }), (hs) => {
      const st = new MemoryStorage();
      hs.forEach((x, i) => st.appendHistogram({ __name__: 'm' }, i * 1000, x));
      const got = st.select(ALL)[0].histograms!.values;
      for (let i = 1; i < got.length; i++) {
        if (got[i].counterResetHint === 'not_reset') expect(hs[i].detectReset(hs[i - 1])).toBe(false);
        else expect(got[i].counterResetHint).toBe('unknown');
      }
    }));
  });
});
