// The fetch step: one select per selector, all issued up front (concurrently for asynchronous
// storages), before the synchronous evaluation starts.
import type { Plan, SelectorPlan } from './prepare.js';
import type { Series, SeriesSet, SelectRequest, Storage } from '../storage/types.js';
import { StorageError } from '../errors.js';
import { mergeHistograms } from './mixed-series.js';
import { checkingSeries } from '../storage/contract.js';
import { runToEnd } from '../util/deep.js';

async function collect(set: Iterable<Series> | AsyncIterable<Series>): Promise<Series[]> {
  if (Array.isArray(set)) return set as Series[];
  const out: Series[] = [];
  if (Symbol.asyncIterator in set) {
    for await (const s of set as AsyncIterable<Series>) out.push(s);
  } else {
    for (const s of set as Iterable<Series>) out.push(s);
  }
  return out;
}

/** What one select gave: its answer as returned (a value or a promise), or what it threw. */
type Answer = { readonly set: SeriesSet | Promise<SeriesSet> } | { readonly error: unknown };

/** The select request of a selector. Its signal is made when first read (see {@link fetchAll}). */
function request(p: SelectorPlan, step: number, signal: () => AbortSignal): SelectRequest {
  return {
    matchers: p.node.matchers,
    start: p.fetchStart,
    end: p.fetchEnd,
    hints: { step, range: p.range, ...p.hints },
    get signal() {
      return signal();
    },
  };
}

/** The series of a synchronous answer (an array or a plain iterable), or undefined for any other. */
function syncSeries(a: Answer): Series[] | undefined {
  if (!('set' in a)) return undefined;
  const set = a.set;
  if (Array.isArray(set)) return set as Series[];
  if (typeof (set as Partial<Promise<unknown>>).then === 'function' || Symbol.asyncIterator in set) return undefined;
  return [...(set as Iterable<Series>)];
}

/** Checks one select's series (see checkSeries) and stores them, as a pausable step. */
function* storing(p: SelectorPlan, series: Series[], into: Map<SelectorPlan, Series[]>): Generator<void, void, void> {
  // An empty select has nothing to check.
  if (series.length === 0) {
    into.set(p, series);
    return;
  }
  const checked = yield* checkingSeries(series, { matchers: p.node.matchers });
  into.set(p, checked.some((x) => x.histograms) ? checked.map(mergeHistograms) : checked);
}

/**
 * The time slices fetching runs in (the query's PrepSlices): `pauseIfUsed` gives a promise to
 * await (the event loop's turn, once a slice is used) or undefined; `run` runs a pausable step,
 * checking the deadline and the signal at its pauses.
 */
export interface FetchSlices {
  pauseIfUsed(): Promise<void> | undefined;
  run<R>(g: Generator<void, R, void>, check: boolean): R | Promise<R>;
}

/** No slices: every step runs to its end at once. */
const UNSLICED: FetchSlices = { pauseIfUsed: () => undefined, run: (g) => runToEnd(g) };

/** Runs `storing` in the slices: a promise only when it paused. */
function store(p: SelectorPlan, series: Series[], into: Map<SelectorPlan, Series[]>, slices: FetchSlices): Promise<void> | undefined {
  const done = slices.run(storing(p, series, into), true);
  return done instanceof Promise ? done : undefined;
}

/** A MemoryStorage's own select as a pausable step (see pausableSelect). */
export type OwnSelect = (req: SelectRequest) => Generator<void, Series[], void>;

/**
 * {@link fetchAll} for a MemoryStorage's own select, as one pausable step for the query's slices
 * (`slices.run(fetchingOwn(…), true)`): a small query's fetch then runs synchronously, without
 * the promises, closures and signal the general fetch needs (half of a small query's preparation
 * after an idle moment). The same work in the same order: every select (the storage throws nothing
 * but the slices' limits), with a pause point after each, then the checks and stores, each
 * followed by one.
 */
export function* fetchingOwn(plan: Plan, select: OwnSelect, into: Map<SelectorPlan, Series[]>): Generator<void, void, void> {
  const selectors = [...plan.selectors.values()];
  const sets: Series[][] = [];
  for (const p of selectors) {
    // It reads the matchers and the window only: a plain literal, without the getter of
    // `request` (an object literal with an accessor gets a hidden class of its own each time).
    sets.push(yield* select({ matchers: p.node.matchers, start: p.fetchStart, end: p.fetchEnd }));
    yield;
  }
  for (let i = 0; i < selectors.length; i++) {
    yield* storing(selectors[i], sets[i], into);
    yield;
  }
}

/**
 * Runs every select of the plan and stores the series in `into` (for any storage but a
 * MemoryStorage's own select, which {@link fetchingOwn} runs). `signal` gives the query's abort
 * signal, made on first use: a storage that answers synchronously without reading the request's
 * signal costs no signal nor timer; any other answer is awaited against it.
 * `slices` pause between selects, between stores of their answers and within a store (every few
 * thousand series checked).
 */
export async function fetchAll(
  plan: Plan, storage: Storage, step: number, signal: () => AbortSignal, into: Map<SelectorPlan, Series[]>,
  slices: FetchSlices = UNSLICED,
): Promise<void> {
  const pause = () => slices.pauseIfUsed();
  const selectors = [...plan.selectors.values()];
  // Every select is issued before any answer is awaited, as the storage contract promises. A
  // pause after a select that answered synchronously lets other work run (it awaits no answer);
  // after one that answered with a promise there is none: its work is elsewhere, and a storage
  // that gathers the selects of one turn into one request (RemoteReadStorage) must see them all.
  const answers: Answer[] = [];
  for (const p of selectors) {
    try {
      const set = storage.select(request(p, step, signal));
      // A promise (or thenable, of any realm) becomes our own promise at once, its `then` called
      // this once, and is handled from the start: a pause lets the event loop run before it is
      // awaited (and a timeout in a pause drops it unread), which must not count as an unhandled
      // rejection.
      if (typeof (set as Partial<PromiseLike<unknown>>)?.then === 'function') {
        const own = Promise.resolve(set as PromiseLike<SeriesSet>);
        own.catch(() => {});
        answers.push({ set: own });
        continue;
      }
      answers.push({ set });
    } catch (error) {
      answers.push({ error });
    }
    const paused = pause();
    if (paused) await paused;
  }
  const sync = answers.map((a, i) => {
    try {
      return syncSeries(a);
    } catch (error) {
      // A plain iterable that fails while read fails as a select that threw.
      answers[i] = { error };
      return undefined;
    }
  });
  if (sync.every((s) => s !== undefined)) {
    for (let i = 0; i < selectors.length; i++) {
      const stored = store(selectors[i], sync[i]!, into, slices);
      if (stored) await stored;
      const paused = pause();
      if (paused) await paused;
    }
    return;
  }
  const aborting = signal();
  const jobs = selectors.map(async (p, i) => {
    let series: Series[];
    try {
      const a = answers[i];
      if (!('set' in a)) throw a.error;
      series = sync[i] ?? (await collect(await a.set));
    } catch (e) {
      if (aborting.aborted) throw aborting.reason;
      const msg = e instanceof Error ? e.message : String(e);
      throw new StorageError(`expanding series: ${msg}`, e);
    }
    const stored = store(p, series, into, slices);
    if (stored) await stored;
  });
  // A storage that ignores the signal must not hold the query past its timeout or cancellation.
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(aborting.reason);
    if (aborting.aborted) onAbort();
    else aborting.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    await Promise.race([Promise.all(jobs), aborted]);
  } finally {
    aborting.removeEventListener('abort', onAbort);
  }
}
