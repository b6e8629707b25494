// The point of each window holding the minimum or maximum, for min/max_over_time and their
// ts_of_* variants: a monotone deque over long overlapping windows, a plain scan over short ones.

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

/**
 * Writes, for each step i with a non-empty window `from[i] … to[i]-1`, the index of the winning
 * point to `best[i]`. Chooses per series between the deque (about one push and pop per point)
 * and the scan (one comparison per point per window), by what the windows cover.
 */
export function extremeIndices(rule: ExtremeRule, v: Float64Array, from: Int32Array, to: Int32Array, best: Int32Array, deque: Int32Array): void {
  let covered = 0;
  let first = -1;
  let last = 0;
  for (let i = 0; i < from.length; i++) {
    if (to[i] <= from[i]) continue;
    covered += to[i] - from[i];
    if (first < 0) first = from[i];
    last = to[i];
  }
  if (first >= 0 && covered > 8 * (last - first)) dequeIndices(rule, v, from, to, best, deque);
  else scanIndices(rule, v, from, to, best);
}

/** The scan, window by window. */
export function scanIndices(rule: ExtremeRule, v: Float64Array, from: Int32Array, to: Int32Array, best: Int32Array): void {
  const s = rule.sign;
  const latest = rule.latest;
  for (let i = 0; i < from.length; i++) {
    const end = to[i];
    let b = from[i];
    if (end <= b) continue;
    let bv = s * v[b];
    for (let k = b + 1; k < end; k++) {
      const x = s * v[k];
      if (x > bv || (latest && x === bv) || bv !== bv) {
        b = k;
        bv = x;
      }
    }
    best[i] = b;
  }
}

/**
 * The deque: indices of the non-NaN points pushed so far whose values strictly decrease (`latest`)
 * or never increase (first of equals) towards the back, so the front is the window's winner
 * once the points that left are dropped. `deque` must hold v.length indices.
 */
export function dequeIndices(rule: ExtremeRule, v: Float64Array, from: Int32Array, to: Int32Array, best: Int32Array, deque: Int32Array): void {
  const s = rule.sign;
  const latest = rule.latest;
  let head = 0;
  let tail = 0;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < from.length; i++) {
    const f = from[i];
    const e = to[i];
    if (e <= f) continue;
    if (f < lo || e < hi || f >= hi) {
      // Backwards or disjoint: start afresh at this window.
      head = tail = 0;
      hi = f;
    }
    for (; hi < e; hi++) {
      const x = s * v[hi];
      if (x !== x) continue;
      while (tail > head && (s * v[deque[tail - 1]] < x || (latest && s * v[deque[tail - 1]] === x))) tail--;
      deque[tail++] = hi;
    }
    lo = f;
    while (head < tail && deque[head] < f) head++;
    best[i] = head < tail ? deque[head] : e - 1;
  }
}
