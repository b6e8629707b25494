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
