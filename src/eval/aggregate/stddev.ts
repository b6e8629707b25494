// stddev and stdvar: Welford's running variance, NaN from the start for a NaN or infinite first
// sample, as Prometheus computes them.
import { perGroup, type AccumulatorFactory } from './accumulator.js';

function variance(sqrt: boolean): AccumulatorFactory {
  return (groups, steps) => {
    const m2 = perGroup(groups, steps);
    const mean = perGroup(groups, steps);
    const count = perGroup(groups, steps);
    return {
      first: (g, i, f) => {
        m2[g][i] = Number.isNaN(f) || !Number.isFinite(f) ? NaN : 0;
        mean[g][i] = f;
        count[g][i] = 1;
      },
      next: (g, i, f) => {
        const n = ++count[g][i];
        const delta = f - mean[g][i];
        mean[g][i] += delta / n;
        m2[g][i] += delta * (f - mean[g][i]);
      },
      value: (g, i) => (sqrt ? Math.sqrt(m2[g][i] / count[g][i]) : m2[g][i] / count[g][i]),
    };
  };
}

/** `stddev`. */
export const stddevAccumulator = variance(true);
/** `stdvar`. */
export const stdvarAccumulator = variance(false);
