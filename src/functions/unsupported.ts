// Functions whose data model we do not hold yet: info() needs a second, label-driven storage
// lookup, and start_timestamp() needs start timestamps in storage.
import { UnsupportedError } from '../errors.js';
import type { FunctionImpl } from './types.js';

/** `info(v, …)`: not implemented yet; fails rather than guessing. */
export const infoFn: FunctionImpl = ({ call }) => {
  throw new UnsupportedError('function "info" is not implemented yet', call.pos);
};

/**
 * `start_timestamp(v)`: Prometheus returns nothing unless start timestamps are stored and enabled;
 * our storage holds none, so the result is empty, as Prometheus's with the feature off.
 */
export const startTimestampFn: FunctionImpl = () => ({ type: 'vector', series: [] });
