// Counting the set flags of a 0/1 byte array (the `present` flags of step series): four bytes at
// a time through a word view of the array's buffer, which the slabs keep 4-byte aligned.

let lastBuffer: ArrayBufferLike | undefined;
let words = new Uint32Array(0);

/** Below this many bytes the plain loop is as quick as making a word view. */
const MIN_WORDS_LENGTH = 64;

/**
 * The sum of `a[0] … a[to − 1]` for an array whose bytes are each 0 or 1 (other byte values give
 * a wrong count). `to` defaults to the array's length.
 */
export function countOnes(a: Uint8Array, to = a.length): number {
  const off = a.byteOffset;
  if (to < MIN_WORDS_LENGTH || (off & 3) !== 0) return countBytes(a, 0, to);
  const buffer = a.buffer;
  // One view per buffer: consecutive arrays come from the same slab.
  if (buffer !== lastBuffer) {
    lastBuffer = buffer;
    words = new Uint32Array(buffer, 0, buffer.byteLength >>> 2);
  }
  const w0 = off >>> 2;
  const w1 = w0 + (to >>> 2);
  let n = 0;
  // Each byte is 0 or 1, so the top byte of w × 0x01010101 is the sum of w's four bytes.
  for (let i = w0; i < w1; i++) n += Math.imul(words[i], 0x01010101) >>> 24;
  return n + countBytes(a, to & ~3, to);
}

function countBytes(a: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n += a[i];
  return n;
}
