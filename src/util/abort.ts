// Signals that follow a parent signal: many queries (or requests) may share one parent, such as a
// dashboard cancelling all its panels at once, and Node warns of a leak once an AbortSignal has
// more than 10 listeners.

/** A signal following a parent, and how to stop following it (call when the work ends). */
export interface FollowingSignal {
  readonly signal: AbortSignal;
  readonly stop: () => void;
}

/**
 * A signal that aborts when `own` aborts, or when `parent` does (with the parent's reason). Where
 * the runtime has `AbortSignal.any` no listener is added to the parent; elsewhere one is, until
 * `stop()`.
 */
export function following(own: AbortController, parent: AbortSignal | undefined): FollowingSignal {
  if (parent === undefined) return { signal: own.signal, stop: () => {} };
  if (parent.aborted) {
    own.abort(parent.reason);
    return { signal: own.signal, stop: () => {} };
  }
  if (typeof AbortSignal.any === 'function') return { signal: AbortSignal.any([parent, own.signal]), stop: () => {} };
  const onParent = (): void => own.abort(parent.reason);
  parent.addEventListener('abort', onParent, { once: true });
  return { signal: own.signal, stop: () => parent.removeEventListener('abort', onParent) };
}

