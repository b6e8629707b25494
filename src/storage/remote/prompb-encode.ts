// Protobuf encoding of the remote-read messages (proto/remote-read.proto) on @bufbuild/protobuf's
// BinaryWriter: proto3 rules, zero values omitted, repeated scalars packed.
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import type {
  PbChunk, PbChunkedReadResponse, PbChunkedSeries, PbHistogram, PbLabel, PbMatcher, PbQuery, PbReadHints,
  PbReadRequest, PbReadResponse, PbSpan, PbTimeSeries, PbWriteRequest,
} from './prompb.js';

type W = BinaryWriter;

/** StaleNaN as the 8 little-endian bytes of a protobuf double. */
const STALE_BYTES = new Uint8Array([2, 0, 0, 0, 0, 0, 0xf0, 0x7f]);

function int64(w: W, field: number, v: number): void {
  if (v !== 0) w.tag(field, WireType.Varint).int64(v);
}
function str(w: W, field: number, v: string): void {
  if (v !== '') w.tag(field, WireType.LengthDelimited).string(v);
}
function dbl(w: W, field: number, v: number): void {
  // Object.is keeps −0, which proto3 implementations write as a non-default value.
  if (!Object.is(v, 0)) w.tag(field, WireType.Bit64).double(v);
}
function msg<T>(w: W, field: number, v: T, enc: (w: W, v: T) => void): void {
  w.tag(field, WireType.LengthDelimited).fork();
  enc(w, v);
  w.join();
}
function packed(w: W, field: number, vs: readonly number[], put: (w: W, v: number) => void): void {
  if (vs.length === 0) return;
  w.tag(field, WireType.LengthDelimited).fork();
  for (const v of vs) put(w, v);
  w.join();
}

function label(w: W, l: PbLabel): void {
  str(w, 1, l.name);
  str(w, 2, l.value);
}
function matcher(w: W, m: PbMatcher): void {
  if (m.type !== 0) w.tag(1, WireType.Varint).int32(m.type);
  str(w, 2, m.name);
  str(w, 3, m.value);
}
function hints(w: W, h: PbReadHints): void {
  int64(w, 1, h.stepMs);
  str(w, 2, h.func);
  int64(w, 3, h.startMs);
  int64(w, 4, h.endMs);
  for (const g of h.grouping) w.tag(5, WireType.LengthDelimited).string(g);
  if (h.by) w.tag(6, WireType.Varint).bool(true);
  int64(w, 7, h.rangeMs);
}
function query(w: W, q: PbQuery): void {
  int64(w, 1, q.startTimestampMs);
  int64(w, 2, q.endTimestampMs);
  for (const m of q.matchers) msg(w, 3, m, matcher);
  if (q.hints) msg(w, 4, q.hints, hints);
}
function span(w: W, s: PbSpan): void {
  if (s.offset !== 0) w.tag(1, WireType.Varint).sint32(s.offset);
  if (s.length !== 0) w.tag(2, WireType.Varint).uint32(s.length);
}
function histogram(w: W, h: PbHistogram): void {
  // Members of a oneof are written even when zero: presence is what tells int from float.
  if (h.countInt !== undefined) w.tag(1, WireType.Varint).uint64(h.countInt);
  else if (h.countFloat !== undefined) w.tag(2, WireType.Bit64).double(h.countFloat);
  dbl(w, 3, h.sum);
  if (h.schema !== 0) w.tag(4, WireType.Varint).sint32(h.schema);
  dbl(w, 5, h.zeroThreshold);
  if (h.zeroCountInt !== undefined) w.tag(6, WireType.Varint).uint64(h.zeroCountInt);
  else if (h.zeroCountFloat !== undefined) w.tag(7, WireType.Bit64).double(h.zeroCountFloat);
  for (const s of h.negativeSpans) msg(w, 8, s, span);
  packed(w, 9, h.negativeDeltas, (w, v) => w.sint64(v));
  packed(w, 10, h.negativeCounts, (w, v) => w.double(v));
  for (const s of h.positiveSpans) msg(w, 11, s, span);
  packed(w, 12, h.positiveDeltas, (w, v) => w.sint64(v));
  packed(w, 13, h.positiveCounts, (w, v) => w.double(v));
  if (h.resetHint !== 0) w.tag(14, WireType.Varint).int32(h.resetHint);
  int64(w, 15, h.timestamp);
  packed(w, 16, h.customValues, (w, v) => w.double(v));
}
function timeSeries(w: W, ts: PbTimeSeries): void {
  for (const l of ts.labels) msg(w, 1, l, label);
  for (const s of ts.samples) {
    w.tag(2, WireType.LengthDelimited).fork();
    if (s.stale) w.tag(1, WireType.Bit64).raw(STALE_BYTES);
    else dbl(w, 1, s.value);
    int64(w, 2, s.timestamp);
    w.join();
  }
  for (const h of ts.histograms) msg(w, 4, h, histogram);
}
function chunk(w: W, c: PbChunk): void {
  int64(w, 1, c.minTimeMs);
  int64(w, 2, c.maxTimeMs);
  if (c.type !== 0) w.tag(3, WireType.Varint).int32(c.type);
  if (c.data.length > 0) w.tag(4, WireType.LengthDelimited).bytes(c.data);
}
function chunkedSeries(w: W, s: PbChunkedSeries): void {
  for (const l of s.labels) msg(w, 1, l, label);
  for (const c of s.chunks) msg(w, 2, c, chunk);
}

/** Encodes a `ReadRequest` (before snappy compression). */
export function encodeReadRequest(r: PbReadRequest): Uint8Array {
  const w = new BinaryWriter();
  for (const q of r.queries) msg(w, 1, q, query);
  packed(w, 2, r.acceptedResponseTypes, (w, v) => w.int32(v));
  return w.finish();
}

/** Encodes a `ReadResponse` (the SAMPLES response body, before snappy compression). */
export function encodeReadResponse(r: PbReadResponse): Uint8Array {
  const w = new BinaryWriter();
  for (const res of r.results) msg(w, 1, res, (w, x) => { for (const ts of x.timeseries) msg(w, 1, ts, timeSeries); });
  return w.finish();
}

/** Encodes one `ChunkedReadResponse` (one frame's payload of a streamed response). */
export function encodeChunkedReadResponse(r: PbChunkedReadResponse): Uint8Array {
  const w = new BinaryWriter();
  for (const s of r.chunkedSeries) msg(w, 1, s, chunkedSeries);
  int64(w, 2, r.queryIndex);
  return w.finish();
}

/** Encodes a remote-write 1.0 `WriteRequest` (before snappy compression). */
export function encodeWriteRequest(r: PbWriteRequest): Uint8Array {
  const w = new BinaryWriter();
  for (const ts of r.timeseries) msg(w, 1, ts, timeSeries);
  return w.finish();
}
