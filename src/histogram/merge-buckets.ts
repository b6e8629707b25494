// Adding one side's buckets into another whose layout differs, as one linear merge of the two
// index sequences instead of an insertion per missing bucket; same spans, same values, same order.
import { kahanComp } from '../util/kahan.js';
import { getBoundExponential } from './bounds.js';
import type { Span } from './types.js';

// Scratch arrays reused by every merge (JS is single-threaded and a merge never re-enters).
const outIdx: number[] = [];
const outVal: number[] = [];
const outComp: number[] = [];
/** Whether an output bucket was inserted from B (1), and whether it starts a span (2). */
const outFlags: number[] = [];

const INSERTED = 1;
const STARTS = 2;

/** Whether `spans` is a layout the merge handles: offsets after the first non-negative; with `nonEmpty`, no zero-length span. */
function mergeable(spans: readonly Span[], nonEmpty: boolean): boolean {
  for (let i = 0; i < spans.length; i++) {
    if ((i > 0 && spans[i].offset < 0) || (nonEmpty && spans[i].length === 0)) return false;
  }
  return true;
}

/** The number of buckets `spans` describe. */
function spanTotal(spans: readonly Span[]): number {
  let n = 0;
  for (const s of spans) n += s.length;
  return n;
}

/**
 * Adds (with `negate`, subtracts) the buckets `spansB`/`bucketsB` (compensation `compB`) into
 * `spans`/`buckets`/`comp` in place, exactly as the bucket-by-bucket span walk of `addBuckets`
 * would: every bucket of B receives the same additions in the same order, and a bucket A lacks is
 * inserted with the same span layout — it extends the span ending right before it, else the span
 * starting right after it, else starts its own (so a gap filled completely leaves two spans, the
 * second with offset 0). Buckets of B whose upper bound is ≤ `threshold` (exponential schemas,
 * `exponential` true) are skipped up to the first that is not.
 *
 * Returns false, changing nothing, for layouts outside that contract (a zero-length span in A, a
 * negative offset after a first span, bucket counts that do not match the spans), which the
 * caller leaves to the span walk.
 */
export function mergeBucketsInto(
  schema: number, threshold: number, exponential: boolean, negate: boolean,
  spans: Span[], buckets: number[], comp: number[] | null,
  spansB: readonly Span[], bucketsB: readonly number[], compB: readonly number[] | null,
): boolean {
  if (!mergeable(spans, true) || !mergeable(spansB, false)) return false;
  if (spanTotal(spans) !== buckets.length || (comp !== null && comp.length !== buckets.length)) return false;
  if (spanTotal(spansB) !== bucketsB.length || (compB !== null && compB.length !== bucketsB.length)) return false;

  let n = 0;
  let inserted = 0;
  // A's cursor: span, position in span, bucket, absolute index.
  const nA = buckets.length;
  let sa = 0;
  let pa = 0;
  let ka = 0;
  let ia = spans.length > 0 ? spans[0].offset : 0;
  let lowerThanThreshold = true;
  let kb = 0;
  let ib = 0;
  let jb = 0;
  let sb = -1;
  const nB = bucketsB.length;
  // One pass over B's buckets and then, with ib past every index, over A's remaining ones.
  for (;;) {
    let haveB = false;
    while (kb < nB) {
      while (sb < 0 || jb >= spansB[sb].length) {
        sb++;
        jb = 0;
        ib += spansB[sb].offset;
      }
      if (!(lowerThanThreshold && exponential && getBoundExponential(ib, schema) <= threshold)) {
        lowerThanThreshold = false;
        haveB = true;
        break;
      }
      ib++;
      jb++;
      kb++;
    }
    const target = haveB ? ib : Infinity;
    let matched = false;
    while (ka < nA && ia <= target) {
      let flags = 0;
      if (pa === 0) {
        // The first bucket of an A span starts a span unless a bucket just inserted before it
        // started one itself (it was then put into this span rather than after the previous one).
        const prevJoins = n > 0 && outIdx[n - 1] === ia - 1 && outFlags[n - 1] === (INSERTED | STARTS);
        flags = prevJoins ? 0 : STARTS;
      }
      outIdx[n] = ia;
      outVal[n] = buckets[ka];
      outComp[n] = comp !== null ? comp[ka] : 0;
      outFlags[n] = flags;
      n++;
      matched = ia === target;
      ka++;
      ia++;
      pa++;
      while (sa < spans.length && pa >= spans[sa].length) {
        sa++;
        pa = 0;
        if (sa < spans.length) ia += spans[sa].offset;
      }
      if (matched) break;
    }
    if (!haveB) break;
    const v = negate ? -bucketsB[kb] : bucketsB[kb];
    // As the walk negates: a missing compensation becomes −0 too.
    const c0 = compB === null ? 0 : compB[kb];
    const c = negate ? -c0 : c0;
    if (matched) {
      const k = n - 1;
      if (comp === null) {
        outVal[k] += v;
      } else {
        outComp[k] = kahanComp(v, outVal[k], outComp[k]);
        outVal[k] += v;
        if (c !== 0) {
          outComp[k] = kahanComp(c, outVal[k], outComp[k]);
          outVal[k] += c;
        }
      }
    } else {
      inserted++;
      outIdx[n] = ib;
      outVal[n] = v;
      outComp[n] = c;
      outFlags[n] = n > 0 && outIdx[n - 1] === ib - 1 ? INSERTED : INSERTED | STARTS;
      n++;
    }
    ib++;
    jb++;
    kb++;
  }

  // Without an insertion the layout is A's: only the counts change.
  writeBack(n, inserted > 0 ? spans : null, buckets, comp);
  return true;
}

/** Replaces the contents of the receiving arrays with the first `n` merged buckets. */
function writeBack(n: number, spans: Span[] | null, buckets: number[], comp: number[] | null): void {
  let end = 0;
  if (spans !== null) spans.length = 0;
  for (let k = 0; spans !== null && k < n;) {
    const offset = spans.length === 0 ? outIdx[k] : outIdx[k] - end;
    let length = 1;
    while (k + length < n && (outFlags[k + length] & STARTS) === 0) length++;
    spans.push({ offset, length });
    k += length;
    end = outIdx[k - 1] + 1;
  }
  buckets.length = n;
  for (let k = 0; k < n; k++) buckets[k] = outVal[k];
  if (comp !== null) {
    comp.length = n;
    for (let k = 0; k < n; k++) comp[k] = outComp[k];
  }
}
