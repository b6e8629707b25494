// Prometheus remote-write 1.0 by hand: a prompb WriteRequest (prompb/remote.proto, types.proto)
// encoded with @bufbuild/protobuf's BinaryWriter, snappy block-compressed (snappyjs) and POSTed
// to /api/v1/write. Only the fields the differential check sends are written.
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import SnappyJS from 'snappyjs';

/** prompb Histogram.ResetHint values. */
const RESET_HINT = { unknown: 0, reset: 1, not_reset: 2, gauge: 3 };

function writeSpans(w, field, spans) {
  for (const s of spans) {
    w.tag(field, WireType.LengthDelimited).fork();
    if (s.offset !== 0) w.tag(1, WireType.Varint).sint32(s.offset);
    if (s.length !== 0) w.tag(2, WireType.Varint).uint32(s.length);
    w.join();
  }
}

function writePackedDeltas(w, field, counts) {
  if (counts.length === 0) return;
  w.tag(field, WireType.LengthDelimited).fork();
  let prev = 0;
  for (const c of counts) {
    w.sint64(c - prev);
    prev = c;
  }
  w.join();
}

function writePackedDoubles(w, field, xs) {
  if (!xs || xs.length === 0) return;
  w.tag(field, WireType.LengthDelimited).fork();
  for (const x of xs) w.double(x);
  w.join();
}

/**
 * One prompb Histogram. `h` is the generator's wire form: `{ isInt, count, sum, schema,
 * zeroThreshold, zeroCount, positiveSpans, positiveBuckets, negativeSpans, negativeBuckets,
 * customValues, hint }` with absolute bucket counts (turned into deltas for integer histograms).
 */
function writeHistogram(w, h, t) {
  w.tag(4, WireType.LengthDelimited).fork();
  if (h.isInt) w.tag(1, WireType.Varint).uint64(h.count);
  else w.tag(2, WireType.Bit64).double(h.count);
  w.tag(3, WireType.Bit64).double(h.sum);
  w.tag(4, WireType.Varint).sint32(h.schema);
  w.tag(5, WireType.Bit64).double(h.zeroThreshold);
  if (h.isInt) w.tag(6, WireType.Varint).uint64(h.zeroCount);
  else w.tag(7, WireType.Bit64).double(h.zeroCount);
  writeSpans(w, 8, h.negativeSpans);
  if (h.isInt) writePackedDeltas(w, 9, h.negativeBuckets);
  else writePackedDoubles(w, 10, h.negativeBuckets);
  writeSpans(w, 11, h.positiveSpans);
  if (h.isInt) writePackedDeltas(w, 12, h.positiveBuckets);
  else writePackedDoubles(w, 13, h.positiveBuckets);
  const hint = RESET_HINT[h.hint ?? 'unknown'];
  if (hint) w.tag(14, WireType.Varint).int32(hint);
  w.tag(15, WireType.Varint).int64(t);
  writePackedDoubles(w, 16, h.customValues);
  w.join();
}

/**
 * Encodes a WriteRequest. `series` is `[{ labels: {name: value}, samples: [{t, v}], histograms:
 * [{t, h}] }]`; labels are written sorted by name, as the receiver requires.
 */
export function encodeWriteRequest(series) {
  const w = new BinaryWriter();
  for (const s of series) {
    w.tag(1, WireType.LengthDelimited).fork();
    for (const [name, value] of Object.entries(s.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      w.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(name).tag(2, WireType.LengthDelimited).string(value).join();
    }
    for (const x of s.samples ?? []) {
      w.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.Bit64).double(x.v).tag(2, WireType.Varint).int64(x.t).join();
    }
    for (const x of s.histograms ?? []) writeHistogram(w, x.h, x.t);
    w.join();
  }
  return w.finish();
}

/** POSTs one WriteRequest to `base`/api/v1/write; throws with the server's message on failure. */
export async function remoteWrite(base, series) {
  const body = SnappyJS.compress(encodeWriteRequest(series));
  const r = await fetch(`${base}/api/v1/write`, {
    method: 'POST',
    body,
    headers: {
      'Content-Type': 'application/x-protobuf',
      'Content-Encoding': 'snappy',
      'X-Prometheus-Remote-Write-Version': '0.1.0',
    },
  });
  if (r.status !== 204 && r.status !== 200) throw new Error(`remote write failed: HTTP ${r.status}: ${(await r.text()).slice(0, 500)}`);
}
