// The compensated addition step must give exactly the compensation of Prometheus's
// Kahan–Neumaier step (`kahansum.Inc`), written out here in its branching form, for every
// pair of doubles: ordinary, huge (where the branch-free form overflows), tiny, zero, infinite, NaN.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { KahanSum, kahanComp, kahanInc } from '../../src/util/kahan.js';

/** Prometheus's step, with the magnitude test that picks the operand order. */
function neumaier(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (t === Infinity || t === -Infinity) return [t, 0];
  if (Math.abs(sum) >= Math.abs(inc)) return [t, c + ((sum - t) + inc)];
  return [t, c + ((inc - t) + sum)];
}

const MAX = Number.MAX_VALUE;
const special = fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1, -1, MAX, -MAX, Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** 1023, -(2 ** 1023));
const nearMax = fc.double({ min: MAX / 2, max: MAX, noNaN: true }).chain((x) => fc.constantFrom(x, -x));
const operand = fc.oneof(fc.double(), special, nearMax, fc.integer().map((n) => n * 0.001));
const compensation = fc.oneof(fc.constant(0), fc.double({ min: -1e-3, max: 1e-3, noNaN: true }), fc.double());

describe('kahanComp', () => {
  test('is the Neumaier compensation, bit for bit', () => {
    fc.assert(
      fc.property(operand, operand, compensation, (inc, sum, c) => {
        expect(kahanComp(inc, sum, c)).toBe(neumaier(inc, sum, c)[1]);
        expect(kahanInc(inc, sum, c)).toEqual(neumaier(inc, sum, c));
      }),
      { numRuns: 20_000 },
    );
  });

  test('falls back where the branch-free form overflows', () => {
    // The sum is finite but `(sum + inc) − sum` rounds past the largest double.
    for (const [inc, sum] of [[-MAX, 4.558566229580472e307], [MAX, -8.819297489461778e307]]) {
      expect(Number.isFinite(sum + inc)).toBe(true);
      expect(sum + inc - sum).toBe(Math.sign(inc) * Infinity);
      expect(kahanComp(inc, sum, 0)).toBe(neumaier(inc, sum, 0)[1]);
    }
  });

  test('a running sum of many terms equals the reference one', () => {
    fc.assert(
      fc.property(fc.array(operand, { maxLength: 200 }), (xs) => {
        const k = new KahanSum();
        let sum = 0;
        let c = 0;
        for (const x of xs) {
          k.add(x);
          [sum, c] = neumaier(x, sum, c);
        }
        expect([k.sum, k.c]).toEqual([sum, c]);
      }),
      { numRuns: 2_000 },
    );
  });
});
