// Functions whose data model we do not hold yet: start_timestamp() needs start timestamps in
// storage.
import type { FunctionImpl } from './types.js';

/**
 * `start_timestamp(v)`: Prometheus returns nothing unless start timestamps are stored and enabled;
 * our storage holds none, so the result is empty, as Prometheus's with the feature off.
 */
export const startTimestampFn: FunctionImpl = () => ({ type: 'vector', series: [] });
