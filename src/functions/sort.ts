// sort, sort_desc, sort_by_label, sort_by_label_desc: reorder an instant query's result. Range
// query results are always ordered by labels, so there they only warn.
import type { FunctionImpl, CallInput } from './types.js';
import { compareLabels, compareStrings, getLabel } from '../storage/labels.js';
import { isInstant } from './support/grid.js';
import type { StepSeries, StringValue, VectorValue } from '../eval/values.js';
import { goSort } from '../util/go-sort.js';

/** Reorders the single step's series; in a range query returns them as they are, with the warning. */
function reorder(order: (present: StepSeries[], input: CallInput) => void): FunctionImpl {
  return (input) => {
    const { ctx, call, args, grid } = input;
    const v = args[0] as VectorValue;
    if (!isInstant(grid)) {
      ctx.annotations.warn('sort is ineffective for range queries since results are always ordered by labels', call.pos);
      return v;
    }
    const present = v.series.filter((s) => s.present[0]);
    order(present, input);
    return { type: 'vector', series: present };
  };
}

// Prometheus compatibility: NaN goes last in both directions (a reversed sort of "NaN first").
const ascending = (x: StepSeries, y: StepSeries) => y.values[0] !== y.values[0] || y.values[0] > x.values[0];
const descending = (x: StepSeries, y: StepSeries) => y.values[0] !== y.values[0] || y.values[0] < x.values[0];

const MAX_INT64 = 2n ** 63n - 1n;

/** The chunks of facette/natsort: runs of ASCII digits and runs of anything else. */
function chunks(s: string): string[] {
  return s.match(/\d+|\D+/g) ?? [];
}

function asInt(chunk: string): bigint | null {
  if (!/^\d+$/.test(chunk)) return null;
  const n = BigInt(chunk);
  return n > MAX_INT64 ? null : n;
}

/** facette/natsort `Compare(a, b)`: whether a sorts before b in natural order. */
export function naturalLess(a: string, b: string): boolean {
  const ca = chunks(a);
  const cb = chunks(b);
  for (let i = 0; i < ca.length; i++) {
    if (i >= cb.length) return false;
    const ia = asInt(ca[i]);
    const ib = asInt(cb[i]);
    const equal = ia !== null && ib !== null ? ia === ib : ca[i] === cb[i];
    if (equal) {
      if (i === ca.length - 1) return true;
      if (i === cb.length - 1) return false;
      continue;
    }
    if (ia !== null && ib !== null) return ia < ib;
    return compareStrings(ca[i], cb[i]) < 0;
  }
  return false;
}

function byLabels(desc: boolean): FunctionImpl {
  return reorder((present, { args }) => {
    const names = args.slice(1).map((a) => (a as StringValue).value);
    const sign = desc ? -1 : 1;
    const cmp = (x: StepSeries, y: StepSeries): number => {
      for (const name of names) {
        const a = getLabel(x.labels, name);
        const b = getLabel(y.labels, name);
        if (a === b) continue;
        return naturalLess(a, b) ? -sign : sign;
      }
      return sign * compareLabels(x.labels, y.labels);
    };
    // Prometheus compatibility: the natural-order comparison is not a consistent order (empty
    // values, numbers written differently), so the result depends on the algorithm: Go's pdqsort
    // (slices.SortFunc), as Prometheus sorts.
    goSort(present, (x, y) => cmp(x, y) < 0);
  });
}

/** The sorting functions by name. */
export const SORT_FUNCTIONS: ReadonlyArray<[string, FunctionImpl]> = [
  ['sort', reorder((present) => goSort(present, ascending))],
  ['sort_desc', reorder((present) => goSort(present, descending))],
  ['sort_by_label', byLabels(false)],
  ['sort_by_label_desc', byLabels(true)],
];
