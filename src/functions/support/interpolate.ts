// Linear interpolation between two samples, as Prometheus's `interpolate`: the smoothed and
// anchored range selectors and rate/increase/delta over them use it.

/**
 * Linear interpolation at t between (t1, y1) and (t2, y2). For a counter, a drop means a reset:
 * the earlier value counts as 0 (Prometheus `interpolate`).
 */
export function interpolate(t1: number, y1: number, t2: number, y2: number, t: number, isCounter: boolean): number {
  if (isCounter && y2 < y1) y1 = 0;
  return y1 + ((y2 - y1) * (t - t1)) / (t2 - t1);
}
