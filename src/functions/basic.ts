// Conversions between scalars and vectors: vector() and scalar().
import { EMPTY_LABELS } from '../storage/labels.js';
import type { ScalarValue, VectorValue } from '../eval/values.js';
import type { FunctionImpl } from './types.js';

/** `vector(s)`: a series with no labels and the scalar's value at every step. */
export const vectorFn: FunctionImpl = ({ args, grid }) => {
  const s = args[0] as ScalarValue;
  return {
    type: 'vector',
    series: [{ labels: EMPTY_LABELS, values: s.values.slice(), present: new Uint8Array(grid.steps).fill(1), dropName: false }],
  };
};

/** `scalar(v)`: the single sample's value, or NaN when there is not exactly one. */
export const scalarFn: FunctionImpl = ({ args, grid }) => {
  const v = args[0] as VectorValue;
  const out = new Float64Array(grid.steps);
  for (let i = 0; i < grid.steps; i++) {
    let n = 0;
    let value = NaN;
    for (const s of v.series) {
      if (!s.present[i]) continue;
      n++;
      value = s.values[i];
    }
    out[i] = n === 1 ? value : NaN;
  }
  return { type: 'scalar', values: out };
};
