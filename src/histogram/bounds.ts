// Bucket bounds of native histograms: the exponential schemas' boundaries and the custom bounds of
// NHCB histograms; bucket index arithmetic between schemas.
import { goLog2, ldexp } from '../util/go-math.js';
import { HistogramError } from './errors.js';
import { SCHEMA8_FRACTIONS } from './exponential-bounds.js';
import { isCustomBucketsSchema } from './types.js';

/**
 * One bucket of a histogram: its bounds, whether each bound belongs to the bucket, its count and
 * its index within the schema (irrelevant for the zero bucket).
 */
export interface Bucket {
  lower: number;
  upper: number;
  lowerInclusive: boolean;
  upperInclusive: boolean;
  count: number;
  index: number;
}

/**
 * The fraction of bucket `b`'s width at or below `v` (b.lower < v < b.upper, finite bounds):
 * linear, or on a log2 scale for exponential buckets, mirrored for negative ones (Bucket.FractionBelow).
 */
export function fractionBelow(b: Bucket, v: number, linear: boolean): number {
  if (linear) return (v - b.lower) / (b.upper - b.lower);
  const logLower = goLog2(Math.abs(b.lower));
  const logUpper = goLog2(Math.abs(b.upper));
  const logV = goLog2(Math.abs(v));
  if (v > 0) return (logV - logLower) / (logUpper - logLower);
  return 1 - ((logV - logUpper) / (logLower - logUpper));
}

const fractionTables: Float64Array[] = [];

/**
 * The boundaries within [0.5, 1) of exponential schema `schema` (0…8): entry i is 2^(i/2^schema)/2
 * as Prometheus's table holds it.
 */
export function exponentialFractions(schema: number): Float64Array {
  let t = fractionTables[schema];
  if (t === undefined) {
    const n = 2 ** schema;
    const stride = 256 / n;
    t = new Float64Array(n);
    for (let j = 0; j < n; j++) t[j] = SCHEMA8_FRACTIONS[j * stride];
    fractionTables[schema] = t;
  }
  return t;
}

/**
 * The upper bound of bucket `idx` of an exponential schema (the lower bound is the bound of
 * `idx − 1`). Prometheus compatibility: the last finite bucket's bound is Number.MAX_VALUE rather
 * than +Inf, so that the next bucket is the one counting ±Inf observations.
 */
export function getBoundExponential(idx: number, schema: number): number {
  if (schema < 0) {
    const exp = idx * 2 ** -schema;
    if (exp === 1024) return Number.MAX_VALUE;
    return ldexp(1, exp);
  }
  const frac = exponentialFractions(schema)[idx & ((1 << schema) - 1)];
  const exp = (idx >> schema) + 1;
  if (frac === 0.5 && exp === 1025) return Number.MAX_VALUE;
  return ldexp(frac, exp);
}

/** The upper bound of bucket `idx` in `schema`; for custom buckets −1 gives −Inf and `customValues.length` +Inf. */
export function getBound(idx: number, schema: number, customValues: readonly number[] | undefined): number {
  if (isCustomBucketsSchema(schema)) {
    const length = customValues?.length ?? 0;
    if (idx > length || idx < -1) {
      throw new HistogramError('custom-bounds', `index ${idx} out of bounds for custom bounds of length ${length}`);
    }
    if (idx === length) return Infinity;
    if (idx === -1) return -Infinity;
    return customValues![idx];
  }
  return getBoundExponential(idx, schema);
}

/** The index in `targetSchema` (≤ `originSchema`) of the bucket holding bucket `idx` of `originSchema`. */
export function targetIdx(idx: number, originSchema: number, targetSchema: number): number {
  return Math.floor((idx - 1) / 2 ** (originSchema - targetSchema)) + 1;
}

/** Whether two custom-bound lists are equal value by value. */
export function customBucketBoundsMatch(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  const la = a?.length ?? 0;
  if (la !== (b?.length ?? 0)) return false;
  for (let i = 0; i < la; i++) if (a![i] !== b![i]) return false;
  return true;
}

/** The bounds two custom-bound lists have in common (Prometheus's intersectCustomBucketBounds); undefined when none. */
export function intersectCustomBucketBounds(a: readonly number[] | undefined, b: readonly number[] | undefined): number[] | undefined {
  if (!a || !b || a.length === 0 || b.length === 0) return undefined;
  let result: number[] | undefined;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      (result ??= []).push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return result;
}
