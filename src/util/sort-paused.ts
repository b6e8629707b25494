// Sorting as a pausable step: a sort of 100,000 label sets takes 30–300 ms, more than a time slice
// of the event loop, and cannot be cut into pieces by the array's own sort.

/** Elements sorted by one call of the array's own sort, and merged between two pauses. */
const RUN = 2048;

/**
 * Sorts `a` in place, stably, as `a.sort(cmp)` would, and returns it: a pausable step (see
 * runDeepPausing) that yields after each run of {@link RUN} elements sorted and after every
 * {@link RUN} elements merged. A short array is sorted at once, without a pause.
 */
export function* sortingInPlace<T>(a: T[], cmp: (x: T, y: T) => number): Generator<void, T[], void> {
  const n = a.length;
  if (n <= RUN) return a.sort(cmp);
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(n, lo + RUN);
    const run = a.slice(lo, hi).sort(cmp);
    for (let i = 0; i < run.length; i++) a[lo + i] = run[i];
    yield;
  }
  // Runs already in order at every boundary (a storage's answer in label order): sorted.
  let ordered = true;
  for (let lo = RUN; lo < n && ordered; lo += RUN) ordered = cmp(a[lo - 1], a[lo]) <= 0;
  if (ordered) return a;
  yield* mergingRuns(a, new Array<T>(n), RUN, (x, y) => cmp(x, y) < 0);
  return a;
}

/** An array or a typed array: what {@link mergingRuns} reads and writes. */
interface Indexed<T> {
  [i: number]: T;
  readonly length: number;
}

/**
 * Merges the sorted runs of `run` elements of `a` pairwise, pass after pass, until `a` is sorted
 * (`spare`, as long as `a`, takes every other pass), yielding after every `run` elements merged.
 * Stable: ties take the left run first. Two runs already in order are copied, not merged.
 */
function* mergingRuns<T>(a: Indexed<T>, spare: Indexed<T>, run: number, less: (x: T, y: T) => boolean): Generator<void, void, void> {
  const n = a.length;
  let src = a;
  let dst = spare;
  for (let width = run; width < n; width *= 2) {
    let merged = 0;
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let i = lo;
      let j = mid;
      let k = lo;
      if (j < hi && !less(src[mid], src[mid - 1])) {
        while (k < hi) dst[k++] = src[i++];
        continue;
      }
      while (i < mid && j < hi) {
        dst[k++] = less(src[j], src[i]) ? src[j++] : src[i++];
        if (++merged === run) {
          merged = 0;
          yield;
        }
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  if (src !== a) for (let i = 0; i < n; i++) a[i] = src[i];
}

/** Numbers sorted by one call of the typed array's own sort, and merged between two pauses. */
const NUMBER_RUN = 8192;

/**
 * Sorts the numbers of `a` (none NaN) in place, ascending, as `a.sort()` would, and returns it: a
 * pausable step that yields after each run of {@link NUMBER_RUN} numbers sorted and after every
 * {@link NUMBER_RUN} merged. A short array is sorted at once, without a pause.
 */
export function* sortingNumbersInPlace(a: Float64Array): Generator<void, Float64Array, void> {
  const n = a.length;
  if (n <= NUMBER_RUN) return a.sort();
  for (let lo = 0; lo < n; lo += NUMBER_RUN) {
    a.subarray(lo, Math.min(n, lo + NUMBER_RUN)).sort();
    yield;
  }
  yield* mergingRuns(a, new Float64Array(n), NUMBER_RUN, (x, y) => x < y);
  return a;
}
