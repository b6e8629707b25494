// The framing of remote read's streamed response (Prometheus's storage/remote/chunked.go): each
// frame is a uvarint size, a big-endian CRC32-C of the payload, then the payload.
import { crc32c } from './crc32c.js';
import { RemoteStorageError } from './errors.js';

/** Prometheus's default limit on one frame (`chunked_read_limit`, 50 MB). */
export const DEFAULT_FRAME_LIMIT = 50_000_000;

/** One frame: size, checksum and payload, as Prometheus's ChunkedWriter writes it. */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const head: number[] = [];
  let n = payload.length;
  while (n >= 0x80) {
    head.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  head.push(n);
  const out = new Uint8Array(head.length + 4 + payload.length);
  out.set(head, 0);
  const crc = crc32c(payload);
  const p = head.length;
  out[p] = crc >>> 24;
  out[p + 1] = (crc >>> 16) & 0xff;
  out[p + 2] = (crc >>> 8) & 0xff;
  out[p + 3] = crc & 0xff;
  out.set(payload, p + 4);
  return out;
}

/**
 * Splits a byte stream into frame payloads, verifying each checksum.
 *
 * Contract: yields each payload once it is complete (payloads are views that stay valid);
 * throws a `corrupt` RemoteStorageError on a checksum mismatch or an oversized frame and a
 * `truncated` one when the stream ends inside a frame. Buffering is bounded by the largest frame.
 */
export async function* readFrames(stream: AsyncIterable<Uint8Array>, limit = DEFAULT_FRAME_LIMIT): AsyncGenerator<Uint8Array> {
  let buf = new Uint8Array(0);
  let start = 0;
  let frame = 0;
  for await (const piece of stream) {
    if (start === buf.length) {
      buf = piece;
      start = 0;
    } else {
      const next = new Uint8Array(buf.length - start + piece.length);
      next.set(buf.subarray(start), 0);
      next.set(piece, buf.length - start);
      buf = next;
      start = 0;
    }
    for (;;) {
      const f = parseFrame(buf, start, limit, frame);
      if (f === null) break;
      yield f.payload;
      start = f.next;
      frame++;
    }
  }
  if (start !== buf.length) {
    throw new RemoteStorageError('truncated', `remote read: stream ended inside frame ${frame} (${buf.length - start} bytes of it received)`);
  }
}

function parseFrame(buf: Uint8Array, start: number, limit: number, frame: number): { payload: Uint8Array; next: number } | null {
  let size = 0;
  let mul = 1;
  let p = start;
  for (;;) {
    if (p >= buf.length) return null;
    const b = buf[p++];
    size += (b & 0x7f) * mul;
    if (b < 0x80) break;
    mul *= 128;
    if (p - start >= 10) throw new RemoteStorageError('corrupt', `remote read: frame ${frame}: size varint longer than 10 bytes`);
  }
  if (size > limit) {
    throw new RemoteStorageError('corrupt', `remote read: frame ${frame}: message size ${size} bytes exceeds the limit of ${limit} bytes`);
  }
  if (p + 4 + size > buf.length) return null;
  const want = ((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0;
  const payload = buf.subarray(p + 4, p + 4 + size);
  const got = crc32c(payload);
  if (got !== want) {
    throw new RemoteStorageError('corrupt', `remote read: frame ${frame}: corrupted frame; checksum mismatch (want ${hex(want)}, got ${hex(got)})`);
  }
  return { payload, next: p + 4 + size };
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
