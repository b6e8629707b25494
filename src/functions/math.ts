// Element-wise math on instant vectors (abs, ceil, …, round, clamp) and the scalar functions pi,
// max_of and min_of. All of them act on floats only and drop the metric name.
import type { FunctionImpl } from './types.js';
import type { ScalarValue, StepSeries, VectorValue } from '../eval/values.js';
import { instantResult, mapFloats, outLabels, scalarArg } from './shapes.js';
import { goLog, goLog2, goMax, goMin } from '../util/go-math.js';
import { goExp } from '../util/go-exp.js';

/** An instant function applying f to each float. */
export function elementwise(f: (x: number) => number): FunctionImpl {
  return ({ ctx, args }) => mapFloats(ctx, args[0] as VectorValue, f);
}

/** Go's `math.Log2` (kept here for the function table's callers; it lives in util). */
export { goLog2 };

/** Go's `math.Log10`: `Log(x) · (1/Ln10)`, with the constant folded exactly as Go folds it. */
export function goLog10(x: number): number {
  return goLog(x) * 0.434294481903251827651128918916605082;
}

/** `sgn`: −1, 1, or the value itself for ±0 and NaN. */
export function sgn(v: number): number {
  if (v < 0) return -1;
  if (v > 0) return 1;
  return v;
}

/** `round(v, to_nearest=1)`: ties round up; the inverse is used as Prometheus does. */
const roundFn: FunctionImpl = ({ ctx, args }) => {
  const to = args.length > 1 ? scalarArg(args, 1) : null;
  return mapFloats(ctx, args[0] as VectorValue, (x, i) => {
    const inv = 1 / (to ? to[i] : 1);
    return Math.floor(x * inv + 0.5) / inv;
  });
};

/**
 * clamp, clamp_min, clamp_max: the bounds come from the scalar arguments at the given indexes
 * (null: unbounded). No result at steps where max < min.
 */
function clampWith(minArg: number | null, maxArg: number | null): FunctionImpl {
  return ({ ctx, args }) => {
    const lo = minArg === null ? null : scalarArg(args, minArg);
    const hi = maxArg === null ? null : scalarArg(args, maxArg);
    const series: StepSeries[] = [];
    for (const s of (args[0] as VectorValue).series) {
      const steps = s.values.length;
      const values = new Float64Array(steps);
      const present = new Uint8Array(steps);
      let any = false;
      for (let i = 0; i < steps; i++) {
        if (!s.present[i]) continue;
        const min = lo ? lo[i] : -Infinity;
        const max = hi ? hi[i] : Infinity;
        if (max < min) continue;
        values[i] = goMax(min, goMin(max, s.values[i]));
        present[i] = 1;
        any = true;
      }
      if (any) series.push({ labels: outLabels(ctx, s.labels, true), values, present, dropName: true });
    }
    return instantResult(ctx, series);
  };
}

const clampFn = clampWith(1, 2);
const clampMinFn = clampWith(1, null);
const clampMaxFn = clampWith(null, 1);

/** `pi()`. */
const piFn: FunctionImpl = ({ grid }) => ({ type: 'scalar', values: new Float64Array(grid.steps).fill(Math.PI) });

function scalarPair(f: (a: number, b: number) => number): FunctionImpl {
  return ({ args, grid }) => {
    const a = scalarArg(args, 0);
    const b = scalarArg(args, 1);
    const out = new Float64Array(grid.steps);
    for (let i = 0; i < out.length; i++) out[i] = f(a[i], b[i]);
    return { type: 'scalar', values: out } satisfies ScalarValue;
  };
}

const maxOfFn = scalarPair(goMax);
const minOfFn = scalarPair(goMin);

/** The element-wise math functions by name. */
export const MATH_FUNCTIONS: ReadonlyArray<[string, FunctionImpl]> = [
  ['abs', elementwise(Math.abs)],
  ['ceil', elementwise(Math.ceil)],
  ['floor', elementwise(Math.floor)],
  ['exp', elementwise(goExp)],
  ['sqrt', elementwise(Math.sqrt)],
  ['ln', elementwise(goLog)],
  ['log2', elementwise(goLog2)],
  ['log10', elementwise(goLog10)],
  ['sgn', elementwise(sgn)],
  ['deg', elementwise((v) => (v * 180) / Math.PI)],
  ['rad', elementwise((v) => (v * Math.PI) / 180)],
  ['round', roundFn],
  ['clamp', clampFn],
  ['clamp_min', clampMinFn],
  ['clamp_max', clampMaxFn],
  ['pi', piFn],
  ['max_of', maxOfFn],
  ['min_of', minOfFn],
];
