// Shared by the server tests: an API over a small fixture, and a request helper.
import { MemoryStorage } from '../../src/storage/memory.js';
import { loadTestSeries } from '../../src/storage/load-series.js';
import { createPrometheusAPI, type PrometheusAPIOptions } from '../../src/server/api.js';

/** Fixture: two jobs, a counter sampled every minute for 10 minutes from t = 0. */
export const FIXTURE = `load 1m
  http_requests_total{job="api", instance="a"} 0+10x10
  http_requests_total{job="api", instance="b"} 0+20x10
  http_requests_total{job="db", instance="c"} 0+5x10
  up{job="api", instance="a"} 1x10
  up{job="db", instance="c"} 1x10
`;

export function fixtureStorage(text = FIXTURE): MemoryStorage {
  const s = new MemoryStorage();
  loadTestSeries(s, text);
  return s;
}

export function api(opts: Partial<PrometheusAPIOptions> = {}) {
  return createPrometheusAPI({ storage: fixtureStorage(), now: () => 600_000, ...opts });
}

/** GET (params in the URL) or POST (params as a form body); returns status and parsed body. */
export async function call(
  handler: (r: Request) => Promise<Response>, path: string, params: Record<string, string | string[]> = {}, method: 'GET' | 'POST' = 'GET',
): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
  const req = method === 'GET'
    ? new Request(`http://127.0.0.1${path}${q.size ? `?${q}` : ''}`)
    : new Request(`http://127.0.0.1${path}`, { method: 'POST', body: q.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  const res = await handler(req);
  const text = await res.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body, text, headers: res.headers };
}
