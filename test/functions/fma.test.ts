// The emulated fused multiply-add must round once, exactly as the hardware instruction does.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { fma } from '../../src/util/fma.js';

/** x = m·2^e exactly, with m an integer. */
function exactParts(x: number): [bigint, number] {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  const bits = v.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let m = bits & ((1n << 52n) - 1n);
  if (biased !== 0) m |= 1n << 52n;
  return [bits >> 63n ? -m : m, (biased === 0 ? 1 : biased) - 1075];
}

/** a·b + c computed exactly with integers, then rounded to nearest-even once. */
function referenceFma(a: number, b: number, c: number): number {
  const [ma, ea] = exactParts(a);
  const [mb, eb] = exactParts(b);
  const [mc, ec] = exactParts(c);
  const e = Math.min(ea + eb, ec);
  let m = ((ma * mb) << BigInt(ea + eb - e)) + (mc << BigInt(ec - e));
  if (m === 0n) return a * b + c;
  const negative = m < 0n;
  if (negative) m = -m;
  let exp = e;
  const extra = m.toString(2).length - 53;
  if (extra > 0) {
    const cut = BigInt(extra);
    let q = m >> cut;
    const rest = m - (q << cut);
    const half = 1n << (cut - 1n);
    if (rest > half || (rest === half && (q & 1n) === 1n)) q++;
    m = q;
    exp += extra;
  }
  const r = Number(m) * 2 ** exp;
  return negative ? -r : r;
}

const moderate = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((x) => x === 0 || Math.abs(x) > 1e-100);

describe('fma', () => {
  test('matches exact arithmetic rounded once', () => {
    fc.assert(fc.property(moderate, moderate, moderate, (a, b, c) => {
      expect(Object.is(fma(a, b, c), referenceFma(a, b, c))).toBe(true);
    }), { numRuns: 3000 });
  });
  test('matches exact arithmetic when c nearly cancels the product', () => {
    fc.assert(fc.property(moderate, moderate, fc.integer({ min: -60, max: 60 }), (a, b, k) => {
      const c = -(a * b) * (1 + k * 2 ** -52);
      expect(Object.is(fma(a, b, c), referenceFma(a, b, c))).toBe(true);
    }), { numRuns: 3000 });
  });
  test('keeps the low bits a separate multiply and add would lose', () => {
    // (1 + 2^-30)^2 - (1 + 2^-29) is exactly 2^-60; rounding the product first gives 0.
    const a = 1 + 2 ** -30;
    expect(fma(a, a, -(1 + 2 ** -29))).toBe(2 ** -60);
    expect(a * a - (1 + 2 ** -29)).toBe(0);
  });
});
