// FloatHistogram: a native histogram with float counts and absolute (not delta) bucket counts,
// the form PromQL evaluates (Prometheus's model/histogram FloatHistogram), and its arithmetic.
import { kahanInc } from '../util/kahan.js';
import { customBucketBoundsMatch, intersectCustomBucketBounds, type Bucket } from './bounds.js';
import { addCustomBucketsWithMismatches } from './custom-bounds.js';
import { detectReset } from './detect-reset.js';
import { incompatibleSchemaError, HistogramError } from './errors.js';
import { formatHistogram } from './format.js';
import { AllBucketIterator, ForwardBucketIterator, ReverseBucketIterator, type BucketIterator, type BucketSide } from './iterators.js';
import { addBuckets, compactBuckets, reduceResolution, type Side } from './span-ops.js';
import { trimBuckets } from './trim.js';
import { isCustomBucketsSchema, type CounterResetHint, type Span } from './types.js';
import { validateHistogram } from './validate.js';
import { reconcileZeroBuckets } from './zero-bucket.js';

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

/** What `add` and `sub` report besides changing the receiver. */
export interface AddResult {
  /** One histogram said "counter reset", the other "no counter reset"; the hint became unknown. */
  counterResetCollision: boolean;
  /** The two NHCB histograms had different bounds; the result has the bounds both have. */
  nhcbBoundsReconciled: boolean;
}

/** What `kahanAdd` reports: {@link AddResult} and the compensation histogram to pass next time. */
export interface KahanAddResult extends AddResult {
  comp: FloatHistogram;
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
    return this.addOrSub(other, false);
  }

  /**
   * Subtracts `other` from this histogram, like {@link add}. The hint is adjusted as for `add`;
   * the `-` operator sets it to gauge itself.
   */
  sub(other: FloatHistogram): AddResult {
    return this.addOrSub(other, true);
  }

  private addOrSub(other: FloatHistogram, negate: boolean): AddResult {
    if (this.usesCustomBuckets() !== other.usesCustomBuckets()) throw incompatibleSchemaError();
    this.dropEmptySpans();
    const counterResetCollision = this.adjustCounterReset(other);
    let nhcbBoundsReconciled = false;
    if (!this.usesCustomBuckets()) {
      const [otherZeroCount] = reconcileZeroBuckets(this, other, undefined);
      this.zeroCount = negate ? this.zeroCount - otherZeroCount : this.zeroCount + otherZeroCount;
    }
    this.count = negate ? this.count - other.count : this.count + other.count;
    this.sum = negate ? this.sum - other.sum : this.sum + other.sum;

    if (this.usesCustomBuckets()) {
      if (customBucketBoundsMatch(this.customValues, other.customValues)) {
        addBuckets(this.schema, this.zeroThreshold, negate, this.side(true, null), other.positiveSpans, other.positiveBuckets, null);
      } else {
        nhcbBoundsReconciled = true;
        const bounds = intersectCustomBucketBounds(this.customValues, other.customValues);
        const r = addCustomBucketsWithMismatches(negate, this.customSide(), other.customSide(), null, bounds);
        this.positiveSpans = r.spans;
        this.positiveBuckets = r.buckets;
        this.customValues = bounds;
      }
      return { counterResetCollision, nhcbBoundsReconciled };
    }

    let oPos: { spans: readonly Span[]; buckets: readonly number[] } = { spans: other.positiveSpans, buckets: other.positiveBuckets };
    let oNeg: { spans: readonly Span[]; buckets: readonly number[] } = { spans: other.negativeSpans, buckets: other.negativeBuckets };
    if (other.schema < this.schema) {
      this.reduceResolution(other.schema);
    } else if (other.schema > this.schema) {
      oPos = reduceResolution(oPos.spans, oPos.buckets, null, other.schema, this.schema);
      oNeg = reduceResolution(oNeg.spans, oNeg.buckets, null, other.schema, this.schema);
    }
    addBuckets(this.schema, this.zeroThreshold, negate, this.side(true, null), oPos.spans, oPos.buckets, null);
    addBuckets(this.schema, this.zeroThreshold, negate, this.side(false, null), oNeg.spans, oNeg.buckets, null);
    return { counterResetCollision, nhcbBoundsReconciled };
  }

  /**
   * Adds `other` with Kahan–Neumaier compensation, as the `sum` and `avg` aggregations do:
   * `comp` holds the compensation terms from earlier calls (undefined the first time) and is
   * changed; the compensation to pass next time is returned. The final value is
   * `this.add(comp)` (Prometheus's KahanAdd).
   */
  kahanAdd(other: FloatHistogram, comp?: FloatHistogram): KahanAddResult {
    if (this.usesCustomBuckets() !== other.usesCustomBuckets()) throw incompatibleSchemaError();
    this.dropEmptySpans();
    const counterResetCollision = this.adjustCounterReset(other);
    let nhcbBoundsReconciled = false;
    const c = comp ?? this.newCompensationHistogram();
    if (!this.usesCustomBuckets()) {
      const [otherZeroCount, otherCZeroCount] = reconcileZeroBuckets(this, other, c);
      [this.zeroCount, c.zeroCount] = kahanInc(otherZeroCount, this.zeroCount, c.zeroCount);
      [this.zeroCount, c.zeroCount] = kahanInc(otherCZeroCount, this.zeroCount, c.zeroCount);
    }
    [this.count, c.count] = kahanInc(other.count, this.count, c.count);
    [this.sum, c.sum] = kahanInc(other.sum, this.sum, c.sum);

    if (this.usesCustomBuckets()) {
      if (customBucketBoundsMatch(this.customValues, other.customValues)) {
        const side = this.side(true, c.positiveBuckets);
        addBuckets(this.schema, this.zeroThreshold, false, side, other.positiveSpans, other.positiveBuckets, null);
      } else {
        nhcbBoundsReconciled = true;
        const bounds = intersectCustomBucketBounds(this.customValues, other.customValues);
        const r = addCustomBucketsWithMismatches(false, this.customSide(), other.customSide(), c.positiveBuckets, bounds);
        this.positiveSpans = r.spans;
        this.positiveBuckets = r.buckets;
        c.positiveBuckets = r.comp;
        this.customValues = bounds;
        c.customValues = bounds;
      }
      c.positiveSpans = this.positiveSpans;
      return { comp: c, counterResetCollision, nhcbBoundsReconciled };
    }

    type Merged = { spans: readonly Span[]; buckets: readonly number[]; comp: readonly number[] | null };
    let oPos: Merged = { spans: other.positiveSpans, buckets: other.positiveBuckets, comp: null };
    let oNeg: Merged = { spans: other.negativeSpans, buckets: other.negativeBuckets, comp: null };
    if (other.schema < this.schema) {
      const pos = reduceResolution(this.positiveSpans, this.positiveBuckets, c.positiveBuckets, this.schema, other.schema);
      const neg = reduceResolution(this.negativeSpans, this.negativeBuckets, c.negativeBuckets, this.schema, other.schema);
      this.positiveSpans = pos.spans;
      this.positiveBuckets = pos.buckets;
      c.positiveBuckets = pos.comp!;
      this.negativeSpans = neg.spans;
      this.negativeBuckets = neg.buckets;
      c.negativeBuckets = neg.comp!;
      this.schema = other.schema;
    } else if (other.schema > this.schema) {
      if (oPos.buckets.length > 0) oPos = reduceResolution(oPos.spans, oPos.buckets, new Array<number>(oPos.buckets.length).fill(0), other.schema, this.schema);
      if (oNeg.buckets.length > 0) oNeg = reduceResolution(oNeg.spans, oNeg.buckets, new Array<number>(oNeg.buckets.length).fill(0), other.schema, this.schema);
    }
    addBuckets(this.schema, this.zeroThreshold, false, this.side(true, c.positiveBuckets), oPos.spans, oPos.buckets, oPos.comp);
    addBuckets(this.schema, this.zeroThreshold, false, this.side(false, c.negativeBuckets), oNeg.spans, oNeg.buckets, oNeg.comp);
    c.schema = this.schema;
    c.zeroThreshold = this.zeroThreshold;
    c.positiveSpans = this.positiveSpans;
    c.negativeSpans = this.negativeSpans;
    return { comp: c, counterResetCollision, nhcbBoundsReconciled };
  }

  /**
   * Removes zero-length spans of the receiver (their offsets carried on), which describe no bucket.
   * Prometheus's bucket addition assumes there are none (a leading one makes it add into the wrong
   * bucket or panic); histograms that have none are not changed.
   */
  private dropEmptySpans(): void {
    for (const spans of [this.positiveSpans, this.negativeSpans]) {
      if (spans.every((s) => s.length > 0)) continue;
      let carry = 0;
      let n = 0;
      for (const s of spans) {
        if (s.length === 0) {
          carry += s.offset;
          continue;
        }
        spans[n++] = carry === 0 ? s : { offset: s.offset + carry, length: s.length };
        carry = 0;
      }
      spans.length = n;
    }
  }

  /** A compensation histogram for {@link kahanAdd}: this layout, zero counts, shared spans. */
  private newCompensationHistogram(): FloatHistogram {
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
   * Sets the hint for a sum or difference: equal hints stay, a gauge wins, then unknown; "reset"
   * with "not reset" is a collision (result unknown, returns true).
   */
  private adjustCounterReset(other: FloatHistogram): boolean {
    const a = this.counterResetHint;
    const b = other.counterResetHint;
    if (a === b || a === 'gauge') return false;
    if (b === 'gauge') {
      this.counterResetHint = 'gauge';
      return false;
    }
    if (a === 'unknown') return false;
    this.counterResetHint = 'unknown';
    return b !== 'unknown';
  }

  /** One side of this histogram for the span operations, with `comp` as its compensation. */
  private side(positive: boolean, comp: number[] | null): Side {
    return positive
      ? { spans: this.positiveSpans, buckets: this.positiveBuckets, comp }
      : { spans: this.negativeSpans, buckets: this.negativeBuckets, comp };
  }

  private customSide(): { spans: Span[]; buckets: number[]; bounds: number[] | undefined } {
    return { spans: this.positiveSpans, buckets: this.positiveBuckets, bounds: this.customValues };
  }

  /**
   * Whether `other` holds exactly the same data: counts, sum and buckets compared by bit pattern
   * (so NaN equals the same NaN), spans once zero-length spans are left out, custom bounds by
   * value; the hint is not compared (Prometheus's Equals).
   */
  equals(other: FloatHistogram | undefined | null): boolean {
    if (!other) return false;
    if (this.schema !== other.schema || !sameBits(this.count, other.count) || !sameBits(this.sum, other.sum)) return false;
    if (this.usesCustomBuckets() && !customBucketBoundsMatch(this.customValues, other.customValues)) return false;
    if (this.zeroThreshold !== other.zeroThreshold || !sameBits(this.zeroCount, other.zeroCount)) return false;
    return spansMatch(this.negativeSpans, other.negativeSpans) && bucketsMatch(this.negativeBuckets, other.negativeBuckets) &&
      spansMatch(this.positiveSpans, other.positiveSpans) && bucketsMatch(this.positiveBuckets, other.positiveBuckets);
  }

  /** Bytes Prometheus counts for this histogram on a 64-bit machine (its Size()). */
  size(): number {
    return 168 + 8 * (this.positiveSpans.length + this.negativeSpans.length + this.positiveBuckets.length +
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
    const pos = this.side(true, c ? c.positiveBuckets : null);
    compactBuckets(pos, maxEmptyBuckets);
    const neg = this.side(false, c ? c.negativeBuckets : null);
    compactBuckets(neg, maxEmptyBuckets);
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
  allBucketIterator(): BucketIterator {
    return new AllBucketIterator(this, new ReverseBucketIterator(this.bucketSide(false)), new ForwardBucketIterator(this.bucketSide(true)));
  }

  /** Every bucket in descending order: positive, zero (when populated), negative. */
  allReverseBucketIterator(): BucketIterator {
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

const bitsView = new DataView(new ArrayBuffer(16));

/** Whether two numbers have the same bit pattern (NaN payloads included). */
function sameBits(a: number, b: number): boolean {
  if (a === b) return a !== 0 || Object.is(a, b);
  if (a === a || b === b) return false;
  bitsView.setFloat64(0, a);
  bitsView.setFloat64(8, b);
  return bitsView.getBigUint64(0) === bitsView.getBigUint64(8);
}

function bucketsMatch(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameBits(a[i], b[i])) return false;
  return true;
}

/** Whether two span lists describe the same spans once zero-length spans are left out (their offsets carried on). */
function spansMatch(a: readonly Span[], b: readonly Span[]): boolean {
  const na = normalizeSpans(a);
  const nb = normalizeSpans(b);
  if (na.length !== nb.length) return false;
  for (let i = 0; i < na.length; i++) if (na[i].offset !== nb[i].offset || na[i].length !== nb[i].length) return false;
  return true;
}

function normalizeSpans(spans: readonly Span[]): Span[] {
  const out: Span[] = [];
  let carry = 0;
  for (const s of spans) {
    if (s.length === 0) {
      carry += s.offset;
      continue;
    }
    out.push({ offset: s.offset + carry, length: s.length });
    carry = 0;
  }
  return out;
}
