// sum: Kahan-compensated, in input order, as Prometheus sums.
import { kahanInc } from '../../util/kahan.js';
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
      [sum[g][i], comp[g][i]] = kahanInc(f, sum[g][i], comp[g][i]);
    },
    value: (g, i) => sum[g][i] + comp[g][i],
  };
};
