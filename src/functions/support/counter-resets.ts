// Counter-reset corrections of rate/increase windows in time proportional to the resets in the
// window, not to its length, adding the same values in the same order as Prometheus's scan.

/**
 * Where the next decrease is: `d[k]` = the least j ≥ k with v[j] < v[j−1] (j ≥ 1), or v.length
 * when none follows; `d` has v.length + 1 entries. A window's counter-reset corrections then visit
 * only its decreases, in order (the same additions, in the same order, as a scan of the window).
 */
export function nextDecrease(v: Float64Array, d = new Int32Array(v.length + 1)): Int32Array {
  const n = v.length;
  d[n] = n;
  for (let k = n - 1; k >= 1; k--) d[k] = v[k] < v[k - 1] ? k : d[k + 1];
  if (n > 0) d[0] = n > 1 ? d[1] : n;
  return d;
}

/** Whether any value of `v` is below the one before it (a counter reset to correct for). */
export function anyDecrease(v: Float64Array): boolean {
  for (let k = 1; k < v.length; k++) if (v[k] < v[k - 1]) return true;
  return false;
}

/** Scratch next-decrease indexes for whole-series kernels (used within one synchronous call only). */
let scratchDrops = new Int32Array(0);

/** {@link nextDecrease} into the shared scratch array. */
export function scratchNextDecrease(v: Float64Array): Int32Array {
  if (scratchDrops.length < v.length + 1) scratchDrops = new Int32Array(Math.max(v.length + 1, 2 * scratchDrops.length));
  return nextDecrease(v, scratchDrops);
}

/** `delta` plus the counter-reset corrections of the window [from, last] (v[k−1] at each decrease k). */
export function withResets(v: Float64Array, next: Int32Array, from: number, last: number, delta: number): number {
  for (let k = next[from + 1]; k <= last; k = next[k + 1]) delta += v[k - 1];
  return delta;
}
