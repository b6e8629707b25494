// The remote-read wire format: XOR chunks, protobuf messages, snappy and CRC32-C framing, each
// round-tripped and each checked against bytes fixed by the protocol.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { decodeXORChunk, encodeXORChunk } from '../../../src/storage/remote/xor-chunk.js';
import { crc32c } from '../../../src/storage/remote/crc32c.js';
import { encodeFrame, readFrames } from '../../../src/storage/remote/framing.js';
import {
  encodeChunkedReadResponse, encodeReadRequest, encodeReadResponse, encodeWriteRequest,
} from '../../../src/storage/remote/prompb-encode.js';
import {
  decodeChunkedReadResponse, decodeReadRequest, decodeReadResponse, decodeWriteRequest,
} from '../../../src/storage/remote/prompb-decode.js';
import { pbHistogram, type PbReadRequest } from '../../../src/storage/remote/prompb.js';
import { snappyDecode, snappyEncode } from '../../../src/storage/remote/snappy.js';
import { RemoteStorageError } from '../../../src/storage/remote/errors.js';

async function* pieces(...bs: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const b of bs) yield b;
}
async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
function bits(v: number): string {
  const d = new DataView(new ArrayBuffer(8));
  d.setFloat64(0, v);
  return d.getBigUint64(0).toString(16);
}

describe('XOR chunks', () => {
  test('an empty chunk is the 2-byte zero count', () => {
    expect([...encodeXORChunk([], [])]).toEqual([0, 0]);
  });

  test('one sample: count, zig-zag varint timestamp, the 64 value bits', () => {
    // t = 1 → zig-zag 2; value 1.0 = 0x3ff0000000000000.
    expect([...encodeXORChunk([1], [1])]).toEqual([0, 1, 2, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0]);
    const out = { timestamps: [] as number[], values: [] as number[], stale: [] as number[] };
    expect(decodeXORChunk(new Uint8Array([0, 1, 2, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0]), out)).toBe(1);
    expect(out).toEqual({ timestamps: [1], values: [1], stale: [] });
  });

  test('regular samples cost one bit per unchanged timestamp delta and value', () => {
    const ts = Array.from({ length: 100 }, (_, i) => 1_700_000_000_000 + i * 15_000);
    const vs = ts.map(() => 42);
    // header 2 + varint 6 + value 8 + uvarint delta 2 + 1 bit for the 2nd value + 98 × 2 bits.
    expect(encodeXORChunk(ts, vs).length).toBe(2 + 6 + 8 + 2 + Math.ceil((1 + 98 * 2) / 8));
  });

  test('round trip keeps every timestamp and the exact bits of every value', () => {
    const value = fc.oneof(
      fc.double(),
      fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1, 1.5),
      fc.integer({ min: -1000, max: 1000 }),
    );
    fc.assert(fc.property(
      fc.integer({ min: -1e12, max: 4e12 }),
      fc.array(fc.tuple(fc.oneof(fc.constant(15_000), fc.integer({ min: 1, max: 2 ** 40 })), value, fc.boolean()), { maxLength: 300 }),
      (t0, steps) => {
        const ts: number[] = [];
        const vs: number[] = [];
        const stale: number[] = [];
        let t = t0;
        for (const [d, v, s] of steps) {
          t += d;
          ts.push(t);
          vs.push(v);
          stale.push(s && v === 1 ? 1 : 0);
        }
        const out = { timestamps: [] as number[], values: [] as number[], stale: [] as number[] };
        decodeXORChunk(encodeXORChunk(ts, vs, stale), out);
        expect(out.timestamps).toEqual(ts);
        // NaN payloads may be canonicalised by the array; staleness travels in `stale`.
        const canon = (v: number): string => (Number.isNaN(v) ? 'NaN' : bits(v));
        expect(out.values.map(canon)).toEqual(vs.map((v, i) => (stale[i] ? 'NaN' : canon(v))));
        expect(out.stale).toEqual(stale.flatMap((s, i) => (s ? [i] : [])));
      },
    ), { numRuns: 300 });
  });

  test('a stale marker keeps its bit pattern', () => {
    const out = { timestamps: [] as number[], values: [] as number[], stale: [] as number[] };
    decodeXORChunk(encodeXORChunk([1, 2, 3, 4], [0, 1, 0, NaN], [1, 0, 1, 0]), out);
    expect(out.stale).toEqual([0, 2]);
    expect(out.values.every((v) => Number.isNaN(v) || v === 1)).toBe(true);
  });

  test.each([
    ['no header', new Uint8Array([0])],
    ['a count with no data', new Uint8Array([0, 3])],
    ['data cut short', encodeXORChunk([1, 2, 3, 50], [1, 2.5, 3.25, 1e300]).subarray(0, 12)],
  ])('%s is a corrupt-chunk StorageError, not a partial answer', (_, bytes) => {
    const out = { timestamps: [] as number[], values: [] as number[], stale: [] as number[] };
    let err: unknown;
    try { decodeXORChunk(bytes, out, 'XOR chunk of {a="b"}'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(RemoteStorageError);
    expect((err as RemoteStorageError).reason).toBe('corrupt');
    expect((err as Error).message).toMatch(/^remote read: XOR chunk of \{a="b"\}: /);
  });
});

describe('protobuf messages', () => {
  const request: PbReadRequest = {
    queries: [
      {
        startTimestampMs: 1_700_000_000_000,
        endTimestampMs: 1_700_000_300_000,
        matchers: [{ type: 0, name: '__name__', value: 'up' }, { type: 3, name: 'job', value: 'x|y' }],
        hints: { stepMs: 15_000, func: 'rate', startMs: 1, endMs: 2, grouping: ['job', 'le'], by: true, rangeMs: 300_000 },
      },
      { startTimestampMs: -5, endTimestampMs: 0, matchers: [] },
    ],
    acceptedResponseTypes: [1, 0],
  };

  test('ReadRequest round trip', () => {
    expect(decodeReadRequest(encodeReadRequest(request))).toEqual(request);
  });

  test('field numbers: a query with one EQ matcher, bytes as the protocol fixes them', () => {
    const bytes = encodeReadRequest({ queries: [{ startTimestampMs: 1, endTimestampMs: 2, matchers: [{ type: 0, name: 'a', value: 'b' }] }], acceptedResponseTypes: [1] });
    // 0a = queries(1, LEN) 0c bytes: 08 01 (start) 10 02 (end) 1a 06 (matcher: 12 01 'a' 1a 01 'b'); 12 01 01 = packed types.
    expect([...bytes]).toEqual([0x0a, 0x0c, 0x08, 1, 0x10, 2, 0x1a, 6, 0x12, 1, 0x61, 0x1a, 1, 0x62, 0x12, 1, 1]);
  });

  test('ReadResponse round trip with floats and both histogram kinds', () => {
    const res = {
      results: [
        {
          timeseries: [
            {
              labels: [{ name: '__name__', value: 'x' }],
              samples: [{ value: 1.5, timestamp: 10 }, { value: -0, timestamp: 20 }],
              histograms: [
                pbHistogram({ countInt: 0, zeroCountInt: 2, sum: 3, schema: -2, positiveSpans: [{ offset: -3, length: 2 }], positiveDeltas: [1, -1], resetHint: 2, timestamp: 30 }),
                pbHistogram({ countFloat: 2.5, zeroCountFloat: 0, schema: -53, customValues: [1, 2.5], positiveSpans: [{ offset: 0, length: 2 }], positiveCounts: [1, 1.5], timestamp: 40 }),
              ],
            },
          ],
        },
        { timeseries: [] },
      ],
    };
    expect(decodeReadResponse(encodeReadResponse(res))).toEqual(res);
  });

  test('ChunkedReadResponse and WriteRequest round trips', () => {
    const data = encodeXORChunk([1, 2], [3, 4]);
    const msg = { chunkedSeries: [{ labels: [{ name: 'a', value: 'b' }], chunks: [{ minTimeMs: 1, maxTimeMs: 2, type: 1, data }] }], queryIndex: 3 };
    expect(decodeChunkedReadResponse(encodeChunkedReadResponse(msg))).toEqual(msg);
    const w = { timeseries: [{ labels: [{ name: 'a', value: 'b' }], samples: [{ value: 1, timestamp: 2 }], histograms: [] }] };
    expect(decodeWriteRequest(encodeWriteRequest(w))).toEqual(w);
  });

  test('unknown fields are skipped; garbage is a protocol StorageError', () => {
    // Field 9 (varint 7) before the queries.
    const bytes = new Uint8Array([0x48, 7, ...encodeReadRequest(request)]);
    expect(decodeReadRequest(bytes)).toEqual(request);
    expect(() => decodeReadResponse(new Uint8Array([0x0a, 50, 1]))).toThrow(/remote read: malformed ReadResponse/);
  });
});

describe('snappy and frames', () => {
  test('snappy round trip; bad data names what it was', () => {
    const d = encodeReadRequest({ queries: [], acceptedResponseTypes: [0, 1] });
    expect(snappyDecode(snappyEncode(d), 'x')).toEqual(d);
    expect(() => snappyDecode(new Uint8Array([9, 0xff]), 'the response body')).toThrow(/the response body is not valid snappy/);
  });

  test('CRC32-C check value', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  test('frames survive any split of the stream into pieces', async () => {
    const payloads = [new Uint8Array(200).fill(7), new Uint8Array([1, 2, 3]), new Uint8Array(1)];
    const stream = new Uint8Array(payloads.map(encodeFrame).flatMap((f) => [...f]));
    await fc.assert(fc.asyncProperty(fc.array(fc.nat(stream.length), { maxLength: 6 }), async (cuts) => {
      const at = [0, ...[...cuts].sort((a, b) => a - b), stream.length];
      const parts = at.slice(1).map((e, i) => stream.subarray(at[i], e));
      expect(await all(readFrames(pieces(...parts)))).toEqual(payloads);
    }), { numRuns: 100 });
  });

  test('a flipped payload byte is a checksum error; a cut stream is truncated', async () => {
    const f = encodeFrame(new Uint8Array([1, 2, 3, 4]));
    const bad = f.slice();
    bad[bad.length - 1] ^= 1;
    await expect(all(readFrames(pieces(bad)))).rejects.toMatchObject({ reason: 'corrupt', message: expect.stringMatching(/checksum mismatch/) });
    await expect(all(readFrames(pieces(f, f.subarray(0, 5))))).rejects.toMatchObject({ reason: 'truncated' });
  });

  test('a frame over the size limit is refused before it is buffered', async () => {
    const f = encodeFrame(new Uint8Array(100));
    await expect(all(readFrames(pieces(f.subarray(0, 2)), 50))).rejects.toThrow(/exceeds the limit of 50 bytes/);
  });
});
