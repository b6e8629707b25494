// countOnes counts the 1 bytes of 0/1 flag arrays, whatever their offset, length and buffer.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { countOnes } from '../../src/util/count-ones.js';
import { u8 } from '../../src/util/slab.js';

function byHand(a: Uint8Array, to: number): number {
  let n = 0;
  for (let i = 0; i < to; i++) if (a[i] === 1) n++;
  return n;
}

describe('countOnes', () => {
  test('equals counting byte by byte, for views at any offset of shared buffers', () => {
    // Lengths up to 700 (fast-check's default size would keep arrays below the word path's 64),
    // offsets often multiples of 4 (the word path) and otherwise not.
    const view = fc.record({
      offset: fc.oneof(fc.nat(10).map((k) => 4 * k), fc.nat(40)),
      flags: fc.array(fc.boolean(), { maxLength: 700, size: 'max' }),
      cut: fc.nat(700),
    });
    fc.assert(fc.property(fc.array(view, { minLength: 1, maxLength: 6 }), fc.boolean(), (views, oneBuffer) => {
      // Several views into one buffer (the slab case), or each in its own: the word view is cached per buffer.
      const shared = new Uint8Array(8192);
      let at = 0;
      for (const { offset, flags, cut } of views) {
        const base = oneBuffer ? shared : new Uint8Array(offset + flags.length + 8);
        const start = oneBuffer ? ((at + 3) & ~3) + offset : offset;
        const a = base.subarray(start, start + flags.length);
        // Bytes around the view are set, so that reading past its ends would show.
        if (start > 0) base[start - 1] = 1;
        if (start + flags.length < base.length) base[start + flags.length] = 1;
        flags.forEach((f, i) => (a[i] = f ? 1 : 0));
        const to = Math.min(cut, a.length);
        expect(countOnes(a, to)).toBe(byHand(a, to));
        expect(countOnes(a)).toBe(byHand(a, a.length));
        at = start + flags.length + 1;
      }
    }), { numRuns: 300 });
  });

  test('the step slabs hand out 4-byte aligned flag arrays', () => {
    for (const n of [1, 3, 5, 64, 1441, 2000]) expect(u8(n).byteOffset % 4).toBe(0);
  });
});
