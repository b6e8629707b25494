// checkSeries: every breach of the Storage.select contract, as a fake storage would return it.
import { describe, expect, test } from 'vitest';
import { checkSeries, hasFlaggedMarkersOnly, MAX_SAMPLE_TIMESTAMP_MS, StoredView } from '../../src/storage/contract.js';
import { StorageContractError, StorageError, type StorageBreach } from '../../src/errors.js';
import { labelsFrom, type Labels } from '../../src/storage/labels.js';
import type { SelectRequest, Series, Storage } from '../../src/storage/types.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';

const X = labelsFrom({ __name__: 'x', a: 'b' });
const Y = labelsFrom({ __name__: 'y' });
const REQ: SelectRequest = { matchers: [{ name: '__name__', op: '=~', value: 'x|y' }], start: 0, end: 100 };

/** A storage that returns exactly what it is given, whatever the request. */
function fakeStorage(series: unknown[]): Storage {
  return { select: () => series as Series[] };
}

async function selectChecked(series: unknown[]): Promise<Series[]> {
  const s = fakeStorage(series);
  return checkSeries((await s.select(REQ)) as Series[], REQ);
}

const ok = (labels: Labels, ts: number[] = [1, 2, 3]): Series => ({ labels, timestamps: ts, values: ts.map((t) => t * 10) });

describe('checkSeries: breaches', () => {
  const cases: [string, unknown, StorageBreach, RegExp][] = [
    ['null entry', null, 'not-a-series', /series entry 0: expected a series object, got null/],
    ['labels not an array', { labels: { a: 'b' }, timestamps: [], values: [] }, 'bad-labels', /labels must be an array/],
    ['label not a pair', { labels: [{ name: 'a', value: 1 }], timestamps: [], values: [] }, 'bad-labels', /label 0 is not a \{name, value\} pair/],
    ['labels unsorted', { labels: [{ name: 'b', value: '1' }, { name: 'a', value: '2' }], timestamps: [], values: [] }, 'bad-labels',
      /series \{b="1", a="2"\}: labels not sorted by name \("a" after "b"\)/],
    ['duplicate label name', { labels: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }], timestamps: [], values: [] }, 'bad-labels',
      /duplicate label name "a"/],
    ['empty label value', { labels: [{ name: 'a', value: '' }], timestamps: [], values: [] }, 'bad-labels', /label "a" has an empty value/],
    ['empty label name', { labels: [{ name: '', value: 'v' }], timestamps: [], values: [] }, 'bad-labels', /empty label name/],
    ['missing timestamps', { labels: X, values: [1] }, 'bad-arrays', /timestamps must be an array of numbers, got undefined/],
    ['values a string', { labels: X, timestamps: [1], values: '1' }, 'bad-arrays', /values must be an array of numbers, got "1"/],
    ['BigInt timestamps', { labels: X, timestamps: new BigInt64Array([1n]), values: [1] }, 'bad-arrays', /got BigInt64Array/],
    ['length mismatch', { labels: X, timestamps: [1, 2], values: [1] }, 'length-mismatch',
      /^storage contract violation for selector \{__name__=~"x\|y"\}: series \{__name__="x", a="b"\}: 1 values for 2 timestamps$/],
    ['stale length', { labels: X, timestamps: [1, 2], values: [1, 2], stale: new Uint8Array(1) }, 'length-mismatch', /1 stale entries for 2 timestamps/],
    ['startTimestamps length', { labels: X, timestamps: [1], values: [1], startTimestamps: [] }, 'length-mismatch', /0 startTimestamps entries/],
    ['NaN timestamp', { labels: X, timestamps: [1, NaN], values: [1, 2] }, 'bad-timestamp', /timestamps: index 1 is NaN, not a finite number of ms/],
    ['Infinity timestamp', { labels: X, timestamps: [1, Infinity], values: [1, 2] }, 'bad-timestamp', /index 1 is Infinity, beyond ±9007199254740991 ms/],
    ['-Infinity first', { labels: X, timestamps: [-Infinity], values: [1] }, 'bad-timestamp', /index 0 is -Infinity, not a finite number/],
    ['fractional timestamp', { labels: X, timestamps: [1, 2.5], values: [1, 2] }, 'bad-timestamp', /index 1 is 2.5, not an integer number of ms/],
    ['string timestamp', { labels: X, timestamps: [1, '2'], values: [1, 2] }, 'bad-timestamp', /index 1 is not a number: "2"/],
    ['huge timestamp', { labels: X, timestamps: [2 ** 60], values: [1] }, 'bad-timestamp', /beyond/],
    ['equal timestamps', { labels: X, timestamps: [1, 2, 2], values: [1, 2, 3] }, 'unordered-timestamps',
      /timestamps: not strictly increasing: 2 at index 2 after 2/],
    ['descending timestamps', { labels: X, timestamps: new Float64Array([5, 3]), values: new Float64Array(2) }, 'unordered-timestamps',
      /3 at index 1 after 5/],
    ['string value', { labels: X, timestamps: [1, 2], values: [1, '2'] }, 'bad-value', /value at index 1 is not a number: "2"/],
    ['histogram length', { labels: X, timestamps: [], values: [], histograms: { timestamps: [1, 2], values: [{}] } }, 'length-mismatch',
      /1 histogram values for 2 histogram timestamps/],
    ['histogram order', { labels: X, timestamps: [], values: [], histograms: { timestamps: [2, 1], values: [{}, {}] } }, 'unordered-timestamps',
      /histogram timestamps: not strictly increasing/],
    ['histograms not arrays', { labels: X, timestamps: [], values: [], histograms: { timestamps: 1 } }, 'bad-arrays', /histograms must be/],
    ['histogram not a FloatHistogram', { labels: X, timestamps: [], values: [], histograms: { timestamps: [1], values: [{ count: 1 }] } }, 'bad-value',
      /histogram value at index 0 is not a FloatHistogram: Object/],
    ['float and histogram at one timestamp', { labels: X, timestamps: [1, 3], values: [1, 2], histograms: { timestamps: [2, 3], values: [new FloatHistogram(), new FloatHistogram()] } },
      'unordered-timestamps', /timestamp 3 holds both a float and a histogram sample/],
  ];
  test.each(cases)('%s', async (_, series, kind, message) => {
    const err = await selectChecked([series]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageContractError);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageContractError).kind).toBe('storage');
    expect((err as StorageContractError).breach).toBe(kind);
    expect((err as Error).message).toMatch(message);
  });

  test('duplicate label sets, adjacent or not', async () => {
    for (const input of [[ok(X), ok(X)], [ok(X), ok(Y), ok(labelsFrom({ a: 'b', __name__: 'x' }))]]) {
      const err = (await selectChecked(input).catch((e: unknown) => e)) as StorageContractError;
      expect(err.breach).toBe('duplicate-series');
      expect(err.series).toBe('{__name__="x", a="b"}');
      expect(err.message).toMatch(/series \{__name__="x", a="b"\}: the same label set was returned more than once/);
    }
  });

  test('the message names the selector only when matchers are given', () => {
    expect(() => checkSeries([{ labels: X, timestamps: [1, 1], values: [1, 2] }])).toThrow(
      /^storage contract violation: series \{__name__="x", a="b"\}: timestamps: not strictly increasing/,
    );
  });
});

describe('checkSeries: valid input', () => {
  test('sorted input comes back as the same array', async () => {
    const input = [ok(X), ok(Y)];
    expect(checkSeries(input, REQ)).toBe(input);
  });

  test('unsorted input is sorted into a new array, the input untouched', () => {
    const input = [ok(Y), ok(X)];
    const out = checkSeries(input, REQ);
    expect(out.map((s) => s.labels)).toEqual([X, Y]);
    expect(input[0].labels).toBe(Y);
  });

  test('empty series, typed arrays, stale flags, histograms and the extreme timestamps pass', () => {
    const series: Series[] = [
      { labels: labelsFrom({ a: '1' }), timestamps: [], values: [] },
      {
        labels: labelsFrom({ a: '2' }), timestamps: new Float64Array([-MAX_SAMPLE_TIMESTAMP_MS, 0, MAX_SAMPLE_TIMESTAMP_MS]),
        values: new Float64Array([NaN, Infinity, -Infinity]), stale: new Uint8Array(3), startTimestamps: new Float64Array(3),
        histograms: { timestamps: [5], values: [new FloatHistogram()] },
      },
      { labels: labelsFrom({ a: '3' }), timestamps: new Int32Array([-1, 0, 1]), values: [1, 2, 3] },
    ];
    expect(checkSeries(series, REQ)).toBe(series);
  });

  test('non-legacy names are quoted in messages', () => {
    const labels = labelsFrom({ 'my.name': 'v' });
    expect(() => checkSeries([{ labels, timestamps: [1], values: [] }], { matchers: [{ name: 'my.name', op: '=', value: 'v' }] })).toThrow(
      'storage contract violation for selector {"my.name"="v"}: series {"my.name"="v"}: 0 values for 1 timestamps',
    );
  });

  test('MemoryStorage output always passes', () => {
    const m = new MemoryStorage();
    for (let i = 0; i < 50; i++) m.append({ __name__: 'm', i: String(49 - i) }, i * 1000, i);
    m.append({ __name__: 'm', i: '3' }, 500, 1, true);
    const got = m.select({ matchers: [], start: 0, end: 100_000 });
    expect(checkSeries(got, REQ)).toBe(got);
  });

  test('only MemoryStorage views skip the sample checks; a copy of one is checked like any series', () => {
    const m = new MemoryStorage();
    m.add({ __name__: 'm' }, [{ t: 1, v: 1 }, { t: 2, v: 2 }]);
    m.add({ __name__: 'n' }, [{ t: 1, v: 1 }]);
    m.appendHistogram({ __name__: 'n' }, 3, new FloatHistogram({ count: 1, sum: 1 }));
    const views = m.select({ matchers: [], start: 0, end: 10 });
    expect(views.map((v) => v instanceof StoredView)).toEqual([true, true]);
    // One shape for every view, with or without histograms and flags.
    expect(views.map((v) => Object.keys(v))).toEqual([Object.keys(views[0]), Object.keys(views[0])]);
    expect(views.map(hasFlaggedMarkersOnly)).toEqual([true, true]);
    // The same fields on a plain object (or a spread copy) are not trusted: their samples are checked.
    const copy = { ...views[0], timestamps: [2, 1] };
    expect(hasFlaggedMarkersOnly(copy)).toBe(false);
    expect(() => checkSeries([copy], REQ)).toThrow(/not strictly increasing: 1 at index 1 after 2/);
  });

  test('one million samples are checked quickly', () => {
    const n = 1_000_000;
    const ts = new Float64Array(n);
    for (let i = 0; i < n; i++) ts[i] = i * 15_000;
    const series = [{ labels: X, timestamps: ts, values: new Float64Array(n) }, { labels: Y, timestamps: Array.from(ts), values: Array.from(ts) }];
    const t0 = performance.now();
    checkSeries(series, REQ);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
