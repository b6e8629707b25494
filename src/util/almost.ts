// Prometheus's `util/almost.Equal`: float comparison relative to the sum of magnitudes.

const MIN_NORMAL = 2.2250738585072014e-308;

/** Whether a and b are equal within a relative epsilon (NaN equals NaN). */
export function almostEqual(a: number, b: number, epsilon = 1e-6): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}
