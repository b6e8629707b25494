// PrometheusAPIStorage: the Storage contract over Prometheus's HTTP query API, for servers without
// remote read (VictoriaMetrics, managed services, read-only tokens): raw samples via range selectors.
import { isLegacyLabelName } from '../../parser/labels.js';
import { goQuote } from '../../util/go-format.js';
import { compareLabels, formatLabels, labelsFrom, type Labels } from '../labels.js';
import type { Matcher, SelectRequest, Series, Storage } from '../types.js';
import { RemoteStorageError } from './errors.js';
import { readBody, send, type HttpOptions } from './http.js';

/** Options of {@link PrometheusAPIStorage}. */
export interface PrometheusAPIOptions extends HttpOptions {
  /** The server's base URL, under which `/api/v1/query` lives: `http://host:9090` (a path prefix is kept). */
  readonly url: string;
  /**
   * Longest window one API call reads, in ms; longer selections are split into consecutive
   * windows. Default 6 h. A window the server refuses for its sample limit is halved (down to
   * `minWindowMs`) and read again.
   */
  readonly windowMs?: number;
  /** Shortest window after halving, in ms. Default 60 000. */
  readonly minWindowMs?: number;
}

type ApiMatrix = { metric: Record<string, string>; values?: [number, string][]; histograms?: unknown[] }[];

/**
 * A Storage reading raw samples through `/api/v1/query` with a range selector evaluated at the
 * window's end: `{matchers}[<window>ms]` returns every sample in `(end − window, end]`.
 *
 * Limits (documented, inherent in the API): staleness markers are invisible (the API drops
 * them), so a series that ended looks as if it lasted until the lookback delta runs out; native
 * histograms cannot be rebuilt exactly from the API's bucket boundaries, so a series holding
 * them fails with a StorageError pointing to {@link RemoteReadStorage}; one request per window
 * per selector (no batching); label names outside the legacy charset need a 3.x server.
 */
export class PrometheusAPIStorage implements Storage {
  private readonly base: string;

  constructor(private readonly opts: PrometheusAPIOptions) {
    if (typeof opts?.url !== 'string' || !/^https?:\/\//.test(opts.url)) {
      throw new RemoteStorageError('protocol', `Prometheus API: url must be an http(s) URL such as http://localhost:9090, got ${JSON.stringify(opts?.url)}`);
    }
    this.base = opts.url.replace(/\/+$/, '');
  }

  async select(req: SelectRequest): Promise<Series[]> {
    const selector = selectorText(req.matchers);
    const series = new Map<string, { labels: Labels; t: number[]; v: number[] }>();
    let window = Math.max(1, this.opts.windowMs ?? 6 * 3600_000);
    const minWindow = Math.max(1, this.opts.minWindowMs ?? 60_000);
    // Windows (lo, hi], from the start: the first one begins 1 ms before `start` to include it.
    let lo = req.start - 1;
    while (lo < req.end) {
      // Equal windows no longer than `window`, rather than a sliver at the end.
      const remaining = req.end - lo;
      const hi = lo + Math.ceil(remaining / Math.ceil(remaining / window));
      let matrix: ApiMatrix;
      try {
        matrix = await this.query(`${selector}[${hi - lo}ms]`, hi, req.signal);
      } catch (e) {
        if (e instanceof RemoteStorageError && e.status === 422 && /too many samples/.test(e.message) && hi - lo > minWindow) {
          window = Math.max(minWindow, Math.floor((hi - lo) / 2));
          continue;
        }
        throw e;
      }
      for (const m of matrix) {
        const labels = labelsFrom(m.metric);
        if (m.histograms && m.histograms.length > 0) {
          throw new RemoteStorageError('protocol', `Prometheus API: series ${formatLabels(labels)} holds native histograms, which the HTTP API cannot hand over exactly; use remote read (RemoteReadStorage, --protocol remote-read)`);
        }
        const key = formatLabels(labels);
        let s = series.get(key);
        if (!s) series.set(key, (s = { labels, t: [], v: [] }));
        for (const [ts, val] of m.values ?? []) {
          const t = Math.round(ts * 1000);
          // Prometheus 2.x windows include their left end: drop the repeat at a window boundary.
          if (s.t.length > 0 && t <= s.t[s.t.length - 1]) continue;
          s.t.push(t);
          s.v.push(parseValue(val));
        }
      }
      lo = hi;
    }
    return [...series.values()]
      .sort((a, b) => compareLabels(a.labels, b.labels))
      .map((s) => ({ labels: s.labels, timestamps: Float64Array.from(s.t), values: Float64Array.from(s.v) }));
  }

  /** One instant query returning a matrix. */
  private async query(query: string, timeMs: number, signal?: AbortSignal): Promise<ApiMatrix> {
    const body = new URLSearchParams({ query, time: (timeMs / 1000).toFixed(3) }).toString();
    const ok = await send({
      method: 'POST',
      url: `${this.base}/api/v1/query`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', 'User-Agent': 'promql-ts' },
      body,
    }, this.opts, 'Prometheus API', signal);
    let json: { status?: string; error?: string; data?: { resultType?: string; result?: unknown } };
    try {
      const text = new TextDecoder().decode(await readBody(ok, 'Prometheus API'));
      try {
        json = JSON.parse(text);
      } catch {
        throw new RemoteStorageError('protocol', `Prometheus API: ${this.base}/api/v1/query did not answer JSON (Content-Type ${JSON.stringify(ok.response.headers.get('content-type'))}): ${text.slice(0, 120)}`);
      }
    } finally {
      ok.done();
    }
    if (json.status !== 'success') throw new RemoteStorageError('http', `Prometheus API: ${json.error ?? 'query failed'}`, ok.response.status);
    if (json.data?.resultType !== 'matrix' || !Array.isArray(json.data.result)) {
      throw new RemoteStorageError('protocol', `Prometheus API: expected a matrix for ${query}, got ${JSON.stringify(json.data?.resultType)}`);
    }
    return json.data.result as ApiMatrix;
  }
}

/** A vector selector for the matchers, in PromQL text (names quoted only where they must be). */
export function selectorText(ms: readonly Matcher[]): string {
  const name = (n: string): string => (isLegacyLabelName(n) ? n : goQuote(n));
  return `{${ms.map((m) => `${name(m.name)}${m.op}${goQuote(m.value)}`).join(', ')}}`;
}

/** A sample value as the API writes it (`"1.5"`, `"NaN"`, `"+Inf"`, `"-Inf"`). */
function parseValue(s: string): number {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}
