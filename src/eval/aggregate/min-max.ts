// min and max: a NaN loses to any number, as in Prometheus.
import { perGroup, type AccumulatorFactory } from './accumulator.js';

/** `max` (sign 1) or `min` (sign −1): a candidate wins when `sign·candidate > sign·current`. */
function extreme(sign: 1 | -1): AccumulatorFactory {
  return (groups, steps) => {
    const v = perGroup(groups, steps);
    return {
      first: (g, i, f) => {
        v[g][i] = f;
      },
      next: (g, i, f) => {
        const cur = v[g][i];
        if (sign * f > sign * cur || cur !== cur) v[g][i] = f;
      },
      value: (g, i) => v[g][i],
      addSeries: (g, values, present, seen) => {
        const a = v[g];
        for (let i = 0; i < a.length; i++) {
          if (!present[i]) continue;
          const f = values[i];
          const cur = a[i];
          if (!seen[i] || sign * f > sign * cur || cur !== cur) a[i] = f;
          seen[i] = 1;
        }
      },
    };
  };
}

/** `max`. */
export const maxAccumulator = extreme(1);
/** `min`. */
export const minAccumulator = extreme(-1);
