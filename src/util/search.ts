// Binary search over sorted data: Go's sort.Search, and the "last sample at or before t" lookup
// that selectors and position tables need, and the bounds of a value in a sorted Float64Array.
// The one copy of the loop in the code base.

/**
 * Go's `sort.Search(n, f)`: the smallest i in [0, n) for which `f(i)` is true, or n if there is
 * none. `f` must be monotone: false for a prefix of [0, n), true for the rest.
 */
export function searchFirst(n: number, f: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (!f(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The index of the last element ≤ x of an ascending array, or -1. Equal to
 * `searchFirst(a.length, (i) => a[i] > x) - 1`, written out because selectors call it per series
 * and step, where a closure per call would cost.
 */
export function lastAtOrBefore(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The first index in `a[0 … len-1]` (ascending, no NaN) whose value is ≥ x (−0 equals +0). */
export function lowerBound(a: Float64Array, len: number, x: number): number {
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in `a[0 … len-1]` (ascending, no NaN) whose value is > x (−0 equals +0). */
export function upperBound(a: Float64Array, len: number, x: number): number {
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
