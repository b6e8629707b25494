// The page's calls to the server's /api/v1 (same origin): typed results and errors.

/** A labelled series of a range query. */
export interface MatrixSeries {
  metric: Record<string, string>;
  values?: [number, string][];
  histograms?: [number, unknown][];
}

/** An instant-query sample. */
export interface VectorSample {
  metric: Record<string, string>;
  value?: [number, string];
  histogram?: [number, unknown];
}

/** The `data` of a query answer. */
export type QueryData =
  | { resultType: 'matrix'; result: MatrixSeries[] }
  | { resultType: 'vector'; result: VectorSample[] }
  | { resultType: 'scalar' | 'string'; result: [number, string] };

/** A successful answer with its annotations. */
export interface Answer<T> {
  data: T;
  warnings: string[];
  infos: string[];
}

/** An error answer of the API (or a failed request). */
export class ApiFailure extends Error {
  constructor(readonly errorType: string, message: string) {
    super(message);
  }
}

/** POSTs a form to an API endpoint and returns its data, or throws ApiFailure. */
export async function api<T>(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<Answer<T>> {
  let res: Response;
  try {
    res = await fetch(`api/v1/${path}`, { method: 'POST', body: new URLSearchParams(params), signal });
  } catch (e) {
    throw new ApiFailure('network', `request failed: ${(e as Error).message}`);
  }
  let body: { status?: string; data?: T; errorType?: string; error?: string; warnings?: string[]; infos?: string[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiFailure('internal', `HTTP ${res.status}: not a JSON answer`);
  }
  if (body.status !== 'success') throw new ApiFailure(body.errorType ?? 'internal', body.error ?? `HTTP ${res.status}`);
  return { data: body.data as T, warnings: body.warnings ?? [], infos: body.infos ?? [] };
}

/** The oldest and newest sample of the data (ms), from /api/v1/status/tsdb; null when unknown. */
export async function dataRange(): Promise<{ minTime: number; maxTime: number } | null> {
  try {
    const res = await fetch('api/v1/status/tsdb?limit=1');
    const body = await res.json();
    const h = body?.data?.headStats;
    return h && h.numSeries > 0 ? { minTime: h.minTime, maxTime: h.maxTime } : null;
  } catch {
    return null;
  }
}
