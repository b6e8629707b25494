// FloatHistogram: a native histogram with float counts and absolute (not delta) bucket counts,
// the form PromQL evaluates (Prometheus's model/histogram FloatHistogram).
import { isCustomBucketsSchema, type CounterResetHint, type Span } from './types.js';

/** The fields of a FloatHistogram; every one optional in {@link FloatHistogram}'s constructor. */
export interface FloatHistogramInit {
  counterResetHint?: CounterResetHint;
  schema?: number;
  zeroThreshold?: number;
  zeroCount?: number;
  count?: number;
  sum?: number;
  positiveSpans?: Span[];
  positiveBuckets?: number[];
  negativeSpans?: Span[];
  negativeBuckets?: number[];
  customValues?: number[];
}

/**
 * A native histogram with float counts.
 *
 * Contract: bucket counts are absolute; `positiveBuckets.length` equals the sum of the lengths of
 * `positiveSpans` (likewise negative); for the custom-buckets schema (−53) `customValues` holds
 * the strictly increasing upper bounds (without +Inf) and the zero bucket and negative buckets are
 * unused. `customValues` arrays are shared between histograms and never mutated. Values handed to
 * the engine by a storage are never mutated by it: operations that change a histogram work on a
 * `copy()`.
 */
export class FloatHistogram {
  counterResetHint: CounterResetHint;
  schema: number;
  zeroThreshold: number;
  zeroCount: number;
  count: number;
  sum: number;
  positiveSpans: Span[];
  positiveBuckets: number[];
  negativeSpans: Span[];
  negativeBuckets: number[];
  customValues: number[] | undefined;

  constructor(init: FloatHistogramInit = {}) {
    this.counterResetHint = init.counterResetHint ?? 'unknown';
    this.schema = init.schema ?? 0;
    this.zeroThreshold = init.zeroThreshold ?? 0;
    this.zeroCount = init.zeroCount ?? 0;
    this.count = init.count ?? 0;
    this.sum = init.sum ?? 0;
    this.positiveSpans = init.positiveSpans ?? [];
    this.positiveBuckets = init.positiveBuckets ?? [];
    this.negativeSpans = init.negativeSpans ?? [];
    this.negativeBuckets = init.negativeBuckets ?? [];
    this.customValues = init.customValues;
  }

  /** Whether this histogram uses custom bucket bounds (NHCB). */
  usesCustomBuckets(): boolean {
    return isCustomBucketsSchema(this.schema);
  }

  /** A deep copy (custom bounds are shared, as they are immutable). */
  copy(): FloatHistogram {
    return new FloatHistogram({
      counterResetHint: this.counterResetHint,
      schema: this.schema,
      zeroThreshold: this.zeroThreshold,
      zeroCount: this.zeroCount,
      count: this.count,
      sum: this.sum,
      positiveSpans: this.positiveSpans.map((s) => ({ offset: s.offset, length: s.length })),
      positiveBuckets: this.positiveBuckets.slice(),
      negativeSpans: this.negativeSpans.map((s) => ({ offset: s.offset, length: s.length })),
      negativeBuckets: this.negativeBuckets.slice(),
      customValues: this.customValues,
    });
  }
}
