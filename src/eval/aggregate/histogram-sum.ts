// sum and avg over native histograms (Prometheus `aggregation`'s histogram branches): Kahan-
// compensated histogram sums, the incremental mean once a sum overflows, counter-reset hints
// tracked for the collision warning, and groups that mix floats and histograms left out.
import type { AggregateExpr } from '../../parser/ast.js';
import type { FloatHistogram } from '../../histogram/float-histogram.js';
import { HistogramError } from '../../histogram/errors.js';
import type { EvalContext } from '../context.js';

/** The histogram part of one group at one step. */
interface HistState {
  value: FloatHistogram | undefined;
  comp: FloatHistogram | undefined;
  mean: FloatHistogram | undefined;
  count: number;
  incremental: boolean;
  incompatible: boolean;
  resetSeen: boolean;
  notResetSeen: boolean;
}

/**
 * Histogram samples of a `sum` or `avg`, per group and step. Contract: `add` is called for each
 * histogram sample in input order; `result` once per group and step after all samples.
 */
export class HistogramSums {
  private readonly states = new Map<number, HistState>();

  constructor(
    private readonly ctx: EvalContext, private readonly e: AggregateExpr, private readonly steps: number,
  ) {}

  private get pos() {
    return this.e.expr.pos;
  }

  /** Adds histogram h of a series named `name` to group g at step i. */
  add(g: number, i: number, h: FloatHistogram, name: string): void {
    const key = g * this.steps + i;
    let st = this.states.get(key);
    if (h.counterResetHint === 'reset' && st) st.resetSeen = true;
    if (h.counterResetHint === 'not_reset' && st) st.notResetSeen = true;
    if (!st) {
      this.states.set(key, {
        value: h.copy(), comp: undefined, mean: undefined, count: 1, incremental: false, incompatible: false,
        resetSeen: h.counterResetHint === 'reset', notResetSeen: h.counterResetHint === 'not_reset',
      });
      return;
    }
    if (st.incompatible) return;
    st.count++;
    try {
      if (this.e.op === 'sum') {
        const r = st.value!.kahanAdd(h, st.comp);
        st.comp = r.comp;
        if (r.nhcbBoundsReconciled) this.reconciled();
        return;
      }
      this.addToMean(st, h);
    } catch (err) {
      if (!(err instanceof HistogramError) || err.kind !== 'incompatible-schema') throw err;
      this.ctx.annotations.warn(
        `vector contains a mix of histograms with exponential and custom buckets schemas for metric name ${JSON.stringify(name)}`, this.pos,
      );
      st.incompatible = true;
    }
  }

  private reconciled(): void {
    this.ctx.annotations.info('mismatched custom buckets were reconciled during aggregation', this.pos);
  }

  /** Prometheus's avg: a direct Kahan sum until it overflows, then the incremental mean. */
  private addToMean(st: HistState, h: FloatHistogram): void {
    if (!st.incremental) {
      const v = st.value!.copy();
      const r = v.kahanAdd(h, st.comp?.copy());
      if (r.nhcbBoundsReconciled) this.reconciled();
      if (!v.hasOverflow()) {
        st.value = v;
        st.comp = r.comp;
        return;
      }
      st.incremental = true;
      st.mean = st.value!.copy().div(st.count - 1);
      st.comp?.div(st.count - 1);
    }
    const q = (st.count - 1) / st.count;
    st.comp?.mul(q);
    const toAdd = h.copy().div(st.count);
    const r = st.mean!.mul(q).kahanAdd(toAdd, st.comp);
    st.comp = r.comp;
    if (r.nhcbBoundsReconciled) this.reconciled();
  }

  /**
   * The histogram result of group g at step i: undefined when it had no histogram; null when the
   * group is left out (incompatible schemas). `hadFloat` says whether floats were summed too.
   */
  result(g: number, i: number, hadFloat: boolean): FloatHistogram | null | undefined {
    const st = this.states.get(g * this.steps + i);
    if (!st) return undefined;
    if (hadFloat) {
      this.ctx.annotations.warn('encountered a mix of histograms and floats for aggregation', this.pos);
      return null;
    }
    if (st.incompatible) return null;
    if (st.resetSeen && st.notResetSeen) {
      this.ctx.annotations.warn('conflicting counter resets during histogram aggregation', this.pos);
    }
    let v: FloatHistogram;
    if (this.e.op === 'sum') {
      v = st.value!;
      if (st.comp) v.add(st.comp);
    } else if (st.incremental) {
      v = st.mean!;
      if (st.comp) v.add(st.comp);
    } else {
      v = st.value!.div(st.count);
      if (st.comp) v.add(st.comp.div(st.count));
    }
    return v.compact(0);
  }
}
