// The root of a query's evaluation: an instant query evaluates the plan once; a range query
// evaluates it in batches of steps and collects the points present into the result matrix, so
// memory follows the points, not series × steps.
import { EvalError } from '../errors.js';
import { f64 } from '../util/slab.js';
import { countOnes } from '../util/count-ones.js';
import { compareLabels, dropMetricName, EMPTY_LABELS, labelsKey } from '../storage/labels.js';
import type { EvalContext } from './context.js';
import { stepTime, type Grid } from '../functions/support/grid.js';
import { inBatches } from './evaluator.js';
import { forEachPaused, pausing, type Request } from './ops.js';
import { sortingInPlace } from '../util/sort-paused.js';
import { extendFloats } from './selectors.js';
import { sameLabelsetError } from '../functions/support/output.js';
import { mergingSameLabels } from './merge-paused.js';
import type { PlanNode } from './plan/nodes.js';
import type { MatrixSeries, QueryValue, VectorSample } from './result.js';
import type { MatrixValue, StepSeries, StepValue, VectorValue } from './values.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';
import { answerArray, answerArrayLike, answerValue, histogramPoints, matrixSeries, vectorSample } from './answer-objects.js';
import { StringMap, StringSet } from '../util/split-maps.js';

type RootGen = Generator<Request, QueryValue, StepValue>;

/** A series with its metric name dropped now, if it was to be (with delayed name removal). */
function cleanupName(s: StepSeries): StepSeries {
  return s.dropName ? { ...s, labels: dropMetricName(s.labels), dropName: false } : s;
}

// A plain array of doubles to copy result arrays from (see doubles()), grown as needed.
let doublesTemplate: number[] = [0.5];

/**
 * A plain array of n numbers (their values to be overwritten) that V8 keeps as unboxed doubles
 * from the start: sliced from an array of doubles. `new Array(n)` starts as small integers and
 * is copied into a second backing store at the first fraction written, which doubled the young
 * garbage of a result and the collections of building it (768 arrays of 1,441: 13–21 ms against
 * 6.5–7.5 ms, medians with collections).
 */
function doubles(n: number): number[] {
  if (doublesTemplate.length < n) {
    const t = doublesTemplate.slice();
    while (t.length < n) t.push(0.5);
    doublesTemplate = t;
  }
  return doublesTemplate.slice(0, n);
}

/**
 * The points of one output series of a range query while batches come in: each batch's floats in
 * exact-size typed arrays (a batch present at every step keeps the operator's own values array;
 * others are compacted into arrays carved from shared slabs: no growing, off the JS heap), joined
 * once when the query ends; histograms in plain arrays.
 */
class PointsBuilder {
  // The first chunk inline, the others in `more`: a series of one batch (a short range over many
  // series) makes no array of chunks.
  private ts0: Float64Array | undefined;
  private vs0: Float64Array | undefined;
  private more: { ts: Float64Array; vs: Float64Array }[] | undefined;
  private n = 0;
  private hists: { timestamps: number[]; values: FloatHistogram[] } | undefined;
  /** The grid step of the first point while the points are every step from there on (else -1). */
  private firstStep = -1;
  /** The last batch (its number) a series of these labels came in (see rangeRoot). */
  batch = -1;

  constructor(readonly labels: MatrixSeries['labels']) {}

  private push(ts: Float64Array, vs: Float64Array): void {
    if (this.ts0 === undefined) {
      this.ts0 = ts;
      this.vs0 = vs;
    } else {
      (this.more ??= []).push({ ts, vs });
    }
    this.n += vs.length;
  }

  /**
   * Appends the points present in one batch of a step series (`present` of them). `stepTimes` are
   * the batch's step times, shared by the series present at every step of it; `from` is the
   * batch's first step in the query's grid.
   */
  add(s: StepSeries, batch: Grid, present: number, stepTimes: () => Float64Array, from: number): void {
    if (present === batch.steps && s.hist === undefined) {
      if (this.ts0 === undefined && this.hists === undefined) this.firstStep = from;
      else if (this.firstStep >= 0 && this.firstStep + this.n !== from) this.firstStep = -1;
      // Kept as is, not copied: nothing changes a value once the root has it, and it has no
      // absent steps to leave out.
      const vs = s.values;
      this.push(stepTimes(), vs.length === present ? vs : vs.subarray(0, present));
      return;
    }
    this.firstStep = -1;
    const ts = f64(present);
    const vs = f64(present);
    const p = s.present;
    const values = s.values;
    const hist = s.hist;
    let n = 0;
    for (let i = 0; i < batch.steps; i++) {
      if (!p[i]) continue;
      const h = hist === undefined ? undefined : hist[i];
      if (h) {
        const hs = (this.hists ??= histogramPoints());
        hs.timestamps.push(batch.start + i * batch.interval);
        hs.values.push(h);
        continue;
      }
      ts[n] = batch.start + i * batch.interval;
      vs[n] = values[i];
      n++;
    }
    if (n > 0) this.push(ts.subarray(0, n), vs.subarray(0, n));
  }

  /**
   * The finished series. `times` holds the step times of the batches that had a series present at
   * every step (copied from their `stepTimes`): a series present at every step from its first
   * point on takes its timestamps from there with one slice.
   */
  build(times: readonly number[]): MatrixSeries {
    const values = doubles(this.n);
    const timestamps = this.firstStep >= 0 ? times.slice(this.firstStep, this.firstStep + this.n) : doubles(this.n);
    if (this.ts0 !== undefined) {
      let k = copyChunk(this.ts0, this.vs0!, this.firstStep < 0, timestamps, values, 0);
      if (this.more) for (const { ts, vs } of this.more) k = copyChunk(ts, vs, this.firstStep < 0, timestamps, values, k);
    }
    const labels = this.labels;
    return matrixSeries(labels, timestamps, values, this.hists);
  }
}

/** Copies one chunk's values (and its times, unless `times` is false) to `at`; returns the next place. */
function copyChunk(ts: Float64Array, vs: Float64Array, times: boolean, timestamps: number[], values: number[], at: number): number {
  let k = at;
  for (let i = 0; i < vs.length; i++, k++) {
    if (times) timestamps[k] = ts[i];
    values[k] = vs[i];
  }
  return k;
}

/**
 * What a range query's root keeps from batch to batch: the points of each label set, and the step
 * times of the batches asked for them, at their place in the grid (see build()).
 */
class RangeRootState {
  readonly byKey = new StringMap<PointsBuilder>();
  /** The builders of byKey in the order their label sets first came (usually sorted already). */
  builders: PointsBuilder[] = [];
  allTimes: number[] = [];
  /** The next batch's first step in the grid. */
  from = 0;
  batches = 0;

  constructor(readonly ctx: EvalContext, readonly g: Grid) {}
}

/**
 * Appends one batch's value to the points of its label sets. A generator function of the module
 * (not one made per query: the generators of a new generator function get a new hidden class).
 */
function* rangeBatch(st: RangeRootState, v: StepValue, batch: Grid): Generator<Request, void, StepValue> {
  const { ctx, byKey } = st;
  let times: Float64Array | undefined;
  const first = st.from;
  st.from += batch.steps;
  const stepTimes = () => {
    if (times === undefined) {
      times = f64(batch.steps);
      for (let i = 0; i < batch.steps; i++) times[i] = batch.start + i * batch.interval;
      if (st.allTimes.length === 0) st.allTimes = doubles(st.g.steps);
      for (let i = 0; i < batch.steps; i++) st.allTimes[first + i] = times[i];
    }
    return times;
  };
  let series: StepSeries[];
  if (v.type === 'scalar') {
    series = [{ labels: EMPTY_LABELS, values: v.values, present: new Uint8Array(batch.steps).fill(1), dropName: false }];
  } else if (v.type === 'vector') {
    series = v.series;
  } else {
    throw new EvalError(`invalid expression type "${v.type}" for range query, must be Scalar or instant Vector`);
  }
  const number = st.batches++;
  // Each series with a point finds the points of its labels (its name dropped now, with delayed
  // name removal). Two with the same labels in one batch must be merged first (Prometheus's
  // mergeSeriesWithSameLabelset, failing where they share a step), which most batches need not.
  const delayed = v.type === 'vector' && ctx.settings.delayedNameRemoval;
  let present = new Int32Array(series.length);
  let outs = new Array<PointsBuilder | undefined>(series.length);
  let clash = false;
  const find = (list: StepSeries[]) => (j: number) => {
    const s = list[j];
    const n = countOnes(s.present, batch.steps);
    present[j] = n;
    if (n === 0) return;
    const k = labelsKey(s.labels);
    let out = byKey.get(k);
    if (!out) {
      byKey.set(k, (out = new PointsBuilder(s.labels)));
      st.builders.push(out);
    }
    else if (out.batch === number) clash = true;
    out.batch = number;
    outs[j] = out;
  };
  if (delayed) {
    const src = series;
    series = new Array<StepSeries>(src.length);
    yield* forEachPaused(ctx, src.length, (j) => {
      series[j] = cleanupName(src[j]);
    });
  }
  yield* forEachPaused(ctx, series.length, find(series));
  if (clash) {
    series = yield* mergingSameLabels(ctx, series);
    present = new Int32Array(series.length);
    outs = new Array<PointsBuilder | undefined>(series.length);
    yield* forEachPaused(ctx, series.length, find(series));
  }
  yield* forEachPaused(ctx, series.length, (j) => {
    outs[j]?.add(series[j], batch, present[j], stepTimes, first);
  });
}

/** Evaluates a range query: the tree over each batch of the grid, points appended per series. */
export function* rangeRoot(ctx: EvalContext, tree: PlanNode, g: Grid): RootGen {
  const st = new RangeRootState(ctx, g);
  yield* inBatches(ctx, tree, g, (v, batch) => rangeBatch(st, v, batch));
  const byKey = st.byKey;
  let allTimes = st.allTimes;
  st.allTimes = [];
  let builders = st.builders;
  st.builders = [];
  let built = answerArrayLike<MatrixSeries>(builders);
  yield* forEachPaused(ctx, builders.length, (i) => {
    built[i] = builders[i].build(allTimes);
  });
  const result = yield* pausing(ctx, sortingInPlace(built, (a, c) => compareLabels(a.labels, c.labels)));
  // V8's call feedback keeps the last closure passed to forEachPaused (this one) until the next
  // full collection, and a scavenge treats that link as strong: through the captured variables,
  // the whole result would be copied and promoted by the next query's scavenges though nobody
  // holds it any more. The closures' variables let go of it here.
  builders = [];
  built = [];
  byKey.clear();
  allTimes = [];
  return answerValue('matrix', result);
}

/** Evaluates an instant query at t. */
export function* instantRoot(ctx: EvalContext, tree: PlanNode, g: Grid): RootGen {
  const v = yield { node: tree, grid: g };
  return v.type === 'vector' ? yield* instantVector(ctx, v, g.start) : yield* instantResult(ctx, v, g.start);
}

/** An instant query's vector result at t, built series by series with pauses. */
function* instantVector(ctx: EvalContext, v: VectorValue, t: number): RootGen {
  let series = v.series;
  const delayed = ctx.settings.delayedNameRemoval;
  let seen = new StringSet();
  let samples = answerArray<VectorSample>();
  yield* forEachPaused(ctx, series.length, (i) => {
    const s = delayed ? cleanupName(series[i]) : series[i];
    if (!s.present[0]) return;
    const k = labelsKey(s.labels);
    if (delayed && seen.has(k)) throw sameLabelsetError();
    seen.add(k);
    const h = s.hist?.[0];
    samples.push(vectorSample(s.labels, t, s.values[0], h));
  });
  const result = samples;
  // As in rangeRoot: the closure outlives the query (call feedback), its variables must not hold
  // the answer nor the input.
  samples = [];
  series = [];
  seen = new StringSet();
  return answerValue('vector', result);
}

/** An instant query's result at t, other than a vector (see instantVector). */
function* instantResult(ctx: EvalContext, v: Exclude<StepValue, VectorValue>, t: number): RootGen {
  switch (v.type) {
    case 'scalar':
      return answerValue('scalar', { t, value: v.values[0] });
    case 'string':
      return answerValue('string', { t, value: v.value });
    case 'matrix':
      return yield* instantMatrix(ctx, v);
  }
}

/** An instant query's range-vector result: each series' points in its window, with pauses. */
function* instantMatrix(ctx: EvalContext, v: MatrixValue): RootGen {
  const hi = v.windowEnd[0];
  const lo = hi - v.range;
  const seen = new StringSet();
  let out = answerArray<MatrixSeries>();
  yield* forEachPaused(ctx, v.series.length, (i) => {
    const s = v.series[i];
    const labels = ctx.settings.delayedNameRemoval && s.dropName ? dropMetricName(s.labels) : s.labels;
    let timestamps: number[];
    let values: number[];
    let histograms: { timestamps: number[]; values: FloatHistogram[] } | undefined;
    if (v.extended) {
      ({ t: timestamps, v: values } = extendFloats(s.t, s.v, lo, hi, v.extended.kind === 'smoothed'));
    } else {
      timestamps = answerArray();
      values = answerArray();
      for (let j = 0; j < s.t.length; j++) {
        if (s.t[j] > lo && s.t[j] <= hi) {
          const h = s.h?.[j];
          if (h) {
            histograms ??= histogramPoints();
            histograms.timestamps.push(s.t[j]);
            histograms.values.push(h);
            continue;
          }
          timestamps.push(s.t[j]);
          values.push(s.v[j]);
        }
      }
    }
    if (timestamps.length === 0 && !histograms) return;
    const k = labelsKey(labels);
    if (seen.has(k)) throw sameLabelsetError();
    seen.add(k);
    out.push(matrixSeries(labels, timestamps, values, histograms));
  });
  const result = yield* pausing(ctx, sortingInPlace(out, (a, c) => compareLabels(a.labels, c.labels)));
  // As in rangeRoot: the closure outlives the query (call feedback).
  out = [];
  return answerValue('matrix', result);
}
