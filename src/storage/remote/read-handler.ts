// The server side of remote read: answers a decoded ReadRequest from any Storage, streamed
// (XOR and FLOAT_HISTOGRAM chunks in CRC32-C frames) or as one SAMPLES response, negotiated and
// framed as Prometheus's /api/v1/read handler does. `promql serve` wraps it in HTTP.
import type { FloatHistogram } from '../../histogram/float-histogram.js';
import type { CounterResetHint } from '../../histogram/types.js';
import type { Matcher, Series, Storage } from '../types.js';
import { isStaleNaN } from '../stale.js';
import { encodeFrame } from './framing.js';
import { ChunkEncoding, MatcherType, ResponseType, type PbChunk, type PbHistogram, type PbQuery, type PbReadRequest, type PbSample, type PbTimeSeries } from './prompb.js';
import { encodeChunkedReadResponse, encodeReadResponse } from './prompb-encode.js';
import { PROTOBUF_CONTENT_TYPE, STREAMED_CONTENT_TYPE } from './remote-read-storage.js';
import { snappyEncode } from './snappy.js';
import { encodeXORChunk } from './xor-chunk.js';
import { floatHistogramChunks } from './histogram-chunk-encode.js';

/** An answer to a remote-read request: headers to send and the body. */
export interface ReadAnswer {
  readonly contentType: string;
  /** `snappy` for SAMPLES answers; absent for streamed ones. */
  readonly contentEncoding?: 'snappy';
  /** The whole body (SAMPLES) or its frames in order (streamed; selected as they are sent). */
  readonly body: Uint8Array | AsyncIterable<Uint8Array>;
}

/** Options of {@link answerReadRequest}. */
export interface ReadHandlerOptions {
  /** Samples per chunk (Prometheus cuts at 120). */
  readonly samplesPerChunk?: number;
  /** Most chunk bytes in one streamed frame (Prometheus's `--storage.remote.read-max-bytes-in-frame`, 1 MiB). */
  readonly maxBytesInFrame?: number;
  readonly signal?: AbortSignal;
}

/** A request Prometheus's read handler refuses with a 4xx status: `status` and its words. */
export class ReadRequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ReadRequestError';
  }
}

/** Samples per chunk, as a Prometheus TSDB cuts them. */
export const SAMPLES_PER_CHUNK = 120;
/** Most chunk bytes in one streamed frame by default. */
export const MAX_BYTES_IN_FRAME = 1_048_576;

const OPS: Readonly<Record<number, Matcher['op']>> = { [MatcherType.EQ]: '=', [MatcherType.NEQ]: '!=', [MatcherType.RE]: '=~', [MatcherType.NRE]: '!~' };
const TYPE_NAMES: Readonly<Record<number, string>> = { [ResponseType.SAMPLES]: 'SAMPLES', [ResponseType.STREAMED_XOR_CHUNKS]: 'STREAMED_XOR_CHUNKS' };
const HINTS: Record<CounterResetHint, number> = { unknown: 0, reset: 1, not_reset: 2, gauge: 3 };

/** The response type to use: the first accepted one we support (none given: SAMPLES). */
export function negotiate(accepted: readonly number[]): number {
  const list = accepted.length ? accepted : [ResponseType.SAMPLES];
  const found = list.find((t) => t === ResponseType.SAMPLES || t === ResponseType.STREAMED_XOR_CHUNKS);
  if (found === undefined) {
    throw new ReadRequestError(400, `server does not support any of the requested response types: [${list.map((t) => TYPE_NAMES[t] ?? String(t)).join(' ')}]; supported: map[SAMPLES:{} STREAMED_XOR_CHUNKS:{}]`);
  }
  return found;
}

/** A FloatHistogram as a protobuf float histogram. */
export function toPbHistogram(h: FloatHistogram, timestamp: number): PbHistogram {
  return {
    countFloat: h.count, zeroCountFloat: h.zeroCount, sum: h.sum, schema: h.schema, zeroThreshold: h.zeroThreshold,
    positiveSpans: h.positiveSpans.map((s) => ({ ...s })), positiveDeltas: [], positiveCounts: [...h.positiveBuckets],
    negativeSpans: h.negativeSpans.map((s) => ({ ...s })), negativeDeltas: [], negativeCounts: [...h.negativeBuckets],
    resetHint: HINTS[h.counterResetHint], timestamp, customValues: [...(h.customValues ?? [])],
  };
}

/** One selected series with the index ranges of its float and histogram samples inside the query's window. */
interface Selected {
  readonly s: Series;
  readonly lo: number;
  readonly hi: number;
  readonly hlo: number;
  readonly hhi: number;
}

/** First index of `ts` at or after `from`, starting at `i`. */
function advance(ts: ArrayLike<number>, i: number, from: number, inclusive: boolean): number {
  while (i < ts.length && (inclusive ? ts[i] <= from : ts[i] < from)) i++;
  return i;
}

/** The series one query selects, lazily, each with its samples inside the query's window. */
async function* selectQuery(storage: Storage, q: PbQuery, signal?: AbortSignal): AsyncGenerator<Selected> {
  const matchers = q.matchers.map((m) => {
    const op = OPS[m.type];
    if (!op) throw new ReadRequestError(400, `invalid matcher type ${m.type}`);
    return { name: m.name, op, value: m.value };
  });
  const h = q.hints;
  const set = await storage.select({
    matchers, start: q.startTimestampMs, end: q.endTimestampMs,
    ...(h ? { hints: { step: h.stepMs, range: h.rangeMs, func: h.func || undefined, by: h.by, grouping: h.grouping } } : {}),
    ...(signal ? { signal } : {}),
  });
  for await (const s of set as AsyncIterable<Series> | Iterable<Series>) {
    const lo = advance(s.timestamps, 0, q.startTimestampMs, false);
    const hi = advance(s.timestamps, lo, q.endTimestampMs, true);
    const ht = s.histograms?.timestamps ?? [];
    const hlo = advance(ht, 0, q.startTimestampMs, false);
    const hhi = advance(ht, hlo, q.endTimestampMs, true);
    if (hi > lo || hhi > hlo) yield { s, lo, hi, hlo, hhi };
  }
}

const isStale = (s: Series, i: number) => !!(s.stale && s.stale[i]) || isStaleNaN(s.values[i]);
const pbLabels = (s: Series) => s.labels.map((l) => ({ name: l.name, value: l.value }));

/** The histogram samples hlo…hhi−1 of a series. */
function histogramsIn({ s, hlo, hhi }: Selected): { t: number[]; h: FloatHistogram[] } {
  const t: number[] = [];
  const h: FloatHistogram[] = [];
  for (let i = hlo; i < hhi; i++) {
    t.push(s.histograms!.timestamps[i]);
    h.push(s.histograms!.values[i]);
  }
  return { t, h };
}

/** A series' floats in XOR chunks and its histograms in FLOAT_HISTOGRAM chunks, `perChunk` samples each at most. */
function chunksOf(sel: Selected, perChunk: number): PbChunk[] {
  const { s, lo, hi } = sel;
  const out: PbChunk[] = [];
  for (let a = lo; a < hi; a += perChunk) {
    const b = Math.min(hi, a + perChunk);
    const ts = Array.from({ length: b - a }, (_, i) => s.timestamps[a + i]);
    const vs = Array.from({ length: b - a }, (_, i) => s.values[a + i]);
    const st = Array.from({ length: b - a }, (_, i) => (isStale(s, a + i) ? 1 : 0));
    out.push({ minTimeMs: ts[0], maxTimeMs: ts[ts.length - 1], type: ChunkEncoding.XOR, data: encodeXORChunk(ts, vs, st) });
  }
  const { t, h } = histogramsIn(sel);
  if (h.length) out.push(...floatHistogramChunks(t, h, perChunk));
  return out;
}

async function samplesBody(storage: Storage, queries: readonly PbQuery[], signal?: AbortSignal): Promise<Uint8Array> {
  const results = [];
  for (const q of queries) {
    const timeseries: PbTimeSeries[] = [];
    for await (const sel of selectQuery(storage, q, signal)) {
      const { s, lo, hi } = sel;
      const samples: PbSample[] = [];
      for (let i = lo; i < hi; i++) samples.push({ timestamp: s.timestamps[i], value: s.values[i], ...(isStale(s, i) ? { stale: true } : {}) });
      const { t, h } = histogramsIn(sel);
      timeseries.push({ labels: pbLabels(s), samples, histograms: h.map((x, i) => toPbHistogram(x, t[i])) });
    }
    results.push({ timeseries });
  }
  return snappyEncode(encodeReadResponse({ results }));
}

/**
 * The streamed answer: per query, one frame per series (a series' chunks split over several
 * frames past `maxBytes`), as Prometheus's `StreamChunkedReadResponses` sends them.
 */
async function* frames(storage: Storage, queries: readonly PbQuery[], perChunk: number, maxBytes: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  for (let qi = 0; qi < queries.length; qi++) {
    for await (const sel of selectQuery(storage, queries[qi], signal)) {
      const labels = pbLabels(sel.s);
      let batch: PbChunk[] = [];
      let bytes = 0;
      for (const c of chunksOf(sel, perChunk)) {
        batch.push(c);
        bytes += c.data.byteLength;
        if (bytes >= maxBytes) {
          yield encodeFrame(encodeChunkedReadResponse({ chunkedSeries: [{ labels, chunks: batch }], queryIndex: qi }));
          batch = [];
          bytes = 0;
        }
      }
      if (batch.length) yield encodeFrame(encodeChunkedReadResponse({ chunkedSeries: [{ labels, chunks: batch }], queryIndex: qi }));
    }
  }
}

/**
 * Answers a ReadRequest from `storage`: the first accepted response type we support (SAMPLES when
 * the request names none), else a {@link ReadRequestError} (400) with Prometheus's words. A SAMPLES
 * answer is built whole (errors surface before anything is sent); a streamed one selects series
 * as its frames are read.
 */
export async function answerReadRequest(storage: Storage, req: PbReadRequest, opts: ReadHandlerOptions = {}): Promise<ReadAnswer> {
  const type = negotiate(req.acceptedResponseTypes);
  if (type === ResponseType.STREAMED_XOR_CHUNKS) {
    return {
      contentType: STREAMED_CONTENT_TYPE,
      body: frames(storage, req.queries, opts.samplesPerChunk ?? SAMPLES_PER_CHUNK, opts.maxBytesInFrame ?? MAX_BYTES_IN_FRAME, opts.signal),
    };
  }
  return { contentType: PROTOBUF_CONTENT_TYPE, contentEncoding: 'snappy', body: await samplesBody(storage, req.queries, opts.signal) };
}
