// sum: Kahan-compensated, in input order, as Prometheus sums.
import { kahanComp } from '../../util/kahan.js';
import { perGroup, type AccumulatorFactory } from './accumulator.js';

/** `sum`. */
export const sumAccumulator: AccumulatorFactory = (groups, steps) => {
  const sum = perGroup(groups, steps);
  const comp = perGroup(groups, steps);
  return {
    first: (g, i, f) => {
      sum[g][i] = f;
      comp[g][i] = 0;
    },
    next: (g, i, f) => {
      comp[g][i] = kahanComp(f, sum[g][i], comp[g][i]);
      sum[g][i] += f;
    },
    value: (g, i) => sum[g][i] + comp[g][i],
    addSeries: (g, values, present, seen) => {
      const s = sum[g];
      const c = comp[g];
      for (let i = 0; i < s.length; i++) {
        if (!present[i]) continue;
        const f = values[i];
        if (seen[i]) {
          c[i] = kahanComp(f, s[i], c[i]);
          s[i] += f;
        } else {
          seen[i] = 1;
          s[i] = f;
          c[i] = 0;
        }
      }
    },
  };
};
