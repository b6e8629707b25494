// Comparing an expected native histogram with a result, as Prometheus's test runner does
// (`compareNativeHistogram`): compacted, counts almost equal, layout exact, hint only if stated.
import type { FloatHistogram } from '../histogram/float-histogram.js';
import type { Span } from '../histogram/types.js';
import { almostEqual } from '../util/almost.js';

/** Spans equal once zero-length spans are folded into the next (Prometheus's `spansMatch`). */
function spansMatch(a: readonly Span[], b: readonly Span[]): boolean {
  const fold = (s: readonly Span[]): Span[] => {
    const out: Span[] = [];
    let carry = 0;
    for (const x of s) {
      if (x.length === 0) carry += x.offset;
      else {
        out.push({ offset: x.offset + carry, length: x.length });
        carry = 0;
      }
    }
    return out;
  };
  const x = fold(a);
  const y = fold(b);
  return x.length === y.length && x.every((s, i) => s.offset === y[i].offset && s.length === y[i].length);
}

function bucketsMatch(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => almostEqual(v, b[i]));
}

function boundsMatch(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Whether `actual` matches `expected` as Prometheus's runner decides: both compacted
 * (`compact(0)`, on copies), then equal schema, almost-equal (ε = 1e-6) count, sum, zero count
 * and bucket counts, an identical zero threshold, custom bounds and spans (zero-length spans
 * ignored), and the counter-reset hint only when `hintSet` (the expected literal stated it).
 */
export function histogramsMatch(expected: FloatHistogram, actual: FloatHistogram, hintSet: boolean): boolean {
  const e = expected.copy().compact(0);
  const a = actual.copy().compact(0);
  if (e.schema !== a.schema || !almostEqual(e.count, a.count) || !almostEqual(e.sum, a.sum)) return false;
  if (e.usesCustomBuckets() && !boundsMatch(e.customValues, a.customValues)) return false;
  if (e.zeroThreshold !== a.zeroThreshold || !almostEqual(e.zeroCount, a.zeroCount)) return false;
  if (!spansMatch(e.negativeSpans, a.negativeSpans) || !bucketsMatch(e.negativeBuckets, a.negativeBuckets)) return false;
  if (!spansMatch(e.positiveSpans, a.positiveSpans) || !bucketsMatch(e.positiveBuckets, a.positiveBuckets)) return false;
  return !hintSet || e.counterResetHint === a.counterResetHint;
}
