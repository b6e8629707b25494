// Signals following a shared parent: aborts pass on, and many followers add no listener to the
// parent (Node warns of a leak beyond 10).
import { afterEach, describe, expect, test } from 'vitest';
import { following } from '../../src/util/abort.js';
import { Engine } from '../../src/eval/engine.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import type { SelectRequest } from '../../src/storage/types.js';

const warnings: Error[] = [];
const onWarning = (w: Error): void => void warnings.push(w);
process.on('warning', onWarning);
afterEach(() => {
  warnings.length = 0;
});

describe('following', () => {
  test('aborts with the parent, with its reason, and with its own controller', () => {
    const parent = new AbortController();
    const a = following(new AbortController(), parent.signal);
    const ownCtl = new AbortController();
    const b = following(ownCtl, parent.signal);
    ownCtl.abort('own');
    expect(b.signal.reason).toBe('own');
    expect(a.signal.aborted).toBe(false);
    parent.abort('stop');
    expect(a.signal.aborted).toBe(true);
    expect(a.signal.reason).toBe('stop');
    expect(b.signal.reason).toBe('own');
  });

  test('a parent aborted already gives an aborted signal; no parent gives the own one', () => {
    const ctl = new AbortController();
    expect(following(ctl, AbortSignal.abort('early')).signal.reason).toBe('early');
    const own = new AbortController();
    expect(following(own, undefined).signal).toBe(own.signal);
  });

  test('one listener on the parent however many follow it, removed with the last follower', () => {
    const added: unknown[] = [];
    const removed: unknown[] = [];
    // A parent that counts its listeners (and stands for a polyfilled signal: any EventTarget works).
    const parent = new AbortController().signal;
    const add = parent.addEventListener.bind(parent);
    const remove = parent.removeEventListener.bind(parent);
    parent.addEventListener = ((type: string, l: EventListener, o?: AddEventListenerOptions) => (added.push(l), add(type, l, o))) as typeof parent.addEventListener;
    parent.removeEventListener = ((type: string, l: EventListener) => (removed.push(l), remove(type, l))) as typeof parent.removeEventListener;
    const fs = Array.from({ length: 30 }, () => following(new AbortController(), parent));
    expect(added).toHaveLength(1);
    for (const f of fs) f.stop();
    expect(removed).toEqual(added);
    // Following again after all stopped adds one listener again.
    following(new AbortController(), parent);
    expect(added).toHaveLength(2);
  });

  test('a stopped follower no longer aborts with the parent (a finished query\'s signal stays quiet)', () => {
    const parent = new AbortController();
    const done = following(new AbortController(), parent.signal);
    const running = following(new AbortController(), parent.signal);
    done.stop();
    parent.abort('later');
    expect(done.signal.aborted).toBe(false);
    expect(running.signal.reason).toBe('later');
  });

  test('follows a signal that is not the runtime\'s own (an EventTarget with aborted and reason)', () => {
    class FakeSignal extends EventTarget {
      aborted = false;
      reason: unknown = undefined;
      fire(reason: unknown): void {
        this.aborted = true;
        this.reason = reason;
        this.dispatchEvent(new Event('abort'));
      }
    }
    const parent = new FakeSignal();
    const f = following(new AbortController(), parent as unknown as AbortSignal);
    parent.fire('polyfill');
    expect(f.signal.reason).toBe('polyfill');
  });

  test('20 queries sharing one signal, each selecting 12 times, raise no leak warning and all cancel', async () => {
    const storage = new MemoryStorage();
    storage.add({ __name__: 'm' }, [{ t: 0, v: 1 }]);
    // Every select waits on its query's signal (one listener per query), as remote requests would.
    const pending = new WeakMap<AbortSignal, Promise<never>>();
    const wait = (signal: AbortSignal): Promise<never> => {
      let p = pending.get(signal);
      if (!p) pending.set(signal, (p = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))));
      return p;
    };
    const waiting = { select: (req: SelectRequest) => wait(req.signal!) };
    const engine = new Engine({ storage: waiting });
    const ctl = new AbortController();
    const q = Array.from({ length: 12 }, (_, i) => `m${i}`).join(' + ');
    const runs = Array.from({ length: 20 }, () => engine.instantQuery(q, 0, { signal: ctl.signal }));
    await new Promise((r) => setTimeout(r, 20));
    ctl.abort();
    const outcomes = await Promise.allSettled(runs);
    expect(outcomes.every((o) => o.status === 'rejected' && /canceled/.test(String(o.reason)))).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
