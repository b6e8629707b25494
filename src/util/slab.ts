// Zeroed typed arrays carved from shared slabs: evaluating in batches of steps makes many short
// per-series arrays, and one backing store per 64 Ki elements costs far less to allocate and
// collect than one per array.

const SLAB = 1 << 16;
let f64Slab = new Float64Array(SLAB);
let f64Used = 0;
let u8Slab = new Uint8Array(SLAB);
let u8Used = 0;

/**
 * A zeroed Float64Array of n elements. Small ones are views into a shared slab (never handed out
 * twice), so they must not be transferred or grown through their buffer.
 */
export function f64(n: number): Float64Array {
  if (n > SLAB >> 4) return new Float64Array(n);
  if (f64Used + n > SLAB) {
    f64Slab = new Float64Array(SLAB);
    f64Used = 0;
  }
  const a = f64Slab.subarray(f64Used, f64Used + n);
  f64Used += n;
  return a;
}

/** A zeroed Uint8Array of n elements, as {@link f64}, starting at a multiple of 4 bytes in its buffer. */
export function u8(n: number): Uint8Array {
  if (n > SLAB >> 4) return new Uint8Array(n);
  if (u8Used + n > SLAB) {
    u8Slab = new Uint8Array(SLAB);
    u8Used = 0;
  }
  const a = u8Slab.subarray(u8Used, u8Used + n);
  // Each array starts 4-byte aligned, so that countOnes can read its flags as words.
  u8Used += (n + 3) & ~3;
  return a;
}
