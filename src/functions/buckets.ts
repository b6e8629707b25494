// Quantile and fraction estimation over classic histogram buckets (Prometheus `BucketQuantile`,
// `BucketFraction`): sort by bound, merge equal bounds, force monotonic counts, interpolate.
import { almostEqual } from '../util/almost.js';
import { searchFirst } from '../util/search.js';

/** One classic bucket: its upper bound (`le`) and cumulative count. */
export interface Bucket {
  upper: number;
  count: number;
}

/** The result of bucketQuantile, with what had to be fixed to keep counts monotonic. */
export interface BucketQuantileResult {
  value: number;
  forced: boolean;
  minBucket: number;
  maxBucket: number;
  maxDiff: number;
}

const SMALL_DELTA = 1e-12;

/**
 * Buckets sorted by upper bound with equal bounds merged: the first `n` entries of `upper` and
 * `count`. Reused from step to step (no object per bucket).
 */
export class MergedBuckets {
  upper = new Float64Array(16);
  count = new Float64Array(16);
  n = 0;

  /** Empties the set. */
  clear(): void {
    this.n = 0;
  }

  /** Appends a bucket, bounds in ascending order: an equal bound adds its count to the last one. */
  push(upper: number, count: number): void {
    const n = this.n;
    if (n > 0 && upper === this.upper[n - 1]) {
      this.count[n - 1] += count;
      return;
    }
    if (n === this.upper.length) {
      const u = new Float64Array(2 * n);
      const c = new Float64Array(2 * n);
      u.set(this.upper);
      c.set(this.count);
      this.upper = u;
      this.count = c;
    }
    this.upper[n] = upper;
    this.count[n] = count;
    this.n = n + 1;
  }
}

/**
 * Sorts buckets by upper bound (stably: equal bounds keep their input order) and merges equal
 * bounds, summing their counts in that order.
 */
export function mergeBuckets(buckets: readonly Bucket[], into = new MergedBuckets()): MergedBuckets {
  const sorted = [...buckets].sort((a, b) => (a.upper < b.upper ? -1 : a.upper > b.upper ? 1 : 0));
  into.clear();
  for (const x of sorted) into.push(x.upper, x.count);
  return into;
}

/**
 * Makes counts non-decreasing: differences within a relative 1e-12 are silently flattened, real
 * decreases are flattened and reported (lowest and highest affected bound, largest decrease).
 */
function ensureMonotonic(b: MergedBuckets): Omit<BucketQuantileResult, 'value'> {
  const r = { forced: false, minBucket: Infinity, maxBucket: -Infinity, maxDiff: 0 };
  const counts = b.count;
  let prev = counts[0];
  for (let i = 1; i < b.n; i++) {
    const cur = counts[i];
    if (cur === prev) continue;
    if (almostEqual(prev, cur, SMALL_DELTA)) {
      counts[i] = prev;
      continue;
    }
    if (cur < prev) {
      counts[i] = prev;
      r.forced = true;
      r.minBucket = Math.min(r.minBucket, b.upper[i]);
      r.maxBucket = Math.max(r.maxBucket, b.upper[i]);
      r.maxDiff = Math.max(r.maxDiff, prev - cur);
      continue;
    }
    prev = cur;
  }
  return r;
}

/** The φ-quantile of a classic histogram (at least one bucket). */
export function bucketQuantile(q: number, input: readonly Bucket[]): BucketQuantileResult {
  return mergedQuantile(q, mergeBuckets(input));
}

/**
 * The φ-quantile of merged buckets (at least one); makes their counts monotonic in place.
 */
export function mergedQuantile(q: number, b: MergedBuckets): BucketQuantileResult {
  const none = { forced: false, minBucket: Infinity, maxBucket: -Infinity, maxDiff: 0 };
  if (Number.isNaN(q)) return { value: NaN, ...none };
  if (q < 0) return { value: -Infinity, ...none };
  if (q > 1) return { value: Infinity, ...none };
  const n = b.n;
  const upper = b.upper;
  const counts = b.count;
  if (upper[n - 1] !== Infinity) return { value: NaN, ...none };
  const fix = ensureMonotonic(b);
  if (n < 2) return { value: NaN, ...fix };
  const total = counts[n - 1];
  if (total === 0) return { value: NaN, ...fix };
  let rank = q * total;
  const i = searchFirst(n - 1, (k) => counts[k] >= rank);
  if (i === n - 1) return { value: upper[n - 2], ...fix };
  if (i === 0 && upper[0] <= 0) return { value: upper[0], ...fix };
  let start = 0;
  let count = counts[i];
  if (i > 0) {
    start = upper[i - 1];
    count -= counts[i - 1];
    rank -= counts[i - 1];
  }
  return { value: start + (upper[i] - start) * (rank / count), ...fix };
}

/** The fraction of observations between lower and upper, interpolating inside buckets. */
export function bucketFraction(lower: number, upper: number, input: readonly Bucket[]): number {
  return mergedFraction(lower, upper, mergeBuckets(input));
}

/** {@link bucketFraction} of merged buckets (at least one). */
export function mergedFraction(lower: number, upper: number, b: MergedBuckets): number {
  const n = b.n;
  const bounds = b.upper;
  const counts = b.count;
  if (bounds[n - 1] !== Infinity) return NaN;
  const count = counts[n - 1];
  if (count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return NaN;
  if (lower >= upper) return 0;
  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  // The first bucket starts at 0 when its bound is positive, at −Inf otherwise.
  let lowerBound = bounds[0] <= 0 ? -Infinity : 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) lowerBound = bounds[i - 1];
    const upperBound = bounds[i];
    // Buckets with an infinite bound contribute no interpolated share.
    const interpolate = (v: number) => (lowerBound === -Infinity ? counts[i] : rank + ((counts[i] - rank) * (v - lowerBound)) / (upperBound - lowerBound));
    if (!lowerSet && lowerBound >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && lowerBound >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    if (!lowerSet && lowerBound < lower && upperBound > lower) {
      lowerRank = interpolate(lower);
      lowerSet = true;
    }
    if (!upperSet && lowerBound < upper && upperBound > upper) {
      upperRank = interpolate(upper);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank = counts[i];
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return (upperRank - lowerRank) / count;
}
