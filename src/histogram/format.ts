// Prometheus's String() of a FloatHistogram and of a Bucket: `{count:4, sum:10, [-1,-0.5):1, …}`,
// only populated buckets, in ascending order.
import { formatFloatG } from '../util/go-format.js';
import type { Bucket } from './bounds.js';
import type { FloatHistogram } from './float-histogram.js';

/** A bucket as `[lower,upper):count`, brackets for inclusive bounds, parentheses for exclusive. */
export function formatBucket(b: Bucket): string {
  return `${b.lowerInclusive ? '[' : '('}${formatFloatG(b.lower)},${formatFloatG(b.upper)}${b.upperInclusive ? ']' : ')'}:${formatFloatG(b.count)}`;
}

/** The histogram as Prometheus's String() prints it. */
export function formatHistogram(h: FloatHistogram): string {
  const parts = [`{count:${formatFloatG(h.count)}, sum:${formatFloatG(h.sum)}`];
  const negative: string[] = [];
  for (const b of h.negativeBucketIterator()) if (b.count !== 0) negative.push(formatBucket(b));
  parts.push(...negative.reverse());
  if (h.zeroCount !== 0) parts.push(formatBucket(h.zeroBucket()));
  for (const b of h.positiveBucketIterator()) if (b.count !== 0) parts.push(formatBucket(b));
  return `${parts.join(', ')}}`;
}
