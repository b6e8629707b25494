// Evaluating a query for a test and getting the plain-object view of its result back (labels as
// records, times in ms, annotations as strings): easy to compare with `toEqual` or the matchers.
import { Engine, type EngineOptions } from '../eval/engine.js';
import type { Storage } from '../storage/types.js';
import { toTimeMs, type TimeInput } from '../eval/options.js';
import { toPlain, type PlainResult } from '../eval/result.js';
import { OptionsError } from '../errors.js';

/** When to evaluate: an instant (`at`) or a range (`range`); times in ms or Dates, the step in ms. */
export type EvaluateOptions =
  | { readonly at: TimeInput; readonly range?: never; readonly engine?: Partial<Omit<EngineOptions, 'storage'>> }
  | { readonly range: { readonly start: TimeInput; readonly end: TimeInput; readonly step: number }; readonly at?: never; readonly engine?: Partial<Omit<EngineOptions, 'storage'>> };

/** A step in ms; anything else (such as the duration text `"1m"` of 0.1) is an OptionsError. */
function stepMs(s: unknown): number {
  if (typeof s !== 'number') throw new OptionsError('step', `step must be a number of milliseconds, got ${JSON.stringify(s)}`);
  return s;
}

/**
 * Evaluates `query` over a storage (or with an engine you configured) at one time or over a range
 * and returns {@link toPlain}'s view of the result (with the range, for `toEqualMatrix`'s series
 * notation). Engine options default to Prometheus's server defaults. Query errors reject with a
 * PromQLError; a time that is not ms or a Date with an OptionsError.
 */
export async function evaluate(source: Storage | Engine, query: string, opts: EvaluateOptions): Promise<PlainResult> {
  const engine = source instanceof Engine ? source : new Engine({ ...opts.engine, storage: source });
  if (opts.range) {
    const range = { start: toTimeMs('start', opts.range.start), end: toTimeMs('end', opts.range.end), step: stepMs(opts.range.step) };
    return toPlain(await engine.rangeQuery(query, range.start, range.end, range.step), range);
  }
  return toPlain(await engine.instantQuery(query, toTimeMs('time', opts.at)));
}
