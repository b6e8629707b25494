// The objects of a query's answer (its value, series, samples and the arrays holding them), made
// where V8 never puts them in the old generation straight away, except what holds no young data.
//
// V8 "pretenures" an allocation site (an object or array literal, a `new Array` call) once most of
// its objects survive young collections, as the objects of an answer do while its caller reads
// it: from then on the site allocates in the old generation. The answer's containers were then
// old while the arrays of numbers they hold stay young; once the caller dropped the answer, those
// arrays still counted as live through their dead old holders until the next full collection, so
// every young collection copied the last answer again (and then promoted it), and the next query's
// own collections paid for it: `rate` over 384 series × 1,441 steps took 12 ms, or 25–40 ms with
// such a collection inside. Objects copied from a template by spreading it and arrays made by
// `slice` have no allocation site: they start young, like the arrays they hold, and die with
// them. (A class would do as well, but answers stay plain objects, equal to object literals under
// strict comparisons; the templates fix each kind's property order and field representations.)
// Anchored and smoothed range vectors of an instant query get their arrays here too
// (selectors.ts's extendFloats).
import type { FloatHistogram } from '../histogram/float-histogram.js';
import { EMPTY_LABELS, type Labels } from '../storage/labels.js';
import type { Annotation } from './annotations.js';
import type { MatrixSeries, QueryResult, QueryStats, QueryValue, VectorSample } from './result.js';

const NOTHING: never[] = [];

/** An empty array with no allocation site (see above), to push onto. */
export function answerArray<T>(): T[] {
  return NOTHING.slice();
}

/**
 * An array with no allocation site (see above) as long as `like`, holding its elements until
 * they are overwritten. (`Array.from({ length })` costs 0.2 µs a call, ten times a slice.)
 */
export function answerArrayLike<T>(like: readonly unknown[]): T[] {
  return like.slice() as unknown as T[];
}

const NO_NUMBERS: number[] = [];

const HISTOGRAM_POINTS = { timestamps: NO_NUMBERS, values: [] as FloatHistogram[] };

/** Empty histogram points of a series, to push onto. */
export function histogramPoints(): { readonly timestamps: number[]; readonly values: FloatHistogram[] } {
  const p = { ...HISTOGRAM_POINTS };
  p.timestamps = answerArray();
  p.values = answerArray();
  return p;
}

const SERIES = { labels: EMPTY_LABELS, timestamps: NO_NUMBERS, values: NO_NUMBERS };
const SERIES_WITH_HISTOGRAMS = { ...SERIES, histograms: { timestamps: NO_NUMBERS, values: [] as FloatHistogram[] } };

/** A series of a matrix answer, with its histogram points when it has any. */
export function matrixSeries(labels: Labels, timestamps: number[], values: number[], histograms?: MatrixSeries['histograms']): MatrixSeries {
  if (histograms) {
    const s = { ...SERIES_WITH_HISTOGRAMS };
    s.labels = labels;
    s.timestamps = timestamps;
    s.values = values;
    s.histograms = histograms;
    return s;
  }
  const s = { ...SERIES };
  s.labels = labels;
  s.timestamps = timestamps;
  s.values = values;
  return s;
}

/**
 * A sample of a vector answer: the histogram's (`value` 0) when there is one, else the float's.
 * Literals, which V8 may allocate old: a float sample holds no young data (its labels are the
 * storage's or cached with them), and allocated old it is not copied by the collections of a
 * query building 100,000 of them (their pauses took a third longer as copies). The array holding
 * them is young ({@link answerArray}).
 */
export function vectorSample(labels: Labels, t: number, value: number, histogram: FloatHistogram | undefined): VectorSample {
  return histogram ? { labels, t, value: 0, histogram } : { labels, t, value };
}

const VALUE = { resultType: 'vector' as QueryValue['resultType'], result: [] as VectorSample[] as QueryValue['result'] };

/** The value of a query whose result type is `T`. */
type ValueOf<T extends QueryValue['resultType']> = Extract<QueryValue, { readonly resultType: T }>;

/** A query's value of the given type. */
export function answerValue<T extends QueryValue['resultType']>(resultType: T, result: ValueOf<T>['result']): ValueOf<T> {
  const v = { ...VALUE };
  v.resultType = resultType;
  v.result = result;
  return v as ValueOf<T>;
}

const NO_ANNOTATIONS: Annotation[] = [];
const STATS: QueryStats = {
  timings: { evalTotalTime: 0, resultSortTime: 0, queryPreparationTime: 0, innerEvalTime: 0, execQueueTime: 0, execTotalTime: 0 },
  samples: { totalQueryableSamples: 0, peakSamples: 0 },
};
const RESULT = { ...VALUE, warnings: NO_ANNOTATIONS, infos: NO_ANNOTATIONS, stats: STATS };

/**
 * A query's result: its value with the annotations and statistics. Copied from a template too:
 * `{ ...value, warnings, … }` made a new hidden class for every query (a spread's copy of an
 * object gets a map without transitions to share), which cost a small query several µs and more
 * after an idle moment.
 */
export function queryResult(value: QueryValue, warnings: Annotation[], infos: Annotation[], stats: QueryStats): QueryResult {
  const r = { ...RESULT };
  r.resultType = value.resultType;
  r.result = value.result;
  r.warnings = warnings;
  r.infos = infos;
  r.stats = stats;
  return r as QueryResult;
}
