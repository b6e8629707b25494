// What the loaders need from a storage: appending float and native-histogram samples. MemoryStorage
// implements it; any other storage that can append (a remote-write client, a test double) may too.
import type { Labels } from './labels.js';
import type { Storage } from './types.js';
import type { FloatHistogram, FloatHistogramInit } from '../histogram/float-histogram.js';

/** Options every loader takes (`loadExposition`, `loadJSONSeries`, `loadTestSeries`). */
export interface LoadOptions {
  /** File name used in errors (`<input>` by default). */
  readonly file?: string;
}

/**
 * The options of a loader call, checked: an object or nothing. Before 0.x's loaders took
 * `(storage, text, options)` alike, some took the file name as third argument; that fails here
 * with a TypeError saying so rather than being read as an empty options object.
 */
export function loadOptions<O extends LoadOptions>(loader: string, options: O | undefined): O | Partial<O> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${loader}: options must be an object such as { file: 'name' }, got ${typeof options === 'string' ? `the string ${JSON.stringify(options)}` : String(options)}`);
  }
  return options;
}

/** A label set, or a plain object of labels (`{ __name__: 'up', job: 'api' }`). */
export type LabelsInput = Labels | Readonly<Record<string, string>>;

/**
 * A native histogram to append: a {@link FloatHistogram}, or its fields as a plain object
 * (absolute bucket counts; every field optional, as in FloatHistogram's constructor). The storage
 * may keep the object and its arrays: do not mutate them afterwards.
 */
export type HistogramInput = FloatHistogram | FloatHistogramInit;

/**
 * A storage the loaders (`loadExposition`, `loadJSONSeries`, `loadTestSeries`) can append to.
 *
 * Contract: the loaders parse and check all their input before the first call, so a failed load
 * appends nothing. They append the samples of one series in input order, passing the same
 * `Labels` object for every sample of a series (storages may cache by identity). Timestamps are
 * integer ms within ±(2^53 − 1). A storage may throw (a RangeError for a timestamp it refuses, the
 * histogram's `HistogramError` for an invalid histogram); the load then fails with that error.
 */
export interface AppendableStorage {
  /** Appends one float sample; `stale` (or the StaleNaN value) marks a staleness marker. */
  append(labels: LabelsInput, t: number, v: number, stale?: boolean, startTimestamp?: number): void;
  /** Appends one native-histogram sample. */
  appendHistogram(labels: LabelsInput, t: number, h: HistogramInput, startTimestamp?: number): void;
  /**
   * Optional, for speed: appends float samples of one series from parallel arrays (a StaleNaN
   * value marks staleness), as `append` would one by one. Loaders use it when present.
   */
  appendFloats?(labels: LabelsInput, timestamps: ArrayLike<number>, values: ArrayLike<number>): void;
}

/**
 * The storage a rule evaluator writes into: a {@link Storage} that also appends float samples —
 * what {@link RuleGroupsEvaluator} needs to write recording-rule outputs, `ALERTS`/`ALERTS_FOR_STATE`
 * and stale markers, and then read them back through `select` for the rules after them.
 * `MemoryStorage` is one.
 *
 * `append(labels, t, v, stale)` adds one sample at `t` (ms). `stale` is true for a staleness
 * marker (then `v` is Prometheus's stale NaN, `STALE_NAN`): the series ended at `t`. The
 * evaluator appends in time order per series and never two samples of a series at one time;
 * samples appended must be visible to the next `select`.
 */
export interface RuleStorage extends Storage {
  append(labels: Labels, t: number, v: number, stale?: boolean): void;
}
