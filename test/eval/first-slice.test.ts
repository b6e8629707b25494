// The first time slice of a query begins with the query itself: parsing, planning and a storage
// that answers without giving the event loop a turn all count in it, so evaluation pauses before
// it starts once they have used the slice.
import { stat } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine, MemoryStorage, type Storage } from '../../src/index.js';

/** A MemoryStorage whose select keeps the thread busy for `ms` and then answers at once. */
function busyStorage(ms: number): Storage {
  const inner = new MemoryStorage();
  inner.add({ __name__: 'up', job: 'a' }, [{ t: 0, v: 1 }]);
  return {
    select(req) {
      const until = performance.now() + ms;
      while (performance.now() < until) { /* busy */ }
      return inner.select(req);
    },
  };
}

describe('the first time slice', () => {
  it('lets the event loop run between a slow synchronous select and the evaluation', async () => {
    const engine = new Engine({ storage: busyStorage(40) });
    let turned = false;
    setImmediate(() => { turned = true; });
    const r = await engine.instantQuery('up', 0);
    // Without a pause the result would arrive in the same turn, before the immediate ran.
    expect(turned).toBe(true);
    expect(r.resultType).toBe('vector');
  });

  it('does not pause a quick query', async () => {
    const engine = new Engine({ storage: busyStorage(0) });
    let turned = false;
    setImmediate(() => { turned = true; });
    await engine.instantQuery('up', 0);
    expect(turned).toBe(false);
  });

  it('counts the preparation in analyze()’s longest block', async () => {
    const engine = new Engine({ storage: busyStorage(40) });
    const a = await engine.analyze('up', 0);
    expect(a.longestBlockMs).toBeGreaterThanOrEqual(40);
  });

  it('lets a timer due meanwhile run before the next slice, for a query started in an I/O callback', async () => {
    // Started in an I/O callback, a query that pauses once would run its next slice in the same
    // turn of the event loop (its check phase), before the timers: a timer due during the first
    // slice waited for the second. The first pause yields twice, so the timer runs in between.
    const engine = new Engine({ storage: busyStorage(40) });
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      stat('.', () => {
        setTimeout(() => order.push('timer'), 0);
        void engine.instantQuery('up', 0).then(() => {
          order.push('query done');
          setTimeout(resolve, 5);
        });
      });
    });
    expect(order).toEqual(['timer', 'query done']);
  });
});
