// avg: a Kahan-compensated sum divided at the end, switching to an incremental mean once the sum
// would overflow, exactly as Prometheus does.
import { kahanComp } from '../../util/kahan.js';
import { perGroup, type AccumulatorFactory } from './accumulator.js';
import { u8 } from '../../util/slab.js';

/** `avg`. */
export const avgAccumulator: AccumulatorFactory = (groups, steps) => {
  const sum = perGroup(groups, steps);
  const comp = perGroup(groups, steps);
  const mean = perGroup(groups, steps);
  const count = perGroup(groups, steps);
  const incremental = Array.from({ length: groups }, () => u8(steps));
  const first = (g: number, i: number, f: number): void => {
    sum[g][i] = f;
    mean[g][i] = f;
    count[g][i] = 1;
    comp[g][i] = 0;
  };
  const next = (g: number, i: number, f: number): void => {
    const cnt = ++count[g][i];
    const c = comp[g];
    if (!incremental[g][i]) {
      const nv = sum[g][i] + f;
      if (nv !== Infinity && nv !== -Infinity) {
        c[i] = kahanComp(f, sum[g][i], c[i]);
        sum[g][i] = nv;
        return;
      }
      incremental[g][i] = 1;
      mean[g][i] = sum[g][i] / (cnt - 1);
      c[i] /= cnt - 1;
    }
    const q = (cnt - 1) / cnt;
    const inc = f / cnt;
    c[i] = kahanComp(inc, q * mean[g][i], q * c[i]);
    mean[g][i] = q * mean[g][i] + inc;
  };
  return {
    first,
    next,
    value: (g, i) => (incremental[g][i] ? mean[g][i] + comp[g][i] : sum[g][i] / count[g][i] + comp[g][i] / count[g][i]),
    addSeries: (g, values, present, seen) => {
      for (let i = 0; i < steps; i++) {
        if (!present[i]) continue;
        if (seen[i]) next(g, i, values[i]);
        else {
          seen[i] = 1;
          first(g, i, values[i]);
        }
      }
    },
  };
};
