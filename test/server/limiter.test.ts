// The concurrency limit: slots, a bounded queue, hand-over on release, aborted waiters.
import { describe, expect, test } from 'vitest';
import { Limiter } from '../../src/server/limiter.js';

describe('Limiter', () => {
  test('runs up to `running`, queues up to `queued`, refuses the rest', async () => {
    const l = new Limiter(2, 1);
    const a = await l.acquire();
    const b = await l.acquire();
    expect([a, b].every((x) => typeof x === 'function')).toBe(true);
    const waiting = l.acquire();
    expect(l.waitingCount).toBe(1);
    expect(await l.acquire()).toBeNull();
    a!();
    const c = await waiting;
    expect(typeof c).toBe('function');
    expect([l.inFlight, l.waitingCount]).toEqual([2, 0]);
    b!();
    c!();
    c!(); // a second call is ignored
    expect(l.inFlight).toBe(0);
  });

  test('an aborted waiter leaves the queue', async () => {
    const l = new Limiter(1, 1);
    const a = await l.acquire();
    const ac = new AbortController();
    const w = l.acquire(ac.signal);
    ac.abort();
    expect(await w).toBeNull();
    expect(l.waitingCount).toBe(0);
    a!();
    expect(l.inFlight).toBe(0);
  });

  test.each([[0, 1], [1, -1], [1.5, 0]])('refuses running=%d queued=%d', (r, q) => {
    expect(() => new Limiter(r, q)).toThrow(RangeError);
  });
});
