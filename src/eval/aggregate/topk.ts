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
import { StringMap } from '../../util/split-maps.js';

function checkK(e: AggregateExpr, p: ParamStats): boolean {
  if (p.max < 1) return false;
  if (p.hasNaN) throw new EvalError('Parameter value is NaN', e.pos);
  if (p.min <= -9223372036854775808) throw new EvalError(`Scalar value ${formatFloatG(p.min)} underflows int64`, e.pos);
  if (p.max >= 9223372036854775808) throw new EvalError(`Scalar value ${formatFloatG(p.max)} overflows int64`, e.pos);
  return true;
}

/** Series folded between two checks of the time slice (see selectK). */
const SERIES_BLOCK = 256;

/** Evaluates topk, bottomk, limitk or limit_ratio. Output keeps the input series' labels. */
export function* selectK(ctx: EvalContext, e: AggregateExpr, input: VectorValue, p: ParamStats, g: Grid): OpGen<VectorValue> {
  const ok = e.op === 'limit_ratio' ? checkRatio(ctx, e, p) : checkK(e, p);
  if (!ok) return { type: 'vector', series: [] };
  const series = input.series;
  const { groupOf, labels: groups } = yield* groupSeries(ctx, e, series);
  const less = e.op === 'bottomk' ? reverseLess : valueLess;
  const offsets = new StringMap<number>();
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
  const G = groups.length;
  // Steps are taken a chunk at a time, series by series within a chunk: each series' values are
  // then read consecutively (reading one step across hundreds of series misses the cache at every
  // read). Every step's heaps still receive their samples in input order, as Prometheus's do.
  const chunk = Math.max(1, Math.min(256, Math.floor(4096 / Math.max(1, G))));
  const chunks = Math.ceil(g.steps / chunk);
  for (let c = 0; c < chunks; c++) {
    const c0 = c * chunk;
    const c1 = Math.min(g.steps, c0 + chunk);
    const width = c1 - c0;
    const ks = new Float64Array(width);
    const rs = new Float64Array(width);
    const live = new Uint8Array(width);
    for (let i = c0; i < c1; i++) {
      const fParam = p.values[i];
      const k = Math.min(Math.trunc(fParam), series.length);
      ks[i - c0] = k;
      rs[i - c0] = Math.max(-1, Math.min(1, fParam));
      live[i - c0] = (e.op === 'limit_ratio' ? fParam === 0 : k < 1) ? 0 : 1;
    }
    // The heap of group gi at step c0 + j is heaps[j * G + gi]; once it holds k samples, its root's
    // value is also in least[j * G + gi], so most samples are turned away without reaching the heap.
    const heaps: (Item[] | undefined)[] = new Array(width * G);
    const full = byValue ? new Uint8Array(width * G) : null;
    const least = byValue ? new Float64Array(width * G) : null;
    // Series a block at a time, pausing between blocks: one chunk of steps over 100,000 series
    // took 60–100 ms.
    const fold = (b: number) => {
      const end = Math.min(series.length, (b + 1) * SERIES_BLOCK);
      for (let si = b * SERIES_BLOCK; si < end; si++) foldSeries(si);
    };
    const foldSeries = (si: number) => {
      const ps = present[si];
      const vs = values[si];
      const hs = hists[si];
      const gi = groupOf[si];
      for (let j = 0; j < width; j++) {
        const i = c0 + j;
        if (!live[j] || !ps[i]) continue;
        if (byValue && hs !== undefined && hs[i]) {
          ctx.annotations.info(`ignored histogram in ${e.op} aggregation`, e.pos);
          continue;
        }
        const f = vs[i];
        const k = ks[j];
        const at = j * G + gi;
        if (full !== null && full[at]) {
          const m = least![at];
          if (!(top ? m < f || (m !== m && f === f) : m > f || (m !== m && f === f))) continue;
          // The root's item is replaced in place (an item belongs to one heap only).
          const h = heaps[at]!;
          const root = h[0];
          root.s = si;
          root.f = f;
          if (k > 1 && !down(h, 0, less)) up(h, 0, less);
          least![at] = h[0].f;
          continue;
        }
        let h = heaps[at];
        if (!h) heaps[at] = h = [];
        switch (e.op) {
          case 'limit_ratio': {
            const r = rs[j];
            const off = offsetOf(si);
            if (r >= 0 ? off < r : off >= 1 + r) push(h, { s: si, f }, less);
            break;
          }
          case 'limitk':
            if (h.length === 0) h.push({ s: si, f });
            else if (h.length < k) push(h, { s: si, f }, less);
            break;
          default:
            // Not full yet (a full heap was handled above).
            push(h, { s: si, f }, less);
            if (h.length >= k) {
              full![at] = 1;
              least![at] = h[0].f;
            }
        }
      }
    };
    yield* forEachPaused(ctx, Math.ceil(series.length / SERIES_BLOCK), fold);
    // Step by step, group by group (in that order), pausing between groups.
    yield* forEachPaused(ctx, width * G, (at) => {
      const h = heaps[at];
      if (!h) return;
      const i = c0 + Math.floor(at / G);
      if (byValue && h.length > 1) sortReverse(h, less);
      for (const it of h) {
        const s = series[it.s];
        out.add(s.labels, s.dropName, i, it.f, s.hist?.[i]);
      }
    });
  }
  return { type: 'vector', series: out.series };
}
