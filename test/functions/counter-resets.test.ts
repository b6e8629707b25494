// Counter-reset corrections by jumping from decrease to decrease must add exactly what a scan of
// the window adds (Prometheus: `if v[k] < v[k-1] { result += v[k-1] }`), in the same order.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { nextDecrease, withResets } from '../../src/functions/support/counter-resets.js';

const RUNS = Number(process.env.PROMQL_PROPERTY_RUNS ?? 300);

function scanned(v: Float64Array, from: number, last: number, delta: number): number {
  for (let k = from + 1; k <= last; k++) if (v[k] < v[k - 1]) delta += v[k - 1];
  return delta;
}

const bits = (x: number) => (Number.isNaN(x) ? 'NaN' : Object.is(x, -0) ? '-0' : String(x));

describe('counter-reset corrections', () => {
  test('match a scan of every window, bit for bit', () => {
    const value = fc.oneof(fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1e308, 0.1), fc.integer({ min: -5, max: 50 }), fc.double());
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 80 }), fc.double(), (xs, delta) => {
      const v = Float64Array.from(xs);
      const next = nextDecrease(v);
      for (let from = 0; from < v.length; from++) {
        for (let last = from; last < v.length; last++) {
          expect(bits(withResets(v, next, from, last, delta))).toBe(bits(scanned(v, from, last, delta)));
        }
      }
    }), { numRuns: RUNS });
  });

  test('a window with several resets adds each previous value in order', () => {
    const v = Float64Array.of(5, 9, 2, 4, 1, 1e17, 3);
    // decreases at 2 (adds 9), 4 (adds 4), 6 (adds 1e17): 0.5 + 9 + 4 + 1e17, left to right.
    expect(withResets(v, nextDecrease(v), 0, 6, 0.5)).toBe(((0.5 + 9) + 4) + 1e17);
    expect(withResets(v, nextDecrease(v), 2, 5, 0)).toBe(4);
    expect(withResets(v, nextDecrease(v), 5, 5, 7)).toBe(7);
  });
});
