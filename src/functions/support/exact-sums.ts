// Window sums in O(1) where floating point cannot tell: when every value of a series is an integer
// and the sum of their magnitudes is below 2^53, every partial sum of any window is an exact
// integer. Prometheus's Kahan sum of a window is then the exact sum with a compensation of +0, and
// so is the difference of two prefix sums: the same bits, whatever the order of the additions.

/** 2^53: integers up to this magnitude are exact doubles, and so are sums staying below it. */
const EXACT_LIMIT = 2 ** 53;

/** Scratch prefix sums (used within one synchronous kernel call only). */
let scratch = new Float64Array(0);

/**
 * Prefix sums of `v` (`p[k]` = v[0] + … + v[k−1], `p` of v.length + 1 entries, in a shared scratch
 * array valid until the next call) when every window sum of `v` is exact; null when it may not be
 * (a non-integer value, NaN, ±Inf, or magnitudes summing to 2^53 or more).
 */
export function exactPrefixSums(v: Float64Array): Float64Array | null {
  let magnitude = 0;
  for (let k = 0; k < v.length; k++) {
    const x = v[k];
    // Math.trunc(x) === x fails for NaN and (through the magnitude bound) for ±Inf.
    if (Math.trunc(x) !== x) return null;
    magnitude += Math.abs(x);
    if (magnitude >= EXACT_LIMIT) return null;
  }
  if (scratch.length < v.length + 1) scratch = new Float64Array(Math.max(v.length + 1, 2 * scratch.length));
  const p = scratch;
  p[0] = 0;
  for (let k = 0; k < v.length; k++) p[k + 1] = p[k] + v[k];
  return p;
}
