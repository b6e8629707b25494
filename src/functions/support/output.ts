// Building output vectors: series are merged by label set across steps, and two samples with the
// same labels at one step are Prometheus's "vector cannot contain metrics with the same labelset".
import { f64, u8 } from '../../util/slab.js';
import { EvalError } from '../../errors.js';
import { labelsKey, type Labels } from '../../storage/labels.js';
import type { StepSeries } from '../../eval/values.js';
import type { FloatHistogram } from '../../histogram/float-histogram.js';
import type { EvalContext } from '../../eval/context.js';
import { isInstant, type Grid } from './grid.js';
import { StringMap } from '../../util/split-maps.js';

/** The error Prometheus raises for two samples with one label set at one step. */
export function sameLabelsetError(): EvalError {
  return new EvalError('vector cannot contain metrics with the same labelset');
}

/** A new series absent at every step. */
export function emptyStepSeries(labels: Labels, steps: number, dropName = false): StepSeries {
  return { labels, values: f64(steps), present: u8(steps), dropName };
}

/** Collects output samples step by step, keyed by label set, in first-insertion order. */
export class SeriesBuilder {
  private readonly byKey = new StringMap<StepSeries>();
  readonly series: StepSeries[] = [];

  /**
   * @param steps number of steps of the grid
   * @param allowDuplicates keep same-labelled samples apart instead of failing (Prometheus skips the
   *   check for a single-step evaluation with delayed name removal; the final cleanup checks).
   */
  constructor(private readonly steps: number, private readonly allowDuplicates: boolean) {}

  /** Adds a sample at a step (a histogram sample when `hist` is given). */
  add(labels: Labels, dropName: boolean, step: number, value: number, hist?: FloatHistogram): void {
    const key = labelsKey(labels);
    let s = this.byKey.get(key);
    if (s && s.present[step]) {
      if (!this.allowDuplicates) throw sameLabelsetError();
      s = undefined;
    }
    if (!s) {
      s = emptyStepSeries(labels, this.steps, dropName);
      this.byKey.set(key, s);
      this.series.push(s);
    }
    s.present[step] = 1;
    s.values[step] = value;
    if (hist) (s.hist ??= new Array(this.steps))[step] = hist;
  }
}

/**
 * Whether a node's output on grid g keeps same-labelled samples apart: Prometheus skips the
 * same-labelset check for a single-step evaluation with delayed name removal (the final cleanup
 * checks instead).
 */
export function defersLabelsetCheck(ctx: EvalContext, g: Grid): boolean {
  return isInstant(g) && ctx.settings.delayedNameRemoval;
}

/** The builder for a node's output on grid g (see {@link defersLabelsetCheck}). */
export function outputBuilder(ctx: EvalContext, g: Grid): SeriesBuilder {
  return new SeriesBuilder(g.steps, defersLabelsetCheck(ctx, g));
}

/**
 * Merges series that have the same labels (after name removal) if their steps do not overlap;
 * overlapping ones fail as in Prometheus's `mergeSeriesWithSameLabelset`.
 */
export function mergeSameLabels(series: StepSeries[]): StepSeries[] {
  if (series.length < 2) return series;
  const m = new SameLabelsMerger();
  for (const s of series) m.add(s);
  return m.out;
}

/**
 * {@link mergeSameLabels} one series at a time (so that a caller can pause in between): `out`
 * holds the merged series of those added so far, in first-insertion order.
 */
export class SameLabelsMerger {
  private readonly index = new StringMap<number>();
  readonly out: StepSeries[] = [];
  private readonly copied = new Set<number>();

  add(s: StepSeries): void {
    const key = labelsKey(s.labels);
    const at = this.index.get(key);
    if (at === undefined) {
      this.index.set(key, this.out.length);
      this.out.push(s);
      return;
    }
    if (!this.copied.has(at)) {
      const p = this.out[at];
      this.out[at] = { ...p, values: p.values.slice(), present: p.present.slice(), ...(p.hist ? { hist: p.hist.slice() } : {}) };
      this.copied.add(at);
    }
    const merged = this.out[at];
    for (let i = 0; i < s.present.length; i++) {
      if (!s.present[i]) continue;
      if (merged.present[i]) throw sameLabelsetError();
      merged.present[i] = 1;
      merged.values[i] = s.values[i];
      if (s.hist && s.hist[i]) (merged.hist ??= new Array(s.present.length))[i] = s.hist[i];
    }
  }
}
