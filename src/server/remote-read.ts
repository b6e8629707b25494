// `POST /api/v1/read`: serves Prometheus remote read over any Storage, so that a real Prometheus
// can `remote_read` our data. The answer (negotiation, SAMPLES or STREAMED_XOR_CHUNKS, native
// histograms as float histograms) is src/storage/remote's `answerReadRequest`; this is the HTTP.
import type { Storage } from '../storage/types.js';
import { decodeReadRequest } from '../storage/remote/prompb-decode.js';
import { snappyDecode } from '../storage/remote/snappy.js';
import { answerReadRequest, ReadRequestError } from '../storage/remote/read-handler.js';
import { readBodyLimited } from './body.js';

function plain(status: number, text: string): Response {
  return new Response(`${text}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

/** A web stream of the frames; a failure while selecting ends it early (the client sees a cut frame). */
function streamOf(frames: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = frames[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await it.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await it.return?.(undefined);
    },
  });
}

/**
 * The `/api/v1/read` handler over `storage`. Bodies over `maxBodyBytes` (compressed, and 32× that
 * decompressed) are refused with 413 / 400. Errors are plain text, as Prometheus answers them.
 */
export function remoteReadHandler(storage: Storage, maxBodyBytes: number): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'POST') return plain(405, 'Method Not Allowed');
    try {
      let raw: Uint8Array;
      try {
        raw = await readBodyLimited(request, maxBodyBytes);
      } catch (e) {
        return plain(413, (e as Error).message);
      }
      let req;
      try {
        req = decodeReadRequest(snappyDecode(raw, 'read request', maxBodyBytes * 32));
      } catch (e) {
        return plain(400, (e as Error).message);
      }
      const a = await answerReadRequest(storage, req, { signal: request.signal });
      const headers: Record<string, string> = { 'Content-Type': a.contentType, ...(a.contentEncoding ? { 'Content-Encoding': a.contentEncoding } : {}) };
      return new Response(a.body instanceof Uint8Array ? a.body : streamOf(a.body), { headers });
    } catch (e) {
      if (e instanceof ReadRequestError) return plain(e.status, e.message);
      return plain(500, e instanceof Error ? e.message : String(e));
    }
  };
}
