// Bucket indexes of one side's spans, for the dense (index-addressed) histogram arithmetic.
import type { Span } from './types.js';

/** The lowest bucket index of spans (0 when there is no bucket; see {@link highestIndex}). */
export function lowestIndex(spans: readonly Span[]): number {
  let idx = 0;
  for (let i = 0; i < spans.length; i++) {
    idx += spans[i].offset;
    if (spans[i].length > 0) return idx;
  }
  return 0;
}

/**
 * The highest bucket index of spans, below {@link lowestIndex} (−1) when there is no bucket. Two
 * numbers rather than one pair: the dense sums ask once per histogram added.
 */
export function highestIndex(spans: readonly Span[]): number {
  let idx = 0;
  let hi = -1;
  for (let i = 0; i < spans.length; i++) {
    idx += spans[i].offset;
    if (spans[i].length === 0) continue;
    idx += spans[i].length;
    hi = idx - 1;
  }
  return hi;
}

/** Whether spans describe `n` buckets in increasing index order (offsets after the first ≥ 0). */
export function orderedSpans(spans: readonly Span[], n: number): boolean {
  let total = 0;
  for (let i = 0; i < spans.length; i++) {
    if (spans[i].length < 0 || (i > 0 && spans[i].offset < 0)) return false;
    total += spans[i].length;
  }
  return total === n;
}
