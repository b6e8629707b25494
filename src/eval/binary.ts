// Binary operators: scalar/scalar, vector/scalar and vector/vector (set operators and matched
// arithmetic or comparison), with Prometheus's matching errors raised at the step they occur.
import { f64, u8 } from '../util/slab.js';
import type { BinaryExpr } from '../parser/ast.js';
import { EvalError } from '../errors.js';
import { dropMetricName, formatLabels, labelsKey, type Labels } from '../storage/labels.js';
import type { EvalContext } from './context.js';
import { forEachPaused, type OpGen } from './ops.js';
import type { Grid } from '../functions/support/grid.js';
import { outputBuilder } from '../functions/support/output.js';
import { mergedOutput } from './merge-paused.js';
import { changesMetricSchema, elementResult, isSetOperator } from './operators.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';
import { matchLabels, resultMetric, signatureFn, signatureOrdinals } from './matching.js';
import { type ScalarValue, type StepSeries, type StepValue, type VectorValue } from './values.js';
import { histogramElem } from './binary-histogram.js';
import { StringSet } from '../util/split-maps.js';

function trimInfo(ctx: EvalContext, e: BinaryExpr, lt: string, rt: string): void {
  ctx.annotations.info(`incompatible sample types encountered for binary operator ${JSON.stringify(e.op)}: ${lt} ${e.op} ${rt}`, e.pos);
}

function isTrim(e: BinaryExpr): boolean {
  return e.op === '</' || e.op === '>/';
}

function scalarScalar(e: BinaryExpr, l: ScalarValue, r: ScalarValue): ScalarValue {
  const out = new Float64Array(l.values.length);
  // Between scalars a comparison always needs `bool`, so every step has a value.
  for (let i = 0; i < out.length; i++) out[i] = elementResult(e.op, true, l.values[i], r.values[i], 0)!;
  return { type: 'scalar', values: out };
}

function* vectorScalar(ctx: EvalContext, e: BinaryExpr, vec: VectorValue, sc: ScalarValue, swap: boolean, g: Grid): OpGen<VectorValue> {
  const renames = changesMetricSchema(e.op) || e.returnBool;
  const trim = isTrim(e);
  const { op, returnBool } = e;
  const scv = sc.values;
  const steps = g.steps;
  let trimmedFloat = false;
  const series: StepSeries[] = [];
  yield* forEachPaused(ctx, vec.series.length, (k) => {
    const s = vec.series[k];
    const labels = renames && !ctx.settings.delayedNameRemoval ? dropMetricName(s.labels) : s.labels;
    const dropName = renames || s.dropName;
    // The input's arrays in locals: series objects come in several shapes, and a property read
    // per element would be a megamorphic lookup.
    const { present, values, hist } = s;
    const outValues = f64(steps);
    const outPresent = u8(steps);
    let outHist: (FloatHistogram | undefined)[] | undefined;
    let any = false;
    for (let i = 0; i < steps; i++) {
      if (!present[i]) continue;
      const v = values[i];
      const h = hist === undefined ? undefined : hist[i];
      if (h) {
        const r = swap ? histogramElem(ctx, e, scv[i], v, undefined, h) : histogramElem(ctx, e, v, scv[i], h, undefined);
        if (!r.keep) continue;
        if (r.hist) (outHist ??= new Array(steps))[i] = r.hist;
        outValues[i] = r.value;
        outPresent[i] = 1;
        any = true;
        continue;
      }
      if (trim) {
        // Trimming applies to histograms only: a float sample is dropped.
        trimmedFloat = true;
        continue;
      }
      // A comparison keeps the vector's value, whichever side the vector is on.
      const value = swap ? elementResult(op, returnBool, scv[i], v, v) : elementResult(op, returnBool, v, scv[i], v);
      if (value === undefined) continue;
      outValues[i] = value;
      outPresent[i] = 1;
      any = true;
    }
    if (!any) return;
    series.push(outHist ? { labels, values: outValues, present: outPresent, dropName, hist: outHist } : { labels, values: outValues, present: outPresent, dropName });
  });
  if (trimmedFloat) trimInfo(ctx, e, 'float', 'float');
  // Same-labelled results (the name dropped) merge across steps and fail at a shared step.
  return { type: 'vector', series: yield* mergedOutput(ctx, g, series) };
}

/** Per signature ordinal, whether any series of the side is present at each step. */
function* presenceBySignature(ctx: EvalContext, series: StepSeries[], ords: Int32Array, count: number, steps: number): OpGen<Uint8Array[]> {
  const any: Uint8Array[] = new Array(count);
  yield* forEachPaused(ctx, series.length, (k) => {
    const present = series[k].present;
    const a = (any[ords[k]] ??= new Uint8Array(steps));
    for (let i = 0; i < steps; i++) a[i] |= present[i];
  });
  return any;
}

function* setOperation(ctx: EvalContext, e: BinaryExpr, l: VectorValue, r: VectorValue, g: Grid): OpGen<VectorValue> {
  const sig = signatureFn(e.matching);
  const ords = yield* signatureOrdinals(ctx, sig, l.series, r.series);
  const out = outputBuilder(ctx, g);
  const emit = (s: StepSeries, keep: (i: number) => boolean) => {
    for (let i = 0; i < g.steps; i++) if (s.present[i] && keep(i)) out.add(s.labels, s.dropName, i, s.values[i], s.hist?.[i]);
  };
  if (e.op === 'or') {
    const lAny = yield* presenceBySignature(ctx, l.series, ords.left, ords.count, g.steps);
    yield* forEachPaused(ctx, l.series.length, (k) => emit(l.series[k], () => true));
    yield* forEachPaused(ctx, r.series.length, (k) => {
      const a = lAny[ords.right[k]];
      emit(r.series[k], (i) => !a || !a[i]);
    });
  } else {
    const rAny = yield* presenceBySignature(ctx, r.series, ords.right, ords.count, g.steps);
    const want = e.op === 'and' ? 1 : 0;
    yield* forEachPaused(ctx, l.series.length, (k) => {
      const a = rAny[ords.left[k]];
      emit(l.series[k], (i) => (a ? a[i] : 0) === want);
    });
  }
  return { type: 'vector', series: out.series };
}

function duplicateError(e: BinaryExpr, a: Labels, b: Labels): EvalError {
  const side = e.matching.card === 'one-to-many' ? 'left' : 'right';
  let [d1, d2] = [formatLabels(a), formatLabels(b)];
  if (d1 > d2) [d1, d2] = [d2, d1];
  return new EvalError(`found duplicate series for the match group ${formatLabels(matchLabels(a, e.matching))} on the ${side} hand-side of the operation: [${d1}, ${d2}];many-to-many matching not allowed: matching labels must be unique on one side`, e.pos);
}

/** Arithmetic and comparisons between two vectors (Prometheus `VectorBinop`), step by step. */
function* vectorBinop(ctx: EvalContext, e: BinaryExpr, lv: VectorValue, rv: VectorValue, g: Grid): OpGen<VectorValue> {
  const m = e.matching;
  const swap = m.card === 'one-to-many';
  const L = swap ? rv.series : lv.series;
  const R = swap ? lv.series : rv.series;
  const out = outputBuilder(ctx, g);
  if (L.length === 0 && R.length === 0) return { type: 'vector', series: [] };
  if ((L.length === 0 || R.length === 0) && m.fillLeft === null && m.fillRight === null) return { type: 'vector', series: [] };
  const ords = yield* signatureOrdinals(ctx, signatureFn(m), L, R);
  const floats = !L.some((s) => s.hist) && !R.some((s) => s.hist);
  const fast = floats && m.fillLeft === null && m.fillRight === null && !isTrim(e) ? yield* fastBinop(ctx, e, L, R, ords, swap, g) : null;
  if (fast) return fast;
  const n = ords.count;
  const rStamp = new Int32Array(n);
  const rIdx = new Int32Array(n);
  const matchedStamp = new Int32Array(n);
  const matchedSets = new Map<number, Set<string>>();
  const oneToOne = m.card === 'one-to-one';
  const dropBool = !ctx.settings.delayedNameRemoval && e.returnBool;
  const metrics = new Map<number, Labels>();
  let trimmed = false;

  const doOp = (
    lLabels: Labels, lval: number, rLabels: Labels, rval: number, o: number, step: number, stamp: number, cacheKey: number,
    lh?: FloatHistogram, rh?: FloatHistogram,
  ) => {
    let value: number | undefined;
    let hist: FloatHistogram | undefined;
    if (lh || rh) {
      const r = swap ? histogramElem(ctx, e, rval, lval, rh, lh) : histogramElem(ctx, e, lval, rval, lh, rh);
      // Prometheus compatibility: a failed operation (incompatible types or layouts) is dropped
      // before the matching checks; `bool` turns a comparison into 1 or 0.
      if (r.failed) return;
      if (e.returnBool) value = r.keep ? 1 : 0;
      else if (r.keep) {
        value = r.value;
        hist = r.hist;
      }
    } else if (isTrim(e)) {
      trimmed = true;
      return;
    } else {
      const fl = swap ? rval : lval;
      value = elementResult(e.op, e.returnBool, fl, swap ? lval : rval, fl);
    }
    let metric = cacheKey >= 0 ? metrics.get(cacheKey) : undefined;
    if (!metric) {
      metric = resultMetric(lLabels, rLabels, e.op, m, dropBool);
      if (cacheKey >= 0) metrics.set(cacheKey, metric);
    }
    if (oneToOne) {
      if (matchedStamp[o] === stamp) {
        throw new EvalError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)', e.pos);
      }
      matchedStamp[o] = stamp;
    } else {
      let set = matchedSets.get(o);
      if (!set) matchedSets.set(o, (set = new Set()));
      const key = labelsKey(metric);
      if (set.has(key)) throw new EvalError('multiple matches for labels: grouping labels must ensure unique matches', e.pos);
      set.add(key);
    }
    if (value !== undefined) out.add(metric, e.returnBool, step, value, hist);
  };

  const noFill = m.fillLeft === null && m.fillRight === null;
  const anyAt = (side: StepSeries[], i: number) => side.some((s) => s.present[i] === 1);
  yield* forEachPaused(ctx, g.steps, (i) => {
    // Prometheus short-circuits a step where a side is empty (both, with fill modifiers) before
    // looking for duplicates, so no matching error can come from such a step.
    const lAny = anyAt(L, i);
    const rAny = anyAt(R, i);
    if ((!lAny && !rAny) || ((!lAny || !rAny) && noFill)) return;
    const stamp = i + 1;
    matchedSets.clear();
    for (let j = 0; j < R.length; j++) {
      if (!R[j].present[i]) continue;
      const o = ords.right[j];
      if (rStamp[o] === stamp) throw duplicateError(e, R[j].labels, R[rIdx[o]].labels);
      rStamp[o] = stamp;
      rIdx[o] = j;
    }
    for (let k = 0; k < L.length; k++) {
      const ls = L[k];
      if (!ls.present[i]) continue;
      const o = ords.left[k];
      if (rStamp[o] === stamp) {
        const j = rIdx[o];
        doOp(ls.labels, ls.values[i], R[j].labels, R[j].values[i], o, i, stamp, k * R.length + j, ls.hist?.[i], R[j].hist?.[i]);
      } else if (m.fillRight !== null) {
        doOp(ls.labels, ls.values[i], matchLabels(ls.labels, m), m.fillRight, o, i, stamp, -1, ls.hist?.[i]);
      }
    }
    if (m.fillLeft !== null) {
      for (let j = 0; j < R.length; j++) {
        if (!R[j].present[i]) continue;
        const o = ords.right[j];
        if (oneToOne ? matchedStamp[o] === stamp : (matchedSets.get(o)?.size ?? 0) > 0) continue;
        doOp(matchLabels(R[j].labels, m), m.fillLeft, R[j].labels, R[j].values[i], o, i, stamp, -1, undefined, R[j].hist?.[i]);
      }
    }
  });
  if (trimmed) trimInfo(ctx, e, 'float', 'float');
  return { type: 'vector', series: out.series };
}

/**
 * The common case, vectorised per matched pair: when no step can raise a matching error (each
 * signature has one series on the "one" side, one on the other side for one-to-one, and all output
 * label sets differ), each pair is combined over all steps at once. Returns null otherwise.
 */
function* fastBinop(
  ctx: EvalContext, e: BinaryExpr, L: StepSeries[], R: StepSeries[],
  ords: { left: Int32Array; right: Int32Array; count: number }, swap: boolean, g: Grid,
): OpGen<VectorValue | null> {
  const rOf = new Int32Array(ords.count).fill(-1);
  for (let j = 0; j < R.length; j++) {
    const o = ords.right[j];
    if (rOf[o] !== -1) return null;
    rOf[o] = j;
  }
  const oneToOne = e.matching.card === 'one-to-one';
  const lCount = oneToOne ? new Int32Array(ords.count) : null;
  const pairs: { k: number; j: number; labels: Labels }[] = [];
  const keys = new StringSet();
  const dropBool = !ctx.settings.delayedNameRemoval && e.returnBool;
  // Set when a step could raise a matching error: the general path takes over.
  let general = false;
  yield* forEachPaused(ctx, L.length, (k) => {
    const o = ords.left[k];
    const j = rOf[o];
    if (general || j < 0) return;
    if (lCount && ++lCount[o] > 1) {
      general = true;
      return;
    }
    const labels = resultMetric(L[k].labels, R[j].labels, e.op, e.matching, dropBool);
    const key = labelsKey(labels);
    if (keys.has(key)) {
      general = true;
      return;
    }
    keys.add(key);
    pairs.push({ k, j, labels });
  });
  if (general) return null;
  const out: StepSeries[] = [];
  yield* forEachPaused(ctx, pairs.length, (p) => {
    const { k, j, labels } = pairs[p];
    // Operands in locals, left and right as the expression has them (see vectorScalar on shapes).
    const lp = L[k].present;
    const rp = R[j].present;
    const a = swap ? R[j].values : L[k].values;
    const b = swap ? L[k].values : R[j].values;
    const { op, returnBool } = e;
    const values = f64(g.steps);
    const present = u8(g.steps);
    let any = false;
    for (let i = 0; i < values.length; i++) {
      if (!lp[i] || !rp[i]) continue;
      const fl = a[i];
      const value = elementResult(op, returnBool, fl, b[i], fl);
      if (value === undefined) continue;
      values[i] = value;
      present[i] = 1;
      any = true;
    }
    if (any) out.push({ labels, values, present, dropName: e.returnBool });
  });
  return { type: 'vector', series: out };
}

/** Evaluates a binary expression given its evaluated operands. */
export function* evalBinary(ctx: EvalContext, e: BinaryExpr, l: StepValue, r: StepValue, g: Grid): OpGen {
  if (l.type === 'scalar' && r.type === 'scalar') return scalarScalar(e, l, r);
  if (l.type === 'vector' && r.type === 'scalar') return yield* vectorScalar(ctx, e, l, r, false, g);
  if (l.type === 'scalar' && r.type === 'vector') return yield* vectorScalar(ctx, e, r, l, true, g);
  if (l.type === 'vector' && r.type === 'vector') {
    return isSetOperator(e.op) ? yield* setOperation(ctx, e, l, r, g) : yield* vectorBinop(ctx, e, l, r, g);
  }
  throw new EvalError(`invalid operand types for binary operator ${e.op}: ${l.type} and ${r.type}`, e.pos);
}
