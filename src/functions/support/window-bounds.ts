// The points of each step's window in one series, as index bounds: what the range functions that
// compute a whole series at once (sliding windows) are handed instead of one call per window.
import type { MatrixValue } from '../../eval/values.js';

/**
 * Fills `from[i]`/`to[i]` with the points `from[i] … to[i]-1` of `t` in step i's window
 * `(windowEnd[i] − range, windowEnd[i]]`, widened by the lookback of `anchored`/`smoothed` inputs
 * as `overWindows` does. Windows are found with two forward cursors, restarted where a window
 * ends before the previous one, and skipped over the steps whose windows hold the points of the
 * previous one; for plain windows, once both cursors move by one point, the following steps that
 * slide the same way are found as a run ({@link slidingRun}). `from.length` is the number of
 * steps. Returns the number of points over all windows.
 */
export function windowBounds(m: MatrixValue, t: Float64Array, from: Int32Array, to: Int32Array): number {
  const we = m.windowEnd;
  const before = m.extended ? m.extended.lookback : 0;
  const after = m.extended?.kind === 'smoothed' ? m.extended.lookback : 0;
  const n = t.length;
  let lo = 0;
  let hi = 0;
  let points = 0;
  const steps = from.length;
  for (let i = 0; i < steps; i++) {
    if (i > 0 && we[i] < we[i - 1]) lo = hi = 0;
    const start = we[i] - m.range - before;
    const end = we[i] + after;
    const lo0 = lo;
    const hi0 = hi;
    while (lo < n && t[lo] <= start) lo++;
    if (hi < lo) hi = lo;
    while (hi < n && t[hi] <= end) hi++;
    from[i] = lo;
    to[i] = hi;
    // Both ends moved by one point: the next steps likely slide the same way (plain windows).
    if (i > 0 && !m.extended && lo === lo0 + 1 && hi === hi0 + 1) {
      const run = slidingRun(t, we, m.range, lo, hi, i + 1);
      for (let k = 1; k <= run; k++) {
        from[i + k] = lo + k;
        to[i + k] = hi + k;
      }
      points += (run + 1) * (hi - lo);
      lo += run;
      hi += run;
      i += run;
      continue;
    }
    const last = sameWindowsUntil(we, i, steps, m.range, before, after, lo < n ? t[lo] : Infinity, hi < n ? t[hi] : Infinity);
    for (let k = i + 1; k <= last; k++) {
      from[k] = lo;
      to[k] = hi;
    }
    points += (last - i + 1) * (hi - lo);
    i = last;
  }
  return points;
}

/**
 * The last step j ≥ i such that steps i+1 … j hold the points of step i's window (steps finer
 * than the points, as a subquery's outer steps often are): each window ends no earlier than the one
 * before, and neither drops the first point (at time `first`) nor reaches the next one (at `next`,
 * Infinity when none). `before`/`after` widen windows as in {@link windowBounds}.
 */
export function sameWindowsUntil(
  windowEnd: Float64Array, i: number, steps: number, range: number, before: number, after: number, first: number, next: number,
): number {
  while (i + 1 < steps) {
    const e = windowEnd[i + 1];
    if (e < windowEnd[i] || e - range - before >= first || e + after >= next) break;
    i++;
  }
  return i;
}

/**
 * How many steps in a row, from step `i` on, each slide the previous window by one point: step
 * i+k's window is `from + 1 + k … to + k` when step i−1's was `from … to − 1` (a scrape interval
 * equal to the step). Each step is checked on its own, by comparisons that do not wait on the
 * previous step's, which runs faster than moving two cursors point by point; the bounds of a run
 * are exactly those the cursors would find (the four comparisons pin both bounds; a window ending
 * before the previous one cannot pass them). The last point of the series is left to the cursors,
 * so that `t[to + k + 1]` always exists. Plain windows only: `anchored`/`smoothed` windows are
 * widened by the lookback, which these comparisons do not know.
 */
export function slidingRun(t: Float64Array, windowEnd: Float64Array, range: number, from: number, to: number, i: number): number {
  const lim = Math.min(windowEnd.length - i, t.length - 1 - to);
  let k = 0;
  for (; k < lim; k++) {
    const end = windowEnd[i + k];
    const start = end - range;
    const f = from + 1 + k;
    const e = to + k;
    if (!(t[f - 1] <= start && t[f] > start && t[e] <= end && t[e + 1] > end)) break;
  }
  return k;
}
