// Signals that follow a parent signal: many queries (or requests) may share one parent, such as a
// dashboard cancelling all its panels at once, and Node warns of a leak once an AbortSignal has
// more than 10 listeners.

/** A signal following a parent, and how to stop following it (call when the work ends). */
export interface FollowingSignal {
  readonly signal: AbortSignal;
  readonly stop: () => void;
}

/** The followers of each parent signal, and the one listener that tells them. */
const followers = new WeakMap<AbortSignal, { readonly controllers: Set<AbortController>; readonly onAbort: () => void }>();

/**
 * The signal of `own`, which also aborts when `parent` does (with the parent's reason) until
 * `stop()`. However many follow one parent, it gets one listener from here, removed with its
 * last follower: nothing a follower holds outlives its `stop()` through the parent, and any
 * EventTarget-based signal works as a parent (polyfills included).
 */
export function following(own: AbortController, parent: AbortSignal | undefined): FollowingSignal {
  if (parent === undefined) return { signal: own.signal, stop: () => {} };
  if (parent.aborted) {
    own.abort(parent.reason);
    return { signal: own.signal, stop: () => {} };
  }
  let entry = followers.get(parent);
  if (entry === undefined) {
    const controllers = new Set<AbortController>();
    const onAbort = (): void => {
      followers.delete(parent);
      for (const c of controllers) c.abort(parent.reason);
    };
    entry = { controllers, onAbort };
    followers.set(parent, entry);
    parent.addEventListener('abort', onAbort, { once: true });
  }
  const mine = entry;
  mine.controllers.add(own);
  return {
    signal: own.signal,
    stop: () => {
      if (!mine.controllers.delete(own) || mine.controllers.size > 0) return;
      parent.removeEventListener('abort', mine.onAbort);
      if (followers.get(parent) === mine) followers.delete(parent);
    },
  };
}
