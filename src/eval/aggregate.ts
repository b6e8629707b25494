// Aggregation operators over whole step arrays: series are grouped once, then each group's
// accumulators are folded in input order, step by step, exactly as Prometheus folds them.
import type { AggregateExpr } from '../parser/ast.js';
import { EvalError } from '../errors.js';
import { formatFloatF, formatFloatG, goQuote } from '../util/go-format.js';
import { isValidUtf8LabelName } from '../parser/labels.js';
import { setLabel } from '../storage/labels.js';
import { kahanInc } from '../util/kahan.js';
import { quantile } from '../util/quantile.js';
import { unwrapParens } from '../parser/walk.js';
import type { EvalContext } from './context.js';
import type { Grid } from '../functions/support/grid.js';
import { groupingFns, groupSeries } from './grouping.js';
import { emptyStepSeries, outputBuilder } from '../functions/support/output.js';
import type { ScalarValue, StepSeries, VectorValue } from './values.js';
import { evalAggregateK } from './aggregate-k.js';

/** Min, max and NaN presence of a parameter over all steps (Prometheus `fParams`). */
export interface ParamStats {
  readonly values: Float64Array;
  readonly min: number;
  readonly max: number;
  readonly hasNaN: boolean;
}

export function paramStats(p: ScalarValue): ParamStats {
  let min = Number.MAX_VALUE;
  let max = -Number.MAX_VALUE;
  let hasNaN = false;
  for (const v of p.values) {
    max = Math.max(max, v);
    min = Math.min(min, v);
    if (Number.isNaN(v)) hasNaN = true;
  }
  return { values: p.values, min, max, hasNaN };
}

function quantileWarnings(ctx: EvalContext, e: AggregateExpr, p: ParamStats): void {
  const pos = unwrapParens(e.param!).pos;
  const warn = (q: number) => ctx.annotations.warn(`quantile value should be between 0 and 1, got ${formatFloatG(q)}`, pos);
  if (p.hasNaN) warn(NaN);
  if (p.max > 1) warn(p.max);
  if (p.min < 0) warn(p.min);
}

/** sum, avg, count, group, min, max, stddev, stdvar, quantile. */
function foldGroups(ctx: EvalContext, e: AggregateExpr, input: VectorValue, g: Grid, param: ParamStats | null): VectorValue {
  const { groupOf, labels: groups } = groupSeries(e, input.series);
  const T = g.steps;
  const n = groups.length;
  const value = groups.map(() => new Float64Array(T));
  const comp = groups.map(() => new Float64Array(T));
  const mean = groups.map(() => new Float64Array(T));
  const count = groups.map(() => new Float64Array(T));
  const seen = groups.map(() => new Uint8Array(T));
  const incremental = e.op === 'avg' ? groups.map(() => new Uint8Array(T)) : [];
  const samples: number[][][] = e.op === 'quantile' ? groups.map(() => Array.from({ length: T }, () => [])) : [];
  const dropName = new Array<boolean>(n).fill(false);
  const op = e.op;

  input.series.forEach((s, si) => {
    ctx.checkCancelled();
    const gi = groupOf[si];
    const val = value[gi], c = comp[gi], mn = mean[gi], cnt = count[gi], sn = seen[gi];
    if (s.dropName) dropName[gi] = true;
    for (let i = 0; i < T; i++) {
      if (!s.present[i]) continue;
      const f = s.values[i];
      if (!sn[i]) {
        sn[i] = 1;
        val[i] = f;
        mn[i] = f;
        cnt[i] = 1;
        c[i] = 0;
        if (op === 'stddev' || op === 'stdvar') val[i] = Number.isNaN(f) || !Number.isFinite(f) ? NaN : 0;
        else if (op === 'group') val[i] = 1;
        else if (op === 'quantile') samples[gi][i].push(f);
        continue;
      }
      switch (op) {
        case 'sum':
          [val[i], c[i]] = kahanInc(f, val[i], c[i]);
          break;
        case 'avg': {
          cnt[i]++;
          const inc = incremental[gi];
          if (!inc[i]) {
            const [nv, nc] = kahanInc(f, val[i], c[i]);
            if (nv !== Infinity && nv !== -Infinity) {
              val[i] = nv;
              c[i] = nc;
              break;
            }
            inc[i] = 1;
            mn[i] = val[i] / (cnt[i] - 1);
            c[i] /= cnt[i] - 1;
          }
          const q = (cnt[i] - 1) / cnt[i];
          [mn[i], c[i]] = kahanInc(f / cnt[i], q * mn[i], q * c[i]);
          break;
        }
        case 'max':
          if (val[i] < f || Number.isNaN(val[i])) val[i] = f;
          break;
        case 'min':
          if (val[i] > f || Number.isNaN(val[i])) val[i] = f;
          break;
        case 'count':
          cnt[i]++;
          break;
        case 'stddev':
        case 'stdvar': {
          cnt[i]++;
          const delta = f - mn[i];
          mn[i] += delta / cnt[i];
          val[i] += delta * (f - mn[i]);
          break;
        }
        case 'quantile':
          samples[gi][i].push(f);
          break;
        case 'group':
          break;
      }
    }
  });

  const out: StepSeries[] = [];
  for (let gi = 0; gi < n; gi++) {
    const sn = seen[gi];
    if (sn.indexOf(1) < 0) continue;
    const s = emptyStepSeries(groups[gi], T, dropName[gi]);
    const val = value[gi], c = comp[gi], cnt = count[gi];
    for (let i = 0; i < T; i++) {
      if (!sn[i]) continue;
      s.present[i] = 1;
      switch (op) {
        case 'sum': s.values[i] = val[i] + c[i]; break;
        case 'avg':
          s.values[i] = incremental[gi][i] ? mean[gi][i] + c[i] : val[i] / cnt[i] + c[i] / cnt[i];
          break;
        case 'count': s.values[i] = cnt[i]; break;
        case 'stdvar': s.values[i] = val[i] / cnt[i]; break;
        case 'stddev': s.values[i] = Math.sqrt(val[i] / cnt[i]); break;
        case 'quantile': s.values[i] = quantile(param!.values[i], samples[gi][i]); break;
        default: s.values[i] = val[i];
      }
    }
    out.push(s);
  }
  return { type: 'vector', series: out };
}

function countValues(ctx: EvalContext, e: AggregateExpr, input: VectorValue, g: Grid, valueLabel: string): VectorValue {
  if (!isValidUtf8LabelName(valueLabel)) throw new EvalError(`invalid label name ${goQuote(valueLabel)}`, e.pos);
  const grouping = e.without ? e.grouping : [...e.grouping, valueLabel];
  const { key, labels } = groupingFns(grouping, e.without);
  const out = outputBuilder(ctx, g);
  for (let i = 0; i < g.steps; i++) {
    const counts = new Map<string, { labels: ReturnType<typeof labels>; n: number }>();
    for (const s of input.series) {
      if (!s.present[i]) continue;
      const metric = setLabel(s.labels, valueLabel, formatFloatF(s.values[i]));
      const k = key(metric);
      const c = counts.get(k);
      if (c) c.n++;
      else counts.set(k, { labels: labels(metric), n: 1 });
    }
    for (const c of counts.values()) out.add(c.labels, false, i, c.n);
  }
  return { type: 'vector', series: out.series };
}

/** Evaluates an aggregation given its evaluated input and parameter. */
export function evalAggregate(
  ctx: EvalContext, e: AggregateExpr, input: VectorValue, param: ScalarValue | string | null, g: Grid,
): VectorValue {
  if (e.op === 'count_values') return countValues(ctx, e, input, g, param as string);
  const p = param !== null && typeof param !== 'string' ? paramStats(param) : null;
  switch (e.op) {
    case 'topk':
    case 'bottomk':
    case 'limitk':
    case 'limit_ratio':
      return evalAggregateK(ctx, e, input, p!, g);
    case 'quantile':
      quantileWarnings(ctx, e, p!);
      return foldGroups(ctx, e, input, g, p);
    default:
      return foldGroups(ctx, e, input, g, null);
  }
}
