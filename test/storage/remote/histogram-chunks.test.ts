// Histogram chunks as Prometheus 3.5.3 really writes them (a captured streamed answer, replayed):
// HISTOGRAM and FLOAT_HISTOGRAM chunks, gauge and custom-bucket ones, decoded without a server.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { FloatHistogram } from '../../../src/histogram/float-histogram.js';
import { MemoryStorage } from '../../../src/storage/memory.js';
import { RemoteReadStorage, STREAMED_CONTENT_TYPE } from '../../../src/storage/remote/remote-read-storage.js';
import { decodeChunkedReadResponse } from '../../../src/storage/remote/prompb-decode.js';
import { readFrames } from '../../../src/storage/remote/framing.js';
import { ChunkEncoding } from '../../../src/storage/remote/prompb.js';
import { decodeFloatHistogramChunk, decodeHistogramChunk } from '../../../src/storage/remote/histogram-chunk.js';
import { RemoteStorageError } from '../../../src/storage/remote/errors.js';
import { startFakeServer, type FakeServer } from './fake-server.js';
import { expected, seriesAt, strip } from './histogram-series.js';

const golden = JSON.parse(readFileSync(new URL('../../fixtures/remote/histograms-prometheus-3.5.3.json', import.meta.url), 'utf8')) as { t0: number; contentType: string; bodyBase64: string };
const body = new Uint8Array(Buffer.from(golden.bodyBase64, 'base64'));
const pushed = seriesAt(golden.t0);

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer(new MemoryStorage());
  fake.handler = (_, res) => void res.writeHead(200, { 'Content-Type': golden.contentType }).end(body);
});
afterAll(() => fake.close());

async function* once(b: Uint8Array): AsyncGenerator<Uint8Array> {
  yield b;
}

test('the capture holds every encoding the tests need', async () => {
  const types = new Set<number>();
  for await (const f of readFrames(once(body))) for (const s of decodeChunkedReadResponse(f).chunkedSeries) for (const c of s.chunks) types.add(c.type);
  expect([...types].sort()).toEqual([ChunkEncoding.HISTOGRAM, ChunkEncoding.FLOAT_HISTOGRAM]);
  expect(golden.contentType).toBe(STREAMED_CONTENT_TYPE);
});

test('every histogram decodes to what was written: absolute counts, spans, custom bounds', async () => {
  const got = await new RemoteReadStorage({ url: fake.url }).select({ matchers: [], start: 0, end: 1 });
  expect(got.map((s) => s.labels[0].value)).toEqual(['nh_custom', 'nh_float', 'nh_gauge', 'nh_int']);
  for (const p of pushed) {
    const s = got.find((x) => x.labels[0].value === p.labels[0].value)!;
    expect(Array.from(s.histograms!.timestamps)).toEqual(p.histograms.map((h) => h.timestamp));
    expect((s.histograms!.values as FloatHistogram[]).map(strip)).toEqual(p.histograms.map(expected));
  }
});

test('hints: gauge chunks give gauge, counter chunks unknown then not_reset', async () => {
  const got = await new RemoteReadStorage({ url: fake.url }).select({ matchers: [], start: 0, end: 1 });
  const hints = (name: string): string[] => (got.find((s) => s.labels[0].value === name)!.histograms!.values as FloatHistogram[]).map((h) => h.counterResetHint);
  expect(new Set(hints('nh_gauge'))).toEqual(new Set(['gauge']));
  for (const name of ['nh_int', 'nh_float', 'nh_custom']) {
    const h = hints(name);
    expect(h[0]).toBe('unknown');
    expect(h[1]).toBe('not_reset');
    expect(new Set(h)).toEqual(new Set(['unknown', 'not_reset']));
  }
});

test('every cut of every histogram chunk is a corrupt-chunk error, never a shorter answer', async () => {
  let checked = 0;
  for await (const f of readFrames(once(body))) {
    for (const s of decodeChunkedReadResponse(f).chunkedSeries) {
      for (const c of s.chunks.slice(0, 2)) {
        const decode = c.type === ChunkEncoding.HISTOGRAM ? decodeHistogramChunk : decodeFloatHistogramChunk;
        for (let cut = 0; cut < c.data.length - 1; cut += 7) {
          expect(() => decode(c.data.subarray(0, cut), { timestamps: [], values: [] })).toThrow(RemoteStorageError);
          checked++;
        }
      }
    }
  }
  expect(checked).toBeGreaterThan(50);
});
