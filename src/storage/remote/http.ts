// HTTP for the remote storages: one request with a deadline, the caller's AbortSignal, retries
// with exponential backoff on 5xx and 429 only, and every failure as a RemoteStorageError.
import { following } from '../../util/abort.js';
import { RemoteStorageError } from './errors.js';

/** Options shared by the remote storages for their HTTP requests. */
export interface HttpOptions {
  /** Extra request headers (authorisation, tenant IDs such as `X-Scope-OrgID`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The fetch implementation; defaults to the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Deadline of one request, response body included, in ms. Default 60 000 (Prometheus's `remote_timeout` is 1m). */
  readonly timeoutMs?: number;
  /** How many times a request that got a 5xx or 429 answer is retried. Default 2. */
  readonly retries?: number;
  /** First backoff in ms, doubled on each retry (a `Retry-After` in seconds is honoured up to 10 s). Default 200. */
  readonly retryBackoffMs?: number;
}

/** What a request sends. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array | string;
}

/** A response whose status is 2xx, with the signal that keeps governing the reading of its body. */
export interface OkResponse {
  readonly response: Response;
  /** Aborted on the caller's signal or at the deadline; pass to body reads via {@link readBody}. */
  readonly signal: AbortSignal;
  /** Describes why `signal` fired (timeout or cancellation), as a RemoteStorageError. */
  readonly abortError: () => RemoteStorageError;
  /** Clears the deadline timer; call once the body has been read. */
  readonly done: () => void;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Sends `req`, retrying on 5xx/429, and returns the first 2xx response.
 *
 * Contract: the deadline (`timeoutMs`) covers all attempts and the reading of the body; a
 * non-retryable status or the last retry's failure throws `http` with the server's message
 * (the start of its body); a network failure throws `unreachable`; the caller's signal throws
 * `cancelled`; the deadline throws `timeout`. `what` names the operation in messages.
 */
export async function send(req: HttpRequest, opts: HttpOptions, what: string, callerSignal?: AbortSignal): Promise<OkResponse> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort(new Error('timeout'));
  }, timeoutMs);
  // Every select of a query sends with the query's signal: one request's listener each would pass
  // Node's leak warning at 11 selectors (see following).
  const { signal, stop } = following(ctl, callerSignal);
  const done = (): void => {
    clearTimeout(timer);
    stop();
  };
  const abortError = (): RemoteStorageError =>
    timedOut
      ? new RemoteStorageError('timeout', `${what}: no complete answer from ${req.url} within ${timeoutMs} ms`)
      : new RemoteStorageError('cancelled', `${what}: cancelled`, undefined, callerSignal?.reason);
  const doFetch = opts.fetch ?? globalThis.fetch;
  const retries = opts.retries ?? 2;
  let backoff = opts.retryBackoffMs ?? 200;
  try {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await doFetch(req.url, {
          method: req.method,
          headers: { ...req.headers, ...(opts.headers ?? {}) },
          body: req.body as RequestInit['body'],
          signal,
        });
      } catch (e) {
        if (signal.aborted) throw abortError();
        throw new RemoteStorageError('unreachable', `${what}: cannot reach ${req.url}: ${causeOf(e)}`, undefined, e);
      }
      if (res.ok) return { response: res, signal, abortError, done };
      const retryable = res.status >= 500 || res.status === 429;
      const text = await readErrorText(res, signal).catch(() => '');
      if (!retryable || attempt >= retries) {
        const tail = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
        throw new RemoteStorageError('http', `${what}: server returned HTTP status ${res.status} ${res.statusText}${text ? `: ${text}` : ''}${tail}`, res.status);
      }
      const after = Number(res.headers.get('retry-after'));
      const wait = Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 10_000) : backoff;
      backoff *= 2;
      try {
        await sleep(wait, signal);
      } catch {
        throw abortError();
      }
    }
  } catch (e) {
    done();
    throw e;
  }
}

/**
 * The server's message from an error body: the `error` field of a Prometheus API JSON answer,
 * else the body's first 512 characters, trimmed.
 */
async function readErrorText(res: Response, signal: AbortSignal): Promise<string> {
  if (signal.aborted) return '';
  const t = (await res.text()).trim();
  if (t.startsWith('{')) {
    try {
      const j = JSON.parse(t) as { error?: unknown };
      if (typeof j.error === 'string') return j.error;
    } catch {
      // not JSON after all: the raw text below
    }
  }
  return t.length > 512 ? `${t.slice(0, 512)}…` : t;
}

/** The deepest message of an error chain (Node's fetch hides ECONNREFUSED in `cause`). */
export function causeOf(e: unknown): string {
  let cur: unknown = e;
  let msg = String(e);
  for (let i = 0; i < 5 && cur instanceof Error; i++) {
    msg = cur.message || (cur as { code?: string }).code || msg;
    cur = (cur as { cause?: unknown }).cause;
  }
  return msg;
}

/**
 * Reads a whole body as bytes under the request's deadline and signal; a failure mid-body is
 * `truncated` (the server stopped sending), unless the signal fired (timeout or cancellation).
 */
export async function readBody(ok: OkResponse, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await ok.response.arrayBuffer());
  } catch (e) {
    if (ok.signal.aborted) throw ok.abortError();
    throw new RemoteStorageError('truncated', `${what}: the response body ended early: ${causeOf(e)}`, undefined, e);
  }
}

/** The body as a stream of byte pieces, with the same error mapping as {@link readBody}. */
export async function* bodyPieces(ok: OkResponse, what: string): AsyncGenerator<Uint8Array> {
  const body = ok.response.body;
  if (!body) return;
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      let r: Awaited<ReturnType<typeof reader.read>>;
      try {
        r = await reader.read();
      } catch (e) {
        if (ok.signal.aborted) throw ok.abortError();
        throw new RemoteStorageError('truncated', `${what}: the response stream ended early: ${causeOf(e)}`, undefined, e);
      }
      if (r.done) {
        finished = true;
        return;
      }
      if (ok.signal.aborted) throw ok.abortError();
      yield r.value;
    }
  } finally {
    // A consumer that stops early (an error in a frame) must not leave the connection open.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
