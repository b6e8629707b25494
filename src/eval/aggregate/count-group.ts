// count and group: how many samples, or 1.
import { perGroup, type AccumulatorFactory } from './accumulator.js';

/** `count`. */
export const countAccumulator: AccumulatorFactory = (groups, steps) => {
  const count = perGroup(groups, steps);
  return {
    first: (g, i) => {
      count[g][i] = 1;
    },
    next: (g, i) => {
      count[g][i]++;
    },
    value: (g, i) => count[g][i],
  };
};

/** `group`. */
export const groupAccumulator: AccumulatorFactory = () => ({
  first: () => {},
  next: () => {},
  value: () => 1,
});
