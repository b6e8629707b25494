// A range query's answer, read by its caller across young-generation collections and then dropped,
// must not stay reachable for the young collector. V8 allocates straight in the old generation
// from an allocation site (an object or array literal, `new Array`) whose objects mostly survived
// young collections, as answers do while their caller reads them; answer containers made there
// were old while the arrays they hold were young, and once dropped, kept those arrays alive
// through every minor collection until a full one. (A file of its own: V8 stops watching a site
// once it decided against moving it, so queries run before these would hide the defect.)
import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/eval/engine.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { gc, spaceBytes } from '../support/heap.js';

/**
 * Bytes the old generation gains in two minor collections right after `run` (its answer dropped):
 * what survives two of them is promoted, so a dead answer still reachable for the minor
 * collector shows up whole.
 */
async function promotedAfter(run: () => Promise<unknown>): Promise<number> {
  await run();
  const before = spaceBytes('old_space');
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  return spaceBytes('old_space') - before;
}

/**
 * Runs `run` 25 times, each answer (of `expected` series) alive through two minor collections
 * (what makes V8 take its sites for long-lived), then returns the least the old generation gains
 * in two minor collections after a dropped answer, over three tries.
 */
async function promotedOnceTenured(run: () => Promise<{ result: unknown }>, expected: number): Promise<number> {
  for (let i = 0; i < 25; i++) {
    const r = await run();
    gc({ type: 'minor' });
    gc({ type: 'minor' });
    expect(r.result).toHaveLength(expected);
  }
  const dropped = () => run().then(() => undefined);
  return Math.min(await promotedAfter(dropped), await promotedAfter(dropped), await promotedAfter(dropped));
}

/** A storage of `series` float series `m{instance="i…"}` of `samples` samples each, 15 s apart from 0. */
function floatSeries(series: number, samples: number): MemoryStorage {
  const storage = new MemoryStorage();
  for (let s = 0; s < series; s++) {
    for (let i = 0; i < samples; i++) storage.append({ __name__: 'm', instance: `i${s}` }, i * 15_000, s + i / 7);
  }
  return storage;
}

describe('answers read across collections, then dropped', () => {
  // V8 decides only for a site with at least 100 objects found alive in one collection.
  const series = 200;
  const steps = 300;
  const storage = floatSeries(series, steps);
  for (let s = 0; s < 10; s++) {
    for (let i = 0; i < steps; i++) storage.appendHistogram({ __name__: 'h', instance: `i${s}` }, i * 15_000, { count: i, sum: i, schema: 0, positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [i, 0] });
  }
  const engine = new Engine({ storage });
  const end = (steps - 1) * 15_000;
  // 200 series of 300 float timestamps and values: about 960 KB in number[] arrays.
  const answerBytes = series * steps * 2 * 8;

  test.each([
    ['a selector', 'm', 200],
    ['an aggregation', 'sum by (instance) (m * 2)', 200],
    ['floats and native histograms', '{__name__=~"m|h"}', 210],
  ])('are not kept for the minor collector (%s)', async (_, query, expected) => {
    const promoted = await promotedOnceTenured(() => engine.rangeQuery(query, 0, end, 15_000), expected);
    // The arrays of numbers are what a kept answer weighs (the defect promoted all of them, about
    // answerBytes); a few of the query's own small objects may be promoted as well.
    expect(promoted).toBeLessThan(answerBytes / 4);
  });

  test('the check sees an answer that is held (the measurement can fail)', async () => {
    const held: unknown[] = [];
    const hold = () => engine.rangeQuery('m', 0, end, 15_000).then((r) => held.push(r));
    const promoted = Math.max(await promotedAfter(hold), await promotedAfter(hold), await promotedAfter(hold));
    expect(held).toHaveLength(3);
    expect(promoted).toBeGreaterThan(answerBytes / 2);
  });
});

describe('anchored range vectors of instant queries, read across collections, then dropped', () => {
  const series = 200;
  const samples = 400;
  const storage = floatSeries(series, samples);
  const engine = new Engine({ storage, parser: { extendedRangeSelectors: true } });
  const at = (samples - 1) * 15_000;
  // 200 series of about 400 points (with the two at the window's edges): about 1.3 MB of arrays.
  const answerBytes = series * samples * 2 * 8;

  test.each([['anchored'], ['smoothed']])('are not kept for the minor collector (%s)', async (modifier) => {
    const promoted = await promotedOnceTenured(() => engine.instantQuery(`m[100m] ${modifier}`, at), series);
    expect(promoted).toBeLessThan(answerBytes / 4);
  });
});

describe('answer objects', () => {
  const storage = new MemoryStorage();
  storage.append({ __name__: 'm', job: 'a' }, 0, 1.5);
  storage.appendHistogram({ __name__: 'h', job: 'a' }, 0, { count: 2, sum: 3, schema: 0, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [2] });
  const engine = new Engine({ storage });

  test('are plain objects with the properties in their documented order', async () => {
    const range = await engine.rangeQuery('{__name__=~"m|h"}', 0, 15_000, 15_000);
    const [h, m] = range.result as { labels: unknown }[];
    expect(range).toMatchObject({ resultType: 'matrix' });
    expect(Object.getPrototypeOf(range)).toBe(Object.prototype);
    expect(Object.keys(m)).toEqual(['labels', 'timestamps', 'values']);
    expect(m).toStrictEqual({ labels: m.labels, timestamps: [0, 15_000], values: [1.5, 1.5] });
    expect(Object.keys(h)).toEqual(['labels', 'timestamps', 'values', 'histograms']);
    expect(Object.keys((h as { histograms: object }).histograms)).toEqual(['timestamps', 'values']);
    const vector = await engine.instantQuery('{__name__=~"m|h"}', 0);
    const [hs, ms] = vector.result as { labels: unknown; histogram: unknown }[];
    expect(ms).toStrictEqual({ labels: ms.labels, t: 0, value: 1.5 });
    expect(Object.keys(hs)).toEqual(['labels', 't', 'value', 'histogram']);
    expect(hs).toStrictEqual({ labels: hs.labels, t: 0, value: 0, histogram: hs.histogram });
    const scalar = await engine.instantQuery('2.5', 0);
    expect({ resultType: scalar.resultType, result: scalar.result }).toStrictEqual({ resultType: 'scalar', result: { t: 0, value: 2.5 } });
  });
});
