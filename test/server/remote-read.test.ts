// /api/v1/read: our own RemoteReadStorage reads back exactly what the API's storage holds, in both
// response types; negotiation, bad bodies and limits are answered as Prometheus's read handler does.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serveNode } from '../../src/server/node.js';
import { RemoteReadStorage } from '../../src/storage/remote/remote-read-storage.js';
import { encodeReadRequest } from '../../src/storage/remote/prompb-encode.js';
import { snappyEncode } from '../../src/storage/remote/snappy.js';
import { ResponseType } from '../../src/storage/remote/prompb.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { Engine } from '../../src/eval/engine.js';
import { loadTestSeries } from '../../src/storage/load-series.js';
import type { Series } from '../../src/storage/types.js';
import { createPrometheusAPI } from '../../src/server/api.js';
import { isStaleNaN } from '../../src/storage/stale.js';

// 300 samples (three XOR chunks), a stale marker, odd values, a series outside the window.
const DATA = `load 10s
  a_total{job="x"} 0+1.5x299
  b{job="y"} 1 -2 NaN Inf -Inf 0.1 stale 5 1e300 -0
`;

const storage = new MemoryStorage();
loadTestSeries(storage, DATA);
let server: Server;
let url: string;

beforeAll(async () => {
  server = await serveNode(createPrometheusAPI({ storage, maxBodyBytes: 4096 }), { port: 0 });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/read`;
});
afterAll(() => new Promise<void>((r) => {
  server.closeAllConnections();
  server.close(() => r());
}));

function plain(set: Series[]) {
  return set.map((s) => ({
    labels: s.labels,
    points: Array.from(s.timestamps, (t, i) => [t, isStaleNaN(s.values[i]) || (s.stale && s.stale[i]) ? 'stale' : Object.is(s.values[i], -0) ? '-0' : String(s.values[i])]),
  }));
}

describe('/api/v1/read', () => {
  test.each(['streamed', 'samples'] as const)('%s: RemoteReadStorage reads back what MemoryStorage holds', async (responseType) => {
    const remote = new RemoteReadStorage({ url, responseType });
    for (const req of [
      { matchers: [{ name: 'job', op: '=~' as const, value: '.+' }], start: 0, end: 3_000_000 },
      { matchers: [{ name: '__name__', op: '=' as const, value: 'a_total' }], start: 100_000, end: 1_500_000 },
      { matchers: [{ name: '__name__', op: '!=' as const, value: 'a_total' }], start: 0, end: 60_000 },
    ]) {
      const got = plain([...(await remote.select(req) as Iterable<Series>)]);
      const want = plain(storage.select(req)).map((s) => ({
        ...s, points: s.points.filter(([t]) => (t as number) >= req.start && (t as number) <= req.end),
      }));
      expect(got).toEqual(want);
    }
  });

  test('queries through an Engine over remote read equal queries over the storage', async () => {
    const local = new Engine({ storage });
    const remote = new Engine({ storage: new RemoteReadStorage({ url }) });
    for (const q of ['rate(a_total[1m])', 'b', 'count_over_time(b[2m])']) {
      const [x, y] = await Promise.all([local.rangeQuery(q, 0, 3_000_000, 30_000), remote.rangeQuery(q, 0, 3_000_000, 30_000)]);
      expect(y.result).toEqual(x.result);
    }
  });

  test.each(['streamed', 'samples'] as const)('%s: native histograms go over remote read and evaluate alike', async (responseType) => {
    const hs = new MemoryStorage();
    loadTestSeries(hs, `load 1m
  lat{job="api"} {{schema:0 count:4 sum:6 buckets:[1 3]}}+{{schema:0 count:4 sum:6 buckets:[1 3]}}x20
  nhcb {{schema:-53 count:3 sum:2 custom_values:[1 5] buckets:[1 1 1]}}x20
`);
    const s = await serveNode(createPrometheusAPI({ storage: hs }), { port: 0 });
    try {
      const read = `http://127.0.0.1:${(s.address() as AddressInfo).port}/api/v1/read`;
      const local = new Engine({ storage: hs });
      const remote = new Engine({ storage: new RemoteReadStorage({ url: read, responseType }) });
      for (const q of ['lat', 'rate(lat[5m])', 'histogram_quantile(0.5, nhcb)', 'sum(lat)']) {
        const [x, y] = await Promise.all([local.rangeQuery(q, 300_000, 1_200_000, 60_000), remote.rangeQuery(q, 300_000, 1_200_000, 60_000)]);
        expect(y.result.length).toBeGreaterThan(0);
        expect(JSON.stringify(y.result)).toBe(JSON.stringify(x.result));
      }
    } finally {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  });

  test('unsupported response types are 400 with Prometheus words; bad bodies 400; large bodies 413', async () => {
    const body = snappyEncode(encodeReadRequest({ queries: [], acceptedResponseTypes: [7] }));
    const r = await fetch(url, { method: 'POST', body });
    expect(r.status).toBe(400);
    expect(await r.text()).toBe('server does not support any of the requested response types: [7]; supported: map[SAMPLES:{} STREAMED_XOR_CHUNKS:{}]\n');
    expect((await fetch(url, { method: 'POST', body: 'not snappy' })).status).toBe(400);
    expect((await fetch(url, { method: 'POST', body: new Uint8Array(5000) })).status).toBe(413);
    expect((await fetch(url)).status).toBe(405);
    const none = await fetch(url, { method: 'POST', body: snappyEncode(encodeReadRequest({ queries: [], acceptedResponseTypes: [] })) });
    expect([none.status, none.headers.get('content-type'), none.headers.get('content-encoding')]).toEqual([200, 'application/x-protobuf', 'snappy']);
    const streamed = await fetch(url, { method: 'POST', body: snappyEncode(encodeReadRequest({ queries: [], acceptedResponseTypes: [ResponseType.STREAMED_XOR_CHUNKS] })) });
    expect(streamed.headers.get('content-type')).toBe('application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse');
  });
});
