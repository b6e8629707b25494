// Errors of the remote storages: every failure is a StorageError with a `reason` saying what went
// wrong (server down, timeout, HTTP status, bad protocol data), so callers can tell them apart.
import { StorageError } from '../../errors.js';

/**
 * Why a remote storage failed: `unreachable` (connection refused, DNS), `timeout`, `cancelled`
 * (the caller's AbortSignal), `http` (a non-2xx status; see `status`), `protocol` (a wrong
 * content type or a response that does not parse), `corrupt` (a checksum mismatch or a chunk that
 * does not decode), `truncated` (the stream ended inside a frame or before the end was reached).
 */
export type RemoteErrorReason = 'unreachable' | 'timeout' | 'cancelled' | 'http' | 'protocol' | 'corrupt' | 'truncated';

/** A remote storage failed; `reason` classifies it and `status` holds the HTTP status when there is one. */
export class RemoteStorageError extends StorageError {
  constructor(
    readonly reason: RemoteErrorReason,
    message: string,
    readonly status?: number,
    cause?: unknown,
  ) {
    super(message, cause);
  }
}

/** A chunk or frame that cannot be decoded; `where` names the place (chunk encoding, byte offset). */
export function corrupt(where: string, detail: string): RemoteStorageError {
  return new RemoteStorageError('corrupt', `remote read: ${where}: ${detail}`);
}
