// Parsed samples kept compact until a whole input has parsed (loaders store nothing on error):
// series index, timestamp and value in growable typed arrays, then appended series by series.
import type { FloatHistogram } from '../histogram/float-histogram.js';
import type { AppendableStorage } from './appendable.js';
import type { Labels } from './labels.js';

/** Samples of many series in input order, without an object per sample. */
export class SampleBuffer {
  private which: Int32Array;
  private times: Float64Array;
  private values: Float64Array;
  /** Staleness flags, allocated at the first marker. */
  private stale: Uint8Array | null = null;
  /** Histogram samples by sample index (their value slot is unused). */
  private histograms: Map<number, FloatHistogram> | null = null;
  /** Number of samples held. */
  length = 0;

  /** Room for `capacity` samples at first (it grows as needed). */
  constructor(capacity = 1024) {
    const n = Math.max(1, capacity);
    this.which = new Int32Array(n);
    this.times = new Float64Array(n);
    this.values = new Float64Array(n);
  }

  /** Adds a float sample of series `series`. */
  push(series: number, t: number, v: number): void {
    if (this.length === this.which.length) this.grow();
    this.which[this.length] = series;
    this.times[this.length] = t;
    this.values[this.length] = v;
    this.length++;
  }

  /** Adds a staleness marker (value `v`, the StaleNaN) of series `series`. */
  pushStale(series: number, t: number, v: number): void {
    this.push(series, t, v);
    (this.stale ??= new Uint8Array(this.which.length))[this.length - 1] = 1;
  }

  /** Adds a native-histogram sample of series `series`. */
  pushHistogram(series: number, t: number, h: FloatHistogram): void {
    this.push(series, t, NaN);
    (this.histograms ??= new Map()).set(this.length - 1, h);
  }

  private grow(): void {
    const n = this.which.length * 2;
    const which = new Int32Array(n);
    which.set(this.which);
    this.which = which;
    const times = new Float64Array(n);
    times.set(this.times);
    this.times = times;
    const values = new Float64Array(n);
    values.set(this.values);
    this.values = values;
    if (this.stale) {
      const stale = new Uint8Array(n);
      stale.set(this.stale);
      this.stale = stale;
    }
  }

  /**
   * Appends every sample to the storage, series by series (series `i` is `labels[i]`), each
   * series' samples in input order: what a storage keeps is as if they came interleaved, but it
   * looks each series up once rather than once per sample. Float runs go through the storage's
   * `appendFloats` when it has one.
   */
  appendTo(storage: AppendableStorage, labels: readonly Labels[]): void {
    const n = this.length;
    const start = new Int32Array(labels.length + 1);
    for (let k = 0; k < n; k++) start[this.which[k] + 1]++;
    for (let i = 0; i < labels.length; i++) start[i + 1] += start[i];
    let next = start.slice(0, labels.length);
    if (storage.appendFloats && this.stale === null && this.histograms === null) {
      // Floats only: gather each series' samples contiguously and hand them over in one call.
      // Input that came series after series is gathered already: it is handed over in place.
      const which = this.which;
      let grouped = 0;
      while (grouped < n && next[which[grouped]] === grouped) next[which[grouped++]]++;
      let times = this.times;
      let values = this.values;
      if (grouped < n) {
        next = start.slice(0, labels.length);
        times = new Float64Array(n);
        values = new Float64Array(n);
        for (let k = 0; k < n; k++) {
          const j = next[which[k]]++;
          times[j] = this.times[k];
          values[j] = this.values[k];
        }
      }
      for (let i = 0; i < labels.length; i++) {
        if (start[i] === start[i + 1]) continue;
        storage.appendFloats(labels[i], times.subarray(start[i], start[i + 1]), values.subarray(start[i], start[i + 1]));
      }
      return;
    }
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[next[this.which[k]]++] = k;
    const { times, values, stale, histograms } = this;
    for (let i = 0; i < labels.length; i++) {
      const ls = labels[i];
      for (let j = start[i]; j < start[i + 1]; j++) {
        const k = order[j];
        const h = histograms?.get(k);
        if (h) storage.appendHistogram(ls, times[k], h);
        else if (stale !== null && stale[k] === 1) storage.append(ls, times[k], values[k], true);
        else storage.append(ls, times[k], values[k]);
      }
    }
  }
}
