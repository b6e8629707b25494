// Bucket bounds: exponential schemas (the table, negative schemas, the largest finite bucket),
// custom bounds, index mapping between schemas and the intersection of custom bounds.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { exponentialFractions, getBound, getBoundExponential, intersectCustomBucketBounds, targetIdx } from '../../src/histogram/bounds.js';
import { HistogramError } from '../../src/histogram/errors.js';
import { goExp2, goLog2 } from '../../src/util/go-math.js';

/** ULPs between two positive doubles. */
function ulps(a: number, b: number): number {
  const v = new DataView(new ArrayBuffer(16));
  v.setFloat64(0, a);
  v.setFloat64(8, b);
  const d = v.getBigInt64(0) - v.getBigInt64(8);
  return Number(d < 0n ? -d : d);
}

/** Whether x = M/2^53 lies within k ulps of 2^(j/n)/2, decided exactly: (M ∓ k)^n against 2^(j + 52n). */
function withinUlpsOfRoot(x: number, j: number, n: number, k: number): boolean {
  const m = BigInt(x * 2 ** 53);
  const target = 1n << BigInt(j + 52 * n);
  const bn = BigInt(n);
  return (m - BigInt(k)) ** bn < target && (m + BigInt(k)) ** bn > target;
}

describe('exponential bounds', () => {
  // Prometheus's table is a few ulps off the exact values; a typo in it would be far more.
  test('every table entry is 2^(i/2^schema)/2 to within 4 ulps, rising', () => {
    for (let schema = 0; schema <= 8; schema++) {
      const t = exponentialFractions(schema);
      expect(t.length).toBe(2 ** schema);
      t.forEach((x, i) => {
        expect(withinUlpsOfRoot(x, i, 2 ** schema, 4), `schema ${schema} entry ${i}`).toBe(true);
        if (i > 0) expect(x).toBeGreaterThan(t[i - 1]);
      });
    }
  });

  test('Prometheus compatibility: √½ is 0.7071067811865475, not the nearest double', () => {
    expect(exponentialFractions(1)[1]).toBe(0.7071067811865475);
    expect(ulps(exponentialFractions(1)[1], Math.SQRT1_2)).toBe(1);
  });

  test('lower schemas take every 2^(8−s)-th boundary of schema 8', () => {
    const s8 = exponentialFractions(8);
    for (let s = 0; s < 8; s++) exponentialFractions(s).forEach((x, i) => expect(x).toBe(s8[i * 2 ** (8 - s)]));
  });

  test.each([
    [0, 0, 1], [1, 0, 2], [-1, 0, 0.5], [4, 0, 16],
    [0, 1, 1], [1, 1, 1.414213562373095], [2, 1, 2], [-1, 1, 0.7071067811865475],
    [1, -1, 4], [1, -2, 16], [-1, -2, 0.0625], [1, -4, 65536],
    [1, 3, 1.0905077326652577], [7, 3, 1.8340080864093422],
  ])('bucket %i of schema %i ends at %s', (idx, schema, want) => {
    expect(getBoundExponential(idx, schema)).toBe(want);
  });

  test('the last finite bucket ends at the largest double, the next one at +Inf', () => {
    expect(getBoundExponential(1024, 0)).toBe(Number.MAX_VALUE);
    expect(getBoundExponential(1025, 0)).toBe(Infinity);
    expect(getBoundExponential(1024 * 256, 8)).toBe(Number.MAX_VALUE);
    expect(getBoundExponential(64, -4)).toBe(Number.MAX_VALUE);
    expect(getBoundExponential(65, -4)).toBe(Infinity);
  });

  test('bounds grow with the index and match 2^(idx/2^schema) within the table\'s 4 ulps', () => {
    fc.assert(fc.property(fc.integer({ min: -4, max: 8 }), fc.integer({ min: -2000, max: 2000 }), (schema, idx) => {
      const b = getBoundExponential(idx, schema);
      const exact = 2 ** (idx / 2 ** schema);
      if (!Number.isFinite(exact) || exact < 1e-300 || exact > 1e300) return;
      expect(ulps(b, exact)).toBeLessThanOrEqual(4);
      expect(getBoundExponential(idx + 1, schema)).toBeGreaterThan(b);
    }));
  });
});

describe('custom bounds', () => {
  const cv = [1, 2.5, 10];
  test.each([[-1, -Infinity], [0, 1], [1, 2.5], [2, 10], [3, Infinity]])('bound %i is %s', (idx, want) => {
    expect(getBound(idx, -53, cv)).toBe(want);
  });

  test('an index outside the bounds is a HistogramError', () => {
    expect(() => getBound(4, -53, cv)).toThrow(HistogramError);
    expect(() => getBound(-2, -53, cv)).toThrow(/out of bounds/);
  });

  test.each([
    [[1, 2, 3], [2, 3, 4], [2, 3]],
    [[1, 2], [3, 4], undefined],
    [[], [1], undefined],
    [[0.5, 1, 5], [0.5, 1, 5], [0.5, 1, 5]],
  ])('intersection of %j and %j is %j', (a, b, want) => {
    expect(intersectCustomBucketBounds(a, b)).toEqual(want);
  });
});

describe('targetIdx', () => {
  test.each([
    // [index, from schema, to schema, result]
    [1, 1, 0, 1], [2, 1, 0, 1], [3, 1, 0, 2], [0, 1, 0, 0], [-1, 1, 0, 0], [-2, 1, 0, -1],
    [5, 3, 0, 1], [9, 3, 0, 2], [-8, 3, 0, -1], [100, 0, 0, 100],
  ])('bucket %i of schema %i lies in bucket %i… of schema %i', (idx, from, to, want) => {
    expect(targetIdx(idx, from, to)).toBe(want);
  });

  test('the merged bucket contains the original one', () => {
    fc.assert(fc.property(fc.integer({ min: -4, max: 8 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: -500, max: 500 }), (to, d, idx) => {
      const from = Math.min(8, to + d);
      const t = targetIdx(idx, from, to);
      expect(getBoundExponential(t, to)).toBeGreaterThanOrEqual(getBoundExponential(idx, from));
      expect(getBoundExponential(t - 1, to)).toBeLessThanOrEqual(getBoundExponential(idx - 1, from));
    }));
  });
});

describe('Go math helpers used by the estimators', () => {
  // Go's portable Exp2 (which amd64 runs) gives 1.414213562373095 for √2, one ulp low, as
  // native_histograms.test's histogram_quantile(0.5, single_histogram) shows.
  test.each([[0.5, 1.414213562373095], [1, 2], [-1, 0.5], [10, 1024], [0.25, 1.189207115002721], [-1075, 0], [1024, Infinity]])('Exp2(%s) = %s', (x, want) => {
    expect(goExp2(x)).toBe(want);
  });

  test('Exp2 undoes Log2 for bucket bounds to within two ulps', () => {
    for (let i = -50; i < 50; i++) {
      const b = getBoundExponential(i, 3);
      expect(ulps(goExp2(goLog2(b)), b)).toBeLessThanOrEqual(2);
    }
  });
});
