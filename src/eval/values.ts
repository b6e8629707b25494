// Step-vectorised values: every node evaluates, for all steps of its time grid at once, to one of
// these. A vector series holds its labels once and a value plus a presence flag per step.
import type { Labels } from '../storage/labels.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';

/** One series of an instant-vector result over all steps. */
export interface StepSeries {
  labels: Labels;
  /** Value at each step (meaningful only where `present[i]` is 1). */
  values: Float64Array;
  /** 1 where the series has a sample at step i. */
  present: Uint8Array;
  /** Whether the metric name is to be removed at the end (delayed name removal). */
  dropName: boolean;
  /**
   * Native-histogram samples: where `hist[i]` is set (and `present[i]` is 1) the sample at step i
   * is that histogram and `values[i]` is meaningless. Absent when the series has no histogram.
   * Histograms in values are shared and never mutated: operators copy before they change one.
   */
  hist?: (FloatHistogram | undefined)[];
}

/** A raw series of a range vector: its points in time order (stale markers already removed). */
export interface RangeSeries {
  labels: Labels;
  t: Float64Array;
  v: Float64Array;
  dropName: boolean;
  /** Start timestamps per point (ms, 0 = unknown), when the engine uses them for this function. */
  st?: Float64Array;
  /** Native-histogram points: where `h[j]` is set, point j is that histogram (`v[j]` meaningless). */
  h?: (FloatHistogram | undefined)[];
}

/** A scalar: one value per step. */
export interface ScalarValue {
  readonly type: 'scalar';
  readonly values: Float64Array;
}

/** An instant vector over all steps. Series order is Prometheus's result order for one step. */
export interface VectorValue {
  readonly type: 'vector';
  readonly series: StepSeries[];
}

/**
 * A range vector: raw points, and for each step the right end of its window. The window of step i
 * is `(windowEnd[i] − range, windowEnd[i]]`.
 */
export interface MatrixValue {
  readonly type: 'matrix';
  readonly series: RangeSeries[];
  readonly range: number;
  readonly windowEnd: Float64Array;
  /**
   * `anchored`/`smoothed` selectors: the points also cover `lookback` before each window (and,
   * smoothed, after it), for the functions that use them.
   */
  readonly extended?: { readonly kind: 'anchored' | 'smoothed'; readonly lookback: number };
}

/** A string. */
export interface StringValue {
  readonly type: 'string';
  readonly value: string;
}

/** What any node evaluates to. */
export type StepValue = ScalarValue | VectorValue | MatrixValue | StringValue;

/** Whether the series has any present step. */
export function anyPresent(s: StepSeries): boolean {
  return s.present.indexOf(1) >= 0;
}

/** Whether step i of the series holds a histogram. */
export function isHistAt(s: StepSeries, i: number): boolean {
  return s.hist !== undefined && s.hist[i] !== undefined;
}

/** Whether any series of the vector holds a histogram sample. */
export function hasHistograms(v: VectorValue): boolean {
  for (const s of v.series) if (s.hist && s.hist.some((h) => h !== undefined)) return true;
  return false;
}

/**
 * The float samples of a vector only: histogram samples are dropped (what Prometheus's float-only
 * functions and operators do with them). Series left without samples are dropped too.
 */
export function floatsOnly(v: VectorValue): VectorValue {
  if (!v.series.some((s) => s.hist)) return v;
  const series: StepSeries[] = [];
  for (const s of v.series) {
    if (!s.hist) {
      series.push(s);
      continue;
    }
    const present = s.present.slice();
    let any = false;
    for (let i = 0; i < present.length; i++) {
      if (s.hist[i] !== undefined) present[i] = 0;
      else if (present[i]) any = true;
    }
    if (any) series.push({ labels: s.labels, values: s.values, present, dropName: s.dropName });
  }
  return { type: 'vector', series };
}

/** The float points of a range series only (histogram points removed), or null if none is left. */
export function floatPointsOnly(s: RangeSeries): RangeSeries | null {
  if (!s.h) return s;
  const keep: number[] = [];
  for (let j = 0; j < s.t.length; j++) if (s.h[j] === undefined) keep.push(j);
  if (keep.length === 0) return null;
  const t = new Float64Array(keep.length);
  const v = new Float64Array(keep.length);
  const st = s.st ? new Float64Array(keep.length) : undefined;
  keep.forEach((j, k) => {
    t[k] = s.t[j];
    v[k] = s.v[j];
    if (st) st[k] = s.st![j];
  });
  return { labels: s.labels, t, v, dropName: s.dropName, ...(st ? { st } : {}) };
}
