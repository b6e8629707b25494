// `/api/v1/query` and `/api/v1/query_range`: parameters checked in Prometheus's order and words,
// the engine run with the request's timeout and lookback delta, results truncated by `limit`.
import { toPrometheusJSONText, type QueryResult } from '../eval/result.js';
import { typeOf, documentedType } from '../parser/types.js';
import { ApiError, queryError } from './errors.js';
import { limitParam, parseApiDuration, timeParam, type Params } from './params.js';
import { successResponse } from './responses.js';
import type { ApiContext, ApiRequest } from './context.js';

/** Most points per series a range query may return, as Prometheus's API. */
export const MAX_POINTS = 11_000;

const TRUNCATED = 'results truncated due to limit';

/** The `timeout` parameter as ms, or undefined. */
function timeoutParam(p: Params): number | undefined {
  const s = p.get('timeout');
  if (s === '') return undefined;
  try {
    return parseApiDuration(s);
  } catch (e) {
    throw ApiError.badParam('timeout', (e as Error).message);
  }
}

/** The `lookback_delta` parameter as whole ms, or undefined (Prometheus: ≤ 0 means the server's). */
function lookbackParam(p: Params): number | undefined {
  const s = p.get('lookback_delta');
  if (s === '') return undefined;
  let ms: number;
  try {
    ms = parseApiDuration(s);
  } catch (e) {
    throw new ApiError('bad_data', `error parsing lookback delta duration: ${(e as Error).message}`);
  }
  return ms >= 1 ? Math.trunc(ms) : undefined;
}

/**
 * An AbortSignal for one query: fires with a TimeoutError after `timeoutMs` (the engine reports
 * it as a timeout) or when the client goes away (a cancellation).
 */
function querySignal(client: AbortSignal, timeoutMs: number | undefined): { signal: AbortSignal; dispose: () => void } {
  if (timeoutMs === undefined) return { signal: client, dispose: () => {} };
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new DOMException('query timeout', 'TimeoutError')), Math.min(Math.max(timeoutMs, 0), 2 ** 31 - 1));
  const onClient = () => ac.abort(client.reason);
  client.addEventListener('abort', onClient, { once: true });
  return {
    signal: ac.signal,
    dispose: () => {
      clearTimeout(timer);
      client.removeEventListener('abort', onClient);
    },
  };
}

/** Parses the query to report syntax errors as Prometheus's API does, before running it. */
function checkQuery(ctx: ApiContext, query: string, range: boolean): void {
  let expr;
  try {
    expr = ctx.engine.parse(query);
  } catch (e) {
    throw queryError(e);
  }
  const t = typeOf(expr);
  if (range && t !== 'scalar' && t !== 'vector') {
    throw ApiError.badParam('query', `invalid expression type "${documentedType(t)}" for range query, must be Scalar or instant Vector`);
  }
}

function truncate(r: QueryResult, limit: number): { r: QueryResult; truncated: boolean } {
  if (limit <= 0 || (r.resultType !== 'vector' && r.resultType !== 'matrix') || r.result.length <= limit) return { r, truncated: false };
  return { r: { ...r, result: r.result.slice(0, limit) } as QueryResult, truncated: true };
}

/** The success response for a result, with `limit` applied and the `stats` parameter honoured. */
function resultResponse(r: QueryResult, p: Params, limit: number): Response {
  const { r: out, truncated } = truncate(r, limit);
  const warnings = out.warnings.map((a) => a.text);
  if (truncated) warnings.push(TRUNCATED);
  const stats = p.get('stats');
  if (stats !== '' && stats !== 'true' && stats !== 'all') {
    warnings.push(`value ${JSON.stringify(stats)} for parameter "stats" is deprecated and will be rejected in the next major release, use "true" or "all"`);
  }
  return successResponse(toPrometheusJSONText(out, { stats: stats !== '' }), warnings, out.infos.map((a) => a.text));
}

async function run(req: ApiRequest, timeoutMs: number | undefined, go: (signal: AbortSignal) => Promise<QueryResult>): Promise<QueryResult> {
  const { signal, dispose } = querySignal(req.signal, timeoutMs);
  try {
    return await go(signal);
  } catch (e) {
    throw queryError(e);
  } finally {
    dispose();
  }
}

/** `GET|POST /api/v1/query`. */
export async function instantQuery(ctx: ApiContext, req: ApiRequest): Promise<Response> {
  const p = req.params;
  const limit = limitParam(p);
  const time = timeParam(p, 'time', ctx.now());
  const timeoutMs = timeoutParam(p);
  const lookbackDelta = lookbackParam(p);
  const query = p.get('query');
  checkQuery(ctx, query, false);
  const r = await run(req, timeoutMs, (signal) => ctx.engine.instantQuery(query, time, { signal, lookbackDeltaMs: lookbackDelta }));
  return resultResponse(r, p, limit);
}

/** `GET|POST /api/v1/query_range`. */
export async function rangeQuery(ctx: ApiContext, req: ApiRequest): Promise<Response> {
  const p = req.params;
  const limit = limitParam(p);
  const start = timeParam(p, 'start', NaN);
  if (Number.isNaN(start)) throw ApiError.badParam('start', 'cannot parse "" to a valid timestamp');
  const end = timeParam(p, 'end', NaN);
  if (Number.isNaN(end)) throw ApiError.badParam('end', 'cannot parse "" to a valid timestamp');
  if (end < start) throw ApiError.badParam('end', 'end timestamp must not be before start time');
  let step: number;
  try {
    step = parseApiDuration(p.get('step'));
  } catch (e) {
    throw ApiError.badParam('step', (e as Error).message);
  }
  // Prometheus compatibility: the step is used in whole milliseconds.
  step = Math.trunc(step);
  if (step <= 0) throw ApiError.badParam('step', 'zero or negative query resolution step widths are not accepted. Try a positive integer');
  if (Math.floor((end - start) / step) > MAX_POINTS) {
    throw new ApiError('bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
  }
  const timeoutMs = timeoutParam(p);
  const lookbackDelta = lookbackParam(p);
  const query = p.get('query');
  checkQuery(ctx, query, true);
  const r = await run(req, timeoutMs, (signal) => ctx.engine.rangeQuery(query, start, end, step, { signal, lookbackDeltaMs: lookbackDelta }));
  return resultResponse(r, p, limit);
}
