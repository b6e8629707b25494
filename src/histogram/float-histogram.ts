// FloatHistogram: a native histogram with float counts and absolute (not delta) bucket counts,
// the form PromQL evaluates (Prometheus's model/histogram FloatHistogram), and its arithmetic.
import { addInto, kahanAddInto, type AddResult, type KahanAddResult } from './add.js';
import type { Bucket } from './bounds.js';
import { detectReset } from './detect-reset.js';
import { histogramsEqual } from './equals.js';
import { HistogramError } from './errors.js';
import { formatHistogram } from './format.js';
import { AllBucketIterator, ForwardBucketIterator, ReverseBucketIterator, type BucketIterator, type BucketSide } from './iterators.js';
import { compactBuckets, reduceResolution } from './span-ops.js';
import { trimBuckets } from './trim.js';
import { isCustomBucketsSchema, type CounterResetHint, type Span } from './types.js';
import { validateHistogram } from './validate.js';

export type { AddResult, KahanAddResult } from './add.js';

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
 * The {@link FloatHistogram.size} of a histogram holding `slots` spans, buckets and custom bounds
 * in all: what the sums that build a histogram slot by slot report before they build it.
 */
export function histogramSize(slots: number): number {
  return 168 + 8 * slots;
}

/**
 * A native histogram with float counts.
 *
 * Contract: bucket counts are absolute; `positiveBuckets.length` equals the sum of the lengths of
 * `positiveSpans` (likewise negative); for the custom-buckets schema (−53) `customValues` holds
 * the strictly increasing upper bounds (without +Inf) and the zero bucket and negative buckets are
 * unused. `customValues` arrays are shared between histograms and never mutated. Values handed to
 * the engine by a storage are never mutated by it: operations that change a histogram work on a
 * `copy()`. Span objects are never changed in place either (operations replace them), but span
 * and bucket arrays of the receiver are.
 *
 * The arithmetic methods (`mul`, `div`, `add`, `sub`, `kahanAdd`, `compact`, `trimBuckets`,
 * `reduceResolution`) change the receiver, as Prometheus's do; the other operand must not share
 * span or bucket arrays with it.
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
  /** This histogram reduced to its statistics, with the hint it was made for (see {@link statsView}). */
  #stats: FloatHistogram | undefined = undefined;

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

  /**
   * This histogram without its buckets, with the given counter-reset hint: `make` builds it, and
   * it is kept (the last one asked for) for the next query that reads this histogram as
   * statistics only. For histograms that are not changed any more (those a storage hands out),
   * whose copy is read and never changed either.
   * @internal
   */
  statsView(hint: CounterResetHint, make: (h: FloatHistogram, hint: CounterResetHint) => FloatHistogram): FloatHistogram {
    // An object made without the constructor (Object.create of the prototype, as revived from
    // JSON) has no slot for the copy: it gets one made each time.
    if (!(#stats in this)) return make(this, hint);
    const kept = this.#stats;
    if (kept !== undefined && kept.counterResetHint === hint) return kept;
    return (this.#stats = make(this, hint));
  }

  /** Whether this histogram uses custom bucket bounds (NHCB). */
  usesCustomBuckets(): boolean {
    return isCustomBucketsSchema(this.schema);
  }

  /**
   * A deep copy (custom bounds are shared, as they are immutable). As in Prometheus, a copy of a
   * custom-bucket histogram has no zero bucket and no negative buckets, and one of an exponential
   * histogram no custom bounds.
   */
  copy(): FloatHistogram {
    const custom = this.usesCustomBuckets();
    return new FloatHistogram({
      counterResetHint: this.counterResetHint,
      schema: this.schema,
      zeroThreshold: custom ? 0 : this.zeroThreshold,
      zeroCount: custom ? 0 : this.zeroCount,
      count: this.count,
      sum: this.sum,
      positiveSpans: this.positiveSpans.slice(),
      positiveBuckets: this.positiveBuckets.slice(),
      negativeSpans: custom ? [] : this.negativeSpans.slice(),
      negativeBuckets: custom ? [] : this.negativeBuckets.slice(),
      customValues: custom ? this.customValues : undefined,
    });
  }

  /**
   * Makes `to` a deep copy of this histogram (reusing nothing of its old arrays), as {@link copy}
   * does for a new one (Prometheus's CopyTo).
   */
  copyTo(to: FloatHistogram): void {
    const c = this.copy();
    to.counterResetHint = c.counterResetHint;
    to.schema = c.schema;
    to.zeroThreshold = c.zeroThreshold;
    to.zeroCount = c.zeroCount;
    to.count = c.count;
    to.sum = c.sum;
    to.positiveSpans = c.positiveSpans;
    to.positiveBuckets = c.positiveBuckets;
    to.negativeSpans = c.negativeSpans;
    to.negativeBuckets = c.negativeBuckets;
    to.customValues = c.customValues;
  }

  /**
   * A deep copy in the lower (or equal) exponential schema `targetSchema`, buckets merged; the
   * counter-reset hint is not copied (Prometheus's CopyToSchema). Throws a {@link HistogramError}
   * for custom buckets or a higher schema.
   */
  copyToSchema(targetSchema: number): FloatHistogram {
    if (targetSchema === this.schema) return this.copy();
    if (this.usesCustomBuckets()) {
      throw new HistogramError('schema-change', `cannot reduce resolution to ${targetSchema} when there are custom buckets`);
    }
    if (isCustomBucketsSchema(targetSchema)) throw new HistogramError('schema-change', 'cannot reduce resolution to custom buckets schema');
    if (targetSchema > this.schema) throw new HistogramError('schema-change', `cannot copy from schema ${this.schema} to ${targetSchema}`);
    const pos = reduceResolution(this.positiveSpans, this.positiveBuckets, null, this.schema, targetSchema);
    const neg = reduceResolution(this.negativeSpans, this.negativeBuckets, null, this.schema, targetSchema);
    return new FloatHistogram({
      schema: targetSchema,
      zeroThreshold: this.zeroThreshold,
      zeroCount: this.zeroCount,
      count: this.count,
      sum: this.sum,
      positiveSpans: pos.spans,
      positiveBuckets: pos.buckets,
      negativeSpans: neg.spans,
      negativeBuckets: neg.buckets,
    });
  }

  /**
   * Merges the buckets into the lower exponential schema `targetSchema`, in place. Throws a
   * {@link HistogramError} for custom buckets, a schema not lower, or inconsistent spans.
   */
  reduceResolution(targetSchema: number): void {
    if (this.usesCustomBuckets()) throw new HistogramError('schema-change', 'cannot reduce resolution when there are custom buckets');
    if (isCustomBucketsSchema(targetSchema)) throw new HistogramError('schema-change', 'cannot reduce resolution to custom buckets schema');
    if (targetSchema >= this.schema) {
      throw new HistogramError('schema-change', `cannot reduce resolution from schema ${this.schema} to ${targetSchema}`);
    }
    const pos = reduceResolution(this.positiveSpans, this.positiveBuckets, null, this.schema, targetSchema);
    const neg = reduceResolution(this.negativeSpans, this.negativeBuckets, null, this.schema, targetSchema);
    this.positiveSpans = pos.spans;
    this.positiveBuckets = pos.buckets;
    this.negativeSpans = neg.spans;
    this.negativeBuckets = neg.buckets;
    this.schema = targetSchema;
  }

  /** The zero bucket, [−threshold, threshold]. Throws for custom buckets, which have none. */
  zeroBucket(): Bucket {
    if (this.usesCustomBuckets()) throw new HistogramError('custom-buckets-fields', 'histograms with custom buckets have no zero bucket');
    return { lower: -this.zeroThreshold, upper: this.zeroThreshold, lowerInclusive: true, upperInclusive: true, count: this.zeroCount, index: 0 };
  }

  /**
   * Multiplies every count and the sum by `factor`, in place; a negative factor makes the
   * histogram a gauge. Returns `this`.
   */
  mul(factor: number): this {
    this.zeroCount *= factor;
    this.count *= factor;
    this.sum *= factor;
    for (let i = 0; i < this.positiveBuckets.length; i++) this.positiveBuckets[i] *= factor;
    for (let i = 0; i < this.negativeBuckets.length; i++) this.negativeBuckets[i] *= factor;
    if (factor < 0) this.counterResetHint = 'gauge';
    return this;
  }

  /**
   * Divides every count and the sum by `scalar`, in place. Prometheus compatibility: dividing by
   * zero keeps the count, zero count and sum (now ±Inf or NaN) but removes every bucket, and
   * leaves the hint as it was. A negative divisor makes the histogram a gauge. Returns `this`.
   */
  div(scalar: number): this {
    this.zeroCount /= scalar;
    this.count /= scalar;
    this.sum /= scalar;
    if (scalar === 0) {
      this.positiveBuckets = [];
      this.negativeBuckets = [];
      this.positiveSpans = [];
      this.negativeSpans = [];
      return this;
    }
    for (let i = 0; i < this.positiveBuckets.length; i++) this.positiveBuckets[i] /= scalar;
    for (let i = 0; i < this.negativeBuckets.length; i++) this.negativeBuckets[i] /= scalar;
    if (scalar < 0) this.counterResetHint = 'gauge';
    return this;
  }

  /**
   * Adds `other` into this histogram (which changes; `other` does not). Zero thresholds and
   * exponential schemas are reconciled (the wider zero bucket, the lower schema win); NHCB bounds
   * that differ are reduced to the bounds both have. The result may hold empty buckets: call
   * `compact(0)`. Throws a {@link HistogramError} ('incompatible-schema') for exponential + custom.
   */
  add(other: FloatHistogram): AddResult {
    return addInto(this, other, false);
  }

  /**
   * Subtracts `other` from this histogram, like {@link add}. The hint is adjusted as for `add`;
   * the `-` operator sets it to gauge itself.
   */
  sub(other: FloatHistogram): AddResult {
    return addInto(this, other, true);
  }

  /**
   * Adds `other` with Kahan–Neumaier compensation, as the `sum` and `avg` aggregations do:
   * `comp` holds the compensation terms from earlier calls (undefined the first time) and is
   * changed; the compensation to pass next time is returned (Prometheus's KahanAdd). Throws like
   * {@link add}.
   *
   * `sum` in Prometheus main: `acc = first.copy()`; for every further histogram
   * `comp = acc.kahanAdd(h, comp).comp` (a HistogramError 'incompatible-schema' drops the group
   * with a warning; `nhcbBoundsReconciled` is an info); at the end `if (comp) acc.add(comp)` and
   * `acc.compact(0)`. `avg` adds to a copy and keeps it while `!hasOverflow()`, then switches to
   * the incremental mean (`mean.mul(q).kahanAdd(h.copy().div(n), comp)`), and ends with
   * `acc.div(n).add(comp.div(n))` (or `mean.add(comp)`), then `compact(0)`.
   */
  kahanAdd(other: FloatHistogram, comp?: FloatHistogram): KahanAddResult {
    return kahanAddInto(this, other, comp);
  }

  /**
   * A compensation histogram for {@link kahanAdd}: this layout, zero counts, shared spans.
   * @internal
   */
  newCompensationHistogram(): FloatHistogram {
    return new FloatHistogram({
      counterResetHint: this.counterResetHint,
      schema: this.schema,
      zeroThreshold: this.zeroThreshold,
      customValues: this.customValues,
      positiveBuckets: new Array<number>(this.positiveBuckets.length).fill(0),
      positiveSpans: this.positiveSpans,
      negativeSpans: this.negativeSpans,
      negativeBuckets: this.usesCustomBuckets() ? [] : new Array<number>(this.negativeBuckets.length).fill(0),
    });
  }

  /**
   * Whether `other` holds exactly the same data: counts, sum and buckets compared by bit pattern
   * (so NaN equals the same NaN), spans once zero-length spans are left out, custom bounds by
   * value; the hint is not compared (Prometheus's Equals).
   */
  equals(other: FloatHistogram | undefined | null): boolean {
    return histogramsEqual(this, other);
  }

  /** Bytes Prometheus counts for this histogram on a 64-bit machine (its Size()). */
  size(): number {
    return histogramSize(this.positiveSpans.length + this.negativeSpans.length + this.positiveBuckets.length +
      this.negativeBuckets.length + (this.customValues?.length ?? 0));
  }

  /**
   * Removes empty buckets at the ends of spans and runs of more than `maxEmptyBuckets` inside
   * them, and joins spans at most `maxEmptyBuckets` apart, in place. Returns `this`.
   */
  compact(maxEmptyBuckets: number): this {
    return this.compactWith(maxEmptyBuckets, undefined);
  }

  /**
   * `compact`, keeping the compensation histogram `c` (of {@link kahanAdd}) in step: a bucket is
   * empty only when its compensation term is zero too.
   * @internal
   */
  compactWith(maxEmptyBuckets: number, c: FloatHistogram | undefined): this {
    compactBuckets({ spans: this.positiveSpans, buckets: this.positiveBuckets, comp: c ? c.positiveBuckets : null }, maxEmptyBuckets);
    compactBuckets({ spans: this.negativeSpans, buckets: this.negativeBuckets, comp: c ? c.negativeBuckets : null }, maxEmptyBuckets);
    return this;
  }

  /**
   * Whether this histogram, following `previous`, shows a counter reset: a "reset" hint says yes,
   * "not_reset" no; otherwise (unknown or gauge) any count lower than before, a populated bucket
   * gone, a higher schema, a smaller zero threshold or other NHCB bounds whose common buckets shrank.
   */
  detectReset(previous: FloatHistogram): boolean {
    return detectReset(this, previous);
  }

  /** Positive buckets upwards from zero. */
  positiveBucketIterator(): BucketIterator {
    return new ForwardBucketIterator(this.bucketSide(true));
  }

  /** Negative buckets downwards from zero. */
  negativeBucketIterator(): BucketIterator {
    return new ForwardBucketIterator(this.bucketSide(false));
  }

  /** Positive buckets from the highest down to zero. */
  positiveReverseBucketIterator(): BucketIterator {
    return new ReverseBucketIterator(this.bucketSide(true));
  }

  /** Negative buckets from the lowest up to zero. */
  negativeReverseBucketIterator(): BucketIterator {
    return new ReverseBucketIterator(this.bucketSide(false));
  }

  /**
   * Every bucket in ascending order: negative, the zero bucket when populated, positive. Buckets
   * reaching into the zero bucket have the zero threshold as bound.
   */
  allBucketIterator(): AllBucketIterator {
    return new AllBucketIterator(this, new ReverseBucketIterator(this.bucketSide(false)), new ForwardBucketIterator(this.bucketSide(true)));
  }

  /** Every bucket in descending order: positive, zero (when populated), negative. */
  allReverseBucketIterator(): AllBucketIterator {
    return new AllBucketIterator(this, new ReverseBucketIterator(this.bucketSide(true)), new ForwardBucketIterator(this.bucketSide(false)));
  }

  /**
   * A forward iterator over one side merged into `targetSchema` (≤ this schema), skipping buckets
   * whose absolute upper bound is ≤ `absoluteStartValue` (exponential schemas).
   * @internal
   */
  mergedBucketIterator(positive: boolean, absoluteStartValue: number, targetSchema: number): ForwardBucketIterator {
    return new ForwardBucketIterator(this.bucketSide(positive), targetSchema, absoluteStartValue);
  }

  private bucketSide(positive: boolean): BucketSide {
    return positive
      ? { spans: this.positiveSpans, buckets: this.positiveBuckets, schema: this.schema, positive, customValues: this.customValues }
      : { spans: this.negativeSpans, buckets: this.negativeBuckets, schema: this.schema, positive, customValues: undefined };
  }

  /**
   * The first inconsistency found (Prometheus's Validate wording), or undefined: spans against
   * bucket counts, negative counts, custom bounds, fields the schema does not allow.
   */
  validate(): HistogramError | undefined {
    return validateHistogram(this);
  }

  /** Whether a count, the sum, a bucket or a custom bound is infinite. */
  hasOverflow(): boolean {
    if (isInf(this.zeroCount) || isInf(this.count) || isInf(this.sum)) return true;
    return this.positiveBuckets.some(isInf) || this.negativeBuckets.some(isInf) || (this.customValues?.some(isInf) ?? false);
  }

  /**
   * Keeps only the observations below `rhs` (`isUpperTrim`, the `</` operator) or above it (`>/`),
   * interpolating inside the bucket holding `rhs`, in place; count and sum are re-estimated when
   * anything was trimmed. Returns `this`.
   */
  trimBuckets(rhs: number, isUpperTrim: boolean): this {
    trimBuckets(this, rhs, isUpperTrim);
    return this;
  }

  /** Prometheus's String(): `{count:…, sum:…, [lower,upper):count, …}` over populated buckets. */
  string(): string {
    return formatHistogram(this);
  }

  /** Same as {@link string}. */
  toString(): string {
    return formatHistogram(this);
  }
}

const isInf = (v: number): boolean => v === Infinity || v === -Infinity;
