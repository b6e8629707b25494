// min and max: a NaN loses to any number, as in Prometheus.
import { perGroup, type AccumulatorFactory } from './accumulator.js';

function extreme(better: (candidate: number, current: number) => boolean): AccumulatorFactory {
  return (groups, steps) => {
    const v = perGroup(groups, steps);
    return {
      first: (g, i, f) => {
        v[g][i] = f;
      },
      next: (g, i, f) => {
        const cur = v[g][i];
        if (better(f, cur) || Number.isNaN(cur)) v[g][i] = f;
      },
      value: (g, i) => v[g][i],
    };
  };
}

/** `max`. */
export const maxAccumulator = extreme((f, cur) => cur < f);
/** `min`. */
export const minAccumulator = extreme((f, cur) => cur > f);
