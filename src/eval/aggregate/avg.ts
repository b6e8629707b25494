// avg: a Kahan-compensated sum divided at the end, switching to an incremental mean once the sum
// would overflow, exactly as Prometheus does.
import { kahanInc } from '../../util/kahan.js';
import { perGroup, type AccumulatorFactory } from './accumulator.js';

/** `avg`. */
export const avgAccumulator: AccumulatorFactory = (groups, steps) => {
  const sum = perGroup(groups, steps);
  const comp = perGroup(groups, steps);
  const mean = perGroup(groups, steps);
  const count = perGroup(groups, steps);
  const incremental = Array.from({ length: groups }, () => new Uint8Array(steps));
  return {
    first: (g, i, f) => {
      sum[g][i] = f;
      mean[g][i] = f;
      count[g][i] = 1;
      comp[g][i] = 0;
    },
    next: (g, i, f) => {
      const cnt = ++count[g][i];
      const c = comp[g];
      if (!incremental[g][i]) {
        const [nv, nc] = kahanInc(f, sum[g][i], c[i]);
        if (nv !== Infinity && nv !== -Infinity) {
          sum[g][i] = nv;
          c[i] = nc;
          return;
        }
        incremental[g][i] = 1;
        mean[g][i] = sum[g][i] / (cnt - 1);
        c[i] /= cnt - 1;
      }
      const q = (cnt - 1) / cnt;
      [mean[g][i], c[i]] = kahanInc(f / cnt, q * mean[g][i], q * c[i]);
    },
    value: (g, i) => (incremental[g][i] ? mean[g][i] + comp[g][i] : sum[g][i] / count[g][i] + comp[g][i] / count[g][i]),
  };
};
