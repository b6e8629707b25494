// Consistency checks of a histogram (Prometheus's FloatHistogram.Validate), with its wording.
import { formatFloatFixed6, formatFloatG } from '../util/go-format.js';
import { HistogramError } from './errors.js';
import type { FloatHistogram } from './float-histogram.js';
import { CUSTOM_BUCKETS_SCHEMA, EXPONENTIAL_SCHEMA_MAX, EXPONENTIAL_SCHEMA_MIN, isCustomBucketsSchema, isExponentialSchema, type Span } from './types.js';

const SPANS_MISMATCH = 'histogram spans specify different number of buckets than provided';
const NEGATIVE_OFFSET = 'histogram has a span whose offset is negative';
const NEGATIVE_BUCKET = 'histogram has a bucket whose observation count is negative';

function checkSpans(spans: readonly Span[], numBuckets: number, custom: boolean): HistogramError | undefined {
  let n = 0;
  for (let i = 0; i < spans.length; i++) {
    if ((custom || i > 0) && spans[i].offset < 0) {
      return new HistogramError('negative-span-offset', `span number ${i + 1} with offset ${spans[i].offset}: ${NEGATIVE_OFFSET}`);
    }
    n += spans[i].length;
  }
  if (n !== numBuckets) return new HistogramError('spans-buckets-mismatch', `spans need ${n} buckets, have ${numBuckets} buckets: ${SPANS_MISMATCH}`);
  return undefined;
}

function checkBuckets(buckets: readonly number[]): HistogramError | undefined {
  for (let i = 0; i < buckets.length; i++) {
    if (buckets[i] < 0) {
      return new HistogramError('negative-bucket-count', `bucket number ${i + 1} has observation count of ${formatFloatG(buckets[i])}: ${NEGATIVE_BUCKET}`);
    }
  }
  return undefined;
}

function checkCustomBounds(bounds: readonly number[], spans: readonly Span[], numBuckets: number): HistogramError | undefined {
  let prev = -Infinity;
  for (let i = 0; i < bounds.length; i++) {
    const curr = bounds[i];
    if (curr !== curr) return new HistogramError('custom-bounds', 'histogram custom bounds must not be NaN');
    if (i > 0 && curr <= prev) {
      return new HistogramError('custom-bounds', `previous bound is ${formatFloatFixed6(prev)} and current is ${formatFloatFixed6(curr)}: histogram custom bounds must be in strictly increasing order`);
    }
    prev = curr;
  }
  if (prev === Infinity) return new HistogramError('custom-bounds', 'last +Inf bound must not be explicitly defined: histogram custom bounds must be finite');
  const spanErr = checkSpans(spans, numBuckets, true);
  if (spanErr) return spanErr;
  const total = spans.reduce((t, s) => t + s.offset + s.length, 0);
  if (bounds.length + 1 < total) {
    return new HistogramError('custom-bounds', `only ${bounds.length} custom bounds defined which is insufficient to cover total span length of ${total}: histogram custom bounds are too few`);
  }
  return undefined;
}

/** The first inconsistency of `h` as a {@link HistogramError}, or undefined when there is none. */
export function validateHistogram(h: FloatHistogram): HistogramError | undefined {
  const wrap = (prefix: string, e: HistogramError | undefined) => (e ? new HistogramError(e.kind, `${prefix}: ${e.message}`) : undefined);
  if (isCustomBucketsSchema(h.schema)) {
    const e = wrap('custom buckets', checkCustomBounds(h.customValues ?? [], h.positiveSpans, h.positiveBuckets.length));
    if (e) return e;
    if (h.zeroCount !== 0) return new HistogramError('custom-buckets-fields', 'custom buckets: must have zero count of 0');
    if (h.zeroThreshold !== 0) return new HistogramError('custom-buckets-fields', 'custom buckets: must have zero threshold of 0');
    if (h.negativeSpans.length > 0) return new HistogramError('custom-buckets-fields', 'custom buckets: must not have negative spans');
    if (h.negativeBuckets.length > 0) return new HistogramError('custom-buckets-fields', 'custom buckets: must not have negative buckets');
  } else if (isExponentialSchema(h.schema)) {
    const e = wrap('positive side', checkSpans(h.positiveSpans, h.positiveBuckets.length, false)) ??
      wrap('negative side', checkSpans(h.negativeSpans, h.negativeBuckets.length, false)) ??
      wrap('negative side', checkBuckets(h.negativeBuckets));
    if (e) return e;
    if (h.zeroCount < 0) return new HistogramError('negative-bucket-count', `zero bucket has observation count of ${formatFloatG(h.zeroCount)}: ${NEGATIVE_BUCKET}`);
    if (h.customValues !== undefined) return new HistogramError('custom-buckets-fields', 'histogram with exponential schema must not have custom bounds');
  } else {
    return new HistogramError('invalid-schema', `histogram has an invalid schema, which must be between ${EXPONENTIAL_SCHEMA_MIN} and ${EXPONENTIAL_SCHEMA_MAX} for exponential buckets, or ${CUSTOM_BUCKETS_SCHEMA} for custom buckets, got schema ${h.schema}`);
  }
  if (h.count < 0) return new HistogramError('negative-count', `observation count is  ${formatFloatG(h.count)}: histogram's observation count is negative`);
  return wrap('positive side', checkBuckets(h.positiveBuckets));
}
