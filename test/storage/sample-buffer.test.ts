// SampleBuffer hands each series its samples in input order, whether the input came series after
// series (handed over in place) or interleaved (gathered first), through appendFloats or append.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { SampleBuffer } from '../../src/storage/sample-buffer.js';
import { labelsFrom, type Labels } from '../../src/storage/labels.js';
import type { AppendableStorage, LabelsInput } from '../../src/storage/appendable.js';

/** A storage that records what it is given, series by series (by label-set identity). */
function recorder(withFloats: boolean): { storage: AppendableStorage; got: Map<LabelsInput, [number, number, boolean][]> } {
  const got = new Map<LabelsInput, [number, number, boolean][]>();
  const add = (ls: LabelsInput, t: number, v: number, stale: boolean) => {
    const xs = got.get(ls) ?? [];
    xs.push([t, v, stale]);
    got.set(ls, xs);
  };
  const storage: AppendableStorage = {
    append: (ls, t, v, stale) => add(ls, t, v, stale ?? false),
    appendHistogram: () => {
      throw new Error('no histograms here');
    },
    ...(withFloats ? { appendFloats: (ls: LabelsInput, ts: ArrayLike<number>, vs: ArrayLike<number>) => {
      for (let i = 0; i < ts.length; i++) add(ls, ts[i], vs[i], false);
    } } : {}),
  };
  return { storage, got };
}

describe('SampleBuffer.appendTo', () => {
  test('every series gets its samples in input order, grouped or interleaved input alike', () => {
    const input = fc.oneof(
      // Series after series, in index order (handed over in place).
      fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 6 }).map((lens) => lens.flatMap((len, i) => Array<number>(len).fill(i))),
      // Any order.
      fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3000 }),
    );
    fc.assert(fc.property(input, fc.boolean(), fc.boolean(), (which, withFloats, withStale) => {
      const nSeries = Math.max(0, ...which) + 1;
      const labels: Labels[] = Array.from({ length: nSeries }, (_, i) => labelsFrom({ __name__: 'm', i: String(i) }));
      const b = new SampleBuffer();
      const expected = new Map<LabelsInput, [number, number, boolean][]>();
      which.forEach((i, k) => {
        const stale = withStale && k % 7 === 3;
        if (stale) b.pushStale(i, k, NaN);
        else b.push(i, k, k * 0.5);
        const xs = expected.get(labels[i]) ?? [];
        xs.push([k, stale ? NaN : k * 0.5, stale]);
        expected.set(labels[i], xs);
      });
      const { storage, got } = recorder(withFloats);
      b.appendTo(storage, labels);
      expect(b.length).toBe(which.length);
      expect(got).toEqual(expected);
    }), { numRuns: 500 });
  });
});
