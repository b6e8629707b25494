// Bucket indexes of one side's spans, for the dense (index-addressed) histogram arithmetic.
import type { Span } from './types.js';

/** The lowest and highest bucket index of spans (hi < lo when there is no bucket). */
export function indexRange(spans: readonly Span[]): [number, number] {
  let idx = 0;
  let lo = 0;
  let hi = -1;
  let first = true;
  for (const s of spans) {
    idx += s.offset;
    if (s.length === 0) continue;
    if (first) lo = idx;
    first = false;
    idx += s.length;
    hi = idx - 1;
  }
  return first ? [0, -1] : [lo, hi];
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
