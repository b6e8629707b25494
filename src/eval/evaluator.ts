// The evaluator: one exhaustive dispatcher over plan nodes. Each operator is a generator that
// asks the driver for its children's values (`yield { node, grid }`), may yield PAUSE to let the
// event loop run, and returns its value for every step of its grid.
import { f64, u8 } from '../util/slab.js';
import { countOnes } from '../util/count-ones.js';
import { assertNever } from '../parser/ast.js';
import { EvalError, UnsupportedError } from '../errors.js';
import { dropMetricName } from '../storage/labels.js';
import { FLOAT_ONLY_RANGE_FUNCTIONS, FUNCTION_IMPLEMENTATIONS, HISTOGRAM_INPUT_FUNCTIONS } from '../functions/registry.js';
import { floatPointsOnly, floatsOnly } from './values.js';
import { metricName, argPos } from '../functions/shapes.js';
import { histogramPrefix, windowKinds } from '../functions/rate-histogram.js';
import { FUNCTION_SIGNATURES, functionsAccepting } from '../parser/functions.js';
import { clock, type EvalContext } from './context.js';
import { makeGrid, subGrid, type Grid } from '../functions/support/grid.js';
import { evalMatrixSelector, evalVectorSelector, windowEnds } from './selectors.js';
import { continueMemo, subqueryGrid } from './subquery.js';
import { evalBinary } from './binary.js';
import { evalAggregate } from './aggregate/index.js';
import { fusedRateSum, fusedRateSumPlan, type GeneralRate } from './aggregate/fused-rate-sum.js';
import { PAUSE, type OpGen, type Request } from './ops.js';
import { mergeSameLabels } from '../functions/support/output.js';
import type { CallNode, PlanNode, UnaryNode } from './plan/nodes.js';
import type { MatrixValue, ScalarValue, StepSeries, StepValue, VectorValue } from './values.js';
import { rejectSameLabels } from '../functions/shapes.js';
import type { FunctionImpl } from '../functions/types.js';
import { mergingSameLabels } from './merge-paused.js';

/** The most steps one batch of a grid may have when values have up to `series` series. */
function batchCap(series: number, steps: number): number {
  // About 2^22 step cells (32 MiB of values) per vector value held, and never fewer than 16 steps.
  const b = Math.max(16, Math.floor(2 ** 22 / Math.max(1, series)));
  return Math.max(1, Math.min(steps, b));
}

/**
 * The most steps one batch may have when a value holds `perStep` histogram samples per step:
 * about 2^15 histograms per value, so that a batch's histograms (hundreds of bytes each) are
 * collected young instead of filling the old generation.
 */
function histogramBatchCap(perStep: number, steps: number): number {
  if (perStep === 0) return steps;
  return Math.max(1, Math.min(steps, Math.floor(2 ** 15 / perStep)));
}

/** Histogram samples per step of a vector value (0 without histograms). */
export function histogramsPerStep(v: VectorValue): number {
  let n = 0;
  let steps = 1;
  for (const s of v.series) {
    const h = s.hist;
    if (h === undefined) continue;
    steps = s.present.length || 1;
    for (let i = 0; i < h.length; i++) if (h[i] !== undefined) n++;
  }
  return n / steps;
}

/**
 * How much larger the next batch may be than the last. Each batch is sized from the last one's
 * longest run to take about {@link BATCH_MS}, so a quick batch grows straight to that (1,440 steps of a
 * cheap query: 64, 1,024, then the rest, where growing 4× at a time took four batches, each
 * re-fetching every series' views and making every series' arrays again). The factor bounds the
 * growth only when the last run was too short to time well; a batch whose cost per step then
 * jumps J-fold takes about J slices, whatever the factor.
 */
const MAX_GROWTH = 16;

/**
 * How long (ms) one operator's run over a batch of steps should take. Longer than a time slice
 * (context.ts's SLICE_MS): operators pause inside their loops over series and steps, and larger
 * batches fetch every series' views and make its arrays fewer times.
 */
export const BATCH_MS = 15;

/**
 * The size of the next batch after one of `size` steps whose longest operator run took `run` ms,
 * at most `cap`. Aims at operator runs of {@link BATCH_MS}: an operator that does not pause inside
 * its loops runs that long in one piece, so the event loop waits about a slice plus that run (a
 * batch whose selector and function each ran 20–25 ms blocked 80 ms when aiming at two slices).
 * Up to MAX_GROWTH× larger while quick, proportionally smaller when slow, never below one step.
 */
export function nextBatchSize(size: number, run: number, cap: number): number {
  const grown = run <= 0 ? size * MAX_GROWTH : Math.max(1, Math.min(size * MAX_GROWTH, Math.floor((size * BATCH_MS) / run)));
  return Math.min(grown, cap);
}

/**
 * Evaluates `node` over grid g in batches of consecutive steps and hands each batch's value to
 * `use`. Batches start small and grow while they are quick (shrink when slow), so that a costly
 * query still reaches a yield point often and a cheap one runs in few, large batches.
 */
export function* inBatches(
  ctx: EvalContext, node: PlanNode, g: Grid, use: (v: StepValue, batch: Grid) => Generator<Request, void, StepValue>,
  firstSize = 64,
): Generator<Request, void, StepValue> {
  // The first batch assumes every selected series is present; later ones size by the widest
  // value the previous batch produced (few series at a time when series churn).
  let cap = batchCap(ctx.widestInput, g.steps);
  let size = Math.min(cap, firstSize);
  const outerRun = ctx.longestRun;
  const outerWidth = ctx.widestValue;
  const outerHistograms = ctx.histogramsPerStep;
  for (let from = 0; from < g.steps;) {
    const to = Math.min(g.steps, from + size);
    const batch = subGrid(g, from, to);
    ctx.longestRun = 0;
    ctx.widestValue = 0;
    ctx.histogramsPerStep = 0;
    yield* use(yield { node, grid: batch }, batch);
    // Grow while no operator had to run long without a pause; shrink when one did.
    const run = ctx.longestRun;
    cap = Math.min(batchCap(ctx.widestValue, g.steps), histogramBatchCap(ctx.histogramsPerStep, g.steps));
    from = to;
    size = nextBatchSize(size, run, cap);
  }
  ctx.longestRun = Math.max(outerRun, ctx.longestRun);
  ctx.widestValue = Math.max(outerWidth, ctx.widestValue);
  ctx.histogramsPerStep = Math.max(outerHistograms, ctx.histogramsPerStep);
}

/** The number of samples a value holds (for the sample limit). */
export function samplesOf(v: StepValue): number {
  switch (v.type) {
    case 'scalar': return v.values.length;
    case 'string': return 0;
    case 'vector': {
      let n = 0;
      for (const s of v.series) {
        n += countOnes(s.present);
        // Prometheus weighs a histogram sample by its size in 16-byte units.
        if (s.hist) for (const h of s.hist) if (h) n += Math.trunc(h.size() / 16);
      }
      return n;
    }
    case 'matrix': {
      let n = 0;
      for (const s of v.series) {
        n += s.t.length;
        if (s.h) for (const h of s.h) if (h) n += Math.trunc((h.size() + 8) / 16) - 1;
      }
      return n;
    }
  }
}

function constant(g: Grid, v: number): ScalarValue {
  return { type: 'scalar', values: new Float64Array(g.steps).fill(v) };
}

/** Repeats a one-step value over every step of g. */
function broadcast(v: StepValue, g: Grid): StepValue {
  if (v.type === 'scalar') return constant(g, v.values[0]);
  if (v.type !== 'vector') return v;
  return {
    type: 'vector',
    series: v.series.map((s) => ({
      labels: s.labels, dropName: s.dropName,
      values: f64(g.steps).fill(s.values[0]),
      present: u8(g.steps).fill(s.present[0]),
      ...(s.hist?.[0] ? { hist: new Array(g.steps).fill(s.hist[0]) } : {}),
    })),
  };
}

function evalUnary(ctx: EvalContext, n: UnaryNode, v: StepValue): StepValue {
  if (v.type === 'scalar') return { type: 'scalar', values: v.values.map((x) => -x) };
  const vec = v as VectorValue;
  const series = vec.series.map((s) => ({
    labels: ctx.settings.delayedNameRemoval ? s.labels : dropMetricName(s.labels),
    dropName: true,
    values: s.values.map((x) => -x),
    present: s.present,
    ...(s.hist ? { hist: s.hist.map((h) => h?.copy().mul(-1)) } : {}),
  }));
  return { type: 'vector', series: ctx.settings.delayedNameRemoval ? series : mergeSameLabels(series) };
}

/** `anchored`/`smoothed` range selectors work only with the functions whose signature accepts them. */
function checkExtendedModifiers(n: CallNode): void {
  const sig = FUNCTION_SIGNATURES.get(n.func);
  for (const a of n.args) {
    if (a.kind !== 'rangeSelector') continue;
    const vs = a.sel.node;
    if (vs.anchored && !sig?.anchored) {
      throw new EvalError(`anchored modifier can only be used with: ${functionsAccepting('anchored').join(', ')} - not with ${n.func}`, n.pos);
    }
    if (vs.smoothed && !sig?.smoothed) {
      throw new EvalError(`smoothed modifier can only be used with: ${functionsAccepting('smoothed').join(', ')} - not with ${n.func}`, n.pos);
    }
  }
}

/**
 * Removes the histogram samples from a float function's arguments (in place), noting the windows
 * of range functions that held both kinds as Prometheus does.
 */
function withoutHistograms(ctx: EvalContext, n: CallNode, args: StepValue[]): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.type === 'vector') args[i] = floatsOnly(a);
    else if (a.type === 'matrix' && a.series.some((s) => s.h)) {
      if (FLOAT_ONLY_RANGE_FUNCTIONS.has(n.func)) noteMixedWindows(ctx, n, a);
      const series = [];
      for (const s of a.series) {
        const f = floatPointsOnly(s);
        if (f) series.push(f);
      }
      args[i] = { ...a, series };
    }
  }
}

/** The info for each series whose window at some step holds both floats and histograms. */
function noteMixedWindows(ctx: EvalContext, n: CallNode, m: MatrixValue): void {
  const we = m.windowEnd;
  for (const s of m.series) {
    if (!s.h) continue;
    const { t } = s;
    const prefix = histogramPrefix(s.h);
    let from = 0;
    let to = 0;
    for (let i = 0; i < we.length; i++) {
      if (i > 0 && we[i] < we[i - 1]) from = to = 0;
      while (from < t.length && t[from] <= we[i] - m.range) from++;
      if (to < from) to = from;
      while (to < t.length && t[to] <= we[i]) to++;
      const kinds = windowKinds(prefix, from, to);
      if (kinds.floats && kinds.hists) {
        ctx.annotations.info(
          `ignored histograms in a range containing both floats and histograms for metric name "${metricName(s.labels)}"`,
          // Prometheus compatibility: the position is the first argument's, even when that is φ.
          argPos(n.expr, 0),
        );
        break;
      }
    }
  }
}

function* callOp(ctx: EvalContext, n: CallNode, g: Grid): OpGen {
  const impl = FUNCTION_IMPLEMENTATIONS.get(n.func);
  if (!impl) throw new UnsupportedError(`function "${n.func}" is not implemented yet`, n.pos);
  checkExtendedModifiers(n);
  const args: StepValue[] = [];
  for (const a of n.args) args.push(yield { node: a, grid: g });
  return yield* callWith(ctx, n, g, args);
}

/**
 * The general path of a fused `sum(rate(…))` whose series do not allow fusing: the call over the
 * matrix as callOp computes it, with what the driver notes of a value it receives.
 */
function* unfusedRate(ctx: EvalContext, call: CallNode, g: Grid, m: MatrixValue): OpGen<GeneralRate> {
  const value = (yield* callWith(ctx, call, g, [m])) as VectorValue;
  return { value, samples: noteValue(ctx, value) };
}

/**
 * What the driver notes of a value an operator returned (the widest value and the histograms per
 * step, which size the next batch); returns the samples it holds, for the sample limit.
 */
export function noteValue(ctx: EvalContext, v: StepValue): number {
  if ((v.type === 'vector' || v.type === 'matrix') && v.series.length > ctx.widestValue) ctx.widestValue = v.series.length;
  if (v.type === 'vector') {
    const h = histogramsPerStep(v);
    if (h > ctx.histogramsPerStep) ctx.histogramsPerStep = h;
  }
  return samplesOf(v);
}

/** Series of an instant vector from which a series-wise function of it runs over chunks (fewer run in one call). */
const VECTOR_CHUNKED_FROM = 1024;

/** A call over its evaluated arguments. */
function* callWith(ctx: EvalContext, n: CallNode, g: Grid, args: StepValue[]): OpGen {
  const impl = FUNCTION_IMPLEMENTATIONS.get(n.func)!;
  if (!HISTOGRAM_INPUT_FUNCTIONS.has(n.func)) withoutHistograms(ctx, n, args);
  const sig = FUNCTION_SIGNATURES.get(n.func);
  if (!sig?.seriesWise) return impl({ ctx, call: n.expr, args, grid: g });
  const m = args.findIndex((a) => a.type === 'matrix');
  if (m >= 0) {
    // One series first: a costly function (a day-long window per step) may take tens of ms per series.
    const out = yield* inSeriesChunks(ctx, impl, n, g, args, m, 1);
    if (!ctx.settings.delayedNameRemoval) rejectSameLabels(out);
    return { type: 'vector', series: out };
  }
  const at = args.findIndex((a) => a.type === 'vector');
  if (at < 0 || (args[at] as VectorValue).series.length < VECTOR_CHUNKED_FROM) return impl({ ctx, call: n.expr, args, grid: g });
  // Each chunk's output comes merged by label set as the function merges it; merging the chunks'
  // outputs in order merges them as one call over the whole input would.
  const out = yield* inSeriesChunks(ctx, impl, n, g, args, at, 256);
  const merged = sig.relabels || !ctx.settings.delayedNameRemoval ? yield* mergingSameLabels(ctx, out) : out;
  return { type: 'vector', series: merged };
}

/**
 * Runs a series-wise function over chunks of the series of its argument `at`, starting with
 * `first` series and sized to take a few ms each, so that the query can yield to the event loop
 * between them. Returns the chunks' output series in order.
 */
function* inSeriesChunks(
  ctx: EvalContext, impl: FunctionImpl, n: CallNode, g: Grid, args: StepValue[], at: number, first: number,
): OpGen<StepSeries[]> {
  const input = args[at] as MatrixValue | VectorValue;
  const out: StepSeries[] = [];
  let chunk = first;
  for (let from = 0, to = 0; from < input.series.length; from = to) {
    if (from > 0 && ctx.sliceUsed()) yield PAUSE;
    const t0 = clock();
    const part = args.slice();
    to = Math.min(input.series.length, from + chunk);
    part[at] = { ...input, series: input.series.slice(from, to) } as MatrixValue | VectorValue;
    const v = impl({ ctx, call: n.expr, args: part, grid: g }) as VectorValue;
    for (const s of v.series) out.push(s);
    const ms = clock() - t0;
    if (ms < 2) chunk *= 2;
    else if (ms > 8 && chunk > 1) chunk = Math.ceil(chunk / 2);
  }
  return out;
}

function* subqueryOp(ctx: EvalContext, n: PlanNode & { kind: 'subquery' }, g: Grid): OpGen {
  // Prometheus compatibility: whether the inner evaluation is a single step is decided by the
  // subquery's whole range in this query, not by the batch of outer steps asked for now.
  const inner = { ...subqueryGrid(n.sq, g), instant: ctx.instantSubqueries.has(n.id) };
  const memo = continueMemo(ctx.subqueries.get(n.id), inner);
  ctx.subqueries.set(n.id, memo);
  if (memo.next <= inner.end) {
    const rest = { ...inner, start: memo.next, steps: Math.floor((inner.end - memo.next) / inner.interval) + 1 };
    // Prometheus compatibility (evalSubquery): the samples a function's subquery argument reads
    // are not counted, only the points of its result that the function's windows take; a
    // subquery that is the query itself counts what it read.
    const queryable = ctx.queryable;
    // The outer batches already grew on how long operators run: the inner steps they need go in
    // as few batches as memory allows.
    yield* inBatches(ctx, n.child, rest, (v, batch) => memo.points.add(ctx, v, batch), Infinity);
    if (!ctx.isQueryRoot(n)) ctx.queryable = queryable;
    memo.next = inner.start + inner.steps * inner.interval;
  }
  const m: MatrixValue = { type: 'matrix', series: memo.points.series(), range: n.sq.range, windowEnd: windowEnds(g, n.sq.at, n.sq.offset) };
  return m;
}

/** Runs one plan node over grid g. */
export function* operate(ctx: EvalContext, n: PlanNode, g: Grid): OpGen {
  switch (n.kind) {
    case 'number':
      return constant(g, n.value);
    case 'string':
      return { type: 'string', value: n.value };
    case 'stepInvariant': {
      if (g.steps <= 1) return yield { node: n.child, grid: g };
      let once = ctx.invariants.get(n.id);
      if (!once) {
        const before = ctx.queryable;
        const value = yield { node: n.child, grid: makeGrid(g.start, g.start, g.interval) };
        once = { value, queryable: ctx.queryable - before };
        ctx.queryable = before;
        ctx.invariants.set(n.id, once);
      }
      // Prometheus compatibility: the samples of the single evaluation count at every step.
      ctx.queryable += once.queryable * g.steps;
      return broadcast(once.value, g);
    }
    case 'selector':
      return yield* evalVectorSelector(ctx, n, g);
    case 'rangeSelector':
      return yield* evalMatrixSelector(ctx, n, g);
    case 'subquery':
      return yield* subqueryOp(ctx, n, g);
    case 'unary':
      return evalUnary(ctx, n, yield { node: n.child, grid: g });
    case 'binary': {
      const l = yield { node: n.lhs, grid: g };
      const r = yield { node: n.rhs, grid: g };
      return yield* evalBinary(ctx, n.expr, l, r, g);
    }
    case 'aggregate': {
      let param: ScalarValue | string | null = null;
      if (n.param) {
        const p = yield { node: n.param, grid: g };
        param = p.type === 'string' ? p.value : (p as ScalarValue);
      }
      const fused = fusedRateSumPlan(n);
      if (fused) return yield* fusedRateSum(ctx, n.expr, fused, g, (m) => unfusedRate(ctx, fused.call, g, m));
      const input = (yield { node: n.child, grid: g }) as VectorValue;
      return yield* evalAggregate(ctx, n.expr, input, param, g);
    }
    case 'call':
      return yield* callOp(ctx, n, g);
    default:
      return assertNever(n);
  }
}
