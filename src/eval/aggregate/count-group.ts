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
    addSeries: (g, _values, present, seen) => {
      const c = count[g];
      for (let i = 0; i < c.length; i++) {
        if (!present[i]) continue;
        c[i] = seen[i] ? c[i] + 1 : 1;
        seen[i] = 1;
      }
    },
  };
};

/** `group`. */
export const groupAccumulator: AccumulatorFactory = () => ({
  first: () => {},
  next: () => {},
  value: () => 1,
  addSeries: (_g, _values, present, seen) => {
    for (let i = 0; i < present.length; i++) if (present[i]) seen[i] = 1;
  },
});
