// Operations on one side's spans and absolute bucket counts: adding another side's buckets into
// them, compaction, and merging into a lower schema — each optionally carrying Kahan compensation
// buckets alongside. Arrays passed as the receiving side are changed in place.
import { kahanComp, kahanInc } from '../util/kahan.js';
import { getBoundExponential, targetIdx } from './bounds.js';
import { HistogramError } from './errors.js';
import { isExponentialSchema, type Span } from './types.js';

/** Buckets and their compensation terms on the receiving side (compensation `null` for plain sums). */
export interface Side {
  spans: Span[];
  buckets: number[];
  comp: number[] | null;
}

/**
 * Adds (or with `negate` subtracts) the buckets of `spansB`/`bucketsB` into `a`, inserting the
 * buckets `a` lacks; buckets of B whose absolute upper bound is ≤ `threshold` (exponential schemas)
 * are skipped, as they are already part of the zero bucket. With `a.comp` the sums are Kahan sums
 * and `compB` holds B's own compensation terms (Prometheus's addBuckets / kahanAddBuckets).
 */
export function addBuckets(
  schema: number, threshold: number, negate: boolean, a: Side,
  spansB: readonly Span[], bucketsB: readonly number[], compB: readonly number[] | null,
): void {
  // B without a bucket places nothing: return before the walk's closures are made (this runs for
  // every side of every addition, and statistics-only histograms have no buckets at all).
  if (noBuckets(spansB)) return;
  const { spans, buckets, comp } = a;
  let iSpan = -1;
  let iBucket = -1;
  let iInSpan = 0;
  let indexA = 0;
  let indexB = 0;
  let bIdxB = 0;
  let lowerThanThreshold = true;
  const exponential = isExponentialSchema(schema);

  const addAt = (i: number, v: number, c: number): void => {
    if (comp === null) {
      buckets[i] += v;
      return;
    }
    // kahanInc without its tuple: this runs for every bucket of every series `sum` adds.
    comp[i] = kahanComp(v, buckets[i], comp[i]);
    buckets[i] += v;
    if (c !== 0) {
      comp[i] = kahanComp(c, buckets[i], comp[i]);
      buckets[i] += c;
    }
  };
  const insertAt = (i: number, v: number, c: number): void => {
    buckets.splice(i, 0, v);
    comp?.splice(i, 0, c);
  };

  // Fast path, the common case (samples of one series share their layout): every bucket of B
  // has its place in A, so the walk below would add bucket i to bucket i.
  if (spansB.length > 0 && sameSpans(spans, spansB) && !(exponential && getBoundExponential(spansB[0].offset, schema) <= threshold)) {
    for (let i = 0; i < bucketsB.length; i++) {
      const v = negate ? -bucketsB[i] : bucketsB[i];
      const c = compB === null ? 0 : negate ? -compB[i] : compB[i];
      addAt(i, v, c);
    }
    return;
  }
  // B's buckets all among A's (the newer sample of a window has every bucket the older has):
  // added in place as the walk would, without its closures.
  if (addIntoPresent(schema, threshold, exponential, negate, a, spansB, bucketsB, compB, false)) {
    addIntoPresent(schema, threshold, exponential, negate, a, spansB, bucketsB, compB, true);
    return;
  }

  const place = (v: number, c: number): void => {
    if (iSpan === -1) {
      if (spans.length === 0 || spans[0].offset > indexB) {
        // The bucket goes before all others.
        insertAt(0, v, c);
        if (spans.length > 0 && spans[0].offset === indexB + 1) {
          spans[0] = { offset: spans[0].offset - 1, length: spans[0].length + 1 };
          return;
        }
        spans.unshift({ offset: indexB, length: 1 });
        if (spans.length > 1) spans[1] = { offset: spans[1].offset - (indexB + 1), length: spans[1].length };
        return;
      }
      if (spans[0].offset === indexB) {
        addAt(0, v, c);
        return;
      }
      iSpan = 0;
      iBucket = 0;
      iInSpan = 0;
      indexA = spans[0].offset;
    }
    let deltaIndex = indexB - indexA;
    for (;;) {
      const remainingInSpan = spans[iSpan].length - iInSpan;
      if (deltaIndex < remainingInSpan) {
        iBucket += deltaIndex;
        iInSpan += deltaIndex;
        addAt(iBucket, v, c);
        return;
      }
      deltaIndex -= remainingInSpan;
      iBucket += remainingInSpan;
      iSpan++;
      if (iSpan === spans.length || deltaIndex < spans[iSpan].offset) {
        // The bucket falls into the gap after the previous span (or after the last one).
        insertAt(iBucket, v, c);
        if (deltaIndex === 0) {
          // Right after the previous span: extend it.
          if (iSpan < spans.length) spans[iSpan] = { offset: spans[iSpan].offset - 1, length: spans[iSpan].length };
          iSpan--;
          iInSpan = spans[iSpan].length;
          spans[iSpan] = { offset: spans[iSpan].offset, length: spans[iSpan].length + 1 };
        } else if (iSpan < spans.length && deltaIndex === spans[iSpan].offset - 1) {
          // Right before the next span: extend that one.
          iInSpan = 0;
          spans[iSpan] = { offset: spans[iSpan].offset - 1, length: spans[iSpan].length + 1 };
        } else {
          iInSpan = 0;
          if (iSpan < spans.length) spans[iSpan] = { offset: spans[iSpan].offset - (deltaIndex + 1), length: spans[iSpan].length };
          spans.splice(iSpan, 0, { offset: deltaIndex, length: 1 });
        }
        return;
      }
      deltaIndex -= spans[iSpan].offset;
      iInSpan = 0;
    }
  };

  for (const spanB of spansB) {
    indexB += spanB.offset;
    for (let j = 0; j < spanB.length; j++) {
      if (!(lowerThanThreshold && exponential && getBoundExponential(indexB, schema) <= threshold)) {
        lowerThanThreshold = false;
        let v = bucketsB[bIdxB];
        let c = compB !== null ? compB[bIdxB] : 0;
        if (negate) {
          v *= -1;
          c *= -1;
        }
        place(v, c);
      }
      indexA = indexB;
      indexB++;
      bIdxB++;
    }
  }
}

/**
 * With `apply` false, whether every bucket of B that the walk of {@link addBuckets} would place
 * (those past the ones inside the zero bucket) is a bucket of A, both sides well-formed (A without
 * zero-length spans, offsets after the first ≥ 0, span lengths adding up to the buckets); with
 * `apply` true, adds them into A as that walk does (Kahan-compensated with `a.comp`).
 */
function addIntoPresent(
  schema: number, threshold: number, exponential: boolean, negate: boolean, a: Side,
  spansB: readonly Span[], bucketsB: readonly number[], compB: readonly number[] | null, apply: boolean,
): boolean {
  const { spans, buckets, comp } = a;
  if (!apply) {
    let total = 0;
    for (let i = 0; i < spans.length; i++) {
      if (spans[i].length <= 0 || (i > 0 && spans[i].offset < 0)) return false;
      total += spans[i].length;
    }
    if (total !== buckets.length || (comp !== null && comp.length !== buckets.length)) return false;
    total = 0;
    for (let i = 0; i < spansB.length; i++) {
      if (spansB[i].length < 0 || (i > 0 && spansB[i].offset < 0)) return false;
      total += spansB[i].length;
    }
    if (total !== bucketsB.length || (compB !== null && compB.length !== bucketsB.length)) return false;
  }
  let sa = 0;
  let ka = 0;
  let ia = spans.length > 0 ? spans[0].offset : 0;
  let endA = spans.length > 0 ? ia + spans[0].length : 0;
  let lowerThanThreshold = true;
  let ib = 0;
  let kb = 0;
  for (let s = 0; s < spansB.length; s++) {
    ib += spansB[s].offset;
    for (let j = 0; j < spansB[s].length; j++, ib++, kb++) {
      if (lowerThanThreshold && exponential && getBoundExponential(ib, schema) <= threshold) continue;
      lowerThanThreshold = false;
      // A's cursor to the first bucket at or past ib.
      while (sa < spans.length && ib >= endA) {
        ka += endA - ia;
        sa++;
        if (sa < spans.length) {
          ia = endA + spans[sa].offset;
          endA = ia + spans[sa].length;
        }
      }
      if (sa === spans.length || ib < ia) return false;
      if (!apply) continue;
      const i = ka + (ib - ia);
      const v = negate ? -bucketsB[kb] : bucketsB[kb];
      if (comp === null) {
        buckets[i] += v;
        continue;
      }
      const c0 = compB !== null ? compB[kb] : 0;
      const c = negate ? -c0 : c0;
      comp[i] = kahanComp(v, buckets[i], comp[i]);
      buckets[i] += v;
      if (c !== 0) {
        comp[i] = kahanComp(c, buckets[i], comp[i]);
        buckets[i] += c;
      }
    }
  }
  return true;
}

/** Whether the spans describe no bucket (none, or only zero-length ones). */
function noBuckets(spans: readonly Span[]): boolean {
  for (let i = 0; i < spans.length; i++) if (spans[i].length !== 0) return false;
  return true;
}

/**
 * Compacts one side in place: removes empty buckets at the start and end of spans and runs of more
 * than `maxEmptyBuckets` empty buckets inside them, drops empty and zero-length spans, then joins
 * spans at most `maxEmptyBuckets` apart (Prometheus's compactBuckets for absolute counts). A bucket
 * counts as empty only when its compensation term is zero too.
 */
export function compactBuckets(side: Side, maxEmptyBuckets: number): void {
  const { spans, buckets, comp } = side;
  if (!buckets.includes(0) && spans.every((s) => s.offset > maxEmptyBuckets && s.length !== 0)) return;
  if (maxEmptyBuckets === 0 && compactToRuns(side)) return;

  let iSpan = 0;
  if (spans.length > 1) {
    // Join spans with offset 0 to their predecessor.
    for (let i = 1; i < spans.length; i++) {
      const span = spans[i];
      if (span.offset === 0) {
        spans[iSpan] = { offset: spans[iSpan].offset, length: spans[iSpan].length + span.length };
        continue;
      }
      iSpan++;
      if (i !== iSpan) spans[iSpan] = span;
    }
    spans.length = iSpan + 1;
    iSpan = 0;
  }
  // Drop zero-length spans, passing their offset on.
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    if (span.length === 0) {
      if (i + 1 < spans.length) spans[i + 1] = { offset: spans[i + 1].offset + span.offset, length: spans[i + 1].length };
      continue;
    }
    if (i !== iSpan) spans[iSpan] = span;
    iSpan++;
  }
  spans.length = iSpan;
  iSpan = 0;
  if (spans.length === 0) {
    buckets.length = 0;
    if (comp) comp.length = 0;
    return;
  }

  // Empty buckets are removed without splicing: buckets before iBucket are final, and the
  // logical bucket j ≥ iBucket is the stored buckets[j + removed]; the tail is cut at the end.
  let removed = 0;
  let iBucket = 0;
  let posInSpan = 0;
  while (iBucket < buckets.length - removed && iSpan < spans.length) {
    // The run of empty buckets starting here, within the span (inlined: closures over these
    // counters made this loop several times slower).
    let nEmpty = 0;
    {
      const spanRest = spans[iSpan].length - posInSpan;
      let r = iBucket + removed;
      while (nEmpty < spanRest && buckets[r] === 0 && (comp === null || comp[r] === 0)) {
        nEmpty++;
        r++;
        if (r >= buckets.length) break;
      }
    }
    if (nEmpty > 0) {
      if (posInSpan > 0 && nEmpty < spans[iSpan].length - posInSpan && nEmpty <= maxEmptyBuckets) {
        // Few enough empty buckets inside a span: keep them.
        iBucket = keepBuckets(buckets, comp, iBucket, nEmpty, removed);
        posInSpan += nEmpty;
        continue;
      }
      removed += nEmpty;
      if (posInSpan === 0) {
        if (nEmpty === spans[iSpan].length) {
          // The whole span is empty.
          const offset = spans[iSpan].offset;
          spans.splice(iSpan, 1);
          if (spans.length > iSpan) spans[iSpan] = { offset: spans[iSpan].offset + offset + nEmpty, length: spans[iSpan].length };
          continue;
        }
        spans[iSpan] = { offset: spans[iSpan].offset + nEmpty, length: spans[iSpan].length - nEmpty };
        continue;
      }
      // In the middle or at the end of the span: split it.
      const rest = { offset: nEmpty, length: spans[iSpan].length - posInSpan - nEmpty };
      spans[iSpan] = { offset: spans[iSpan].offset, length: posInSpan };
      iSpan++;
      posInSpan = 0;
      if (rest.length === 0) {
        if (iSpan < spans.length) spans[iSpan] = { offset: spans[iSpan].offset + nEmpty, length: spans[iSpan].length };
        continue;
      }
      spans.splice(iSpan, 0, rest);
      continue;
    }
    iBucket = keepBuckets(buckets, comp, iBucket, 1, removed);
    posInSpan++;
    if (posInSpan >= spans[iSpan].length) {
      posInSpan = 0;
      iSpan++;
    }
  }
  if (removed > 0) {
    // Buckets past the walk (spans exhausted) stay, moved down over the removed ones.
    keepBuckets(buckets, comp, iBucket, buckets.length - removed - iBucket, removed);
    buckets.length -= removed;
    if (comp) comp.length -= removed;
  }
  if (maxEmptyBuckets === 0 || buckets.length === 0) return;

  // Join spans separated by few enough empty buckets.
  iBucket = spans[0].length;
  iSpan = 1;
  while (iSpan < spans.length) {
    const { offset, length } = spans[iSpan];
    if (offset > maxEmptyBuckets) {
      iBucket += length;
      iSpan++;
      continue;
    }
    spans[iSpan - 1] = { offset: spans[iSpan - 1].offset, length: spans[iSpan - 1].length + offset + length };
    spans.splice(iSpan, 1);
    const zeros = new Array<number>(offset).fill(0);
    buckets.splice(iBucket, 0, ...zeros);
    comp?.splice(iBucket, 0, ...zeros);
    iBucket += offset + length;
  }
}

// Scratch for compactToRuns: the spans being built.
const runOffsets: number[] = [];
const runLengths: number[] = [];

/**
 * `compactBuckets(side, 0)` in one pass for a well-formed side (offsets after the first ≥ 0, span
 * lengths adding up to the buckets): what that leaves is every non-empty bucket, in spans that
 * are the maximal runs of consecutive indexes — the walk joins adjacent spans first and every
 * removal leaves a gap of at least one. Returns false, changing nothing, for other sides.
 */
function compactToRuns(side: Side): boolean {
  const { spans, buckets, comp } = side;
  let total = 0;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if (s.length < 0 || (i > 0 && s.offset < 0)) return false;
    total += s.length;
  }
  if (total !== buckets.length || (comp !== null && comp.length !== buckets.length)) return false;
  let w = 0;
  let k = 0;
  let idx = 0;
  let last = 0;
  let n = 0;
  for (let i = 0; i < spans.length; i++) {
    idx += spans[i].offset;
    const len = spans[i].length;
    for (let j = 0; j < len; j++, idx++, k++) {
      const v = buckets[k];
      const c = comp !== null ? comp[k] : 0;
      if (v === 0 && c === 0) continue;
      buckets[w] = v;
      if (comp !== null) comp[w] = c;
      w++;
      if (n > 0 && idx === last + 1) {
        runLengths[n - 1]++;
      } else {
        runOffsets[n] = n === 0 ? idx : idx - last - 1;
        runLengths[n] = 1;
        n++;
      }
      last = idx;
    }
  }
  buckets.length = w;
  if (comp !== null) comp.length = w;
  // Span objects are never changed in place; equal ones are kept.
  for (let i = 0; i < n; i++) {
    if (i < spans.length && spans[i].offset === runOffsets[i] && spans[i].length === runLengths[i]) continue;
    spans[i] = { offset: runOffsets[i], length: runLengths[i] };
  }
  spans.length = n;
  return true;
}

/** Moves `n` buckets (and compensation terms) from `at + removed` down to `at`; returns `at + n`. */
function keepBuckets(buckets: number[], comp: number[] | null, at: number, n: number, removed: number): number {
  if (removed > 0) {
    for (let k = at; k < at + n; k++) {
      buckets[k] = buckets[k + removed];
      if (comp) comp[k] = comp[k + removed];
    }
  }
  return at + n;
}

/**
 * One side merged into the lower `targetSchema` (new arrays; the input is not changed). With
 * `comp` the merged counts are Kahan sums carrying the compensation terms along (Prometheus's
 * reduceResolution / kahanReduceResolution). Throws a {@link HistogramError} when the spans are
 * inconsistent with the buckets.
 */
export function reduceResolution(
  spans: readonly Span[], buckets: readonly number[], comp: readonly number[] | null,
  originSchema: number, targetSchema: number,
): { spans: Span[]; buckets: number[]; comp: number[] | null } {
  const outSpans: Span[] = [];
  const outBuckets: number[] = [];
  const outComp: number[] | null = comp ? [] : null;
  let bucketIdx = 0;
  let bucketCountIdx = 0;
  let lastTarget = 0;
  for (let n = 0; n < spans.length; n++) {
    const span = spans[n];
    if (n > 0 && span.offset < 0) {
      throw new HistogramError('negative-span-offset', `span number ${n + 1} with offset ${span.offset}: histogram has a span whose offset is negative`);
    }
    bucketIdx += span.offset;
    for (let j = 0; j < span.length; j++) {
      if (bucketCountIdx >= buckets.length) {
        throw new HistogramError('spans-buckets-mismatch', `have ${buckets.length} buckets but spans need more: histogram spans specify different number of buckets than provided`);
      }
      const t = targetIdx(bucketIdx, originSchema, targetSchema);
      const v = buckets[bucketCountIdx];
      const c = comp ? comp[bucketCountIdx] : 0;
      if (outSpans.length === 0) {
        outSpans.push({ offset: t, length: 1 });
        outBuckets.push(v);
        outComp?.push(c);
        lastTarget = t;
      } else if (t === lastTarget) {
        const k = outBuckets.length - 1;
        if (outComp === null) {
          outBuckets[k] += v;
        } else {
          [outBuckets[k], outComp[k]] = kahanInc(v, outBuckets[k], outComp[k]);
          [outBuckets[k], outComp[k]] = kahanInc(c, outBuckets[k], outComp[k]);
        }
      } else {
        if (t === lastTarget + 1) {
          const last = outSpans[outSpans.length - 1];
          outSpans[outSpans.length - 1] = { offset: last.offset, length: last.length + 1 };
        } else {
          outSpans.push({ offset: t - lastTarget - 1, length: 1 });
        }
        lastTarget = t;
        outBuckets.push(v);
        outComp?.push(c);
      }
      bucketIdx++;
      bucketCountIdx++;
    }
  }
  if (bucketCountIdx !== buckets.length) {
    throw new HistogramError('spans-buckets-mismatch', `spans need ${bucketCountIdx} buckets, have ${buckets.length} buckets: histogram spans specify different number of buckets than provided`);
  }
  return { spans: outSpans, buckets: outBuckets, comp: outComp };
}

/** Whether two span lists are equal span by span, none of them empty. */
export function sameSpans(a: readonly Span[], b: readonly Span[]): boolean {
  if (a === b) return a.every((s) => s.length > 0);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].offset !== b[i].offset || a[i].length !== b[i].length || a[i].length === 0) return false;
  }
  return true;
}
