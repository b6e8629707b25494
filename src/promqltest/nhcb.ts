// `load_with_nhcb`: classic histograms (`_bucket`/`_count`/`_sum` float series) also stored as
// native histograms with custom buckets (NHCB), as Prometheus's util/convertnhcb converts them.
import { FloatHistogram } from '../histogram/float-histogram.js';
import { CUSTOM_BUCKETS_SCHEMA } from '../histogram/types.js';
import { getLabel, labelsKey, METRIC_NAME, setLabel, withoutLabels, type Labels } from '../storage/labels.js';
import type { SeriesLine } from '../storage/series-notation.js';
import { parseGoFloat } from '../util/go-numbers.js';
import { formatFloatG } from '../util/go-format.js';

/** A classic histogram that cannot be converted (Prometheus's convertnhcb errors). */
export class NhcbConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NhcbConversionError';
  }
}

const g = formatFloatG;

/** One group and timestamp being collected (Prometheus's `TempHistogram`). */
class TempHistogram {
  /** Bounds ascending, each with its cumulative count. */
  readonly buckets: { le: number; count: number }[] = [];
  count = 0;
  sum = 0;
  hasCount = false;
  err: NhcbConversionError | null = null;

  setBucketCount(le: number, count: number): void {
    if (this.err) return;
    if (count < 0) {
      this.err = new NhcbConversionError(`bucket count must be non-negative: le=${g(le)}, count=${g(count)}`);
      return;
    }
    const b = this.buckets;
    const last = b[b.length - 1];
    if (!last || last.le < le) {
      if (last && count < last.count) {
        this.err = new NhcbConversionError(`count is not cumulative: ${g(count)} < ${g(last.count)}`);
        return;
      }
      b.push({ le, count });
      return;
    }
    if (last.le === le) return;
    const i = b.findIndex((x) => x.le >= le);
    if (b[i].le === le) return;
    if (i > 0 && count < b[i - 1].count) {
      this.err = new NhcbConversionError(`count is not cumulative: ${g(count)} < ${g(b[i - 1].count)}`);
      return;
    }
    if (count > b[i].count) {
      this.err = new NhcbConversionError(`count is not cumulative: ${g(count)} > ${g(b[i].count)}`);
      return;
    }
    b.splice(i, 0, { le, count });
  }

  setCount(count: number): void {
    if (this.err) return;
    if (count < 0) {
      this.err = new NhcbConversionError(`count must be non-negative: count=${g(count)}`);
      return;
    }
    this.count = count;
    this.hasCount = true;
  }

  setSum(sum: number): void {
    if (!this.err) this.sum = sum;
  }

  /** The NHCB histogram (Prometheus's `Convert` then `ToFloat`). Throws NhcbConversionError. */
  convert(): FloatHistogram {
    if (this.err) throw this.err;
    const b = this.buckets.slice();
    let count = this.count;
    if (!this.hasCount && b.length > 0) count = b[b.length - 1].count;
    if (b.length === 0 || b[b.length - 1].le !== Infinity) b.push({ le: Infinity, count });
    const top = b[b.length - 1];
    // Prometheus compatibility: integral counts take the integer-histogram path, which checks the
    // count as an integer and compacts keeping runs of up to two empty buckets.
    const integral = b.every((x) => Number.isInteger(x.count)) && Number.isInteger(count) && count >= 0;
    if (count !== top.count) {
      const shown = integral ? String(count) : g(count);
      throw new NhcbConversionError(`count mismatch: count=${shown} != le=${g(top.le)} count=${g(top.count)}`);
    }
    const buckets: number[] = [];
    let prev = 0;
    for (const x of b) {
      buckets.push(x.count - prev);
      prev = x.count;
    }
    const h = new FloatHistogram({
      schema: CUSTOM_BUCKETS_SCHEMA, count, sum: this.sum,
      positiveSpans: [{ offset: 0, length: b.length }], positiveBuckets: buckets,
      customValues: b.length > 1 ? b.slice(0, -1).map((x) => x.le) : undefined,
    });
    return h.compact(integral ? 2 : 0);
  }
}

const SUFFIXES = [['_bucket', 'bucket'], ['_sum', 'sum'], ['_count', 'count']] as const;

/**
 * The NHCB series a `load_with_nhcb` block adds: float series named `…_bucket` (by their `le`;
 * an `le` that is not a number, or NaN, leaves the series out), `…_count` and `…_sum` grouped by
 * their other labels under the base name, one custom-bucket histogram per timestamp any of them
 * has a sample at. A missing `+Inf` bucket is added; the count defaults to the last bucket's.
 * Histogram samples in those series are ignored. Throws {@link NhcbConversionError} for counts
 * that are negative, not cumulative or disagree with the `_count`.
 */
export function nhcbSeries(lines: readonly SeriesLine[], interval: number): { labels: Labels; samples: { t: number; h: FloatHistogram }[] }[] {
  const groups = new Map<string, { labels: Labels; byTime: Map<number, TempHistogram> }>();
  const noLe = new Set(['le']);
  for (const line of lines) {
    const name = getLabel(line.labels, METRIC_NAME);
    const suffix = SUFFIXES.find(([s]) => name.endsWith(s));
    if (!suffix) continue;
    let le = NaN;
    if (suffix[1] === 'bucket') {
      try {
        le = parseGoFloat(getLabel(line.labels, 'le'));
      } catch {
        continue;
      }
      if (Number.isNaN(le)) continue;
    }
    const base = setLabel(withoutLabels(line.labels, noLe), METRIC_NAME, name.slice(0, -suffix[0].length));
    const key = labelsKey(base);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { labels: base, byTime: new Map() }));
    line.points.forEach((p, i) => {
      if (p.kind !== 'float') return;
      const t = i * interval;
      let temp = group!.byTime.get(t);
      if (!temp) group!.byTime.set(t, (temp = new TempHistogram()));
      const v = p.value;
      if (suffix[1] === 'bucket') temp.setBucketCount(le, v);
      else if (suffix[1] === 'count') temp.setCount(v);
      else temp.setSum(v);
    });
  }
  return [...groups.values()].map((grp) => ({
    labels: grp.labels,
    samples: [...grp.byTime.entries()].sort((a, b) => a[0] - b[0]).map(([t, temp]) => ({ t, h: temp.convert() })),
  }));
}
