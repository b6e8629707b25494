// API errors: Prometheus's `errorType` values, their HTTP status codes, and how engine errors map
// onto them (`returnAPIError` in Prometheus's web/api/v1).
import { PromQLError } from '../errors.js';

/** The `errorType` values of Prometheus's API envelope. */
export type ApiErrorType = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal' | 'unavailable' | 'not_found' | 'not_acceptable';

const STATUS: Readonly<Record<ApiErrorType, number>> = {
  bad_data: 400, execution: 422, timeout: 503, canceled: 499, internal: 500, unavailable: 503, not_found: 404, not_acceptable: 406,
};

/** An error the API answers with `{"status":"error","errorType":…,"error":…}`. */
export class ApiError extends Error {
  constructor(readonly errorType: ApiErrorType, message: string, readonly status: number = STATUS[errorType]) {
    super(message);
    this.name = 'ApiError';
  }

  /** Prometheus's `invalidParamError`: `invalid parameter "name": reason`, bad_data. */
  static badParam(name: string, reason: string): ApiError {
    return new ApiError('bad_data', `invalid parameter ${JSON.stringify(name)}: ${reason}`);
  }
}

/**
 * The API error for an error raised while running a query. Prometheus compatibility: limits
 * (too many samples) and evaluation errors are `execution` (422); storage failures `internal`.
 */
export function queryError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (!(e instanceof PromQLError)) return new ApiError('internal', e instanceof Error ? e.message : String(e));
  switch (e.kind) {
    case 'parse': case 'options': return ApiError.badParam('query', e.message);
    case 'timeout': return new ApiError('timeout', e.message);
    case 'cancelled': return new ApiError('canceled', e.message);
    case 'storage': case 'data': return new ApiError('internal', e.message);
    case 'eval': case 'limit': case 'unsupported': return new ApiError('execution', e.message);
  }
}
