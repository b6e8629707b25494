// Binary search over sorted data: Go's sort.Search, the bounds of a value in an ascending array,
// and the "last sample at or before t" lookup that selectors and position tables need. The only
// copies of the loop in the code base (the bounds without a closure: they run per series and step).

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
 * The index of the last element ≤ x of an ascending array, or -1: `upperBound` over the whole
 * array, minus one (written without a closure: selectors call it per series and step).
 */
export function lastAtOrBefore(a: ArrayLike<number>, x: number): number {
  return upperBound(a, a.length, x) - 1;
}

/** The first index in `a[0 … len-1]` (ascending, no NaN) whose value is ≥ x (−0 equals +0). */
export function lowerBound(a: ArrayLike<number>, len: number, x: number): number {
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
export function upperBound(a: ArrayLike<number>, len: number, x: number): number {
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
