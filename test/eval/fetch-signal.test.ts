// The fetch step makes the query's abort signal only when a storage needs it: synchronous answers
// are taken as they come; asynchronous ones, or a storage reading the signal, get the same signal,
// timeout and errors as always.
import { describe, expect, it } from 'vitest';
import { CancelledError, Engine, labelsFrom, LimitError, StorageError } from '../../src/index.js';
import type { SelectRequest, Series, Storage } from '../../src/index.js';

const one = (name: string, v: number): Series => ({
  labels: labelsFrom({ __name__: name }), timestamps: Float64Array.of(0), values: Float64Array.of(v),
});

/** The single value of an instant query's vector result. */
async function valueOf(e: Engine, q: string): Promise<number[]> {
  const r = await e.instantQuery(q, 0);
  return r.resultType === 'vector' ? r.result.map((s) => s.value) : [];
}

describe('fetching from synchronous storages', () => {
  it('takes arrays and plain iterables as answered', async () => {
    const storage: Storage = {
      select: (req) => {
        const name = req.matchers.find((m) => m.name === '__name__')!.value;
        return name === 'a' ? [one('a', 1)] : (function* () {
          yield one('b', 2);
        })();
      },
    };
    expect(await valueOf(new Engine({ storage }), 'a + on() b')).toEqual([3]);
  });

  it('a signal first read after the query ended never aborts: no timer outlives the fetch', async () => {
    let kept: SelectRequest | undefined;
    const storage: Storage = {
      select: (req) => {
        kept = req;
        return [one('a', 1)];
      },
    };
    expect(await valueOf(new Engine({ storage, timeoutMs: 30 }), 'a')).toEqual([1]);
    const late = kept!.signal;
    expect(late).toBeInstanceOf(AbortSignal);
    await new Promise((r) => setTimeout(r, 80));
    expect(late.aborted).toBe(false);
  });

  it('hands a working signal to a storage that reads it', async () => {
    let seen: AbortSignal | undefined;
    const storage: Storage = {
      select: (req) => {
        seen = req.signal;
        return [one('a', 1)];
      },
    };
    expect(await valueOf(new Engine({ storage }), 'a')).toEqual([1]);
    expect(seen).toBeInstanceOf(AbortSignal);
    expect(seen!.aborted).toBe(false);
  });

  it('a select that throws, or an iterable that fails while read, is a StorageError', async () => {
    const throwing: Storage = {
      select: () => {
        throw new Error('disk on fire');
      },
    };
    await expect(new Engine({ storage: throwing }).instantQuery('a', 0)).rejects.toThrow(StorageError);
    await expect(new Engine({ storage: throwing }).instantQuery('a', 0)).rejects.toThrow('expanding series: disk on fire');
    const failing: Storage = {
      select: () => (function* () {
        yield one('a', 1);
        throw new Error('lost the index');
      })(),
    };
    await expect(new Engine({ storage: failing }).instantQuery('a', 0)).rejects.toThrow('expanding series: lost the index');
  });

  it('a query whose signal is aborted during a synchronous select is cancelled in query preparation', async () => {
    const controller = new AbortController();
    const storage: Storage = {
      select: () => {
        controller.abort();
        return [one('a', 1)];
      },
    };
    const r = await new Engine({ storage }).instantQuery('a', 0, { signal: controller.signal }).catch((e: unknown) => e);
    expect(r).toBeInstanceOf(CancelledError);
    expect((r as Error).message).toBe('query was canceled in query preparation');
  });

  it('an already aborted signal stops the query before any select', async () => {
    let selects = 0;
    const storage: Storage = {
      select: () => {
        selects++;
        return [one('a', 1)];
      },
    };
    const controller = new AbortController();
    controller.abort();
    await expect(new Engine({ storage }).instantQuery('a', 0, { signal: controller.signal })).rejects.toThrow('query was canceled in query preparation');
    expect(selects).toBe(0);
  });
});

describe('fetching with asynchronous answers among synchronous ones', () => {
  it('waits for the asynchronous answers and keeps the synchronous ones', async () => {
    const storage: Storage = {
      select: (req) => {
        const name = req.matchers.find((m) => m.name === '__name__')!.value;
        return name === 'a' ? [one('a', 1)] : Promise.resolve([one('b', 5)]);
      },
    };
    expect(await valueOf(new Engine({ storage }), 'a + on() b')).toEqual([6]);
  });

  it('a storage that reads the signal after answering gets one that aborts at the timeout', async () => {
    let request: SelectRequest | undefined;
    const storage: Storage = {
      select: (req) => {
        request = req;
        return new Promise((resolve) => setTimeout(() => resolve([one('a', 1)]), 10_000).unref());
      },
    };
    const p = new Engine({ storage, timeoutMs: 50 }).instantQuery('a', 0);
    await expect(p).rejects.toThrow(LimitError);
    expect(request!.signal!.aborted).toBe(true);
  });
});
