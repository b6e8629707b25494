// topk, bottomk, limitk and limit_ratio: per step and group, a heap that behaves exactly like
// Prometheus's (Go container/heap), so ties and NaNs select the same series.
import type { AggregateExpr } from '../parser/ast.js';
import { EvalError } from '../errors.js';
import { formatFloatG } from '../util/go-format.js';
import { xxhash64 } from '../util/xxhash64.js';
import { labelsKey, type Labels } from '../storage/labels.js';
import { unwrapParens } from '../parser/walk.js';
import type { EvalContext } from './context.js';
import type { Grid } from '../functions/support/grid.js';
import { groupSeries } from './grouping.js';
import { outputBuilder } from '../functions/support/output.js';
import type { ParamStats } from './aggregate.js';
import type { VectorValue } from './values.js';

interface Item {
  s: number;
  f: number;
}
type Less = (a: number, b: number) => boolean;

const valueLess: Less = (a, b) => Number.isNaN(a) || a < b;
const reverseLess: Less = (a, b) => Number.isNaN(a) || a > b;

function up(h: Item[], j: number, less: Less): void {
  for (;;) {
    const i = Math.trunc((j - 1) / 2);
    if (i === j || !less(h[j].f, h[i].f)) break;
    [h[i], h[j]] = [h[j], h[i]];
    j = i;
  }
}

function down(h: Item[], i0: number, less: Less): boolean {
  const n = h.length;
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= n) break;
    let j = j1;
    if (j1 + 1 < n && less(h[j1 + 1].f, h[j1].f)) j = j1 + 1;
    if (!less(h[j].f, h[i].f)) break;
    [h[i], h[j]] = [h[j], h[i]];
    i = j;
  }
  return i > i0;
}

function push(h: Item[], x: Item, less: Less): void {
  h.push(x);
  up(h, h.length - 1, less);
}

/** Go's sort.Sort(sort.Reverse(h)): insertion sort for small inputs, as Go's pdqsort does. */
function sortReverse(h: Item[], less: Less): void {
  const rless = (a: Item, b: Item) => less(b.f, a.f);
  if (h.length <= 12) {
    for (let i = 1; i < h.length; i++) {
      for (let j = i; j > 0 && rless(h[j], h[j - 1]); j--) [h[j], h[j - 1]] = [h[j - 1], h[j]];
    }
    return;
  }
  h.sort((a, b) => (rless(a, b) ? -1 : rless(b, a) ? 1 : 0));
}

const MAX_U64 = 18446744073709551615;
const encoder = new TextEncoder();

/** Prometheus's `HashRatioSampler` offset: xxhash64 of the stringlabels encoding / MaxUint64. */
export function ratioOffset(ls: Labels): number {
  const parts: number[] = [];
  const put = (s: string) => {
    const b = encoder.encode(s);
    if (b.length < 255) parts.push(b.length);
    else parts.push(255, b.length & 255, (b.length >> 8) & 255, (b.length >> 16) & 255);
    for (const x of b) parts.push(x);
  };
  for (const l of ls) {
    put(l.name);
    put(l.value);
  }
  return Number(xxhash64(Uint8Array.from(parts))) / MAX_U64;
}

function checkK(e: AggregateExpr, p: ParamStats): boolean {
  if (p.max < 1) return false;
  if (p.hasNaN) throw new EvalError('Parameter value is NaN', e.pos);
  if (p.min <= -9223372036854775808) throw new EvalError(`Scalar value ${formatFloatG(p.min)} underflows int64`, e.pos);
  if (p.max >= 9223372036854775808) throw new EvalError(`Scalar value ${formatFloatG(p.max)} overflows int64`, e.pos);
  return true;
}

function checkRatio(ctx: EvalContext, e: AggregateExpr, p: ParamStats): boolean {
  if (p.max === 0 && p.min === 0) return false;
  if (p.hasNaN) throw new EvalError('Ratio value is NaN', e.pos);
  const pos = unwrapParens(e.param!).pos;
  if (p.max > 1) ctx.annotations.warn(`ratio value should be between -1 and 1, got ${formatFloatG(p.max)}, capping to 1`, pos);
  if (p.min < -1) ctx.annotations.warn(`ratio value should be between -1 and 1, got ${formatFloatG(p.min)}, capping to -1`, pos);
  return true;
}

/** Evaluates topk, bottomk, limitk or limit_ratio. Output keeps the input series' labels. */
export function evalAggregateK(ctx: EvalContext, e: AggregateExpr, input: VectorValue, p: ParamStats, g: Grid): VectorValue {
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
  for (let i = 0; i < g.steps; i++) {
    ctx.checkCancelled();
    const fParam = p.values[i];
    const k = Math.min(Math.trunc(fParam), series.length);
    const r = Math.max(-1, Math.min(1, fParam));
    if (e.op === 'limit_ratio' ? fParam === 0 : k < 1) continue;
    const heaps: (Item[] | undefined)[] = new Array(groups.length);
    for (let si = 0; si < series.length; si++) {
      const s = series[si];
      if (!s.present[i]) continue;
      const gi = groupOf[si];
      const item = { s: si, f: s.values[i] };
      let h = heaps[gi];
      if (!h) heaps[gi] = h = [];
      switch (e.op) {
        case 'limit_ratio': {
          const off = offsetOf(si);
          if (r >= 0 ? off < r : off >= 1 + r) push(h, item, less);
          break;
        }
        case 'limitk':
          if (h.length === 0) h.push(item);
          else if (h.length < k) push(h, item, less);
          break;
        default:
          if (h.length < k) push(h, item, less);
          else if (e.op === 'topk' ? h[0].f < item.f || (Number.isNaN(h[0].f) && !Number.isNaN(item.f))
            : h[0].f > item.f || (Number.isNaN(h[0].f) && !Number.isNaN(item.f))) {
            h[0] = item;
            if (k > 1 && !down(h, 0, less)) up(h, 0, less);
          }
      }
    }
    for (const h of heaps) {
      if (!h) continue;
      if ((e.op === 'topk' || e.op === 'bottomk') && h.length > 1) sortReverse(h, less);
      for (const it of h) {
        const s = series[it.s];
        out.add(s.labels, s.dropName, i, it.f);
      }
    }
  }
  return { type: 'vector', series: out.series };
}
