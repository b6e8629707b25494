// sum/avg_over_time take window sums from prefix sums when a series' values are integers whose
// magnitudes sum to less than 2^53. That must give the bits Prometheus's Kahan loops give.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { exactPrefixSums } from '../../src/functions/support/exact-sums.js';
import { kahanComp } from '../../src/util/kahan.js';

const RUNS = Number(process.env.PROMQL_PROPERTY_RUNS ?? 300);
const bits = (x: number) => (Number.isNaN(x) ? 'NaN' : Object.is(x, -0) ? '-0' : String(x));

/** Prometheus's sum_over_time of v[from, to): Kahan–Neumaier, compensation added at the end. */
function kahanSum(v: number[], from: number, to: number): number {
  let sum = 0;
  let c = 0;
  for (let k = from; k < to; k++) {
    c = kahanComp(v[k], sum, c);
    sum += v[k];
  }
  return Number.isFinite(sum) ? sum + c : sum;
}

/** Prometheus's avg_over_time of v[from, to) while the running sum stays finite. */
function kahanMean(v: number[], from: number, to: number): number {
  let sum = v[from];
  let c = 0;
  for (let k = from + 1; k < to; k++) {
    c = kahanComp(v[k], sum, c);
    sum += v[k];
  }
  const n = to - from;
  return sum / n + c / n;
}

describe('exact window sums', () => {
  test('match the Kahan loops bit for bit on integer series', () => {
    const value = fc.oneof(fc.constantFrom(0, -0, 1, -1, 2 ** 52, -(2 ** 52)), fc.integer({ min: -1000, max: 1000 }), fc.maxSafeInteger().map((x) => Math.trunc(x / 4)));
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 50 }), (xs) => {
      const p = exactPrefixSums(Float64Array.from(xs));
      const magnitude = xs.reduce((a, x) => a + Math.abs(x), 0);
      if (magnitude >= 2 ** 53) {
        expect(p).toBeNull();
        return;
      }
      expect(p).not.toBeNull();
      for (let a = 0; a < xs.length; a++) {
        for (let b = a + 1; b <= xs.length; b++) {
          const sum = p![b] - p![a];
          expect(bits(sum + 0)).toBe(bits(kahanSum(xs, a, b)));
          expect(bits(sum / (b - a) + 0)).toBe(bits(kahanMean(xs, a, b)));
        }
      }
    }), { numRuns: RUNS });
  });

  test('refuse series whose sums could be inexact', () => {
    expect(exactPrefixSums(Float64Array.of(1, 0.5))).toBeNull();
    expect(exactPrefixSums(Float64Array.of(1, NaN))).toBeNull();
    expect(exactPrefixSums(Float64Array.of(Infinity))).toBeNull();
    expect(exactPrefixSums(Float64Array.of(2 ** 52, 2 ** 52, 1))).toBeNull();
    expect(Array.from(exactPrefixSums(Float64Array.of(-0, 3, -5))!.subarray(0, 4))).toEqual([0, 0, 3, -2]);
  });

  test('a window of one −0 reads +0, as the Kahan loops give it', () => {
    const p = exactPrefixSums(Float64Array.of(-0))!;
    expect(Object.is(p[1] - p[0] + 0, 0)).toBe(true);
    expect(Object.is(kahanSum([-0], 0, 1), 0)).toBe(true);
    expect(Object.is(kahanMean([-0], 0, 1), 0)).toBe(true);
  });
});
