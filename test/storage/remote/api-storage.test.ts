// PrometheusAPIStorage against a fake API: the queries it sends, windows halved under the
// server's sample limit, and the documented refusals (native histograms, non-JSON answers).
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { PrometheusAPIStorage, selectorText } from '../../../src/storage/remote/api-storage.js';
import { RemoteStorageError } from '../../../src/storage/remote/errors.js';

interface Call { query: string; time: number }
let server: Server;
let url = '';
const calls: Call[] = [];
let answer: (c: Call) => { status: number; body: string; type?: string };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (b) => (body += b));
    req.on('end', () => {
      const p = new URLSearchParams(body);
      const c = { query: p.get('query') ?? '', time: Number(p.get('time')) * 1000 };
      calls.push(c);
      const a = answer(c);
      res.writeHead(a.status, { 'Content-Type': a.type ?? 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/prefix/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  calls.length = 0;
});

/** Answers with one sample per minute inside the queried window, for series {__name__="m"}. */
function matrixFor(c: Call): string {
  const range = Number(/\[(\d+)ms\]$/.exec(c.query)![1]);
  const values: [number, string][] = [];
  for (let t = Math.ceil((c.time - range + 1) / 60_000) * 60_000; t <= c.time; t += 60_000) values.push([t / 1000, t % 120_000 ? '+Inf' : String(t / 60_000)]);
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: values.length ? [{ metric: { __name__: 'm', a: 'b' }, values }] : [] } });
}

test('selectors are written as PromQL, names quoted only when they must be', () => {
  expect(selectorText([{ name: '__name__', op: '=', value: 'up' }, { name: 'a.b', op: '!~', value: 'x"y\n' }])).toBe('{__name__="up", "a.b"!~"x\\"y\\n"}');
});

test('a long selection is read in windows (lo, hi] that cover [start, end] exactly once', async () => {
  answer = (c) => ({ status: 200, body: matrixFor(c) });
  const s = new PrometheusAPIStorage({ url, windowMs: 600_000 });
  const got = await s.select({ matchers: [{ name: '__name__', op: '=', value: 'm' }], start: 60_000, end: 1_860_000 });
  // 1 800 001 ms in (59 999, 1 860 000] → 4 equal windows of at most 600 000 ms.
  const windows = calls.map((c) => [c.time - Number(/\[(\d+)ms\]$/.exec(c.query)![1]), c.time]);
  expect(windows).toEqual([[59_999, 510_000], [510_000, 960_000], [960_000, 1_410_000], [1_410_000, 1_860_000]]);
  expect(calls.every((c) => c.query.startsWith('{__name__="m"}['))).toBe(true);
  expect(got).toHaveLength(1);
  expect(Array.from(got[0].timestamps)).toEqual(Array.from({ length: 31 }, (_, i) => 60_000 + i * 60_000));
  expect(got[0].values[0]).toBe(Infinity);
  expect(got[0].values[1]).toBe(2);
});

test('a window over the sample limit is halved and read again', async () => {
  answer = (c) => (Number(/\[(\d+)ms\]$/.exec(c.query)![1]) > 300_000
    ? { status: 422, body: JSON.stringify({ status: 'error', errorType: 'execution', error: 'query processing would load too many samples into memory in query execution' }) }
    : { status: 200, body: matrixFor(c) });
  const s = new PrometheusAPIStorage({ url, windowMs: 1_000_000, minWindowMs: 1000 });
  const got = await s.select({ matchers: [{ name: '__name__', op: '=', value: 'm' }], start: 0, end: 1_000_000 });
  expect(Array.from(got[0].timestamps)).toEqual(Array.from({ length: 17 }, (_, i) => i * 60_000));
  expect(calls.filter((c) => /\[(\d+)ms\]/.exec(c.query)![1] !== '1000001').length).toBeGreaterThan(3);
});

test('at the smallest window the limit error is the answer, with the server\'s message', async () => {
  answer = () => ({ status: 422, body: JSON.stringify({ status: 'error', error: 'query processing would load too many samples into memory in query execution' }) });
  const e = await new PrometheusAPIStorage({ url, windowMs: 4000, minWindowMs: 1000, retries: 0 }).select({ matchers: [], start: 0, end: 4000 }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(RemoteStorageError);
  expect((e as Error).message).toBe('Prometheus API: server returned HTTP status 422 Unprocessable Entity: query processing would load too many samples into memory in query execution');
});

test('native histograms are refused, pointing to remote read', async () => {
  answer = () => ({ status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { __name__: 'h' }, histograms: [[1, { count: '1', sum: '1' }]] }] } }) });
  await expect(new PrometheusAPIStorage({ url }).select({ matchers: [], start: 0, end: 1 })).rejects.toThrow(/series \{__name__="h"\} holds native histograms.*use remote read/);
});

test('an answer that is not JSON is a protocol error', async () => {
  answer = () => ({ status: 200, body: '<html>sign in</html>', type: 'text/html' });
  await expect(new PrometheusAPIStorage({ url }).select({ matchers: [], start: 0, end: 1 })).rejects.toMatchObject({ reason: 'protocol', message: expect.stringMatching(/did not answer JSON \(Content-Type "text\/html"\)/) });
});

test('CLI flags: --server with a base URL or an endpoint, headers, protocol', async () => {
  const { serverStorage, parseHeaders } = await import('../../../src/cli/server-flags.js');
  const { RemoteReadStorage } = await import('../../../src/storage/remote/remote-read-storage.js');
  expect(serverStorage({})).toBeUndefined();
  expect(serverStorage({ server: 'http://h:9090' })).toBeInstanceOf(RemoteReadStorage);
  expect(serverStorage({ server: 'http://h:9090/api/v1/query', protocol: 'api' })).toBeInstanceOf(PrometheusAPIStorage);
  expect(parseHeaders(['Authorization: Bearer a:b', 'X-Scope-OrgID:t'])).toEqual({ Authorization: 'Bearer a:b', 'X-Scope-OrgID': 't' });
  expect(() => parseHeaders(['no colon'])).toThrow('--header must be NAME:VALUE, got "no colon"');
  expect(() => serverStorage({ server: 'h:9090' })).toThrow(/--server must be an http\(s\) URL/);
  expect(() => serverStorage({ server: 'http://h', protocol: 'grpc' })).toThrow('--protocol must be remote-read or api, got "grpc"');
  expect(() => serverStorage({ header: ['a: b'] })).toThrow('--header needs --server');
});
