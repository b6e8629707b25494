// The storage a rule evaluator writes into: a Storage that also appends float samples.
import type { Storage } from './types.js';
import type { Labels } from './labels.js';

/**
 * A {@link Storage} that takes new float samples: what {@link RuleGroupsEvaluator} needs to write
 * recording-rule outputs, `ALERTS`/`ALERTS_FOR_STATE` and stale markers, and then read them back
 * through `select` for the rules after them. `MemoryStorage` is one.
 *
 * `append(labels, t, v, stale)` adds one sample at `t` (ms). `stale` is true for a staleness
 * marker (then `v` is Prometheus's stale NaN, `STALE_NAN`): the series ended at `t`. The
 * evaluator appends in time order per series and never two samples of a series at one time;
 * samples appended must be visible to the next `select`.
 */
export interface AppendableStorage extends Storage {
  append(labels: Labels, t: number, v: number, stale?: boolean): void;
}
