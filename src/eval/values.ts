// Step-vectorised values: every node evaluates, for all steps of its time grid at once, to one of
// these. A vector series holds its labels once and a value plus a presence flag per step.
import type { Labels } from '../storage/labels.js';

/** One series of an instant-vector result over all steps. */
export interface StepSeries {
  labels: Labels;
  /** Value at each step (meaningful only where `present[i]` is 1). */
  values: Float64Array;
  /** 1 where the series has a sample at step i. */
  present: Uint8Array;
  /** Whether the metric name is to be removed at the end (delayed name removal). */
  dropName: boolean;
}

/** A raw series of a range vector: its points in time order (stale markers already removed). */
export interface RangeSeries {
  labels: Labels;
  t: Float64Array;
  v: Float64Array;
  dropName: boolean;
  /** Start timestamps per point (ms, 0 = unknown), when the engine uses them for this function. */
  st?: Float64Array;
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
