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

/** Sorts by upper bound and merges buckets with equal bounds (summing their counts). */
function sortAndMerge(buckets: Bucket[]): Bucket[] {
  const sorted = [...buckets].sort((a, b) => (a.upper < b.upper ? -1 : a.upper > b.upper ? 1 : 0));
  const out: Bucket[] = [{ ...sorted[0] }];
  for (let i = 1; i < sorted.length; i++) {
    const last = out[out.length - 1];
    if (sorted[i].upper === last.upper) last.count += sorted[i].count;
    else out.push({ ...sorted[i] });
  }
  return out;
}

/**
 * Makes counts non-decreasing: differences within a relative 1e-12 are silently flattened, real
 * decreases are flattened and reported (lowest and highest affected bound, largest decrease).
 */
function ensureMonotonic(b: Bucket[]): Omit<BucketQuantileResult, 'value'> {
  const r = { forced: false, minBucket: Infinity, maxBucket: -Infinity, maxDiff: 0 };
  let prev = b[0].count;
  for (let i = 1; i < b.length; i++) {
    const cur = b[i].count;
    if (cur === prev) continue;
    if (almostEqual(prev, cur, SMALL_DELTA)) {
      b[i].count = prev;
      continue;
    }
    if (cur < prev) {
      b[i].count = prev;
      r.forced = true;
      r.minBucket = Math.min(r.minBucket, b[i].upper);
      r.maxBucket = Math.max(r.maxBucket, b[i].upper);
      r.maxDiff = Math.max(r.maxDiff, prev - cur);
      continue;
    }
    prev = cur;
  }
  return r;
}

/** The φ-quantile of a classic histogram (at least one bucket). */
export function bucketQuantile(q: number, input: Bucket[]): BucketQuantileResult {
  const none = { forced: false, minBucket: Infinity, maxBucket: -Infinity, maxDiff: 0 };
  if (Number.isNaN(q)) return { value: NaN, ...none };
  if (q < 0) return { value: -Infinity, ...none };
  if (q > 1) return { value: Infinity, ...none };
  const b = sortAndMerge(input);
  if (b[b.length - 1].upper !== Infinity) return { value: NaN, ...none };
  const fix = ensureMonotonic(b);
  if (b.length < 2) return { value: NaN, ...fix };
  const total = b[b.length - 1].count;
  if (total === 0) return { value: NaN, ...fix };
  let rank = q * total;
  const i = searchFirst(b.length - 1, (k) => b[k].count >= rank);
  if (i === b.length - 1) return { value: b[b.length - 2].upper, ...fix };
  if (i === 0 && b[0].upper <= 0) return { value: b[0].upper, ...fix };
  let start = 0;
  let count = b[i].count;
  if (i > 0) {
    start = b[i - 1].upper;
    count -= b[i - 1].count;
    rank -= b[i - 1].count;
  }
  return { value: start + (b[i].upper - start) * (rank / count), ...fix };
}

/** The fraction of observations between lower and upper, interpolating inside buckets. */
export function bucketFraction(lower: number, upper: number, input: Bucket[]): number {
  const b = sortAndMerge(input);
  if (b[b.length - 1].upper !== Infinity) return NaN;
  const count = b[b.length - 1].count;
  if (count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return NaN;
  if (lower >= upper) return 0;
  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  // The first bucket starts at 0 when its bound is positive, at −Inf otherwise.
  let lowerBound = b[0].upper <= 0 ? -Infinity : 0;
  for (let i = 0; i < b.length; i++) {
    if (i > 0) lowerBound = b[i - 1].upper;
    const upperBound = b[i].upper;
    // Buckets with an infinite bound contribute no interpolated share.
    const interpolate = (v: number) => (lowerBound === -Infinity ? b[i].count : rank + ((b[i].count - rank) * (v - lowerBound)) / (upperBound - lowerBound));
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
    rank = b[i].count;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return (upperRank - lowerRank) / count;
}
