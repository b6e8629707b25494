// The root of a query's evaluation: an instant query evaluates the plan once; a range query
// evaluates it in batches of steps and collects the points present into the result matrix, so
// memory follows the points, not series × steps.
import { EvalError } from '../errors.js';
import { compareLabels, dropMetricName, EMPTY_LABELS, labelsKey } from '../storage/labels.js';
import type { EvalContext } from './context.js';
import { stepTime, type Grid } from '../functions/support/grid.js';
import { inBatches } from './evaluator.js';
import { forEachPaused, type Request } from './ops.js';
import { extendFloats } from './selectors.js';
import { mergeSameLabels, sameLabelsetError } from '../functions/support/output.js';
import type { PlanNode } from './plan/nodes.js';
import type { MatrixSeries, QueryValue, VectorSample } from './result.js';
import type { StepSeries, StepValue } from './values.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';

type RootGen = Generator<Request, QueryValue, StepValue>;

function cleanupNames(ctx: EvalContext, series: StepSeries[]): StepSeries[] {
  if (!ctx.settings.delayedNameRemoval) return series;
  return series.map((s) => (s.dropName ? { ...s, labels: dropMetricName(s.labels), dropName: false } : s));
}

/** Evaluates a range query: the tree over each batch of the grid, points appended per series. */
export function* rangeRoot(ctx: EvalContext, tree: PlanNode, g: Grid): RootGen {
  type Out = { labels: MatrixSeries['labels']; timestamps: number[]; values: number[]; histograms?: { timestamps: number[]; values: FloatHistogram[] } };
  const byKey = new Map<string, Out>();
  yield* inBatches(ctx, tree, g, function* (v, batch) {
    let series: StepSeries[];
    if (v.type === 'scalar') {
      series = [{ labels: EMPTY_LABELS, values: v.values, present: new Uint8Array(batch.steps).fill(1), dropName: false }];
    } else if (v.type === 'vector') {
      series = mergeSameLabels(cleanupNames(ctx, v.series));
    } else {
      throw new EvalError(`invalid expression type "${v.type}" for range query, must be Scalar or instant Vector`);
    }
    yield* forEachPaused(ctx, series.length, (j) => {
      const s = series[j];
      let n = 0;
      for (let i = 0; i < batch.steps; i++) n += s.present[i];
      if (n === 0) return;
      const k = labelsKey(s.labels);
      let out = byKey.get(k);
      if (!out) byKey.set(k, (out = { labels: s.labels, timestamps: [], values: [] }));
      const { timestamps, values } = out;
      const hist = s.hist;
      for (let i = 0; i < batch.steps; i++) {
        if (!s.present[i]) continue;
        const h = hist?.[i];
        if (h) {
          const hs = (out.histograms ??= { timestamps: [], values: [] });
          hs.timestamps.push(batch.start + i * batch.interval);
          hs.values.push(h);
          continue;
        }
        timestamps.push(batch.start + i * batch.interval);
        values.push(s.values[i]);
      }
    });
  });
  const result: MatrixSeries[] = [...byKey.values()].sort((a, c) => compareLabels(a.labels, c.labels));
  return { resultType: 'matrix', result };
}

/** Evaluates an instant query at t. */
export function* instantRoot(ctx: EvalContext, tree: PlanNode, g: Grid): RootGen {
  const v = yield { node: tree, grid: g };
  return instantResult(ctx, v, g.start);
}

function instantResult(ctx: EvalContext, v: StepValue, t: number): QueryValue {
  switch (v.type) {
    case 'scalar':
      return { resultType: 'scalar', result: { t, value: v.values[0] } };
    case 'string':
      return { resultType: 'string', result: { t, value: v.value } };
    case 'vector': {
      const series = cleanupNames(ctx, v.series);
      const seen = new Set<string>();
      const result: VectorSample[] = [];
      for (const s of series) {
        if (!s.present[0]) continue;
        const k = labelsKey(s.labels);
        if (ctx.settings.delayedNameRemoval && seen.has(k)) throw sameLabelsetError();
        seen.add(k);
        const h = s.hist?.[0];
        result.push(h ? { labels: s.labels, t, value: 0, histogram: h } : { labels: s.labels, t, value: s.values[0] });
      }
      return { resultType: 'vector', result };
    }
    case 'matrix': {
      const hi = v.windowEnd[0];
      const lo = hi - v.range;
      const byKey = new Map<string, MatrixSeries>();
      for (const s of v.series) {
        const labels = ctx.settings.delayedNameRemoval && s.dropName ? dropMetricName(s.labels) : s.labels;
        let timestamps: number[] = [];
        let values: number[] = [];
        let histograms: { timestamps: number[]; values: FloatHistogram[] } | undefined;
        if (v.extended) {
          ({ t: timestamps, v: values } = extendFloats(s.t, s.v, lo, hi, v.extended.kind === 'smoothed'));
        } else {
          for (let j = 0; j < s.t.length; j++) {
            if (s.t[j] > lo && s.t[j] <= hi) {
              const h = s.h?.[j];
              if (h) {
                histograms ??= { timestamps: [], values: [] };
                histograms.timestamps.push(s.t[j]);
                histograms.values.push(h);
                continue;
              }
              timestamps.push(s.t[j]);
              values.push(s.v[j]);
            }
          }
        }
        if (timestamps.length === 0 && !histograms) continue;
        const k = labelsKey(labels);
        if (byKey.has(k)) throw sameLabelsetError();
        byKey.set(k, { labels, timestamps, values, ...(histograms ? { histograms } : {}) });
      }
      return { resultType: 'matrix', result: [...byKey.values()].sort((a, b) => compareLabels(a.labels, b.labels)) };
    }
  }
}
