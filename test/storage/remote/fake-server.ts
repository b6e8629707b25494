// An in-process remote-read server for tests: answers from a Storage with our own encoder
// (streamed chunks or SAMPLES), or with whatever a fault test tells it to send.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Storage, Series, Matcher } from '../../../src/storage/types.js';
import { encodeChunkedReadResponse, encodeReadResponse } from '../../../src/storage/remote/prompb-encode.js';
import { decodeReadRequest } from '../../../src/storage/remote/prompb-decode.js';
import { encodeFrame } from '../../../src/storage/remote/framing.js';
import { snappyDecode, snappyEncode } from '../../../src/storage/remote/snappy.js';
import { encodeXORChunk } from '../../../src/storage/remote/xor-chunk.js';
import { ChunkEncoding, type PbChunk, type PbQuery, type PbReadRequest } from '../../../src/storage/remote/prompb.js';
import { STREAMED_CONTENT_TYPE } from '../../../src/storage/remote/remote-read-storage.js';

/** A request the fake server received, decoded. */
export interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly request: PbReadRequest;
}

/** The fake server: `handler` may be replaced per test; `received` logs every request. */
export interface FakeServer {
  readonly url: string;
  handler: (req: PbReadRequest, res: ServerResponse) => void | Promise<void>;
  readonly received: Received[];
  close(): Promise<void>;
}

const OPS: Record<number, Matcher['op']> = { 0: '=', 1: '!=', 2: '=~', 3: '!~' };

async function seriesOf(storage: Storage, q: PbQuery): Promise<Series[]> {
  const set = await storage.select({
    matchers: q.matchers.map((m) => ({ name: m.name, op: OPS[m.type], value: m.value })),
    start: q.startTimestampMs,
    end: q.endTimestampMs,
  });
  return [...(set as Iterable<Series>)];
}

/** The chunks of one series' samples in [start, end], `perChunk` samples each. */
export function chunksOf(s: Series, start: number, end: number, perChunk = 120): PbChunk[] {
  const idx: number[] = [];
  for (let i = 0; i < s.timestamps.length; i++) if (s.timestamps[i] >= start && s.timestamps[i] <= end) idx.push(i);
  const out: PbChunk[] = [];
  for (let k = 0; k < idx.length; k += perChunk) {
    const part = idx.slice(k, k + perChunk);
    out.push({
      minTimeMs: s.timestamps[part[0]],
      maxTimeMs: s.timestamps[part[part.length - 1]],
      type: ChunkEncoding.XOR,
      data: encodeXORChunk(part.map((i) => s.timestamps[i]), part.map((i) => s.values[i]), s.stale ? part.map((i) => s.stale![i]) : undefined),
    });
  }
  return out;
}

/** Answers a request from `storage` as Prometheus would: streamed frames, one per series. */
export async function answerStreamed(storage: Storage, req: PbReadRequest, res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'Content-Type': STREAMED_CONTENT_TYPE });
  for (let qi = 0; qi < req.queries.length; qi++) {
    const q = req.queries[qi];
    for (const s of await seriesOf(storage, q)) {
      const labels = s.labels.map((l) => ({ name: l.name, value: l.value }));
      res.write(encodeFrame(encodeChunkedReadResponse({ chunkedSeries: [{ labels, chunks: chunksOf(s, q.startTimestampMs, q.endTimestampMs) }], queryIndex: qi })));
    }
  }
  res.end();
}

/** Answers a request from `storage` with one SAMPLES ReadResponse. */
export async function answerSamples(storage: Storage, req: PbReadRequest, res: ServerResponse): Promise<void> {
  const results = [];
  for (const q of req.queries) {
    const timeseries = (await seriesOf(storage, q)).map((s) => {
      const samples = [];
      for (let i = 0; i < s.timestamps.length; i++) {
        const t = s.timestamps[i];
        if (t >= q.startTimestampMs && t <= q.endTimestampMs) samples.push({ timestamp: t, value: s.values[i], ...(s.stale?.[i] ? { stale: true } : {}) });
      }
      return { labels: s.labels.map((l) => ({ name: l.name, value: l.value })), samples, histograms: [] };
    });
    results.push({ timeseries });
  }
  res.writeHead(200, { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy' });
  res.end(snappyEncode(encodeReadResponse({ results })));
}

/** Starts a fake remote-read server on 127.0.0.1; by default it answers streamed from `storage`. */
export async function startFakeServer(storage: Storage): Promise<FakeServer> {
  const received: Received[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const fake: FakeServer = {
    url: '',
    handler: (req, res) => answerStreamed(storage, req, res),
    received,
    close: () => new Promise((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => {
      let request: PbReadRequest;
      try {
        request = decodeReadRequest(snappyDecode(new Uint8Array(Buffer.concat(parts)), 'request'));
      } catch (e) {
        res.writeHead(400).end(String(e));
        return;
      }
      received.push({ headers: req.headers, request });
      Promise.resolve(fake.handler(request, res)).catch((e) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(e));
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  (fake as { url: string }).url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/api/v1/read`;
  return fake;
}
