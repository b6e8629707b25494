// Loaders append to any AppendableStorage, alike; MemoryStorage's appending (one by one, in runs,
// histograms as plain objects) keeps every sample and reads back the same.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { MemoryStorage } from '../../src/storage/memory.js';
import type { AppendableStorage, HistogramInput, LabelsInput } from '../../src/storage/appendable.js';
import { loadExposition } from '../../src/storage/load-exposition.js';
import { loadJSONSeries } from '../../src/storage/load-json.js';
import { loadTestSeries } from '../../src/storage/load-series.js';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';
import { formatLabels, labelsFrom, type Labels } from '../../src/storage/labels.js';
import { STALE_NAN, isStaleNaN } from '../../src/storage/stale.js';

/** An appendable storage that only records what it is given, in order. */
class Recorder implements AppendableStorage {
  readonly calls: string[] = [];
  append(labels: LabelsInput, t: number, v: number, stale = false): void {
    this.calls.push(`${formatLabels(labels as Labels)} ${t} ${isStaleNaN(v) ? 'stale' : v}${stale ? ' (stale)' : ''}`);
  }
  appendHistogram(labels: LabelsInput, t: number, h: HistogramInput): void {
    this.calls.push(`${formatLabels(labels as Labels)} ${t} histogram count=${h.count}`);
  }
}

const everything = (s: MemoryStorage) => s.select({ matchers: [], start: -1e15, end: 1e15 });

describe('loaders into any AppendableStorage', () => {
  test('each loader appends every sample, each series in input order, without appendFloats', () => {
    const r = new Recorder();
    expect(loadExposition(r, 'a{x="1"} 1 10\nb 2 10\na{x="1"} 3 20\n', { format: 'text' })).toBe(3);
    expect(loadJSONSeries(r, '[{"labels":{"__name__":"j"},"samples":[[5,1],[6,"stale"],[7,"{{count:4}}"]]}]')).toBe(3);
    expect(loadTestSeries(r, 'load 1m\n  s 1 _ 3\n')).toBe(2);
    expect(r.calls).toEqual([
      '{__name__="a", x="1"} 10 1', '{__name__="a", x="1"} 20 3', '{__name__="b"} 10 2',
      '{__name__="j"} 5 1', '{__name__="j"} 6 stale (stale)', '{__name__="j"} 7 histogram count=4',
      '{__name__="s"} 0 1', '{__name__="s"} 120000 3',
    ]);
  });

  test('nothing is appended when the input has an error anywhere', () => {
    const r = new Recorder();
    expect(() => loadExposition(r, 'a 1 10\nb x 10\n', { format: 'text' })).toThrow(/<input>:2:3/);
    expect(() => loadJSONSeries(r, '[{"labels":{"__name__":"j"},"samples":[[5,1],[6.5,1]]}]', { file: 'j.json' })).toThrow(/^j\.json:1:/);
    expect(r.calls).toEqual([]);
  });

  test.each([
    ['loadExposition', () => loadExposition(new MemoryStorage(), 'a 1 1\n', 'f.prom' as never)],
    ['loadJSONSeries', () => loadJSONSeries(new MemoryStorage(), '[]', 'f.json' as never)],
    ['loadTestSeries', () => loadTestSeries(new MemoryStorage(), '', 'f.series' as never)],
  ])('%s: a file name where the options go is a TypeError naming the loader', (name, call) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(`${name}: options must be an object such as { file: 'name' }, got the string`);
  });
});

describe('MemoryStorage appending', () => {
  const samples = fc.array(fc.record({
    t: fc.integer({ min: -1e6, max: 1e6 }),
    v: fc.oneof(fc.double({ noNaN: true }), fc.constant(STALE_NAN)),
  }), { maxLength: 60 });

  test('appendFloats, append one by one, and appends between reads keep the same samples', () => {
    fc.assert(fc.property(samples, fc.integer({ min: 1, max: 7 }), (xs, cut) => {
      const l = labelsFrom({ __name__: 'm' });
      const one = new MemoryStorage();
      for (const x of xs) one.append(l, x.t, x.v);
      const runs = new MemoryStorage();
      // In runs of `cut` samples with a read between runs: reads trim spare room, appends regrow it.
      for (let k = 0; k < xs.length; k += cut) {
        const part = xs.slice(k, k + cut);
        runs.appendFloats(l, part.map((x) => x.t), part.map((x) => x.v));
        everything(runs);
      }
      const a = everything(one);
      const b = everything(runs);
      expect(b.length).toBe(a.length);
      if (a.length === 0) return;
      expect(Array.from(b[0].timestamps)).toEqual(Array.from(a[0].timestamps));
      expect(Array.from(b[0].values).map((v) => (isStaleNaN(v) ? 'stale' : v))).toEqual(Array.from(a[0].values).map((v) => (isStaleNaN(v) ? 'stale' : v)));
      expect(b[0].stale && Array.from(b[0].stale)).toEqual(a[0].stale && Array.from(a[0].stale));
    }), { numRuns: 300 });
  });

  test('staleness flags are handed out only for a series that has a marker', () => {
    const s = new MemoryStorage();
    s.append({ __name__: 'plain' }, 1, 1);
    s.append({ __name__: 'marked' }, 1, 1);
    s.append({ __name__: 'marked' }, 2, 0, true);
    const [marked, plain] = everything(s);
    expect(plain.stale).toBeUndefined();
    expect(Array.from(marked.stale!)).toEqual([0, 1]);
  });

  test('appendFloats refuses bad timestamps before appending any, and unequal lengths', () => {
    const s = new MemoryStorage();
    expect(() => s.appendFloats({ __name__: 'm' }, [1, 2.5], [1, 2])).toThrow(RangeError);
    expect(() => s.appendFloats({ __name__: 'm' }, [1, 2], [1])).toThrow('appendFloats: 2 timestamps but 1 values');
    expect(everything(s)).toEqual([]);
  });

  test('a plain object of labels changed between appends is read anew each time', () => {
    const s = new MemoryStorage();
    const l: Record<string, string> = { __name__: 'm', job: 'a' };
    s.append(l, 1, 1);
    l.job = 'b';
    s.append(l, 1, 2);
    expect(everything(s).map((x) => formatLabels(x.labels))).toEqual(['{__name__="m", job="a"}', '{__name__="m", job="b"}']);
  });

  test('appendHistogram takes a FloatHistogram or a plain object of its fields, validated alike', () => {
    const s = new MemoryStorage();
    s.appendHistogram({ __name__: 'h' }, 1, { schema: 0, count: 3, sum: 2, positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [1, 2] });
    s.appendHistogram({ __name__: 'h' }, 2, new FloatHistogram({ count: 1, zeroCount: 1 }));
    const [h] = everything(s);
    expect(h.histograms!.values.map((x) => x.count)).toEqual([3, 1]);
    expect(h.histograms!.values[0]).toBeInstanceOf(FloatHistogram);
    expect(() => s.appendHistogram({ __name__: 'h' }, 3, { count: 1, positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [1] })).toThrow(/span/);
  });
});
