// The server side of remote read: answers a decoded ReadRequest from any Storage, streamed (XOR
// chunks in CRC32-C frames) or as one SAMPLES response, as Prometheus's /api/v1/read does.
import type { FloatHistogram } from '../../histogram/float-histogram.js';
import type { CounterResetHint } from '../../histogram/types.js';
import type { Matcher, Series, Storage } from '../types.js';
import { encodeFrame } from './framing.js';
import { ChunkEncoding, MatcherType, ResponseType, type PbChunk, type PbHistogram, type PbReadRequest, type PbTimeSeries } from './prompb.js';
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
  /** The whole body (SAMPLES) or its frames in order (streamed). */
  readonly body: Uint8Array | AsyncIterable<Uint8Array>;
}

/** Options of {@link answerReadRequest}. */
export interface ReadHandlerOptions {
  /** Samples per XOR chunk (Prometheus cuts at 120). */
  readonly samplesPerChunk?: number;
  readonly signal?: AbortSignal;
}

const OPS: Record<number, Matcher['op']> = { [MatcherType.EQ]: '=', [MatcherType.NEQ]: '!=', [MatcherType.RE]: '=~', [MatcherType.NRE]: '!~' };
const HINTS: Record<CounterResetHint, number> = { unknown: 0, reset: 1, not_reset: 2, gauge: 3 };

async function selectAll(storage: Storage, req: PbReadRequest, signal?: AbortSignal): Promise<Series[][]> {
  return Promise.all(req.queries.map(async (q) => {
    const matchers = q.matchers.map((m) => {
      const op = OPS[m.type];
      if (!op) throw new RangeError(`unknown matcher type ${m.type}`);
      return { name: m.name, op, value: m.value };
    });
    const set = await storage.select({
      matchers,
      start: q.startTimestampMs,
      end: q.endTimestampMs,
      ...(q.hints ? { hints: { step: q.hints.stepMs, range: q.hints.rangeMs, func: q.hints.func || undefined, by: q.hints.by, grouping: q.hints.grouping } } : {}),
      ...(signal ? { signal } : {}),
    });
    const out: Series[] = [];
    for await (const s of set as AsyncIterable<Series> | Iterable<Series>) out.push(s);
    return out;
  }));
}

/** Indexes of the samples of `ts` within [start, end]. */
function within(ts: ArrayLike<number>, start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ts.length; i++) if (ts[i] >= start && ts[i] <= end) out.push(i);
  return out;
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

/**
 * Answers a ReadRequest from `storage`. The response type is the first of the request's
 * accepted types (SAMPLES when it names none): streamed answers carry floats in XOR chunks and
 * native histograms in FLOAT_HISTOGRAM chunks. Throws a RangeError for an unknown response type.
 */
export async function answerReadRequest(storage: Storage, req: PbReadRequest, opts: ReadHandlerOptions = {}): Promise<ReadAnswer> {
  const accepted = req.acceptedResponseTypes.length > 0 ? req.acceptedResponseTypes : [ResponseType.SAMPLES];
  const answers = await selectAll(storage, req, opts.signal);
  if (accepted[0] === ResponseType.STREAMED_XOR_CHUNKS) {
    return { contentType: STREAMED_CONTENT_TYPE, body: frames(req, answers, opts.samplesPerChunk ?? 120) };
  }
  if (!accepted.includes(ResponseType.SAMPLES)) throw new RangeError(`none of the accepted response types ${JSON.stringify(accepted)} is supported`);
  const results = answers.map((series, qi) => {
    const q = req.queries[qi];
    const timeseries: PbTimeSeries[] = series.map((s) => ({
      labels: s.labels.map((l) => ({ name: l.name, value: l.value })),
      samples: within(s.timestamps, q.startTimestampMs, q.endTimestampMs).map((i) => ({ timestamp: s.timestamps[i], value: s.values[i], ...(s.stale?.[i] ? { stale: true } : {}) })),
      histograms: s.histograms
        ? within(s.histograms.timestamps, q.startTimestampMs, q.endTimestampMs).map((i) => toPbHistogram(s.histograms!.values[i] as FloatHistogram, s.histograms!.timestamps[i]))
        : [],
    }));
    return { timeseries };
  });
  return { contentType: PROTOBUF_CONTENT_TYPE, contentEncoding: 'snappy', body: snappyEncode(encodeReadResponse({ results })) };
}

/** One frame per series: its floats in XOR chunks of `perChunk`, its histograms in float-histogram chunks. */
async function* frames(req: PbReadRequest, answers: Series[][], perChunk: number): AsyncGenerator<Uint8Array> {
  for (let qi = 0; qi < answers.length; qi++) {
    const q = req.queries[qi];
    for (const s of answers[qi]) {
      const idx = within(s.timestamps, q.startTimestampMs, q.endTimestampMs);
      const hIdx = s.histograms ? within(s.histograms.timestamps, q.startTimestampMs, q.endTimestampMs) : [];
      if (idx.length === 0 && hIdx.length === 0) continue;
      const chunks: PbChunk[] = [];
      for (let k = 0; k < idx.length; k += perChunk) {
        const part = idx.slice(k, k + perChunk);
        chunks.push({
          minTimeMs: s.timestamps[part[0]],
          maxTimeMs: s.timestamps[part[part.length - 1]],
          type: ChunkEncoding.XOR,
          data: encodeXORChunk(part.map((i) => s.timestamps[i]), part.map((i) => s.values[i]), s.stale ? part.map((i) => s.stale![i]) : undefined),
        });
      }
      if (hIdx.length > 0) {
        const h = s.histograms!;
        chunks.push(...floatHistogramChunks(hIdx.map((i) => h.timestamps[i]), hIdx.map((i) => h.values[i] as FloatHistogram), perChunk));
      }
      yield encodeFrame(encodeChunkedReadResponse({ chunkedSeries: [{ labels: s.labels.map((l) => ({ name: l.name, value: l.value })), chunks }], queryIndex: qi }));
    }
  }
}
