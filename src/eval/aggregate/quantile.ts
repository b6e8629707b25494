// quantile: the samples of each group and step, then Prometheus's quantile of them.
import { quantile } from '../../util/quantile.js';
import type { AccumulatorFactory } from './accumulator.js';

/** `quantile(φ, …)`: φ per step from the parameter. */
export const quantileAccumulator: AccumulatorFactory = (groups, steps, param) => {
  const samples: number[][][] = Array.from({ length: groups }, () => Array.from({ length: steps }, () => []));
  return {
    first: (g, i, f) => {
      samples[g][i].push(f);
    },
    next: (g, i, f) => {
      samples[g][i].push(f);
    },
    value: (g, i) => quantile(param!.values[i], samples[g][i]),
  };
};
