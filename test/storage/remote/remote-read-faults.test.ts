// RemoteReadStorage against a fake server: the request it sends (one per query, matchers,
// hints), and every fault — down, slow, 5xx/429, cut or corrupt streams, wrong content type,
// cancellation — as a typed StorageError, promptly, never as a partial answer.
import { createServer as createNetServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { MemoryStorage } from '../../../src/storage/memory.js';
import { Engine } from '../../../src/eval/engine.js';
import { toPrometheusJSON } from '../../../src/eval/result.js';
import { labelsFrom } from '../../../src/storage/labels.js';
import { STALE_NAN } from '../../../src/storage/stale.js';
import type { Series } from '../../../src/storage/types.js';
import { RemoteReadStorage, STREAMED_CONTENT_TYPE } from '../../../src/storage/remote/remote-read-storage.js';
import { RemoteStorageError } from '../../../src/storage/remote/errors.js';
import { encodeFrame } from '../../../src/storage/remote/framing.js';
import { encodeChunkedReadResponse } from '../../../src/storage/remote/prompb-encode.js';
import { encodeXORChunk } from '../../../src/storage/remote/xor-chunk.js';
import { answerSamples, answerStreamed, startFakeServer, type FakeServer } from './fake-server.js';
import { describeStorageContract } from '../../../src/testing/storage-contract.js';

const memory = new MemoryStorage();
for (let k = 0; k < 6; k++) {
  const samples = Array.from({ length: 400 }, (_, i) => ({ t: i * 15_000, v: i % 97 === 0 && i > 0 ? STALE_NAN : k * 1000 + i * 1.5 }));
  memory.add({ __name__: 'm', job: k % 2 ? 'a' : 'b', i: String(k) }, samples);
}

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer(memory);
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.received.length = 0;
  fake.handler = (req, res) => answerStreamed(memory, req, res);
});

const storage = (opts: Partial<ConstructorParameters<typeof RemoteReadStorage>[0]> = {}): RemoteReadStorage =>
  new RemoteReadStorage({ url: fake.url, timeoutMs: 2_000, retryBackoffMs: 10, ...opts });
const M = [{ name: '__name__', op: '=' as const, value: 'm' }];

async function failure(p: Promise<unknown>): Promise<RemoteStorageError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(RemoteStorageError);
  return e as RemoteStorageError;
}

describe('what the request carries', () => {
  test('one request for all selectors of a query, with matchers and hints from the plan', async () => {
    const engine = new Engine({ storage: storage() });
    await engine.rangeQuery('sum by (job) (rate(m{job=~"a|b"}[5m])) / on (job) count without (i) (m{i!="3"} offset 1m)', 600_000, 1_200_000, 60_000);
    expect(fake.received).toHaveLength(1);
    const { request, headers } = fake.received[0];
    expect(headers['content-encoding']).toBe('snappy');
    expect(headers['x-prometheus-remote-read-version']).toBe('0.1.0');
    expect(request.acceptedResponseTypes).toEqual([1, 0]);
    const qs = [...request.queries].sort((a, b) => a.matchers.length - b.matchers.length || a.startTimestampMs - b.startTimestampMs);
    expect(qs.map((q) => q.matchers)).toEqual(expect.arrayContaining([
      [{ type: 2, name: 'job', value: 'a|b' }, { type: 0, name: '__name__', value: 'm' }],
      [{ type: 1, name: 'i', value: '3' }, { type: 0, name: '__name__', value: 'm' }],
    ]));
    const rate = request.queries.find((q) => q.matchers[0].name === 'job')!;
    expect(rate.hints).toMatchObject({ stepMs: 60_000, func: 'rate', rangeMs: 300_000, startMs: rate.startTimestampMs, endMs: rate.endTimestampMs });
    const count = request.queries.find((q) => q.matchers[0].name === 'i')!;
    expect(count.hints).toMatchObject({ func: 'count', by: false, grouping: ['i'], rangeMs: 0 });
  });

  test('still one request when every time slice is used up (a slow or busy machine)', async () => {
    // Each read of the clock finds 16 ms more gone: every slice looks used at once, so the engine
    // pauses wherever it may. It must not pause between the selects it sends, or they go apart.
    const real = performance.now.bind(performance);
    let gone = 0;
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => real() + (gone += 16));
    try {
      const engine = new Engine({ storage: storage() });
      const r = await engine.rangeQuery('sum by (job) (m{job="a"}) / on (job) count by (job) (m{i!="3"}) + on (job) max by (job) (m offset 1m)', 600_000, 1_200_000, 60_000);
      expect(r.resultType === 'matrix' && r.result.length).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(fake.received).toHaveLength(1);
    expect(fake.received[0].request.queries).toHaveLength(3);
  });

  test('the answer equals the same query over the data in memory, stale markers included', async () => {
    const q = 'last_over_time(m[2m]) + on (i) group_left count_over_time(m[10m])';
    const remote = await new Engine({ storage: storage() }).rangeQuery(q, 0, 6_000_000, 30_000);
    const local = await new Engine({ storage: memory }).rangeQuery(q, 0, 6_000_000, 30_000);
    expect(toPrometheusJSON(remote)).toEqual(toPrometheusJSON(local));
  });

  test('SAMPLES answers are read too (a server without streaming), stale markers included', async () => {
    fake.handler = (req, res) => answerSamples(memory, req, res);
    const got = await storage().select({ matchers: M, start: 0, end: 10_000_000 });
    expect(got).toHaveLength(6);
    const want = memory.select({ matchers: M, start: 0, end: 10_000_000 });
    expect(got.map((s) => Array.from(s.stale ?? []).filter(Boolean).length)).toEqual(want.map((s) => Array.from(s.stale ?? []).filter(Boolean).length));
    expect(got.map((s) => Array.from(s.timestamps))).toEqual(want.map((s) => Array.from(s.timestamps)));
  });

  test('responseType samples asks for SAMPLES only', async () => {
    fake.handler = (req, res) => answerSamples(memory, req, res);
    await storage({ responseType: 'samples' }).select({ matchers: M, start: 0, end: 1 });
    expect(fake.received[0].request.acceptedResponseTypes).toEqual([0]);
  });

  test('a series split over several frames is joined', async () => {
    fake.handler = (_, res) => {
      res.writeHead(200, { 'Content-Type': STREAMED_CONTENT_TYPE });
      const labels = [{ name: '__name__', value: 'x' }];
      for (let k = 0; k < 3; k++) {
        const ts = [k * 100 + 1, k * 100 + 2];
        const chunk = { minTimeMs: ts[0], maxTimeMs: ts[1], type: 1, data: encodeXORChunk(ts, [k, k + 0.5]) };
        res.write(encodeFrame(encodeChunkedReadResponse({ chunkedSeries: [{ labels, chunks: [chunk] }], queryIndex: 0 })));
      }
      res.end();
    };
    const got = await storage().select({ matchers: M, start: 0, end: 1000 });
    expect(got).toHaveLength(1);
    expect(Array.from(got[0].timestamps)).toEqual([1, 2, 101, 102, 201, 202]);
    expect(Array.from(got[0].values)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
  });

  test('headers given in the options are sent', async () => {
    await storage({ headers: { 'X-Scope-OrgID': 'tenant-1', Authorization: 'Bearer t' } }).select({ matchers: M, start: 0, end: 1 });
    expect(fake.received[0].headers['x-scope-orgid']).toBe('tenant-1');
    expect(fake.received[0].headers.authorization).toBe('Bearer t');
  });
});

describe('faults', () => {
  test('a server that is down: unreachable, at once', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createNetServer().listen(0, '127.0.0.1', () => {
        const a = srv.address();
        srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    const down = new RemoteReadStorage({ url: `http://127.0.0.1:${port}/api/v1/read`, timeoutMs: 5_000 });
    const t = Date.now();
    const e = await failure(down.select({ matchers: M, start: 0, end: 1 }));
    expect(e.reason).toBe('unreachable');
    expect(e.message).toMatch(new RegExp(`^remote read: cannot reach http://127\\.0\\.0\\.1:${port}/api/v1/read: .*ECONNREFUSED`));
    expect(Date.now() - t).toBeLessThan(2_000);
  });

  test('a server that never answers: timeout after timeoutMs', async () => {
    fake.handler = () => {};
    const t = Date.now();
    const e = await failure(storage({ timeoutMs: 300 }).select({ matchers: M, start: 0, end: 1 }));
    expect(e.reason).toBe('timeout');
    expect(e.message).toMatch(/no complete answer from .* within 300 ms/);
    expect(Date.now() - t).toBeLessThan(1_500);
  });

  test('a stream that stalls after its first frame: timeout, no partial answer', async () => {
    fake.handler = (_, res) => {
      res.writeHead(200, { 'Content-Type': STREAMED_CONTENT_TYPE });
      const chunk = { minTimeMs: 1, maxTimeMs: 1, type: 1, data: encodeXORChunk([1], [1]) };
      res.write(encodeFrame(encodeChunkedReadResponse({ chunkedSeries: [{ labels: [{ name: 'a', value: 'b' }], chunks: [chunk] }], queryIndex: 0 })));
    };
    const e = await failure(storage({ timeoutMs: 300 }).select({ matchers: M, start: 0, end: 1 }));
    expect(e.reason).toBe('timeout');
  });

  test('500 then success: retried with backoff, the answer is complete', async () => {
    let n = 0;
    fake.handler = (req, res) => (n++ === 0 ? void res.writeHead(500).end('busy') : answerStreamed(memory, req, res));
    const got = await storage().select({ matchers: M, start: 0, end: 10_000_000 });
    expect(n).toBe(2);
    expect(got).toHaveLength(6);
  });

  test('429 with Retry-After is retried', async () => {
    let n = 0;
    fake.handler = (req, res) => (n++ < 2 ? void res.writeHead(429, { 'Retry-After': '0' }).end() : answerStreamed(memory, req, res));
    expect(await storage().select({ matchers: M, start: 0, end: 1 })).toHaveLength(6);
    expect(n).toBe(3);
  });

  test('500 every time: an http error with the server\'s message after the retries', async () => {
    let n = 0;
    fake.handler = (_, res) => {
      n++;
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('query: too many chunks\n');
    };
    const e = await failure(storage({ retries: 2 }).select({ matchers: M, start: 0, end: 1 }));
    expect(n).toBe(3);
    expect(e.reason).toBe('http');
    expect(e.status).toBe(500);
    expect(e.message).toBe('remote read: server returned HTTP status 500 Internal Server Error: query: too many chunks (after 3 attempts)');
  });

  test('400 is not retried', async () => {
    let n = 0;
    fake.handler = (_, res) => {
      n++;
      res.writeHead(400).end('bad matcher');
    };
    const e = await failure(storage().select({ matchers: M, start: 0, end: 1 }));
    expect(n).toBe(1);
    expect(e.message).toBe('remote read: server returned HTTP status 400 Bad Request: bad matcher');
  });

  test('a stream cut mid-frame (connection closed): truncated', async () => {
    fake.handler = (req, res) => {
      res.writeHead(200, { 'Content-Type': STREAMED_CONTENT_TYPE });
      const s = memory.select({ matchers: M, start: 0, end: 1e9 })[0];
      const frame = encodeFrame(encodeChunkedReadResponse({
        chunkedSeries: [{ labels: [...s.labels], chunks: [{ minTimeMs: 0, maxTimeMs: 1, type: 1, data: encodeXORChunk(Array.from(s.timestamps), Array.from(s.values)) }] }],
        queryIndex: 0,
      }));
      res.write(frame.subarray(0, frame.length >> 1), () => res.socket?.destroy());
    };
    const e = await failure(storage().select({ matchers: M, start: 0, end: 1 }));
    expect(e.reason).toBe('truncated');
  });

  test('a stream that ends cleanly inside a frame: truncated', async () => {
    fake.handler = (_, res) => {
      res.writeHead(200, { 'Content-Type': STREAMED_CONTENT_TYPE });
      const frame = encodeFrame(encodeChunkedReadResponse({ chunkedSeries: [{ labels: [{ name: 'a', value: 'b' }], chunks: [] }], queryIndex: 0 }));
      res.end(frame.subarray(0, frame.length - 1));
    };
    const e = await failure(storage().select({ matchers: M, start: 0, end: 1 }));
    expect(e.reason).toBe('truncated');
    expect(e.message).toMatch(/stream ended inside frame 0/);
  });

  test('a corrupt chunk (frame checksum right): corrupt, naming the series', async () => {
    fake.handler = (_, res) => {
      res.writeHead(200, { 'Content-Type': STREAMED_CONTENT_TYPE });
      const data = encodeXORChunk([1, 2, 3], [1, 2, 3]).subarray(0, 12);
      res.end(encodeFrame(encodeChunkedReadResponse({ chunkedSeries: [{ labels: [{ name: 'job', value: 'x' }], chunks: [{ minTimeMs: 1, maxTimeMs: 3, type: 1, data }] }], queryIndex: 0 })));
    };
    const e = await failure(storage().select({ matchers: M, start: 0, end: 1 }));
    expect(e.reason).toBe('corrupt');
    expect(e.message).toMatch(/^remote read: XOR chunk \[1, 3\] of \{job="x"\}: unexpected end of chunk data/);
  });

  test('a flipped bit in a frame: checksum mismatch', async () => {
    fake.handler = (_, res) => {
      res.writeHead(200, { 'Content-Type': STREAMED_CONTENT_TYPE });
      const f = encodeFrame(encodeChunkedReadResponse({ chunkedSeries: [{ labels: [{ name: 'a', value: 'b' }], chunks: [] }], queryIndex: 0 }));
      f[f.length - 2] ^= 4;
      res.end(f);
    };
    const e = await failure(storage().select({ matchers: M, start: 0, end: 1 }));
    expect(e.reason).toBe('corrupt');
    expect(e.message).toMatch(/checksum mismatch/);
  });

  test('an unknown chunk encoding: an error, not skipped', async () => {
    fake.handler = (_, res) => {
      res.writeHead(200, { 'Content-Type': STREAMED_CONTENT_TYPE });
      res.end(encodeFrame(encodeChunkedReadResponse({ chunkedSeries: [{ labels: [{ name: 'a', value: 'b' }], chunks: [{ minTimeMs: 1, maxTimeMs: 3, type: 4, data: new Uint8Array(4) }] }], queryIndex: 0 })));
    };
    expect((await failure(storage().select({ matchers: M, start: 0, end: 1 }))).message).toMatch(/chunk encoding 4 \(XOR2\) is not supported/);
  });

  test('a frame for a query that was not asked: protocol error', async () => {
    fake.handler = (_, res) => {
      res.writeHead(200, { 'Content-Type': STREAMED_CONTENT_TYPE });
      res.end(encodeFrame(encodeChunkedReadResponse({ chunkedSeries: [], queryIndex: 5 })));
    };
    expect((await failure(storage().select({ matchers: M, start: 0, end: 1 }))).message).toMatch(/a frame answers query 5, but the request had 1 queries/);
  });

  test.each([
    ['text/html', '<html>login</html>'],
    ['application/json', '{"status":"success"}'],
  ])('a wrong content type (%s): protocol error', async (type, body) => {
    fake.handler = (_, res) => void res.writeHead(200, { 'Content-Type': type }).end(body);
    const e = await failure(storage().select({ matchers: M, start: 0, end: 1 }));
    expect(e.reason).toBe('protocol');
    expect(e.message).toContain(`unexpected Content-Type "${type}"`);
  });

  test('SAMPLES body that is not snappy: protocol error', async () => {
    fake.handler = (_, res) => void res.writeHead(200, { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy' }).end('garbage!');
    expect((await failure(storage().select({ matchers: M, start: 0, end: 1 }))).reason).toBe('protocol');
  });

  test('cancellation mid-request: cancelled, promptly, every select of the batch', async () => {
    fake.handler = () => {};
    const ac = new AbortController();
    const s = storage({ timeoutMs: 10_000 });
    const a = s.select({ matchers: M, start: 0, end: 1, signal: ac.signal });
    const b = s.select({ matchers: M, start: 5, end: 6, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const t = Date.now();
    expect((await failure(a)).reason).toBe('cancelled');
    expect((await failure(b)).reason).toBe('cancelled');
    expect(Date.now() - t).toBeLessThan(1_000);
    expect(fake.received).toHaveLength(1);
  });

  test('the engine\'s timeout holds against a slow server', async () => {
    fake.handler = () => {};
    const engine = new Engine({ storage: storage({ timeoutMs: 60_000 }), timeoutMs: 200 });
    const t = Date.now();
    await expect(engine.instantQuery('m', 1000)).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - t).toBeLessThan(1_500);
  });

  test('a url that is not http(s) is refused at construction', () => {
    expect(() => new RemoteReadStorage({ url: 'localhost:9090' })).toThrow(/url must be an http\(s\) URL/);
  });
});

// The reusable Storage contract suite, through the fake server (built lazily: the suite's
// factory is synchronous, the server is not).
describeStorageContract('RemoteReadStorage (fake server over MemoryStorage)', (fixture) => {
  const inner = new MemoryStorage();
  for (const f of fixture) inner.add(f.labels, f.samples);
  const ready = startFakeServer(inner);
  afterAll(async () => (await ready).close());
  let rr: RemoteReadStorage | null = null;
  return {
    async select(req) {
      rr ??= new RemoteReadStorage({ url: (await ready).url });
      return rr.select(req);
    },
  };
});

test('labels from the server are used as they come (sorted, as Prometheus sends them)', async () => {
  const got: Series[] = await storage().select({ matchers: M, start: 0, end: 1 });
  expect(got.map((s) => s.labels)).toEqual(memory.select({ matchers: M, start: 0, end: 1 }).map((s) => s.labels));
  expect(labelsFrom({ a: '1' })).toEqual([{ name: 'a', value: '1' }]);
});
