// Subqueries: the inner expression is evaluated on its own grid, aligned to absolute multiples of
// its step, in batches of steps; its points are collected into a range vector whose windows
// follow the outer steps.
import { EMPTY_LABELS, labelsKey } from '../storage/labels.js';
import { f64 } from '../util/slab.js';
import { makeGrid, stepTime, type Grid } from '../functions/support/grid.js';
import type { SubqueryPlan } from './prepare.js';
import type { RangeSeries, StepValue } from './values.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';
import type { EvalContext } from './context.js';
import { forEachPaused, type Request } from './ops.js';
import { StringMap } from '../util/split-maps.js';

/** The inner grid of a subquery evaluated within grid `g` (Prometheus `subqueryTimeRange`). */
export function subqueryGrid(p: SubqueryPlan, g: Grid): Grid {
  const parentStart = p.at ?? g.start;
  const parentEnd = p.at ?? g.start + Math.max(0, g.steps - 1) * g.interval;
  const end = parentEnd - p.offset;
  const lowest = parentStart - p.offset - p.range;
  // Prometheus compatibility: Go's integer division truncates toward zero.
  let start = p.step * Math.trunc(lowest / p.step);
  if (start <= lowest) start += p.step;
  return makeGrid(start, end, p.step);
}

interface Growing {
  readonly labels: RangeSeries['labels'];
  readonly dropName: boolean;
  t: Float64Array;
  v: Float64Array;
  /** Histogram points (index-aligned with t), once the series has had one. */
  h: (FloatHistogram | undefined)[] | null;
  /** Points `lo … n-1` are live; those before were trimmed. */
  lo: number;
  n: number;
}

/**
 * The series of one label set (and name-dropping flag): the inner value may hold several, told
 * apart by their order within a batch; `seen` of them were reached in batch `batch`.
 */
interface SameKey {
  readonly series: Growing[];
  batch: number;
  seen: number;
}

/**
 * Prometheus compatibility: a subquery's histograms lose their "reset"/"not reset" hints (the
 * subquery may skip or repeat samples), so functions over them detect resets themselves.
 */
function unknownHint(h: FloatHistogram): FloatHistogram {
  const c = Object.assign(Object.create(Object.getPrototypeOf(h)) as FloatHistogram, h);
  c.counterResetHint = 'unknown';
  return c;
}

/**
 * Collects the points of a vector evaluated batch by batch into raw series. Memory grows with the
 * points present, not with series × steps. Series keep their first-appearance order.
 */
export class PointCollector {
  /** The series by label key, without and with their metric name to drop. */
  private readonly byKey = [new StringMap<SameKey>(), new StringMap<SameKey>()];
  private readonly order: Growing[] = [];
  /** Counts the batches added. */
  private batch = 0;

  /** Adds the points of one batch (grid `g`) of the inner value, pausing between series when due. */
  *add(ctx: EvalContext, v: StepValue, g: Grid): Generator<Request, void, StepValue> {
    const batch = ++this.batch;
    if (v.type === 'scalar') {
      this.append(this.slot('', EMPTY_LABELS, false, batch), v.values, null, undefined, g);
      return;
    }
    if (v.type !== 'vector') throw new Error(`subquery over ${v.type}`);
    const series = v.series;
    yield* forEachPaused(ctx, series.length, (j) => {
      const s = series[j];
      this.append(this.slot(labelsKey(s.labels), s.labels, s.dropName, batch), s.values, s.present, s.hist, g);
    });
  }

  /** The series for the next one of this batch with these labels (a new one after the known). */
  private slot(key: string, labels: RangeSeries['labels'], dropName: boolean, batch: number): Growing {
    const byKey = this.byKey[dropName ? 1 : 0];
    let same = byKey.get(key);
    if (!same) byKey.set(key, (same = { series: [], batch, seen: 0 }));
    if (same.batch !== batch) {
      same.batch = batch;
      same.seen = 0;
    }
    let gs = same.series[same.seen];
    if (!gs) {
      gs = { labels, dropName, t: EMPTY, v: EMPTY, h: null, lo: 0, n: 0 };
      same.series.push(gs);
      this.order.push(gs);
    }
    same.seen++;
    return gs;
  }

  private append(gs: Growing, values: Float64Array, present: Uint8Array | null, hist: (FloatHistogram | undefined)[] | undefined, g: Grid): void {
    const steps = g.steps;
    if (hist === undefined && gs.h === null && isDense(present, steps)) {
      // Floats at every step: one block.
      if (gs.n + steps > gs.t.length) grow(gs, gs.n - gs.lo + steps);
      const t = gs.t;
      const v = gs.v;
      const n = gs.n;
      for (let i = 0; i < steps; i++) {
        t[n + i] = stepTime(g, i);
        v[n + i] = values[i];
      }
      gs.n = n + steps;
      return;
    }
    for (let i = 0; i < steps; i++) {
      if (present && !present[i]) continue;
      const h = hist?.[i];
      if (h && !gs.h) gs.h = new Array(gs.t.length);
      if (gs.n === gs.t.length) grow(gs, gs.n - gs.lo + 1);
      gs.t[gs.n] = stepTime(g, i);
      gs.v[gs.n] = values[i];
      if (gs.h) gs.h[gs.n] = h && (h.counterResetHint === 'reset' || h.counterResetHint === 'not_reset') ? unknownHint(h) : h;
      gs.n++;
    }
  }

  /** Forgets the points before time `t`. */
  trimBefore(t: number): void {
    for (const gs of this.order) {
      while (gs.lo < gs.n && gs.t[gs.lo] < t) gs.lo++;
    }
  }

  /** The collected series (without empty ones), as views of the points held now. */
  series(): RangeSeries[] {
    return this.order.filter((s) => s.n > s.lo).map((s) => ({
      labels: s.labels, t: s.t.subarray(s.lo, s.n), v: s.v.subarray(s.lo, s.n), dropName: s.dropName,
      ...(s.h ? { h: s.h.slice(s.lo, s.n) } : {}),
    }));
  }
}

/** Whether every one of the first `steps` steps is present (null: all are). */
function isDense(present: Uint8Array | null, steps: number): boolean {
  if (present === null) return true;
  for (let i = 0; i < steps; i++) if (!present[i]) return false;
  return true;
}

const EMPTY = new Float64Array(0);

/**
 * Moves a series' live points (lo … n−1) to the start of new arrays with room for at least `need`
 * points (twice the live points, at least 8), histograms included. The arrays come from the shared
 * slabs: growing a series' points allocates no backing store of its own.
 */
function grow(gs: Growing, need: number): void {
  const live = gs.n - gs.lo;
  const size = Math.max(8, live * 2, need);
  const t = f64(size);
  const v = f64(size);
  t.set(gs.t.subarray(gs.lo, gs.n));
  v.set(gs.v.subarray(gs.lo, gs.n));
  if (gs.h) {
    const nh = gs.h.slice(gs.lo, gs.n);
    nh.length = size;
    gs.h = nh;
  }
  gs.t = t;
  gs.v = v;
  gs.lo = 0;
  gs.n = live;
}

/**
 * What a subquery has evaluated so far in this query. Batches of outer steps ask for overlapping
 * inner grids in time order; each inner step is evaluated once and points older than the
 * current window are forgotten.
 */
export interface SubqueryMemo {
  readonly points: PointCollector;
  /** The first inner step held. */
  first: number;
  /** The next inner step to evaluate. */
  next: number;
  readonly interval: number;
}

/** The memo to continue for inner grid g, or a new one when g does not continue it. */
export function continueMemo(memo: SubqueryMemo | undefined, g: Grid): SubqueryMemo {
  if (memo && memo.interval === g.interval && g.start >= memo.first && g.start <= memo.next && (g.start - memo.first) % g.interval === 0) {
    memo.points.trimBefore(g.start);
    memo.first = g.start;
    return memo;
  }
  return { points: new PointCollector(), first: g.start, next: g.start, interval: g.interval };
}
