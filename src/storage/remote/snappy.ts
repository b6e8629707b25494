// Snappy block compression of remote-read request and SAMPLES response bodies, through the
// pure-JS `snappyjs` (runs in browsers and workers; no native addon).
import snappyjs from 'snappyjs';
import { RemoteStorageError } from './errors.js';

/** Snappy-compresses a body (block format, as Go's `snappy.Encode`). */
export function snappyEncode(data: Uint8Array): Uint8Array {
  return snappyjs.compress(data);
}

/**
 * Decompresses a snappy block; `maxBytes` bounds the declared decompressed size. Throws a
 * `protocol` RemoteStorageError naming `what` when the data is not valid snappy.
 */
export function snappyDecode(data: Uint8Array, what: string, maxBytes = 1 << 30): Uint8Array {
  try {
    return snappyjs.uncompress(data, maxBytes);
  } catch (e) {
    throw new RemoteStorageError('protocol', `remote read: ${what} is not valid snappy data: ${e instanceof Error ? e.message : String(e)}`, undefined, e);
  }
}
