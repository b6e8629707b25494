// The Node adapter: serves a web-standard handler on `node:http`, streaming request bodies in,
// aborting the request's signal when the client goes away; and the page's files from a directory.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { Handler } from './api.js';
import { contentTypeOf, type StaticFiles } from './static.js';

/** Options of {@link nodeListener}. */
export interface NodeAdapterOptions {
  /** Called with errors the handler throws (it should not); default: print to stderr. */
  readonly onError?: (e: unknown) => void;
}

/** A `node:http` request listener that runs `handler`. */
export function nodeListener(handler: Handler, opts: NodeAdapterOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const onError = opts.onError ?? ((e: unknown) => process.stderr.write(`promql serve: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`));
  return (req, res) => {
    const ac = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) ac.abort(new Error('client went away'));
    });
    const host = req.headers.host ?? '127.0.0.1';
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://${host}${req.url ?? '/'}`, {
      method: req.method,
      headers,
      signal: ac.signal,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
    } as RequestInit);
    handler(request).then(async (response) => {
      res.statusCode = response.status;
      response.headers.forEach((v, k) => res.setHeader(k, v));
      if (!response.body) return void res.end();
      const body = Buffer.from(await response.arrayBuffer());
      res.setHeader('Content-Length', body.byteLength);
      res.end(body);
    }).catch((e: unknown) => {
      onError(e);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      }
      res.end('internal server error\n');
    });
  };
}

/** Options of {@link serveNode}. */
export interface ServeNodeOptions extends NodeAdapterOptions {
  /** Host to bind (default 127.0.0.1: loopback only). */
  readonly host?: string;
  /** Port (default 9090; 0 picks a free one). */
  readonly port?: number;
  /** Largest time (ms) to receive a request's headers and body (default 60 s). */
  readonly requestTimeoutMs?: number;
}

/** Starts a `node:http` server for `handler`; resolves once it listens. */
export function serveNode(handler: Handler, opts: ServeNodeOptions = {}): Promise<Server> {
  const server = createServer({ requestTimeout: opts.requestTimeoutMs ?? 60_000, headersTimeout: 30_000 }, nodeListener(handler, opts));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 9090, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * The page's files from a directory. Paths reach it checked by `safeStaticPath`; as a second line
 * of defence, a file whose real path (symlinks resolved) lies outside the directory is not served.
 */
export function directoryStaticFiles(root: string): StaticFiles {
  const base = realpath(root);
  return {
    async get(path) {
      try {
        const dir = await base;
        const real = await realpath(join(dir, ...path.split('/')));
        if (!real.startsWith(dir + sep)) return null;
        return { body: await readFile(real), contentType: contentTypeOf(real) };
      } catch {
        return null;
      }
    },
  };
}
