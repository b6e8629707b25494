// The points of each step's window in one series, as index bounds: what the range functions that
// compute a whole series at once (sliding windows) are handed instead of one call per window.
import type { MatrixValue } from '../../eval/values.js';

/**
 * Fills `from[i]`/`to[i]` with the points `from[i] … to[i]-1` of `t` in step i's window
 * `(windowEnd[i] − range, windowEnd[i]]`, widened by the lookback of `anchored`/`smoothed` inputs
 * as `overWindows` does. Windows are found with two forward cursors, restarted where a window
 * ends before the previous one, and skipped over the steps whose windows hold the points of the
 * previous one; `from.length` is the number of steps. Returns the number of points over all windows.
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
    while (lo < n && t[lo] <= start) lo++;
    if (hi < lo) hi = lo;
    while (hi < n && t[hi] <= end) hi++;
    from[i] = lo;
    to[i] = hi;
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
