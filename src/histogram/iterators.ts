// Bucket iterators over a histogram's spans: forward (optionally merging into a lower schema and
// skipping buckets inside a zero threshold), reverse, and across negative, zero and positive buckets.
import { getBound, getBoundExponential, targetIdx, type Bucket } from './bounds.js';
import { HistogramError } from './errors.js';
import { isCustomBucketsSchema, isExponentialSchema, type Span } from './types.js';

/**
 * An iterator over buckets. It is its own iterable and has no `return()`, so leaving a `for…of`
 * early does not close it: iteration can go on where it stopped. `advance()` and `at()` are the
 * allocation-free form (`at()` only after `advance()` returned true).
 */
export interface BucketIterator extends IterableIterator<Bucket> {
  /** Moves to the next bucket; false when there is none. */
  advance(): boolean;
  /** The current bucket. */
  at(): Bucket;
}

/** The span and bucket arrays one iterator walks. */
export interface BucketSide {
  spans: readonly Span[];
  buckets: readonly number[];
  schema: number;
  positive: boolean;
  customValues: readonly number[] | undefined;
}

abstract class BaseIterator implements BucketIterator {
  protected spansIdx = 0;
  protected bucketsIdx = 0;
  /** Current bucket's count and index (read without computing bounds by reset detection). */
  currCount = 0;
  currIdx = 0;

  constructor(protected readonly side: BucketSide) {}

  abstract advance(): boolean;

  at(): Bucket {
    return this.bucketAt(this.side.schema);
  }

  protected bucketAt(schema: number): Bucket {
    return this.bucketOf(this.currIdx, this.currCount, schema);
  }

  /** The bucket of index `idx` holding `count`, on this iterator's side, in `schema`. */
  bucketOf(idx: number, count: number, schema: number = this.side.schema): Bucket {
    const { positive, customValues } = this.side;
    let lower: number;
    let upper: number;
    if (positive) {
      upper = getBound(idx, schema, customValues);
      lower = getBound(idx - 1, schema, customValues);
    } else {
      lower = -getBound(idx, schema, customValues);
      upper = -getBound(idx - 1, schema, customValues);
    }
    const custom = isCustomBucketsSchema(schema);
    return {
      lower,
      upper,
      lowerInclusive: custom ? idx === 0 : lower < 0,
      upperInclusive: custom ? true : upper > 0,
      count,
      index: idx,
    };
  }

  next(): IteratorResult<Bucket> {
    return this.advance() ? { done: false, value: this.at() } : { done: true, value: undefined };
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/**
 * Forward iteration (positive buckets upwards, negative buckets downwards from zero), merging
 * buckets into `targetSchema` (≤ the side's schema) and, for exponential schemas, skipping buckets
 * whose upper bound (in absolute value) is ≤ `absoluteStartValue` (Prometheus's floatBucketIterator).
 */
export class ForwardBucketIterator extends BaseIterator {
  private idxInSpan = 0;
  private origIdx = 0;
  private boundReachedStartValue: boolean;

  constructor(side: BucketSide, private readonly targetSchema: number = side.schema, private readonly absoluteStartValue = 0) {
    super(side);
    const custom = isCustomBucketsSchema(side.schema);
    if (custom && targetSchema !== side.schema) {
      throw new HistogramError('schema-change', 'cannot merge from custom buckets schema to exponential schema');
    }
    if (!custom && isCustomBucketsSchema(targetSchema)) {
      throw new HistogramError('schema-change', 'cannot merge from exponential buckets schema to custom schema');
    }
    if (targetSchema > side.schema) {
      throw new HistogramError('schema-change', `cannot merge from schema ${side.schema} to ${targetSchema}`);
    }
    this.boundReachedStartValue = absoluteStartValue === 0;
  }

  override at(): Bucket {
    return this.bucketAt(this.targetSchema);
  }

  advance(): boolean {
    for (;;) {
      if (!this.step()) return false;
      if (!this.boundReachedStartValue && isExponentialSchema(this.targetSchema) &&
          getBoundExponential(this.currIdx, this.targetSchema) <= this.absoluteStartValue) continue;
      this.boundReachedStartValue = true;
      return true;
    }
  }

  private step(): boolean {
    const { spans, buckets, schema } = this.side;
    if (this.spansIdx >= spans.length) return false;
    let span = spans[this.spansIdx];
    if (schema === this.targetSchema) {
      if (this.bucketsIdx === 0) this.currIdx = span.offset;
      else this.currIdx++;
      if (this.bucketsIdx >= buckets.length) return false;
      while (this.idxInSpan >= span.length) {
        // The current span is used up (spans of length 0 included).
        this.idxInSpan = 0;
        this.spansIdx++;
        if (this.spansIdx >= spans.length) return false;
        span = spans[this.spansIdx];
        this.currIdx += span.offset;
      }
      this.currCount = buckets[this.bucketsIdx];
      this.idxInSpan++;
      this.bucketsIdx++;
      return true;
    }
    // Merge every bucket of the original schema that falls into one bucket of the target schema,
    // looking one bucket ahead and keeping the position only when that bucket was merged.
    let { origIdx, spansIdx, idxInSpan } = this;
    let firstPass = true;
    this.currCount = 0;
    for (;;) {
      if (this.bucketsIdx === 0) origIdx = span.offset;
      else origIdx++;
      if (this.bucketsIdx >= buckets.length) {
        if (firstPass) return false;
        break;
      }
      let ended = false;
      while (idxInSpan >= span.length) {
        idxInSpan = 0;
        spansIdx++;
        if (spansIdx >= spans.length) {
          ended = true;
          break;
        }
        span = spans[spansIdx];
        origIdx += span.offset;
      }
      if (ended) {
        if (firstPass) return false;
        break;
      }
      const idx = targetIdx(origIdx, schema, this.targetSchema);
      if (firstPass) {
        this.currIdx = idx;
        firstPass = false;
      } else if (idx !== this.currIdx) {
        break;
      }
      this.currCount += buckets[this.bucketsIdx];
      idxInSpan++;
      this.bucketsIdx++;
      this.origIdx = origIdx;
      this.spansIdx = spansIdx;
      this.idxInSpan = idxInSpan;
    }
    return true;
  }
}

/** Reverse iteration (positive buckets downwards to zero, negative buckets upwards to zero). */
export class ReverseBucketIterator extends BaseIterator {
  private idxInSpan: number;

  constructor(side: BucketSide) {
    super(side);
    this.spansIdx = side.spans.length - 1;
    this.bucketsIdx = side.buckets.length - 1;
    this.idxInSpan = this.spansIdx >= 0 ? side.spans[this.spansIdx].length - 1 : 0;
    this.currIdx = 0;
    for (const s of side.spans) this.currIdx += s.offset + s.length;
  }

  advance(): boolean {
    const { spans, buckets } = this.side;
    this.currIdx--;
    if (this.bucketsIdx < 0) return false;
    while (this.idxInSpan < 0) {
      this.spansIdx--;
      if (this.spansIdx < 0) return false;
      this.idxInSpan = spans[this.spansIdx].length - 1;
      this.currIdx -= spans[this.spansIdx + 1].offset;
    }
    this.currCount = buckets[this.bucketsIdx];
    this.bucketsIdx--;
    this.idxInSpan--;
    return true;
  }
}

/** What {@link AllBucketIterator} needs of the histogram besides its two sides. */
export interface ZeroBucketSource {
  zeroThreshold: number;
  zeroCount: number;
  zeroBucket(): Bucket;
}

/**
 * Every bucket in order: the `left` side reversed, then the zero bucket (only when populated), then
 * the `right` side forward. Buckets reaching into the zero bucket get the zero threshold as bound.
 */
export class AllBucketIterator implements BucketIterator {
  private state: -1 | 0 | 1 | 2 = -1;
  /** Where the current bucket is: the left side (−1), the zero bucket (0), the right side (1). */
  private at_: -1 | 0 | 1 = 0;
  private idx = 0;
  /** The current bucket's count (read without building the bucket, whose bounds cost more). */
  currCount = 0;
  private current: Bucket | undefined;

  constructor(private readonly h: ZeroBucketSource, private readonly left: ReverseBucketIterator, private readonly right: ForwardBucketIterator) {}

  advance(): boolean {
    for (;;) {
      switch (this.state) {
        case -1:
          if (this.left.advance()) {
            this.move(-1, this.left.currIdx, this.left.currCount);
            return true;
          }
          this.state = 0;
          break;
        case 0:
          this.state = 1;
          if (this.h.zeroCount > 0) {
            this.move(0, 0, this.h.zeroCount);
            return true;
          }
          break;
        case 1:
          if (this.right.advance()) {
            this.move(1, this.right.currIdx, this.right.currCount);
            return true;
          }
          this.state = 2;
          return false;
        default:
          return false;
      }
    }
  }

  private move(where: -1 | 0 | 1, idx: number, count: number): void {
    this.at_ = where;
    this.idx = idx;
    this.currCount = count;
    this.current = undefined;
  }

  private clip(b: Bucket): Bucket {
    const t = this.h.zeroThreshold;
    if (b.upper < 0 && b.upper > -t) b.upper = -t;
    else if (b.lower > 0 && b.lower < t) b.lower = t;
    return b;
  }

  /** The current bucket (built when first asked for; after the end, still the last one). */
  at(): Bucket {
    if (this.current === undefined) {
      this.current = this.at_ === 0 ? this.h.zeroBucket()
        : this.clip(this.at_ < 0 ? this.left.bucketOf(this.idx, this.currCount) : this.right.bucketOf(this.idx, this.currCount));
    }
    return this.current;
  }

  next(): IteratorResult<Bucket> {
    return this.advance() ? { done: false, value: this.at() } : { done: true, value: undefined };
  }

  [Symbol.iterator](): this {
    return this;
  }
}
