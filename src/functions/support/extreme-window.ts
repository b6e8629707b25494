// min/max_over_time and their ts_of_* variants over a whole series: each step's window is found
// with forward cursors and its winner read off a monotone deque of the points seen so far, so a
// point is pushed and popped about once however many windows cover it.
import { sameWindowsUntil } from './window-bounds.js';

/**
 * Which point of a window wins. `sign` +1 looks for the maximum, −1 for the minimum. `latest`:
 * of equal values (−0 equals +0) the last wins (ts_of_*), else the first. NaNs lose to any
 * number; a window of NaNs only gives its last point. This is Prometheus's scan
 * `if cur > best || isNaN(best) { best = cur }` (or `>=`) from the first point.
 */
export interface ExtremeRule {
  readonly sign: 1 | -1;
  readonly latest: boolean;
}

/** Scratch deque of point indices, shared by all series (used within one synchronous call). */
let scratch = new Int32Array(0);

/**
 * For each step i whose window `(windowEnd[i] − range, windowEnd[i]]` holds points of `t`, writes
 * the winning point's value (or, with `timestamp`, its time in seconds) to `out[i]` and sets
 * `present[i]`; adds the points of every window to `tally.points`; returns the number of steps
 * with a result. Windows are found as `windowBounds` finds them (two forward cursors, restarted
 * where a window ends before the previous one).
 *
 * The deque holds the indices of the non-NaN points pushed so far whose values, times `sign`,
 * strictly decrease (`latest`) or never increase (first of equals) towards the back, so its front
 * is the window's winner once the points that left are dropped. A window going back, or starting
 * after every point pushed, starts it afresh. A window with the bounds of the previous non-empty
 * one (a step finer than the points, as a subquery's outer steps often are) repeats its result.
 */
export function extremeSeries(
  rule: ExtremeRule, timestamp: boolean, t: Float64Array, v: Float64Array, windowEnd: Float64Array, range: number,
  out: Float64Array, present: Uint8Array, tally: { points: number },
): number {
  const n = t.length;
  if (scratch.length < n) scratch = new Int32Array(Math.max(n, 2 * scratch.length));
  const deque = scratch;
  const s = rule.sign;
  const latest = rule.latest;
  let lo = 0;
  let hi = 0;
  let head = 0;
  let tail = 0;
  // Points before `pushed` went through the deque; the last window it served was prevLo … prevHi-1.
  let pushed = 0;
  let prevLo = -1;
  let prevHi = -1;
  let prevOut = 0;
  let points = 0;
  let any = 0;
  const steps = out.length;
  for (let i = 0; i < steps; i++) {
    const end = windowEnd[i];
    if (i > 0 && end < windowEnd[i - 1]) lo = hi = 0;
    const start = end - range;
    while (lo < n && t[lo] <= start) lo++;
    if (hi < lo) hi = lo;
    while (hi < n && t[hi] <= end) hi++;
    if (hi <= lo) continue;
    let r: number;
    if (lo === prevLo && hi === prevHi) {
      r = prevOut;
    } else {
      if (lo < prevLo || hi < prevHi || lo >= pushed) {
        head = tail = 0;
        pushed = lo;
      }
      for (; pushed < hi; pushed++) {
        const x = s * v[pushed];
        if (x !== x) continue;
        while (tail > head) {
          const y = s * v[deque[tail - 1]];
          if (y < x || (latest && y === x)) tail--;
          else break;
        }
        deque[tail++] = pushed;
      }
      while (head < tail && deque[head] < lo) head++;
      const b = head < tail ? deque[head] : hi - 1;
      prevOut = r = timestamp ? t[b] / 1000 : v[b];
      prevLo = lo;
      prevHi = hi;
    }
    // The next steps holding the same points take the same result.
    const last = sameWindowsUntil(windowEnd, i, steps, range, 0, 0, t[lo], hi < n ? t[hi] : Infinity);
    for (let k = i; k <= last; k++) {
      out[k] = r;
      present[k] = 1;
    }
    any += last - i + 1;
    points += (last - i + 1) * (hi - lo);
    i = last;
  }
  tally.points += points;
  return any;
}
