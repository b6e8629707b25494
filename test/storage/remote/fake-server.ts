// An in-process remote-read server for tests: answers from a Storage with our read handler
// (streamed chunks or SAMPLES), or with whatever a fault test tells it to send.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Storage } from '../../../src/storage/types.js';
import { decodeReadRequest } from '../../../src/storage/remote/prompb-decode.js';
import { snappyDecode } from '../../../src/storage/remote/snappy.js';
import { ResponseType, type PbReadRequest } from '../../../src/storage/remote/prompb.js';
import { answerReadRequest } from '../../../src/storage/remote/read-handler.js';

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

async function send(storage: Storage, req: PbReadRequest, res: ServerResponse, type: number): Promise<void> {
  const a = await answerReadRequest(storage, { ...req, acceptedResponseTypes: [type] });
  res.writeHead(200, { 'Content-Type': a.contentType, ...(a.contentEncoding ? { 'Content-Encoding': a.contentEncoding } : {}) });
  if (a.body instanceof Uint8Array) {
    res.end(a.body);
    return;
  }
  for await (const frame of a.body) res.write(frame);
  res.end();
}

/** Answers a request from `storage` as Prometheus would: streamed frames, one per series. */
export function answerStreamed(storage: Storage, req: PbReadRequest, res: ServerResponse): Promise<void> {
  return send(storage, req, res, ResponseType.STREAMED_XOR_CHUNKS);
}

/** Answers a request from `storage` with one SAMPLES ReadResponse. */
export function answerSamples(storage: Storage, req: PbReadRequest, res: ServerResponse): Promise<void> {
  return send(storage, req, res, ResponseType.SAMPLES);
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
