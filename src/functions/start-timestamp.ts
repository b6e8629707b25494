// start_timestamp(): the start timestamps of the samples a selector picks, when the engine uses
// start timestamps; over any other expression (or with the option off) nothing, as in Prometheus.
import { unwrapParens } from '../parser/walk.js';
import type { VectorValue } from '../eval/values.js';
import { mapFloats } from './shapes.js';
import type { FunctionImpl } from './types.js';

/** `start_timestamp(v)`: the evaluator passes start timestamps (seconds) as values for a selector. */
export const startTimestampFn: FunctionImpl = ({ ctx, call, args }) => {
  if (!ctx.settings.useStartTimestamps || unwrapParens(call.args[0]).type !== 'VectorSelector') return { type: 'vector', series: [] };
  return mapFloats(ctx, args[0] as VectorValue, (x) => x);
};
