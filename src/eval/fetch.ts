// The fetch step: one select per selector, all issued up front (concurrently for asynchronous
// storages), before the synchronous evaluation starts.
import type { Plan, SelectorPlan } from './prepare.js';
import type { Series, Storage } from '../storage/types.js';
import { StorageError } from '../errors.js';
import { mergeHistograms } from './mixed-series.js';
import { checkSeries } from '../storage/contract.js';

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

/** Runs every select of the plan and stores the series in `store`. */
export async function fetchAll(plan: Plan, storage: Storage, step: number, signal: AbortSignal, store: Map<SelectorPlan, Series[]>): Promise<void> {
  const jobs = [...plan.selectors.values()].map(async (p) => {
    let series: Series[];
    try {
      const set = await storage.select({
        matchers: p.node.matchers,
        start: p.fetchStart,
        end: p.fetchEnd,
        hints: { step, range: p.range, ...p.hints },
        signal,
      });
      series = await collect(set);
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      const msg = e instanceof Error ? e.message : String(e);
      throw new StorageError(`expanding series: ${msg}`, e);
    }
    const checked = checkSeries(series, { matchers: p.node.matchers });
    store.set(p, checked.some((x) => x.histograms) ? checked.map(mergeHistograms) : checked);
  });
  // A storage that ignores the signal must not hold the query past its timeout or cancellation.
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    await Promise.race([Promise.all(jobs), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
