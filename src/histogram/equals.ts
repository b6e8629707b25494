// Data equality of two histograms as Prometheus's Equals decides it: numbers by bit pattern,
// spans by the buckets they describe once zero-length spans are left out.
import { customBucketBoundsMatch } from './bounds.js';
import type { FloatHistogram } from './float-histogram.js';
import type { Span } from './types.js';

/** Whether `b` holds exactly the data of `a`: see {@link FloatHistogram.equals}. */
export function histogramsEqual(a: FloatHistogram, b: FloatHistogram | undefined | null): boolean {
  if (!b) return false;
  if (a.schema !== b.schema || !sameBits(a.count, b.count) || !sameBits(a.sum, b.sum)) return false;
  if (a.usesCustomBuckets() && !customBucketBoundsMatch(a.customValues, b.customValues)) return false;
  if (a.zeroThreshold !== b.zeroThreshold || !sameBits(a.zeroCount, b.zeroCount)) return false;
  return spansMatch(a.negativeSpans, b.negativeSpans) && bucketsMatch(a.negativeBuckets, b.negativeBuckets) &&
    spansMatch(a.positiveSpans, b.positiveSpans) && bucketsMatch(a.positiveBuckets, b.positiveBuckets);
}

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
