// createPrometheusAPI: Prometheus's HTTP API as a web-standard handler `(Request) => Promise<Response>`
// (Node, Deno, Bun, workers). Routing, CORS, body limits and the concurrency limit live here.
import { Engine, type EngineOptions } from '../eval/engine.js';
import type { ParserOptions } from '../parser/parse.js';
import type { Storage } from '../storage/types.js';
import { readBodyLimited } from './body.js';
import { ApiError } from './errors.js';
import { queryExemplars } from './exemplars.js';
import { Limiter } from './limiter.js';
import { metadata, type MetadataSource, type MetricMetadata } from './metadata.js';
import { Params } from './params.js';
import { formatQuery, parseQuery } from './parse-query.js';
import { instantQuery, rangeQuery } from './query.js';
import { dataResponse, errorResponse, textResponse } from './responses.js';
import { labelNames, labelValues, series } from './series.js';
import { remoteReadHandler } from './remote-read.js';
import { safeStaticPath, type StaticFiles } from './static.js';
import { tsdbStatus } from './tsdb-status.js';
import type { ApiContext, Endpoint } from './context.js';

/** A web-standard request handler. */
export type Handler = (request: Request) => Promise<Response>;

/** What `/api/v1/status/buildinfo` reports. */
export interface BuildInfo {
  readonly version: string;
  readonly revision: string;
  readonly branch: string;
  readonly buildUser: string;
  readonly buildDate: string;
  readonly goVersion: string;
}

/**
 * Prometheus compatibility: clients (Grafana, the Prometheus UI's codemirror) pick features by
 * the reported version, so we report the Prometheus version whose API we follow and name
 * ourselves in the other fields.
 */
export const DEFAULT_BUILD_INFO: BuildInfo = {
  version: '3.5.0', revision: 'promql-ts', branch: 'promql-ts', buildUser: 'promql-ts', buildDate: '', goVersion: 'none (promql-ts)',
};

/** Options of {@link createPrometheusAPI}. */
export interface PrometheusAPIOptions extends Partial<Omit<EngineOptions, 'storage'>> {
  /** The engine to run queries with; built from `storage` and the engine options when absent. */
  readonly engine?: Engine;
  /** The storage the label and series endpoints list (and the engine reads, when built here). */
  readonly storage?: Storage;
  /** Metric metadata for `/api/v1/metadata` (default: none). */
  readonly metadata?: MetadataSource | ReadonlyMap<string, readonly MetricMetadata[]>;
  /** The clock (ms) for queries without `time` (default Date.now). */
  readonly now?: () => number;
  /** Requests evaluated at once (default 20, as Prometheus's `--query.max-concurrency`). */
  readonly maxConcurrency?: number;
  /** Requests that may wait for a slot; more are answered 503 (default 4 × maxConcurrency). */
  readonly maxQueued?: number;
  /** Largest request body accepted, in bytes (default 1 MiB); larger ones get 413. */
  readonly maxBodyBytes?: number;
  /** Origins allowed cross-origin access (a regex, fully anchored, as `--web.cors.origin`); none by default. */
  readonly corsOrigin?: string | RegExp;
  /** The query page's files, served for non-API GETs (default: none, 404). */
  readonly staticFiles?: StaticFiles;
  /** Whether the server is ready (default: always); `/-/ready` answers 503 otherwise. */
  readonly ready?: () => boolean;
  readonly buildInfo?: Partial<BuildInfo>;
  /** Extra routes, path → handler (they replace built-in ones); they run under the concurrency limit. */
  readonly routes?: Readonly<Record<string, (request: Request) => Promise<Response>>>;
}

/** Endpoints under `/api/v1/`, by path, with the methods they accept and whether they are limited. */
const ENDPOINTS: Readonly<Record<string, { run: Endpoint; post: boolean; limited: boolean }>> = {
  query: { run: instantQuery, post: true, limited: true },
  query_range: { run: rangeQuery, post: true, limited: true },
  series: { run: series, post: true, limited: true },
  labels: { run: labelNames, post: true, limited: true },
  metadata: { run: metadata, post: false, limited: false },
  format_query: { run: formatQuery, post: true, limited: false },
  parse_query: { run: parseQuery, post: true, limited: false },
  'status/tsdb': { run: tsdbStatus, post: false, limited: true },
  query_exemplars: { run: queryExemplars, post: true, limited: false },
};

const DEFAULT_BODY_LIMIT = 1 << 20;

/** Form values: the body's (for a form POST) first, then the URL's, as Go's `Request.Form`. */
async function readParams(request: Request, url: URL, maxBody: number): Promise<Params> {
  const merged = new URLSearchParams();
  if (request.method === 'POST' && /^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) {
    for (const [k, v] of new URLSearchParams(new TextDecoder().decode(await readBodyLimited(request, maxBody)))) merged.append(k, v);
  }
  for (const [k, v] of url.searchParams) merged.append(k, v);
  return new Params(merged);
}

function corsHeaders(request: Request, origin: RegExp | null): Record<string, string> {
  const from = request.headers.get('origin');
  if (!origin || !from || !origin.test(from)) return {};
  return {
    'Access-Control-Allow-Origin': from,
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Accept, Authorization, Content-Type, Origin',
    'Access-Control-Expose-Headers': 'Date',
    Vary: 'Origin',
  };
}

function withHeaders(r: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) r.headers.set(k, v);
  return r;
}

function anchored(re: string | RegExp): RegExp {
  const source = typeof re === 'string' ? re : re.source;
  return new RegExp(`^(?:${source})$`, typeof re === 'string' ? '' : re.flags.replace(/[gy]/g, ''));
}

function pathParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ApiError('bad_data', `invalid label name: ${JSON.stringify(raw)}`);
  }
}

function saturated(l: Limiter): Response {
  return errorResponse(new ApiError('unavailable', `too many concurrent requests (${l.inFlight} running, ${l.waitingCount} waiting); try again later`));
}

/**
 * Prometheus's HTTP API over a storage or an engine: `/api/v1/query`, `/query_range`, `/series`,
 * `/labels`, `/label/<name>/values`, `/metadata`, `/format_query`, `/parse_query`,
 * `/query_exemplars` (always none), `/status/buildinfo`, `/status/tsdb`, `/read` (remote read, with a storage), `/-/ready`, `/-/healthy`, and the query page's files at other paths.
 * Throws OptionsError for bad engine options, RangeError for bad limits.
 */
export function createPrometheusAPI(opts: PrometheusAPIOptions): Handler {
  const { engine: given, storage, metadata: meta, now, maxConcurrency = 20, maxQueued, maxBodyBytes = DEFAULT_BODY_LIMIT,
    corsOrigin, staticFiles, ready, buildInfo, routes = {}, ...engineOptions } = opts;
  if (!given && !storage) throw new TypeError('createPrometheusAPI needs { storage } or { engine }');
  const engine = given ?? new Engine({ ...engineOptions, storage: storage! });
  const parser: ParserOptions = { durationExpressions: true, ...engineOptions.parser };
  const metadataSource: MetadataSource = typeof meta === 'function' ? meta : () => meta ?? new Map();
  const ctx: ApiContext = { engine, storage: storage ?? null, parser, now: now ?? Date.now, metadata: metadataSource };
  const limiter = new Limiter(maxConcurrency, maxQueued ?? 4 * maxConcurrency);
  const origin = corsOrigin === undefined ? null : anchored(corsOrigin);
  const info = { ...DEFAULT_BUILD_INFO, ...buildInfo };
  const extra: Record<string, (request: Request) => Promise<Response>> = {
    ...(storage ? { '/api/v1/read': remoteReadHandler(storage, maxBodyBytes) } : {}),
    ...routes,
  };

  async function limited(request: Request, go: () => Promise<Response>): Promise<Response> {
    const release = await limiter.acquire(request.signal);
    if (!release) return saturated(limiter);
    try {
      return await go();
    } finally {
      release();
    }
  }

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    const method = request.method;
    if (path === '/-/ready' || path === '/-/healthy') {
      if (method !== 'GET' && method !== 'HEAD') return textResponse('Method Not Allowed\n', 405);
      if (path === '/-/healthy') return textResponse('Prometheus Server is Healthy.\n');
      return ready && !ready() ? textResponse('Service Unavailable\n', 503) : textResponse('Prometheus Server is Ready.\n');
    }
    if (path.startsWith('/api/v1/')) {
      const name = path.slice('/api/v1/'.length);
      if (method === 'OPTIONS') return new Response(null, { status: 204 });
      if (Object.hasOwn(extra, path)) return limited(request, () => extra[path](request));
      if (name === 'status/buildinfo') return method === 'GET' ? dataResponse(info) : textResponse('Method Not Allowed\n', 405);
      const lv = /^label\/([^/]+)\/values$/.exec(name);
      const ep = lv ? { run: labelValues, post: false, limited: true } : Object.hasOwn(ENDPOINTS, name) ? ENDPOINTS[name] : null;
      if (!ep) return textResponse('404 page not found\n', 404);
      if (method !== 'GET' && !(method === 'POST' && ep.post)) return textResponse('Method Not Allowed\n', 405);
      const go = async () => {
        try {
          const params = await readParams(request, url, maxBodyBytes);
          return await ep.run(ctx, { params, signal: request.signal, pathParam: lv ? pathParam(lv[1]) : undefined });
        } catch (e) {
          if (e instanceof ApiError) return errorResponse(e);
          return errorResponse(new ApiError('internal', e instanceof Error ? e.message : String(e)));
        }
      };
      return ep.limited ? limited(request, go) : go();
    }
    if (staticFiles && (method === 'GET' || method === 'HEAD')) {
      const file = safeStaticPath(path);
      if (file === null) return textResponse('400 bad path\n', 400);
      const found = await staticFiles.get(file);
      if (found) {
        return new Response(method === 'HEAD' ? null : found.body, {
          headers: { 'Content-Type': found.contentType, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' },
        });
      }
    }
    return textResponse('404 page not found\n', 404);
  }

  return async (request) => withHeaders(await route(request), corsHeaders(request, origin));
}
