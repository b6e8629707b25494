// topk, bottomk, limitk and limit_ratio: per step and group, a heap that behaves exactly like
// Prometheus's (Go container/heap), so ties and NaNs select the same series.
import type { AggregateExpr } from '../../parser/ast.js';
import { EvalError } from '../../errors.js';
import { formatFloatG } from '../../util/go-format.js';
import { labelsKey } from '../../storage/labels.js';
import type { Grid } from '../../functions/support/grid.js';
import { outputBuilder } from '../../functions/support/output.js';
import type { EvalContext } from '../context.js';
import { groupSeries } from '../grouping.js';
import { forEachPaused, type OpGen } from '../ops.js';
import type { VectorValue } from '../values.js';
import type { ParamStats } from './accumulator.js';
import { down, push, reverseLess, sortReverse, up, valueLess, type Item } from './heap.js';
import { checkRatio, ratioOffset } from './limit.js';

function checkK(e: AggregateExpr, p: ParamStats): boolean {
  if (p.max < 1) return false;
  if (p.hasNaN) throw new EvalError('Parameter value is NaN', e.pos);
  if (p.min <= -9223372036854775808) throw new EvalError(`Scalar value ${formatFloatG(p.min)} underflows int64`, e.pos);
  if (p.max >= 9223372036854775808) throw new EvalError(`Scalar value ${formatFloatG(p.max)} overflows int64`, e.pos);
  return true;
}

/** Evaluates topk, bottomk, limitk or limit_ratio. Output keeps the input series' labels. */
export function* selectK(ctx: EvalContext, e: AggregateExpr, input: VectorValue, p: ParamStats, g: Grid): OpGen<VectorValue> {
  const ok = e.op === 'limit_ratio' ? checkRatio(ctx, e, p) : checkK(e, p);
  if (!ok) return { type: 'vector', series: [] };
  const series = input.series;
  const { groupOf, labels: groups } = groupSeries(e, series);
  const less = e.op === 'bottomk' ? reverseLess : valueLess;
  const offsets = new Map<string, number>();
  const offsetOf = (i: number) => {
    const k = labelsKey(series[i].labels);
    let o = offsets.get(k);
    if (o === undefined) offsets.set(k, (o = ratioOffset(series[i].labels)));
    return o;
  };
  const out = outputBuilder(ctx, g);
  // Each series' arrays in plain arrays: the step loop reads them by index (series objects come
  // in several shapes, and a property read per sample would be a megamorphic lookup).
  const present = series.map((s) => s.present);
  const values = series.map((s) => s.values);
  const hists = series.map((s) => s.hist);
  const byValue = e.op === 'topk' || e.op === 'bottomk';
  const top = e.op === 'topk';
  yield* forEachPaused(ctx, g.steps, (i) => {
    const fParam = p.values[i];
    const k = Math.min(Math.trunc(fParam), series.length);
    const r = Math.max(-1, Math.min(1, fParam));
    if (e.op === 'limit_ratio' ? fParam === 0 : k < 1) return;
    const heaps: (Item[] | undefined)[] = new Array(groups.length);
    for (let si = 0; si < series.length; si++) {
      if (!present[si][i]) continue;
      const hs = hists[si];
      if (byValue && hs !== undefined && hs[i]) {
        ctx.annotations.info(`ignored histogram in ${e.op} aggregation`, e.pos);
        continue;
      }
      const gi = groupOf[si];
      const f = values[si][i];
      let h = heaps[gi];
      if (!h) heaps[gi] = h = [];
      switch (e.op) {
        case 'limit_ratio': {
          const off = offsetOf(si);
          if (r >= 0 ? off < r : off >= 1 + r) push(h, { s: si, f }, less);
          break;
        }
        case 'limitk':
          if (h.length === 0) h.push({ s: si, f });
          else if (h.length < k) push(h, { s: si, f }, less);
          break;
        default:
          if (h.length < k) push(h, { s: si, f }, less);
          else if (top ? h[0].f < f || (Number.isNaN(h[0].f) && !Number.isNaN(f))
            : h[0].f > f || (Number.isNaN(h[0].f) && !Number.isNaN(f))) {
            h[0] = { s: si, f };
            if (k > 1 && !down(h, 0, less)) up(h, 0, less);
          }
      }
    }
    for (const h of heaps) {
      if (!h) continue;
      if (byValue && h.length > 1) sortReverse(h, less);
      for (const it of h) {
        const s = series[it.s];
        out.add(s.labels, s.dropName, i, it.f, s.hist?.[i]);
      }
    }
  });
  return { type: 'vector', series: out.series };
}
