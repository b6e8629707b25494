// sum and avg over native histograms (Prometheus `aggregation`'s histogram branches): Kahan-
// compensated histogram sums, the incremental mean once a sum overflows, counter-reset hints
// tracked for the collision warning, and groups that mix floats and histograms left out.
import type { AggregateExpr } from '../../parser/ast.js';
import type { FloatHistogram } from '../../histogram/float-histogram.js';
import { HistogramError } from '../../histogram/errors.js';
import type { EvalContext } from '../context.js';
import { HistogramMean } from '../../functions/over-time-histogram.js';
import { DenseHistogramSum } from '../../histogram/dense-sum.js';
import { DenseIncrease } from '../../histogram/dense-increase.js';
import type { IncreaseRows } from '../../histogram/increase-rows.js';

// The window state of increases taken from rows (one at a time).
const rowIncrease = new DenseIncrease();

/** The histogram part of one group at one step. */
interface HistState {
  /** sum: the running sum and its compensation. */
  value: FloatHistogram | undefined;
  /** sum: whether `value` is the sum's own (otherwise it is the first input histogram, copied before any change). */
  owned: boolean;
  comp: FloatHistogram | undefined;
  /** sum: the running sum kept dense while every histogram shares one schema and zero threshold (then `value` and `comp` are stale). */
  dense: DenseHistogramSum | undefined;
  /** avg: the running mean. */
  mean: HistogramMean | undefined;
  incompatible: boolean;
  resetSeen: boolean;
  notResetSeen: boolean;
}

/**
 * Histogram samples of a `sum` or `avg`, per group and step. Contract: `add` is called for each
 * histogram sample in input order; `result` once per group and step after all samples.
 */
export class HistogramSums {
  /**
   * By group, then step: plain arrays of the batch's steps, looked up without hashing (a Map
   * keyed by `group × steps + step` hashed every lookup; one flat array would go to slow
   * elements when a series' group lies far past those before it).
   */
  private readonly states: (HistState | undefined)[][] = [];

  constructor(
    private readonly ctx: EvalContext, private readonly e: AggregateExpr, private readonly steps: number,
  ) {}

  /** Group g's states by step, made when its first histogram comes. */
  private stateRow(g: number): (HistState | undefined)[] {
    return (this.states[g] ??= new Array<HistState | undefined>(this.steps));
  }

  private get pos() {
    return this.e.expr.pos;
  }

  /** Adds histogram h of a series named `name` to group g at step i. */
  add(g: number, i: number, h: FloatHistogram, name: string): void {
    let st = this.states[g]?.[i];
    if (h.counterResetHint === 'reset' && st) st.resetSeen = true;
    if (h.counterResetHint === 'not_reset' && st) st.notResetSeen = true;
    if (!st) {
      this.stateRow(g)[i] = {
        value: this.e.op === 'sum' ? h : undefined, owned: false, comp: undefined, dense: undefined,
        mean: this.e.op === 'avg' ? new HistogramMean(h) : undefined, incompatible: false,
        resetSeen: h.counterResetHint === 'reset', notResetSeen: h.counterResetHint === 'not_reset',
      };
      return;
    }
    if (st.incompatible) return;
    try {
      if (this.e.op === 'sum') {
        if (this.addDense(st, h)) return;
        const r = this.own(st).kahanAdd(h, st.comp);
        st.comp = r.comp;
        if (r.nhcbBoundsReconciled) this.reconciled();
        return;
      }
      if (st.mean!.add(h)) this.reconciled();
    } catch (err) {
      if (!(err instanceof HistogramError) || err.kind !== 'incompatible-schema') throw err;
      this.ctx.annotations.warn(
        `vector contains a mix of histograms with exponential and custom buckets schemas for metric name ${JSON.stringify(name)}`, this.pos,
      );
      st.incompatible = true;
    }
  }

  /**
   * `add(g, i, inc.result().mul(factor), name)` for a `sum`, without building the histogram when
   * the group's sum is kept dense and takes it. Returns the size (`size()`) of that histogram.
   */
  addIncrease(g: number, i: number, inc: DenseIncrease, factor: number, name: string): number {
    const dense = this.denseOf(this.states[g]?.[i]);
    if (dense && dense.acceptsIncrease(inc)) return dense.addIncrease(inc, factor);
    const h = inc.result().mul(factor);
    this.add(g, i, h, name);
    return h.size();
  }

  /**
   * {@link addIncrease} of the increase from `first` to `last`, samples `f` and `l` of the series
   * `rows` holds (no counter reset between them), taken from the rows (built as needed) or, when
   * both share a layout, from the two histograms. Returns the size of that histogram.
   */
  addRowIncrease(
    g: number, i: number, rows: IncreaseRows, f: number, l: number, first: FloatHistogram, last: FloatHistogram,
    factor: number, name: string,
  ): number {
    const st = this.states[g]?.[i];
    if (st === undefined && this.e.op === 'sum') {
      // The group's first histogram at this step: its dense sum starts from the rows.
      const { sum, size } = DenseHistogramSum.ofRowIncrease(rows, rows.slot(f), rows.slot(l), first, last, factor);
      this.stateRow(g)[i] = {
        value: undefined, owned: true, comp: undefined, dense: sum, mean: undefined, incompatible: false,
        resetSeen: false, notResetSeen: false,
      };
      return size;
    }
    const dense = this.denseOf(st);
    if (dense && dense.acceptsRows(rows)) {
      // The same layout at both ends (stored histograms share span arrays): no rows needed.
      if (first.positiveSpans === last.positiveSpans && first.negativeSpans === last.negativeSpans) {
        return dense.addSameLayoutIncrease(first, last, factor);
      }
      return dense.addRowIncrease(rows, rows.slot(f), rows.slot(l), first, last, factor);
    }
    rowIncrease.fromRows(rows, rows.slot(f), rows.slot(l), first, last);
    return this.addIncrease(g, i, rowIncrease, factor, name);
  }

  /**
   * The dense sum of a group's state at a step that increases can be added to (started from its
   * first histogram when it can be kept dense), or undefined: no histogram yet, not a `sum`, or
   * not dense.
   */
  private denseOf(st: HistState | undefined): DenseHistogramSum | undefined {
    if (!st || st.incompatible || this.e.op !== 'sum') return undefined;
    if (!st.dense && st.comp === undefined && DenseHistogramSum.startsWithAny(st.value!)) st.dense = DenseHistogramSum.of(st.value!);
    return st.dense;
  }

  /**
   * Adds h to the dense sum when it can be kept dense (starting one at the second histogram);
   * otherwise turns a dense sum back into histograms for `kahanAdd` and returns false.
   */
  private addDense(st: HistState, h: FloatHistogram): boolean {
    if (!st.dense && st.comp === undefined && DenseHistogramSum.startsWith(st.value!)) st.dense = DenseHistogramSum.of(st.value!);
    if (!st.dense) return false;
    if (st.dense.accepts(h)) {
      st.dense.add(h);
      return true;
    }
    this.undense(st);
    return false;
  }

  /** Replaces the dense sum of `st` by the histograms it stands for. */
  private undense(st: HistState): void {
    const { value, comp } = st.dense!.toHistograms();
    st.value = value;
    st.owned = true;
    st.comp = comp;
    st.dense = undefined;
  }

  /** The running sum, copied first if it still is the first input histogram (never changed in place). */
  private own(st: HistState): FloatHistogram {
    if (!st.owned) {
      st.value = st.value!.copy();
      st.owned = true;
    }
    return st.value!;
  }

  private reconciled(): void {
    this.ctx.annotations.info('mismatched custom buckets were reconciled during aggregation', this.pos);
  }

  /**
   * The histogram result of group g at step i: undefined when it had no histogram; null when the
   * group is left out (incompatible schemas). `hadFloat` says whether floats were summed too.
   */
  result(g: number, i: number, hadFloat: boolean): FloatHistogram | null | undefined {
    const st = this.states[g]?.[i];
    if (!st) return undefined;
    if (hadFloat) {
      this.ctx.annotations.warn('encountered a mix of histograms and floats for aggregation', this.pos);
      return null;
    }
    if (st.incompatible) return null;
    if (st.resetSeen && st.notResetSeen) {
      this.ctx.annotations.warn('conflicting counter resets during histogram aggregation', this.pos);
    }
    if (st.mean) return st.mean.result().compact(0);
    if (st.dense) return st.dense.result();
    const v = this.own(st);
    if (st.comp) v.add(st.comp);
    return v.compact(0);
  }
}
