// The server side of remote read (answerReadRequest): response-type negotiation, and histograms
// and stale markers going through our own client intact.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FloatHistogram } from '../../../src/histogram/float-histogram.js';
import { labelsFrom } from '../../../src/storage/labels.js';
import type { Series, Storage } from '../../../src/storage/types.js';
import { answerReadRequest, ReadRequestError } from '../../../src/storage/remote/read-handler.js';
import { RemoteReadStorage, STREAMED_CONTENT_TYPE } from '../../../src/storage/remote/remote-read-storage.js';
import { startFakeServer, type FakeServer } from './fake-server.js';

const h = (i: number, hint: FloatHistogram['counterResetHint'] = 'not_reset'): FloatHistogram => new FloatHistogram({
  counterResetHint: hint, schema: 2, zeroThreshold: 1e-3, zeroCount: i, count: 4 * i, sum: i / 3,
  positiveSpans: [{ offset: -2, length: 2 }], positiveBuckets: [i, 2 * i], negativeSpans: [{ offset: 1, length: 1 }], negativeBuckets: [i],
});
const series: Series[] = [
  { labels: labelsFrom({ __name__: 'f' }), timestamps: [1000, 2000, 3000], values: [1, 0, 3], stale: [0, 1, 0] },
  { labels: labelsFrom({ __name__: 'h' }), timestamps: [], values: [], histograms: { timestamps: [1000, 2000], values: [h(1, 'unknown'), h(2)] } },
];
const storage: Storage = { select: (req) => series.filter((s) => req.matchers.every((m) => m.name !== '__name__' || new RegExp(`^(?:${m.value})$`).test(s.labels[0].value))) };

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer(storage);
  fake.handler = async (req, res) => {
    const a = await answerReadRequest(storage, req);
    res.writeHead(200, { 'Content-Type': a.contentType, ...(a.contentEncoding ? { 'Content-Encoding': a.contentEncoding } : {}) });
    if (a.body instanceof Uint8Array) res.end(a.body);
    else {
      for await (const f of a.body) res.write(f);
      res.end();
    }
  };
});
afterAll(() => fake.close());

const q = (name: string) => ({ startTimestampMs: 0, endTimestampMs: 5000, matchers: [{ type: 0, name: '__name__', value: name }] });

test('the first accepted type wins; no accepted types means SAMPLES', async () => {
  expect((await answerReadRequest(storage, { queries: [q('f')], acceptedResponseTypes: [1, 0] })).contentType).toBe(STREAMED_CONTENT_TYPE);
  expect((await answerReadRequest(storage, { queries: [q('f')], acceptedResponseTypes: [] })).contentEncoding).toBe('snappy');
});

test('an unknown response type is refused with Prometheus\'s words and status 400', async () => {
  const e = await answerReadRequest(storage, { queries: [q('h')], acceptedResponseTypes: [7] }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ReadRequestError);
  expect((e as ReadRequestError).status).toBe(400);
  expect((e as Error).message).toBe('server does not support any of the requested response types: [7]; supported: map[SAMPLES:{} STREAMED_XOR_CHUNKS:{}]');
});

test.each(['streamed', 'samples'] as const)('%s: floats and stale markers through our client', async (mode) => {
  const [f] = await new RemoteReadStorage({ url: fake.url, responseType: mode }).select({ matchers: [{ name: '__name__', op: '=', value: 'f' }], start: 0, end: 5000 });
  expect(Array.from(f.timestamps)).toEqual([1000, 2000, 3000]);
  expect(Array.from(f.stale ?? [])).toEqual([0, 1, 0]);
  expect([f.values[0], f.values[2]]).toEqual([1, 3]);
});

test('samples: histograms through our client, hints kept', async () => {
  const [s] = await new RemoteReadStorage({ url: fake.url, responseType: 'samples' }).select({ matchers: [{ name: '__name__', op: '=', value: 'h' }], start: 0, end: 5000 });
  expect(Array.from(s.histograms!.timestamps)).toEqual([1000, 2000]);
  expect(s.histograms!.values).toEqual([h(1, 'unknown'), h(2)]);
});

test('streamed: histograms in float-histogram chunks, hints as a TSDB reads them', async () => {
  const [s] = await new RemoteReadStorage({ url: fake.url }).select({ matchers: [{ name: '__name__', op: '=', value: 'h' }], start: 0, end: 5000 });
  expect(Array.from(s.histograms!.timestamps)).toEqual([1000, 2000]);
  expect(s.histograms!.values).toEqual([h(1, 'unknown'), h(2)]);
});
