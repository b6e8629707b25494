// Binary operators on samples where at least one side is a native histogram (Prometheus
// `vectorElemBinop`'s histogram cases): h ± h, h × f, f × h, h ÷ f, h == h, h != h, trims.
import type { BinaryExpr, BinaryOp } from '../parser/ast.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';
import { HistogramError } from '../histogram/errors.js';
import type { EvalContext } from './context.js';

/** The outcome of one element operation: a float or a histogram, or nothing (`keep` false). */
export interface ElemResult {
  value: number;
  hist: FloatHistogram | undefined;
  keep: boolean;
  /** The operation is not defined for these operands (or failed): no sample, no matching checks. */
  failed?: boolean;
}

const DROPPED: ElemResult = { value: 0, hist: undefined, keep: false, failed: true };

function incompatibleTypes(ctx: EvalContext, e: BinaryExpr, lt: string, rt: string): ElemResult {
  ctx.annotations.info(`incompatible sample types encountered for binary operator ${JSON.stringify(e.op)}: ${lt} ${e.op} ${rt}`, e.pos);
  return DROPPED;
}

function addOrSub(ctx: EvalContext, e: BinaryExpr, op: BinaryOp, hl: FloatHistogram, hr: FloatHistogram): ElemResult {
  const res = hl.copy();
  let r: { counterResetCollision: boolean; nhcbBoundsReconciled: boolean };
  try {
    r = op === '+' ? res.add(hr) : res.sub(hr);
  } catch (err) {
    if (err instanceof HistogramError && err.kind === 'incompatible-schema') {
      ctx.annotations.warn(`incompatible bucket layout encountered for binary operator ${op}`, e.pos);
      return DROPPED;
    }
    throw err;
  }
  const what = op === '+' ? 'addition' : 'subtraction';
  // The result of a subtraction is a gauge.
  if (op === '-') res.counterResetHint = 'gauge';
  if (r.counterResetCollision) ctx.annotations.warn(`conflicting counter resets during histogram ${what}`, e.pos);
  if (r.nhcbBoundsReconciled) ctx.annotations.info(`mismatched custom buckets were reconciled during ${what}`, e.pos);
  return { value: 0, hist: res.compact(0), keep: true };
}

/**
 * One element of `l op r` where `hl` or `hr` (the histogram of a side, if it is one) is set.
 * Comparisons give `keep` (the caller applies `bool`); the kept value of `h == h` is the left
 * histogram.
 */
export function histogramElem(
  ctx: EvalContext, e: BinaryExpr, fl: number, fr: number, hl: FloatHistogram | undefined, hr: FloatHistogram | undefined,
): ElemResult {
  const op = e.op;
  if (!hl) {
    if (op === '*') return { value: 0, hist: hr!.copy().mul(fl).compact(0), keep: true };
    return incompatibleTypes(ctx, e, 'float', 'histogram');
  }
  if (!hr) {
    switch (op) {
      case '*': return { value: 0, hist: hl.copy().mul(fr).compact(0), keep: true };
      case '/': return { value: 0, hist: hl.copy().div(fr).compact(0), keep: true };
      case '</': return { value: 0, hist: hl.copy().trimBuckets(fr, true), keep: true };
      case '>/': return { value: 0, hist: hl.copy().trimBuckets(fr, false), keep: true };
      default: return incompatibleTypes(ctx, e, 'histogram', 'float');
    }
  }
  switch (op) {
    case '+':
    case '-':
      return addOrSub(ctx, e, op, hl, hr);
    case '==': return { value: 0, hist: hl, keep: hl.equals(hr) };
    case '!=': return { value: 0, hist: hl, keep: !hl.equals(hr) };
    default: return incompatibleTypes(ctx, e, 'histogram', 'histogram');
  }
}
