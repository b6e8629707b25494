// RemoteReadStorage: the Storage contract over Prometheus's remote-read protocol (Prometheus,
// Mimir, Cortex, Thanos), streamed XOR/histogram chunks with a fallback to raw samples.
import type { Matcher, SelectRequest, Series, Storage } from '../types.js';
import { compareLabels } from '../labels.js';
import { RemoteStorageError } from './errors.js';
import { DEFAULT_FRAME_LIMIT, readFrames } from './framing.js';
import { bodyPieces, readBody, send, type HttpOptions, type OkResponse } from './http.js';
import { MatcherType, ResponseType, type PbMatcher, type PbQuery } from './prompb.js';
import { decodeChunkedReadResponse, decodeReadResponse } from './prompb-decode.js';
import { encodeReadRequest } from './prompb-encode.js';
import { labelsOf, sameLabels, SeriesAccumulator } from './series-builder.js';
import { snappyDecode, snappyEncode } from './snappy.js';

/** Options of {@link RemoteReadStorage}. */
export interface RemoteReadOptions extends HttpOptions {
  /** The full remote-read endpoint, as in Prometheus's `remote_read` config: `http://host:9090/api/v1/read`. */
  readonly url: string;
  /**
   * Which response to ask for: `streamed` (STREAMED_XOR_CHUNKS, falling back to SAMPLES when the
   * server offers only that; the default) or `samples` (SAMPLES only).
   */
  readonly responseType?: 'streamed' | 'samples';
  /** Largest streamed frame accepted, in bytes. Default 50 MB, Prometheus's `chunked_read_limit`. */
  readonly frameLimit?: number;
  /** Largest decompressed SAMPLES body accepted, in bytes. Default 1 GiB. */
  readonly maxBodyBytes?: number;
}

/** Content type of a streamed answer. */
export const STREAMED_CONTENT_TYPE = 'application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse';
/** Content type of a SAMPLES answer and of the request. */
export const PROTOBUF_CONTENT_TYPE = 'application/x-protobuf';

const OPS: Record<Matcher['op'], number> = { '=': MatcherType.EQ, '!=': MatcherType.NEQ, '=~': MatcherType.RE, '!~': MatcherType.NRE };

interface Pending {
  readonly req: SelectRequest;
  readonly resolve: (s: Series[]) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * A Storage reading from a remote-read endpoint.
 *
 * Contract: the selects issued in one synchronous run (the engine issues every selector of a
 * query up front) with the same AbortSignal travel in one ReadRequest, one query each, with
 * their matchers and ReadHints; each select resolves to the series of its query, sorted by
 * labels. Any failure rejects every select of the request with a {@link RemoteStorageError};
 * a stream cut short, a corrupt frame or chunk, or a wrong content type is an error, never a
 * partial answer. Retries only on 5xx/429 (see {@link HttpOptions}).
 */
export class RemoteReadStorage implements Storage {
  private batch: Pending[] = [];
  private readonly opts: RemoteReadOptions;

  constructor(opts: RemoteReadOptions) {
    if (typeof opts?.url !== 'string' || !/^https?:\/\//.test(opts.url)) {
      throw new RemoteStorageError('protocol', `remote read: url must be an http(s) URL such as http://localhost:9090/api/v1/read, got ${JSON.stringify(opts?.url)}`);
    }
    this.opts = opts;
  }

  select(req: SelectRequest): Promise<Series[]> {
    return new Promise((resolve, reject) => {
      if (this.batch.length === 0) queueMicrotask(() => this.flush());
      this.batch.push({ req, resolve, reject });
    });
  }

  /** Sends what was queued, one request per distinct signal. */
  private flush(): void {
    const all = this.batch;
    this.batch = [];
    const bySignal = new Map<AbortSignal | undefined, Pending[]>();
    for (const p of all) {
      const g = bySignal.get(p.req.signal);
      if (g) g.push(p);
      else bySignal.set(p.req.signal, [p]);
    }
    for (const [signal, group] of bySignal) {
      this.read(group.map((p) => p.req), signal).then(
        (results) => group.forEach((p, i) => p.resolve(results[i])),
        (e) => group.forEach((p) => p.reject(e)),
      );
    }
  }

  /**
   * Reads the series of several selections in one remote-read request; the answer holds one
   * series array per request, in order.
   */
  async read(reqs: readonly SelectRequest[], signal?: AbortSignal): Promise<Series[][]> {
    const accept = this.opts.responseType === 'samples' ? [ResponseType.SAMPLES] : [ResponseType.STREAMED_XOR_CHUNKS, ResponseType.SAMPLES];
    const body = snappyEncode(encodeReadRequest({ queries: reqs.map(toQuery), acceptedResponseTypes: accept }));
    const ok = await send({
      method: 'POST',
      url: this.opts.url,
      headers: {
        'Content-Type': PROTOBUF_CONTENT_TYPE,
        'Content-Encoding': 'snappy',
        'X-Prometheus-Remote-Read-Version': '0.1.0',
        'User-Agent': 'promql-ts',
      },
      body,
    }, this.opts, 'remote read', signal);
    try {
      const type = (ok.response.headers.get('content-type') ?? '').trim();
      if (type.startsWith('application/x-streamed-protobuf')) {
        if (!/proto=prometheus\.ChunkedReadResponse/.test(type)) throw wrongType(type);
        return await this.readStreamed(ok, reqs.length);
      }
      if (type === PROTOBUF_CONTENT_TYPE || type.startsWith(`${PROTOBUF_CONTENT_TYPE};`)) {
        return await this.readSamples(ok, reqs.length);
      }
      throw wrongType(type);
    } finally {
      ok.done();
    }
  }

  private async readStreamed(ok: OkResponse, n: number): Promise<Series[][]> {
    const out: Series[][] = Array.from({ length: n }, () => []);
    let current: SeriesAccumulator | null = null;
    let currentIndex = -1;
    const finish = (): void => {
      if (current) out[currentIndex].push(current.build());
      current = null;
    };
    for await (const frame of readFrames(bodyPieces(ok, 'remote read'), this.opts.frameLimit ?? DEFAULT_FRAME_LIMIT)) {
      const msg = decodeChunkedReadResponse(frame);
      const qi = msg.queryIndex;
      if (!Number.isInteger(qi) || qi < 0 || qi >= n) {
        throw new RemoteStorageError('protocol', `remote read: a frame answers query ${qi}, but the request had ${n} queries`);
      }
      if (qi < currentIndex) throw new RemoteStorageError('protocol', `remote read: frames for query ${qi} came after query ${currentIndex}`);
      for (const cs of msg.chunkedSeries) {
        const labels = labelsOf(cs.labels);
        // A series too large for one frame continues in the next with the same labels.
        const acc: SeriesAccumulator = current !== null && qi === currentIndex && sameLabels((current as SeriesAccumulator).labels, labels)
          ? current
          : (finish(), new SeriesAccumulator(labels));
        current = acc;
        currentIndex = qi;
        for (const c of cs.chunks) acc.addChunk(c);
      }
      if (ok.signal.aborted) throw ok.abortError();
    }
    finish();
    return out.map(sortByLabels);
  }

  private async readSamples(ok: OkResponse, n: number): Promise<Series[][]> {
    const enc = (ok.response.headers.get('content-encoding') ?? '').trim();
    const raw = await readBody(ok, 'remote read');
    if (enc !== 'snappy') throw new RemoteStorageError('protocol', `remote read: SAMPLES response with Content-Encoding ${JSON.stringify(enc)}, expected "snappy"`);
    const res = decodeReadResponse(snappyDecode(raw, 'the SAMPLES response body', this.opts.maxBodyBytes));
    if (res.results.length !== n) {
      throw new RemoteStorageError('protocol', `remote read: ${res.results.length} results for ${n} queries`);
    }
    // Prometheus's SAMPLES answer is not in label order; the Storage contract wants it.
    return res.results.map((r) =>
      sortByLabels(r.timeseries.map((ts) => {
        const acc = new SeriesAccumulator(labelsOf(ts.labels));
        acc.addTimeSeries(ts);
        return acc.build();
      })),
    );
  }
}

/** Series in label order; already sorted input (the streamed answer) costs one pass. */
function sortByLabels(series: Series[]): Series[] {
  for (let i = 1; i < series.length; i++) {
    if (compareLabels(series[i - 1].labels, series[i].labels) > 0) return series.sort((a, b) => compareLabels(a.labels, b.labels));
  }
  return series;
}

function wrongType(type: string): RemoteStorageError {
  return new RemoteStorageError('protocol', `remote read: unexpected Content-Type ${JSON.stringify(type)} (is the URL a remote-read endpoint such as /api/v1/read?)`);
}

/** The remote-read query of one select, with ReadHints filled from the plan's hints. */
export function toQuery(req: SelectRequest): PbQuery {
  const matchers: PbMatcher[] = req.matchers.map((m) => ({ type: OPS[m.op], name: m.name, value: m.value }));
  const h = req.hints;
  return {
    startTimestampMs: req.start,
    endTimestampMs: req.end,
    matchers,
    hints: {
      stepMs: h?.step ?? 0,
      func: h?.func ?? '',
      startMs: req.start,
      endMs: req.end,
      grouping: h?.grouping ? [...h.grouping] : [],
      by: h?.by ?? false,
      rangeMs: h?.range ?? 0,
    },
  };
}
