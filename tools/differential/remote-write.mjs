// A minimal Prometheus remote-write (v1) client for the differential checks: encodes a
// WriteRequest with float samples and float native histograms as protobuf, compresses it with
// snappy (literal blocks only, which every snappy decoder accepts) and POSTs it.

/** Bytes of a protobuf message being built. */
class Writer {
  constructor() {
    this.parts = [];
  }

  bytes(b) {
    this.parts.push(b);
  }

  varint(n) {
    // BigInt so that 64-bit values (timestamps, zigzagged ints) stay exact.
    let v = BigInt.asUintN(64, BigInt(n));
    const out = [];
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) b |= 0x80;
      out.push(b);
    } while (v > 0n);
    this.bytes(Uint8Array.from(out));
  }

  tag(field, wire) {
    this.varint((field << 3) | wire);
  }

  double(field, v) {
    this.tag(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.bytes(b);
  }

  int(field, v) {
    this.tag(field, 0);
    this.varint(v);
  }

  sint(field, v) {
    this.tag(field, 0);
    const z = (BigInt(v) << 1n) ^ (BigInt(v) < 0n ? -1n : 0n);
    this.varint(BigInt.asUintN(64, z));
  }

  message(field, build) {
    const w = new Writer();
    build(w);
    const body = w.finish();
    this.tag(field, 2);
    this.varint(body.length);
    this.bytes(body);
  }

  string(field, s) {
    const b = new TextEncoder().encode(s);
    this.tag(field, 2);
    this.varint(b.length);
    this.bytes(b);
  }

  packedDoubles(field, vs) {
    if (vs.length === 0) return;
    const b = new Uint8Array(8 * vs.length);
    const dv = new DataView(b.buffer);
    vs.forEach((v, i) => dv.setFloat64(8 * i, v, true));
    this.tag(field, 2);
    this.varint(b.length);
    this.bytes(b);
  }

  finish() {
    const n = this.parts.reduce((a, p) => a + p.length, 0);
    const out = new Uint8Array(n);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

const HINTS = { unknown: 0, reset: 1, not_reset: 2, gauge: 3 };

/** prompb.Histogram of a FloatHistogram (float counts, absolute buckets). */
function histogram(w, t, h) {
  w.double(2, h.count);
  w.double(3, h.sum);
  w.sint(4, h.schema);
  w.double(5, h.zeroThreshold);
  w.double(7, h.zeroCount);
  for (const s of h.negativeSpans) w.message(8, (m) => { m.sint(1, s.offset); m.int(2, s.length); });
  w.packedDoubles(10, h.negativeBuckets);
  for (const s of h.positiveSpans) w.message(11, (m) => { m.sint(1, s.offset); m.int(2, s.length); });
  w.packedDoubles(13, h.positiveBuckets);
  if (HINTS[h.counterResetHint]) w.int(14, HINTS[h.counterResetHint]);
  w.int(15, t);
  w.packedDoubles(16, h.customValues ?? []);
}

/**
 * A WriteRequest: `series` is `[{ labels: {name: value}, samples?: [[t, v]], histograms?: [[t, FloatHistogram]] }]`.
 * Labels are written sorted by name, as the receiver requires.
 */
export function encodeWriteRequest(series) {
  const w = new Writer();
  for (const s of series) {
    w.message(1, (ts) => {
      for (const name of Object.keys(s.labels).sort()) ts.message(1, (l) => { l.string(1, name); l.string(2, s.labels[name]); });
      for (const [t, v] of s.samples ?? []) ts.message(2, (m) => { m.double(1, v); m.int(2, t); });
      for (const [t, h] of s.histograms ?? []) ts.message(4, (m) => histogram(m, t, h));
    });
  }
  return w.finish();
}

/** Snappy block format with literal elements only (no compression, always valid). */
export function snappy(data) {
  const w = new Writer();
  w.varint(data.length);
  for (let at = 0; at < data.length; at += 65536) {
    const chunk = data.subarray(at, Math.min(at + 65536, data.length));
    const n = chunk.length - 1;
    if (n < 60) w.bytes(Uint8Array.of(n << 2));
    else if (n < 256) w.bytes(Uint8Array.of(60 << 2, n));
    else w.bytes(Uint8Array.of(61 << 2, n & 0xff, n >> 8));
    w.bytes(chunk);
  }
  return w.finish();
}

/** POSTs series to `${base}/api/v1/write`; throws with the server's answer unless it accepts. */
export async function remoteWrite(base, series) {
  const r = await fetch(`${base}/api/v1/write`, {
    method: 'POST',
    body: snappy(encodeWriteRequest(series)),
    headers: {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
    },
  });
  if (r.status >= 300) throw new Error(`remote write failed: HTTP ${r.status}: ${await r.text()}`);
}
