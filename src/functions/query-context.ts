// start(), end(), range(), step(): constants of the query, folded to numbers by `prepare` before
// evaluation (Prometheus `foldQueryContextFunctions`); these implementations read the folded value.
import type { FunctionImpl } from './types.js';

const folded: FunctionImpl = ({ ctx, call, grid }) => {
  const value = ctx.plan.folded.get(call);
  if (value === undefined) throw new Error(`${call.func}() was not folded by prepare`);
  return { type: 'scalar', values: new Float64Array(grid.steps).fill(value) };
};

/** The query-context functions by name. */
export const QUERY_CONTEXT_FUNCTIONS: ReadonlyArray<[string, FunctionImpl]> = [
  ['start', folded], ['end', folded], ['range', folded], ['step', folded],
];
