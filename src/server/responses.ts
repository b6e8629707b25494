// The API's JSON envelopes: `{"status":"success","data":…,"warnings":[…],"infos":[…]}` and
// `{"status":"error","errorType":…,"error":…}`, with Prometheus's caps on annotations.
import type { ApiError } from './errors.js';

/** Most warnings (and, separately, infos) a response lists, as Prometheus's API (`AsStrings(q, 10, 10)`). */
export const MAX_ANNOTATIONS = 10;

const JSON_TYPE = 'application/json';

function capped(list: readonly string[], level: 'warning' | 'info'): string[] {
  if (list.length <= MAX_ANNOTATIONS) return [...list];
  return [...list.slice(0, MAX_ANNOTATIONS), `${list.length - MAX_ANNOTATIONS} more ${level} annotations omitted`];
}

/**
 * A success response whose `data` is already JSON text. `warnings` and `infos` are omitted when
 * empty and capped at {@link MAX_ANNOTATIONS} each, with a line saying how many were left out.
 */
export function successResponse(dataJSON: string, warnings: readonly string[] = [], infos: readonly string[] = []): Response {
  let s = `{"status":"success","data":${dataJSON}`;
  if (warnings.length) s += `,"warnings":${JSON.stringify(capped(warnings, 'warning'))}`;
  if (infos.length) s += `,"infos":${JSON.stringify(capped(infos, 'info'))}`;
  return new Response(`${s}}`, { status: 200, headers: { 'Content-Type': JSON_TYPE } });
}

/** A success response for plain data (serialised with JSON.stringify). */
export function dataResponse(data: unknown, warnings: readonly string[] = []): Response {
  return successResponse(JSON.stringify(data), warnings);
}

/** The error envelope with the error type's status code. */
export function errorResponse(e: ApiError): Response {
  const body = JSON.stringify({ status: 'error', errorType: e.errorType, error: e.message });
  return new Response(body, { status: e.status, headers: { 'Content-Type': JSON_TYPE } });
}

/** A plain-text response (`/-/ready`, 404s, 413s). */
export function textResponse(text: string, status = 200): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
