// A huge query's preparation (parsing, planning, fetching) runs in time slices like its
// evaluation: the host's event loop gets turns in between, and the deadline and the signal are
// checked at each of them.
import { describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { CancelledError, Engine, LimitError, MemoryStorage, parse, ParseError, type Storage } from '../../src/index.js';
import { PrepSlices } from '../../src/eval/prep-slices.js';
import { SLICE_MS } from '../../src/eval/context.js';
import { parsing } from '../../src/parser/parse.js';
import { prepare, preparing } from '../../src/eval/prepare.js';
import { runDeepPausing, runToEnd } from '../../src/util/deep.js';
import type { PlanNode } from '../../src/eval/plan/nodes.js';

/** Keeps the thread busy for `ms`. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* busy */ }
}

/** A pausable step that pauses `n` times, keeping the thread busy `ms` before each pause; returns n. */
function* busySteps(n: number, ms: number): Generator<void, number, void> {
  for (let i = 0; i < n; i++) {
    busy(ms);
    yield;
  }
  return n;
}

/** Counts the event loop's turns (immediates) until stopped. */
function turnCounter(): { readonly turns: number; stop(): void } {
  const c = { turns: 0, stopped: false, stop() { c.stopped = true; } };
  const spin = () => {
    if (c.stopped) return;
    c.turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  return c;
}

/** A chain `term + term + …` of n terms. */
const chain = (term: string, n: number) => Array.from({ length: n }, () => term).join(' + ');

describe('PrepSlices', () => {
  it('answers at once, without a turn of the event loop, while the slice lasts', () => {
    const s = new PrepSlices(performance.now(), Infinity, undefined);
    expect(s.run(busySteps(3, 0))).toBe(3);
  });

  it('lets the event loop run once a slice is used, and times the longest slice', async () => {
    const s = new PrepSlices(performance.now(), Infinity, undefined);
    const counter = turnCounter();
    const r = s.run(busySteps(6, SLICE_MS / 2 + 1));
    expect(r).toBeInstanceOf(Promise);
    expect(await r).toBe(6);
    counter.stop();
    expect(counter.turns).toBeGreaterThanOrEqual(2);
    expect(s.longest).toBeGreaterThanOrEqual(SLICE_MS);
  });

  it('pauses without checking the deadline nor the signal while running a step (errors in the query come first)', async () => {
    const controller = new AbortController();
    controller.abort();
    const began = performance.now();
    const s = new PrepSlices(began, began + 1, controller.signal);
    expect(await s.run(busySteps(3, SLICE_MS + 1))).toBe(3);
  });

  it('fails with the timeout error of the preparation at a fetch pause past the deadline', async () => {
    const began = performance.now();
    const s = new PrepSlices(began, began + 5, undefined);
    busy(SLICE_MS + 1);
    const r = s.pauseIfUsed();
    expect(r).toBeInstanceOf(Promise);
    await expect(r).rejects.toBeInstanceOf(LimitError);
    await expect(r).rejects.toThrow('query timed out in query preparation');
  });

  it('fails with CancelledError at a fetch pause after the signal fired', async () => {
    const controller = new AbortController();
    const s = new PrepSlices(performance.now(), Infinity, controller.signal);
    controller.abort();
    expect(s.pauseIfUsed()).toBeUndefined();
    busy(SLICE_MS + 1);
    await expect(s.pauseIfUsed()).rejects.toThrow(CancelledError);
  });
});

describe('pausable steps', () => {
  it('runDeepPausing pauses every `every` steps and gives what runDeep gives', () => {
    // The depth of a chain of 5,000 tasks, one step each.
    const step = function* (n: number): Generator<number, number, number> {
      return n === 0 ? 0 : 1 + (yield n - 1);
    };
    const g = runDeepPausing(5000, { step }, 100);
    let pauses = 0;
    let r = g.next();
    for (; !r.done; r = g.next()) pauses++;
    expect(r.value).toBe(5000);
    expect(pauses).toBeGreaterThanOrEqual(90);
    expect(runToEnd(runDeepPausing(5000, { step }, Infinity))).toBe(5000);
  });

  it('parsing pauses while scanning, after it, between the pieces of a long chain and before checking, for a long query only, and parses as parse() does', () => {
    const count = (q: string) => {
      const g = parsing(q);
      let pauses = 0;
      let r = g.next();
      for (; !r.done; r = g.next()) pauses++;
      return { pauses, result: r.value };
    };
    expect(count('sum(rate(x[5m]))').pauses).toBe(0);
    const long = chain('x{a="b"}', 3000);
    const { pauses, result } = count(long);
    // About 18,000 tokens: 4 pauses while scanning, 1 after, 8 between pieces, 1 before checking.
    expect(pauses).toBeGreaterThanOrEqual(10);
    expect(result.diagnostics).toEqual([]);
    expect(result.expr).toEqual(parse(long));
    // A long query with a syntax error stops before the check: one pause less.
    const bad = count(`${long} +`);
    expect(bad.pauses).toBe(pauses - 1);
    expect(bad.result.diagnostics[0].message).toMatch(/^unexpected end of input/);
  });

  it('preparing pauses as it walks a large tree and plans as prepare() does', () => {
    const expr = parse(chain('x', 5000));
    const o = { query: '', start: 0, end: 60_000, step: 15_000, lookbackDelta: 300_000, defaultSubqueryStep: () => 60_000 };
    const g = preparing(expr, o);
    let pauses = 0;
    let r = g.next();
    for (; !r.done; r = g.next()) pauses++;
    expect(pauses).toBeGreaterThanOrEqual(5);
    const plain = prepare(expr, o);
    expect(r.value.size).toBe(plain.size);
    expect(r.value.selectors.size).toBe(5000);
    expect(flatten(r.value.tree)).toEqual(flatten(plain.tree));
  });
});

/** A plan tree's nodes in pre-order as `id kind`, with an explicit stack (it is 10,000 levels deep). */
function flatten(root: PlanNode): string[] {
  const out: string[] = [];
  const todo: PlanNode[] = [root];
  while (todo.length > 0) {
    const n = todo.pop()!;
    out.push(`${n.id} ${n.kind}`);
    if (n.kind === 'binary') todo.push(n.rhs, n.lhs);
  }
  return out;
}

/** A MemoryStorage with one series whose select keeps the thread busy for `ms` first. */
function busyStorage(ms: number): Storage {
  const inner = new MemoryStorage();
  inner.add({ __name__: 'up', job: 'a' }, [{ t: 0, v: 1 }]);
  return {
    select(req) {
      busy(ms);
      return inner.select(req);
    },
  };
}

describe('a huge query in the engine', () => {
  it('gives the event loop turns while its selects run', async () => {
    const engine = new Engine({ storage: busyStorage(2) });
    const counter = turnCounter();
    const r = await engine.instantQuery(chain('up', 100), 0);
    counter.stop();
    expect(r.result).toEqual([expect.objectContaining({ value: 100 })]);
    // 100 selects of 2 ms each: a pause after every slice of them.
    expect(counter.turns).toBeGreaterThanOrEqual(5);
  });

  it('times out while fetching at a pause, with the preparation’s error', async () => {
    const engine = new Engine({ storage: busyStorage(2), timeoutMs: 30 });
    const t0 = performance.now();
    await expect(engine.instantQuery(chain('up', 500), 0)).rejects.toThrow('query timed out in query preparation');
    // At the first pause past the deadline, not after the 1 s of selects.
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('drops the answers already asked for when it times out between selects (no unhandled rejection)', async () => {
    const failing: Storage = {
      select() {
        busy(2);
        return Promise.reject(new Error('remote end went away'));
      },
    };
    const engine = new Engine({ storage: failing, timeoutMs: 30 });
    await expect(engine.instantQuery(chain('up', 500), 0)).rejects.toThrow('query timed out in query preparation');
    // Unhandled rejections would surface after a turn or two of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it('tells the selects still running that the query timed out when a pause finds it first', async () => {
    const signals: AbortSignal[] = [];
    let calls = 0;
    const hanging: Storage = {
      select(req) {
        busy(1.3);
        // Every other select answers at once: the fetch pauses after those (not after a promise).
        if (calls++ % 2 === 1) return [];
        signals.push(req.signal!);
        // Answers only when aborted (as a remote storage gives up on its request).
        return new Promise((_, reject) => req.signal!.addEventListener('abort', () => reject(req.signal!.reason)));
      },
    };
    // On a busy machine the parse and plan alone can outlast the shorter timeouts (no select is
    // made then); the longer ones reach the fetch.
    let fetched = 0;
    for (const timeoutMs of [20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 60, 90, 120]) {
      signals.length = 0;
      await expect(new Engine({ storage: hanging, timeoutMs }).instantQuery(chain('up', 200), 0)).rejects.toThrow(LimitError);
      if (signals.length > 0) fetched++;
      expect(signals.every((sig) => sig.aborted)).toBe(true);
    }
    expect(fetched).toBeGreaterThan(0);
  });

  it('gives a select that reads its signal only after the fetch failed a signal aborted already', async () => {
    const inner = new MemoryStorage();
    inner.add({ __name__: 'a' }, [{ t: 0, v: 1 }]);
    inner.add({ __name__: 'b' }, [{ t: 0, v: 2 }]);
    let late: Promise<AbortSignal> | undefined;
    const storage: Storage = {
      select(req) {
        const name = req.matchers.find((m) => m.name === '__name__')!.value;
        if (name === 'b') {
          busy(30);
          return inner.select(req);
        }
        // Reads the signal after a wait of its own (say, for a token), then answers.
        late = new Promise((resolve) => setTimeout(() => resolve(req.signal!), 5));
        return late.then(() => inner.select(req));
      },
    };
    await expect(new Engine({ storage, timeoutMs: 10 }).instantQuery('a + b', 0)).rejects.toThrow('query timed out in query preparation');
    const signal = await late!;
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).name).toBe('TimeoutError');
  });

  it('calls the `then` of a thenable a select returns once', async () => {
    const inner = new MemoryStorage();
    inner.add({ __name__: 'up' }, [{ t: 0, v: 1 }]);
    let calls = 0;
    const storage: Storage = {
      select(req) {
        // A lazy query builder: each `then` runs the query again.
        return {
          then(onFulfilled: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) {
            calls++;
            return Promise.resolve(inner.select(req)).then(onFulfilled, onRejected);
          },
        } as unknown as Promise<never>;
      },
    };
    const r = await new Engine({ storage }).instantQuery('up', 0);
    expect(r.result).toEqual([expect.objectContaining({ value: 1 })]);
    expect(calls).toBe(1);
  });

  it('handles a rejection from another realm between selects (no unhandled rejection)', async () => {
    const otherRealm: Storage = {
      select() {
        busy(1);
        return runInNewContext('Promise.reject(new Error("from another realm"))') as Promise<never>;
      },
    };
    await expect(new Engine({ storage: otherRealm }).instantQuery(chain('up', 100), 0)).rejects.toThrow(/from another realm/);
    await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it('reports an error in a huge query before a timeout or a cancellation', async () => {
    const controller = new AbortController();
    controller.abort();
    const engine = new Engine({ storage: new MemoryStorage(), timeoutMs: 1, parser: { durationExpressions: true } });
    const long = chain('x', 20_000);
    await expect(engine.instantQuery(`${long} +`, 0, { signal: controller.signal })).rejects.toThrow(ParseError);
    await expect(engine.instantQuery(`${long} + rate(x)`, 0)).rejects.toThrow(ParseError);
    await expect(engine.instantQuery(`${long} + x offset (1/0)`, 0)).rejects.toThrow(/division by zero/);
    // A valid one then fails with the preparation's error, not with a result.
    await expect(engine.instantQuery(long, 0, { signal: controller.signal })).rejects.toThrow('query was canceled in query preparation');
  });

  it('gives the event loop a turn between parsing and fetching a 20,000-term chain', async () => {
    const storage = new MemoryStorage();
    storage.add({ __name__: 'x' }, [{ t: 0, v: 1 }]);
    let turnsAtFirstSelect = -1;
    const counting: Storage = {
      select(req) {
        if (turnsAtFirstSelect < 0) turnsAtFirstSelect = counter.turns;
        return storage.select(req);
      },
    };
    const counter = turnCounter();
    const r = await new Engine({ storage: counting }).instantQuery(chain('x', 20_000), 0);
    counter.stop();
    expect(r.result).toEqual([expect.objectContaining({ value: 20_000 })]);
    expect(turnsAtFirstSelect).toBeGreaterThanOrEqual(1);
  });
});
