// Protobuf decoding of the remote-read messages (proto/remote-read.proto) on @bufbuild/protobuf's
// BinaryReader: unknown fields skipped, repeated scalars accepted packed or not.
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { RemoteStorageError } from './errors.js';
import {
  pbHistogram, type PbChunk, type PbChunkedReadResponse, type PbChunkedSeries, type PbHistogram, type PbLabel,
  type PbMatcher, type PbQuery, type PbQueryResult, type PbReadHints, type PbReadRequest, type PbReadResponse,
  type PbSample, type PbSpan, type PbTimeSeries,
} from './prompb.js';

type R = BinaryReader;

/** Runs `field` for every field of the message that ends at `end`; unknown fields are skipped. */
function fields(r: R, end: number, field: (no: number, wt: WireType) => boolean): void {
  while (r.pos < end) {
    const [no, wt] = r.tag();
    if (!field(no, wt)) r.skip(wt, no);
  }
}
function sub<T>(r: R, dec: (r: R, end: number) => T): T {
  const len = r.uint32();
  return dec(r, r.pos + len);
}
const n64 = (v: bigint | string): number => Number(v);

/** Reads a repeated scalar, packed (length-delimited) or one element per tag. */
function repeated(r: R, wt: WireType, out: number[], read: (r: R) => number): void {
  if (wt === WireType.LengthDelimited) {
    const end = r.uint32() + r.pos;
    while (r.pos < end) out.push(read(r));
  } else {
    out.push(read(r));
  }
}

function label(r: R, end: number): PbLabel {
  const l: PbLabel = { name: '', value: '' };
  fields(r, end, (no) => {
    if (no === 1) l.name = r.string();
    else if (no === 2) l.value = r.string();
    else return false;
    return true;
  });
  return l;
}
function matcher(r: R, end: number): PbMatcher {
  const m: PbMatcher = { type: 0, name: '', value: '' };
  fields(r, end, (no) => {
    if (no === 1) m.type = r.int32();
    else if (no === 2) m.name = r.string();
    else if (no === 3) m.value = r.string();
    else return false;
    return true;
  });
  return m;
}
function hints(r: R, end: number): PbReadHints {
  const h: PbReadHints = { stepMs: 0, func: '', startMs: 0, endMs: 0, grouping: [], by: false, rangeMs: 0 };
  fields(r, end, (no) => {
    switch (no) {
      case 1: h.stepMs = n64(r.int64()); break;
      case 2: h.func = r.string(); break;
      case 3: h.startMs = n64(r.int64()); break;
      case 4: h.endMs = n64(r.int64()); break;
      case 5: h.grouping.push(r.string()); break;
      case 6: h.by = r.bool(); break;
      case 7: h.rangeMs = n64(r.int64()); break;
      default: return false;
    }
    return true;
  });
  return h;
}
function query(r: R, end: number): PbQuery {
  const q: PbQuery = { startTimestampMs: 0, endTimestampMs: 0, matchers: [] };
  fields(r, end, (no) => {
    switch (no) {
      case 1: q.startTimestampMs = n64(r.int64()); break;
      case 2: q.endTimestampMs = n64(r.int64()); break;
      case 3: q.matchers.push(sub(r, matcher)); break;
      case 4: q.hints = sub(r, hints); break;
      default: return false;
    }
    return true;
  });
  return q;
}
/** The message being decoded, for the StaleNaN check on raw bytes. */
const EMPTY = new Uint8Array(0);
let source: Uint8Array = EMPTY;

/** Whether the 8 little-endian bytes at `p` of the message are StaleNaN (0x7ff0000000000002). */
function staleAt(p: number): boolean {
  const b = source;
  return b[p] === 2 && b[p + 1] === 0 && b[p + 2] === 0 && b[p + 3] === 0 && b[p + 4] === 0 && b[p + 5] === 0 && b[p + 6] === 0xf0 && b[p + 7] === 0x7f;
}

function sample(r: R, end: number): PbSample {
  const s: PbSample = { value: 0, timestamp: 0 };
  fields(r, end, (no) => {
    if (no === 1) {
      const p = r.pos;
      s.value = r.double();
      if (s.value !== s.value && staleAt(p)) s.stale = true;
    } else if (no === 2) s.timestamp = n64(r.int64());
    else return false;
    return true;
  });
  return s;
}
function span(r: R, end: number): PbSpan {
  let offset = 0;
  let length = 0;
  fields(r, end, (no) => {
    if (no === 1) offset = r.sint32();
    else if (no === 2) length = r.uint32();
    else return false;
    return true;
  });
  return { offset, length };
}
function histogram(r: R, end: number): PbHistogram {
  const h = pbHistogram();
  fields(r, end, (no, wt) => {
    switch (no) {
      case 1: h.countInt = n64(r.uint64()); break;
      case 2: h.countFloat = r.double(); break;
      case 3: h.sum = r.double(); break;
      case 4: h.schema = r.sint32(); break;
      case 5: h.zeroThreshold = r.double(); break;
      case 6: h.zeroCountInt = n64(r.uint64()); break;
      case 7: h.zeroCountFloat = r.double(); break;
      case 8: h.negativeSpans.push(sub(r, span)); break;
      case 9: repeated(r, wt, h.negativeDeltas, (r) => n64(r.sint64())); break;
      case 10: repeated(r, wt, h.negativeCounts, (r) => r.double()); break;
      case 11: h.positiveSpans.push(sub(r, span)); break;
      case 12: repeated(r, wt, h.positiveDeltas, (r) => n64(r.sint64())); break;
      case 13: repeated(r, wt, h.positiveCounts, (r) => r.double()); break;
      case 14: h.resetHint = r.int32(); break;
      case 15: h.timestamp = n64(r.int64()); break;
      case 16: repeated(r, wt, h.customValues, (r) => r.double()); break;
      default: return false;
    }
    return true;
  });
  return h;
}
function timeSeries(r: R, end: number): PbTimeSeries {
  const ts: PbTimeSeries = { labels: [], samples: [], histograms: [] };
  fields(r, end, (no) => {
    if (no === 1) ts.labels.push(sub(r, label));
    else if (no === 2) ts.samples.push(sub(r, sample));
    else if (no === 4) ts.histograms.push(sub(r, histogram));
    else return false;
    return true;
  });
  return ts;
}
function queryResult(r: R, end: number): PbQueryResult {
  const q: PbQueryResult = { timeseries: [] };
  fields(r, end, (no) => {
    if (no !== 1) return false;
    q.timeseries.push(sub(r, timeSeries));
    return true;
  });
  return q;
}
function chunk(r: R, end: number): PbChunk {
  const c: PbChunk = { minTimeMs: 0, maxTimeMs: 0, type: 0, data: new Uint8Array(0) };
  fields(r, end, (no) => {
    switch (no) {
      case 1: c.minTimeMs = n64(r.int64()); break;
      case 2: c.maxTimeMs = n64(r.int64()); break;
      case 3: c.type = r.int32(); break;
      case 4: c.data = r.bytes(); break;
      default: return false;
    }
    return true;
  });
  return c;
}
function chunkedSeries(r: R, end: number): PbChunkedSeries {
  const s: PbChunkedSeries = { labels: [], chunks: [] };
  fields(r, end, (no) => {
    if (no === 1) s.labels.push(sub(r, label));
    else if (no === 2) s.chunks.push(sub(r, chunk));
    else return false;
    return true;
  });
  return s;
}

/** Runs a decoder over a whole message, turning any parse failure into a `protocol` error. */
function decode<T>(bytes: Uint8Array, what: string, dec: (r: R, end: number) => T): T {
  try {
    source = bytes;
    const r = new BinaryReader(bytes);
    const out = dec(r, bytes.length);
    if (r.pos !== bytes.length) throw new Error(`message ends at byte ${r.pos} of ${bytes.length}`);
    return out;
  } catch (e) {
    if (e instanceof RemoteStorageError) throw e;
    throw new RemoteStorageError('protocol', `remote read: malformed ${what}: ${e instanceof Error ? e.message : String(e)}`, undefined, e);
  } finally {
    source = EMPTY;
  }
}

/** Decodes a `ReadRequest` (after snappy decompression). */
export function decodeReadRequest(bytes: Uint8Array): PbReadRequest {
  return decode(bytes, 'ReadRequest', (r, end) => {
    const out: PbReadRequest = { queries: [], acceptedResponseTypes: [] };
    fields(r, end, (no, wt) => {
      if (no === 1) out.queries.push(sub(r, query));
      else if (no === 2) repeated(r, wt, out.acceptedResponseTypes, (r) => r.int32());
      else return false;
      return true;
    });
    return out;
  });
}

/** Decodes a `ReadResponse` (the SAMPLES response body, after snappy decompression). */
export function decodeReadResponse(bytes: Uint8Array): PbReadResponse {
  return decode(bytes, 'ReadResponse', (r, end) => {
    const out: PbReadResponse = { results: [] };
    fields(r, end, (no) => {
      if (no !== 1) return false;
      out.results.push(sub(r, queryResult));
      return true;
    });
    return out;
  });
}

/** Decodes one `ChunkedReadResponse` (one frame's payload). */
export function decodeChunkedReadResponse(bytes: Uint8Array): PbChunkedReadResponse {
  return decode(bytes, 'ChunkedReadResponse', (r, end) => {
    const out: PbChunkedReadResponse = { chunkedSeries: [], queryIndex: 0 };
    fields(r, end, (no) => {
      if (no === 1) out.chunkedSeries.push(sub(r, chunkedSeries));
      else if (no === 2) out.queryIndex = n64(r.int64());
      else return false;
      return true;
    });
    return out;
  });
}

/** Decodes a remote-write 1.0 `WriteRequest` (after snappy decompression). */
export function decodeWriteRequest(bytes: Uint8Array): { timeseries: PbTimeSeries[] } {
  return decode(bytes, 'WriteRequest', (r, end) => {
    const out = { timeseries: [] as PbTimeSeries[] };
    fields(r, end, (no) => {
      if (no !== 1) return false;
      out.timeseries.push(sub(r, timeSeries));
      return true;
    });
    return out;
  });
}
