// The quantile of a set of floats, as Prometheus's `quantile` (promql/quantile.go), and the same
// over values already sorted in a typed array (the sliding windows of quantile_over_time).
import { lowerBound, upperBound } from './search.js';

/** φ-quantile with linear interpolation; NaN sorts first; φ < 0 → −Inf, φ > 1 → +Inf. */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  values.sort((a, b) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : Number.isNaN(b) ? 1 : a - b));
  const n = values.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return values[lower] * (1 - weight) + values[upper] * weight;
}

/** quantileSorted's answer without values or for φ outside [0, 1] (NaN first). */
function outsideQuantile(q: number, n: number): number {
  if (n === 0 || Number.isNaN(q)) return NaN;
  return q < 0 ? -Infinity : Infinity;
}

/**
 * {@link quantile} of `nans` NaNs and the `len` non-NaN values `sorted[0 … len-1]`, which are
 * in ascending order with equal values (−0 and +0) in the order the stable sort of
 * {@link quantile} leaves them: the NaNs come first, as there.
 */
export function quantileSorted(q: number, sorted: Float64Array, len: number, nans: number): number {
  const n = len + nans;
  // The rare answers come from a function of their own: returning the constants here made V8 box
  // every answer of this function in a heap number, even inlined (11 MB per quantile_over_time
  // over 160 series × 1,441 steps).
  if (n === 0 || !(q >= 0 && q <= 1)) return outsideQuantile(q, n);
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  const a = lower < nans ? NaN : sorted[lower - nans];
  const b = upper < nans ? NaN : sorted[upper - nans];
  return a * (1 - weight) + b * weight;
}

/**
 * Sorts `buf[0 … len-1]` (no NaN) ascending without a comparator. The typed-array sort puts −0
 * before +0; where both occur, the zeros are rewritten in the order they have in `src[from … to-1]`
 * (the input order, which a stable sort keeps), because which zero ends up where can decide the
 * sign of a zero quantile.
 */
export function sortKeepingZeroOrder(buf: Float64Array, len: number, src: Float64Array, from: number, to: number): void {
  buf.subarray(0, len).sort();
  let z = lowerBound(buf, len, 0);
  if (z >= len || buf[z] !== 0 || !Object.is(buf[z], -0)) return;
  const last = upperBound(buf, len, 0) - 1;
  if (!Object.is(buf[last], 0)) return;
  for (let k = from; k < to; k++) if (src[k] === 0) buf[z++] = src[k];
}
