// `POST /api/v1/read`: serves Prometheus remote read over any Storage, so that a real Prometheus
// can `remote_read` our data. SAMPLES (snappy protobuf) and STREAMED_XOR_CHUNKS (framed chunks),
// negotiated as Prometheus's read handler does; native histograms go as float histograms (in
// FLOAT_HISTOGRAM chunks when streamed). The wire codec is src/storage/remote's.
import type { LabelMatcher } from '../parser/ast.js';
import type { Series, Storage } from '../storage/types.js';
import { isStaleNaN } from '../storage/stale.js';
import { encodeFrame } from '../storage/remote/framing.js';
import { decodeReadRequest } from '../storage/remote/prompb-decode.js';
import { encodeChunkedReadResponse, encodeReadResponse } from '../storage/remote/prompb-encode.js';
import { ChunkEncoding, MatcherType, ResponseType, type PbChunk, type PbQuery, type PbSample, type PbTimeSeries } from '../storage/remote/prompb.js';
import { snappyDecode, snappyEncode } from '../storage/remote/snappy.js';
import { encodeXORChunk } from '../storage/remote/xor-chunk.js';
import { readBodyLimited } from './body.js';
import { toPbHistogram } from '../storage/remote/read-handler.js';
import { floatHistogramChunks } from '../storage/remote/histogram-chunk-encode.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';

/** Samples per XOR chunk, as a Prometheus TSDB cuts them. */
export const SAMPLES_PER_CHUNK = 120;
/** Most chunk bytes in one streamed frame (Prometheus's `--storage.remote.read-max-bytes-in-frame`). */
export const MAX_BYTES_IN_FRAME = 1_048_576;

const OPS: Readonly<Record<number, LabelMatcher['op']>> = { [MatcherType.EQ]: '=', [MatcherType.NEQ]: '!=', [MatcherType.RE]: '=~', [MatcherType.NRE]: '!~' };
const TYPE_NAMES: Readonly<Record<number, string>> = { [ResponseType.SAMPLES]: 'SAMPLES', [ResponseType.STREAMED_XOR_CHUNKS]: 'STREAMED_XOR_CHUNKS' };

/** An error answered as Prometheus's read handler answers it: plain text with a status code. */
class ReadError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function plain(status: number, text: string): Response {
  return new Response(`${text}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

/** The response type to use: the first accepted one we support (none given: SAMPLES). */
export function negotiate(accepted: readonly number[]): number {
  const list = accepted.length ? accepted : [ResponseType.SAMPLES];
  const found = list.find((t) => t === ResponseType.SAMPLES || t === ResponseType.STREAMED_XOR_CHUNKS);
  if (found === undefined) {
    throw new ReadError(400, `server does not support any of the requested response types: [${list.map((t) => TYPE_NAMES[t] ?? String(t)).join(' ')}]; supported: map[SAMPLES:{} STREAMED_XOR_CHUNKS:{}]`);
  }
  return found;
}

/** The series one query selects, each with its float and histogram samples inside the query's window. */
async function* selectQuery(storage: Storage, q: PbQuery, signal: AbortSignal): AsyncGenerator<{ s: Series; lo: number; hi: number; hlo: number; hhi: number }> {
  const matchers = q.matchers.map((m) => {
    const op = OPS[m.type];
    if (!op) throw new ReadError(400, `invalid matcher type ${m.type}`);
    return { name: m.name, op, value: m.value };
  });
  const h = q.hints;
  const hints = h ? { step: h.stepMs, range: h.rangeMs, func: h.func, by: h.by, grouping: h.grouping } : undefined;
  const set = await storage.select({ matchers, start: q.startTimestampMs, end: q.endTimestampMs, hints, signal });
  for await (const s of set as AsyncIterable<Series> | Iterable<Series>) {
    const ts = s.timestamps;
    let lo = 0;
    while (lo < ts.length && ts[lo] < q.startTimestampMs) lo++;
    let hi = lo;
    while (hi < ts.length && ts[hi] <= q.endTimestampMs) hi++;
    const h = s.histograms?.timestamps ?? [];
    let hlo = 0;
    while (hlo < h.length && h[hlo] < q.startTimestampMs) hlo++;
    let hhi = hlo;
    while (hhi < h.length && h[hhi] <= q.endTimestampMs) hhi++;
    if (hi > lo || hhi > hlo) yield { s, lo, hi, hlo, hhi };
  }
}

/** The series' histogram samples hlo…hhi−1. */
function histogramsOf(s: Series, hlo: number, hhi: number): { t: number[]; h: FloatHistogram[] } {
  const t: number[] = [];
  const h: FloatHistogram[] = [];
  for (let i = hlo; i < hhi; i++) {
    t.push(s.histograms!.timestamps[i]);
    h.push(s.histograms!.values[i]);
  }
  return { t, h };
}

const isStale = (s: Series, i: number) => !!(s.stale && s.stale[i]) || isStaleNaN(s.values[i]);

async function samplesResponse(storage: Storage, queries: readonly PbQuery[], signal: AbortSignal): Promise<Response> {
  const results = [];
  for (const q of queries) {
    const timeseries: PbTimeSeries[] = [];
    for await (const { s, lo, hi, hlo, hhi } of selectQuery(storage, q, signal)) {
      const samples: PbSample[] = [];
      for (let i = lo; i < hi; i++) samples.push({ timestamp: s.timestamps[i], value: s.values[i], ...(isStale(s, i) ? { stale: true } : {}) });
      const { t, h } = histogramsOf(s, hlo, hhi);
      timeseries.push({ labels: s.labels.map((l) => ({ name: l.name, value: l.value })), samples, histograms: h.map((x, i) => toPbHistogram(x, t[i])) });
    }
    results.push({ timeseries });
  }
  return new Response(snappyEncode(encodeReadResponse({ results })), {
    headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy' },
  });
}

/** One series' samples as XOR chunks of at most {@link SAMPLES_PER_CHUNK}. */
function chunksOf(s: Series, lo: number, hi: number): PbChunk[] {
  const out: PbChunk[] = [];
  for (let a = lo; a < hi; a += SAMPLES_PER_CHUNK) {
    const b = Math.min(hi, a + SAMPLES_PER_CHUNK);
    const ts = Array.from({ length: b - a }, (_, i) => s.timestamps[a + i]);
    const vs = Array.from({ length: b - a }, (_, i) => s.values[a + i]);
    const st = Array.from({ length: b - a }, (_, i) => (isStale(s, a + i) ? 1 : 0));
    out.push({ minTimeMs: ts[0], maxTimeMs: ts[ts.length - 1], type: ChunkEncoding.XOR, data: encodeXORChunk(ts, vs, st) });
  }
  return out;
}

/**
 * The streamed response: per query, one frame per series (a series' chunks split over several
 * frames past {@link MAX_BYTES_IN_FRAME}), as Prometheus's `StreamChunkedReadResponses` sends them.
 */
function streamedResponse(storage: Storage, queries: readonly PbQuery[], signal: AbortSignal): Response {
  async function* frames(): AsyncGenerator<Uint8Array> {
    for (let qi = 0; qi < queries.length; qi++) {
      for await (const { s, lo, hi, hlo, hhi } of selectQuery(storage, queries[qi], signal)) {
        const labels = s.labels.map((l) => ({ name: l.name, value: l.value }));
        let batch: PbChunk[] = [];
        let bytes = 0;
        const { t, h } = histogramsOf(s, hlo, hhi);
        const chunks = [...chunksOf(s, lo, hi), ...(h.length ? floatHistogramChunks(t, h, SAMPLES_PER_CHUNK) : [])];
        for (const c of chunks) {
          batch.push(c);
          bytes += c.data.byteLength;
          if (bytes >= MAX_BYTES_IN_FRAME) {
            yield encodeFrame(encodeChunkedReadResponse({ chunkedSeries: [{ labels, chunks: batch }], queryIndex: qi }));
            batch = [];
            bytes = 0;
          }
        }
        if (batch.length) yield encodeFrame(encodeChunkedReadResponse({ chunkedSeries: [{ labels, chunks: batch }], queryIndex: qi }));
      }
    }
  }
  const it = frames();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await it.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await it.return(undefined);
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse' } });
}

/**
 * The `/api/v1/read` handler over `storage`. Bodies over `maxBodyBytes` (compressed, and 32× that
 * decompressed) are refused with 413 / 400. Errors are plain text, as Prometheus answers them.
 */
export function remoteReadHandler(storage: Storage, maxBodyBytes: number): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'POST') return plain(405, 'Method Not Allowed');
    try {
      let raw: Uint8Array;
      try {
        raw = await readBodyLimited(request, maxBodyBytes);
      } catch (e) {
        return plain(413, (e as Error).message);
      }
      let req;
      try {
        req = decodeReadRequest(snappyDecode(raw, 'read request', maxBodyBytes * 32));
      } catch (e) {
        return plain(400, (e as Error).message);
      }
      const type = negotiate(req.acceptedResponseTypes);
      // SAMPLES is built whole before answering, so errors still get a status code; a streamed
      // answer reports a failure by ending the stream early (the client sees a truncated frame).
      if (type === ResponseType.SAMPLES) return await samplesResponse(storage, req.queries, request.signal);
      return streamedResponse(storage, req.queries, request.signal);
    } catch (e) {
      if (e instanceof ReadError) return plain(e.status, e.message);
      return plain(500, e instanceof Error ? e.message : String(e));
    }
  };
}
