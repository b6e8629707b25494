// The objects of a query's answer (its value, series, samples and the arrays holding them), made
// where V8 never puts them in the old generation straight away.
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
import type { FloatHistogram } from '../histogram/float-histogram.js';
import { EMPTY_LABELS, type Labels } from '../storage/labels.js';
import type { MatrixSeries, QueryValue, VectorSample } from './result.js';

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

// Times and values start as fractions: the fields hold doubles from the first sample on.
const FLOAT_SAMPLE = { labels: EMPTY_LABELS, t: 0.5, value: 0.5 };
const HISTOGRAM_SAMPLE = { ...FLOAT_SAMPLE, histogram: undefined as unknown as FloatHistogram };

/** A sample of a vector answer: the histogram's (`value` 0) when there is one, else the float's. */
export function vectorSample(labels: Labels, t: number, value: number, histogram: FloatHistogram | undefined): VectorSample {
  if (histogram) {
    const s = { ...HISTOGRAM_SAMPLE };
    s.labels = labels;
    s.t = t;
    s.value = 0;
    s.histogram = histogram;
    return s;
  }
  const s = { ...FLOAT_SAMPLE };
  s.labels = labels;
  s.t = t;
  s.value = value;
  return s;
}

const VALUE = { resultType: 'vector' as QueryValue['resultType'], result: [] as VectorSample[] as QueryValue['result'] };

/** A query's value of the given type. */
export function answerValue<V extends QueryValue>(resultType: V['resultType'], result: V['result']): V {
  const v = { ...VALUE };
  v.resultType = resultType;
  v.result = result;
  return v as V;
}
