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
    // The next steps whose windows end no earlier and neither drop point lo nor reach point hi
    // (steps finer than the points, as a subquery's outer steps often are) hold the same points.
    const first = lo < n ? t[lo] : Infinity;
    const next = hi < n ? t[hi] : Infinity;
    const run = i;
    while (i + 1 < steps) {
      const e = we[i + 1];
      if (e < we[i] || e - m.range - before >= first || e + after >= next) break;
      i++;
      from[i] = lo;
      to[i] = hi;
    }
    points += (i - run + 1) * (hi - lo);
  }
  return points;
}
