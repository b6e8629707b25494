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
// such a collection inside. Objects made by `new` of a class and arrays made by `Array.from` have
// no allocation site: they start young, like the arrays they hold, and die with them.
import type { FloatHistogram } from '../histogram/float-histogram.js';
import type { Labels } from '../storage/labels.js';
import type { MatrixSeries, QueryValue, VectorSample } from './result.js';

/** An empty array with no allocation site (see above), to push onto. */
export function answerArray<T>(): T[] {
  return Array.from<T>({ length: 0 });
}

/** An array of `n` empty places with no allocation site (see above), for `n` known elements. */
export function answerArrayOf<T>(n: number): T[] {
  return Array.from<T>({ length: n });
}

/** The histogram points of a matrix series, as pushed one by one. */
class HistogramPoints {
  readonly timestamps = answerArray<number>();
  readonly values = answerArray<FloatHistogram>();
}

/** Empty histogram points of a series, to push onto. */
export function histogramPoints(): { readonly timestamps: number[]; readonly values: FloatHistogram[] } {
  return new HistogramPoints();
}

/** A series of a matrix answer. */
class AnswerSeries implements MatrixSeries {
  // Set only on series with histogram points (no own property otherwise, as the plain objects had).
  declare readonly histograms?: MatrixSeries['histograms'];

  constructor(readonly labels: Labels, readonly timestamps: number[], readonly values: number[]) {}
}

/** A series of a matrix answer, with its histogram points when it has any. */
export function matrixSeries(labels: Labels, timestamps: number[], values: number[], histograms?: MatrixSeries['histograms']): MatrixSeries {
  const s = new AnswerSeries(labels, timestamps, values);
  if (histograms) (s as { histograms?: MatrixSeries['histograms'] }).histograms = histograms;
  return s;
}

/** A float sample of a vector answer. */
class FloatSample implements VectorSample {
  constructor(readonly labels: Labels, readonly t: number, readonly value: number) {}
}

/** A histogram sample of a vector answer (`value` 0). */
class HistogramSample implements VectorSample {
  readonly labels: Labels;
  readonly t: number;
  readonly value: number;
  readonly histogram: FloatHistogram;

  constructor(labels: Labels, t: number, histogram: FloatHistogram) {
    // In the order of the plain objects these replace (JSON output keeps it).
    this.labels = labels;
    this.t = t;
    this.value = 0;
    this.histogram = histogram;
  }
}

/** A sample of a vector answer: the histogram's when there is one, else the float's. */
export function vectorSample(labels: Labels, t: number, value: number, histogram: FloatHistogram | undefined): VectorSample {
  return histogram ? new HistogramSample(labels, t, histogram) : new FloatSample(labels, t, value);
}

/** A query's value. */
class AnswerValue {
  constructor(readonly resultType: QueryValue['resultType'], readonly result: QueryValue['result']) {}
}

/** A query's value of the given type. */
export function answerValue<V extends QueryValue>(resultType: V['resultType'], result: V['result']): V {
  return new AnswerValue(resultType, result) as unknown as V;
}
