// Reading a request body with a size limit: stops reading (and refuses) past the limit, so a
// large body is never held in memory whole.
import { ApiError } from './errors.js';

/** The body's bytes, at most `max`; throws a 413 ApiError beyond (also when Content-Length says so). */
export async function readBodyLimited(request: Request, max: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  const tooLarge = () => new ApiError('bad_data', `request body too large: more than ${max} bytes`, 413);
  if (declared > max) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}
