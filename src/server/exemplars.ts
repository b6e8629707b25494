// `/api/v1/query_exemplars`: our storages hold no exemplars, so a valid request lists none. Grafana
// asks for them beside its queries; answering `[]` (not 404) keeps its panels free of errors.
import { ApiError, queryError } from './errors.js';
import { MAX_TIME_MS, MIN_TIME_MS, timeParam } from './params.js';
import { dataResponse } from './responses.js';
import type { ApiContext, ApiRequest } from './context.js';

/** `GET|POST /api/v1/query_exemplars`: checks `start`, `end` and `query` as Prometheus does; answers `[]`. */
export function queryExemplars(ctx: ApiContext, req: ApiRequest): Response {
  const p = req.params;
  const start = timeParam(p, 'start', MIN_TIME_MS);
  const end = timeParam(p, 'end', MAX_TIME_MS);
  if (end < start) throw new ApiError('bad_data', 'end timestamp must not be before start timestamp');
  try {
    ctx.engine.parse(p.get('query'));
  } catch (e) {
    // Prometheus compatibility: this endpoint reports parse errors without naming the parameter.
    throw new ApiError('bad_data', queryError(e).message.replace(/^invalid parameter "query": /, ''));
  }
  return dataResponse([]);
}
