// Query results as the engine returns them, and their conversion to Prometheus's HTTP API JSON
// (`/api/v1/query(_range)` `data`), with Prometheus's exact number and timestamp formatting.
import type { Labels } from '../storage/labels.js';
import type { Annotation } from './annotations.js';
import { formatFloatE, formatFloatF } from '../util/go-format.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';
import { formatHistogramLiteral } from '../histogram/literal.js';
import { labelsToObject } from '../storage/labels.js';

/** One sample of an instant vector. */
export interface VectorSample {
  readonly labels: Labels;
  /** Timestamp in ms (the evaluation time). */
  readonly t: number;
  /** The float value (0 when the sample is a histogram). */
  readonly value: number;
  /** Set when the sample is a native histogram (then `value` is meaningless). */
  readonly histogram?: FloatHistogram;
}

/** One series of a range vector or range-query result. */
export interface MatrixSeries {
  readonly labels: Labels;
  /** Timestamps in ms, ascending. */
  readonly timestamps: number[];
  readonly values: number[];
  /** Native-histogram points, when the series has any (timestamps ascending, disjoint from the floats'). */
  readonly histograms?: { readonly timestamps: number[]; readonly values: FloatHistogram[] };
}

/** The value of a query, by type. */
export type QueryValue =
  | { readonly resultType: 'vector'; readonly result: VectorSample[] }
  | { readonly resultType: 'matrix'; readonly result: MatrixSeries[] }
  | { readonly resultType: 'scalar'; readonly result: { readonly t: number; readonly value: number } }
  | { readonly resultType: 'string'; readonly result: { readonly t: number; readonly value: string } };

/** A query's result with its annotations. */
export type QueryResult = QueryValue & {
  readonly warnings: Annotation[];
  readonly infos: Annotation[];
  /** Timings and sample counts, as Prometheus's `stats=all` reports them. */
  readonly stats?: QueryStats;
};

/** Query statistics in the shape of Prometheus's `stats=all` (times in seconds). */
export interface QueryStats {
  readonly timings: {
    /** Whole query, parse to result. */
    readonly evalTotalTime: number;
    readonly resultSortTime: number;
    /** Parsing, planning and fetching the series. */
    readonly queryPreparationTime: number;
    /** Evaluation after the fetch. */
    readonly innerEvalTime: number;
    readonly execQueueTime: number;
    readonly execTotalTime: number;
  };
  readonly samples: {
    /** Samples read from storage, counted once per step that read them. */
    readonly totalQueryableSamples: number;
    /** The most samples held in memory at once. */
    readonly peakSamples: number;
  };
}

/** Prometheus `MarshalTimestamp`: seconds, with exactly three decimals when ms are non-zero. */
export function formatTimestamp(ms: number): string {
  const neg = ms < 0;
  const abs = Math.abs(ms);
  const sec = Math.floor(abs / 1000);
  const frac = abs % 1000;
  const s = frac === 0 ? `${sec}` : `${sec}.${String(frac).padStart(3, '0')}`;
  return neg ? `-${s}` : s;
}

/** Whether Go's JSON-style float formatting switches to exponent form: outside [1e-6, 1e21). */
function exponentForm(v: number): boolean {
  const a = Math.abs(v);
  return a !== 0 && Number.isFinite(a) && (a < 1e-6 || a >= 1e21);
}

/** Prometheus `MarshalFloat`: shortest 'f' form, or 'e' form outside [1e-6, 1e21); `NaN`, `±Inf`. */
export function formatSampleValue(v: number): string {
  return exponentForm(v) ? formatFloatE(v) : formatFloatF(v);
}

/** Go's encoding/json form of a float64 (used for scalar and string timestamps). */
function goJSONNumber(v: number): string {
  return exponentForm(v) ? formatFloatE(v).replace(/e([+-])0(\d)$/, 'e$1$2') : formatFloatF(v);
}

/** Options of {@link toPrometheusJSONText} and {@link toPrometheusJSON}. */
export interface PrometheusJSONOptions {
  /**
   * Add the `"stats"` object of `stats=all` (after `result`, as Prometheus does), when the result
   * carries stats (every engine result does). Per-step samples (`stats=all` with per-step stats
   * enabled on the server) are never included.
   */
  readonly stats?: boolean;
}

/**
 * A stats number as Prometheus's API writes it (jsoniter): shortest 'f' form, or Go's 'e' form
 * outside [1e-6, 1e21) without encoding/json's exponent clean-up (`4.02e-07`, not `4.02e-7`).
 */
function statsNumber(v: number): string {
  // JSON has no NaN or Inf; jsoniter would fail the response. A clock can't produce them, so 0 is safe.
  return Number.isFinite(v) ? formatSampleValue(v) : '0';
}

/**
 * Seconds as Go's `time.Duration.Seconds()` gives them: whole nanoseconds, `sec + nsec / 1e9`, so
 * `0.000027209` rather than the float noise of `ms / 1000` (`0.10606904499999996`).
 */
function durationSeconds(seconds: number): number {
  if (!Number.isFinite(seconds)) return 0;
  const ns = Math.round(seconds * 1e9);
  const sec = Math.trunc(ns / 1e9);
  return sec + (ns - sec * 1e9) / 1e9;
}

/** The `"stats"` object of Prometheus's query API (`stats=all`), keys in Prometheus's order. */
export function statsJSONText(s: QueryStats): string {
  const t = s.timings;
  const timings = ([
    ['evalTotalTime', t.evalTotalTime], ['resultSortTime', t.resultSortTime],
    ['queryPreparationTime', t.queryPreparationTime], ['innerEvalTime', t.innerEvalTime],
    ['execQueueTime', t.execQueueTime], ['execTotalTime', t.execTotalTime],
  ] as const).map(([k, v]) => `"${k}":${statsNumber(durationSeconds(v))}`).join(',');
  return `{"timings":{${timings}},"samples":{"totalQueryableSamples":${statsNumber(s.samples.totalQueryableSamples)},"peakSamples":${statsNumber(s.samples.peakSamples)}}}`;
}

/**
 * A histogram as Prometheus's API writes it (`MarshalHistogram`): `count`, `sum`, then `buckets`
 * in the all-bucket order (negative from the lowest, zero bucket, positive) as
 * `[boundaryRule, "lower", "upper", "count"]`, empty buckets left out and `buckets` too when none
 * is left. The rule is 0 for (lower, upper], 1 for [lower, upper), 2 open, 3 closed.
 */
export function histogramJSONText(h: FloatHistogram): string {
  let s = `{"count":"${formatSampleValue(h.count)}","sum":"${formatSampleValue(h.sum)}"`;
  const buckets: string[] = [];
  for (const b of h.allBucketIterator()) {
    if (b.count === 0) continue;
    const rule = b.lowerInclusive ? (b.upperInclusive ? 3 : 1) : (b.upperInclusive ? 0 : 2);
    buckets.push(`[${rule},"${formatSampleValue(b.lower)}","${formatSampleValue(b.upper)}","${formatSampleValue(b.count)}"]`);
  }
  if (buckets.length > 0) s += `,"buckets":[${buckets.join(',')}]`;
  return s + '}';
}

const metricJSON = (ls: Labels): string => `{${ls.map((l) => `${JSON.stringify(l.name)}:${JSON.stringify(l.value)}`).join(',')}}`;

/** A vector sample: `value` for a float, `histogram` for a native histogram. */
function sampleJSONText(s: VectorSample): string {
  const v = s.histogram ? `"histogram":[${formatTimestamp(s.t)},${histogramJSONText(s.histogram)}]` : `"value":[${formatTimestamp(s.t)},"${formatSampleValue(s.value)}"]`;
  return `{"metric":${metricJSON(s.labels)},${v}}`;
}

/** A matrix series: `values` and `histograms`, each only when non-empty (Prometheus's `marshalSeriesJSON`). */
function seriesJSONText(s: MatrixSeries): string {
  let out = `{"metric":${metricJSON(s.labels)}`;
  if (s.timestamps.length > 0) {
    out += `,"values":[${s.timestamps.map((t, i) => `[${formatTimestamp(t)},"${formatSampleValue(s.values[i])}"]`).join(',')}]`;
  }
  const hs = s.histograms;
  if (hs && hs.timestamps.length > 0) {
    out += `,"histograms":[${hs.timestamps.map((t, i) => `[${formatTimestamp(t)},${histogramJSONText(hs.values[i])}]`).join(',')}]`;
  }
  return out + '}';
}

function valueJSONText(r: QueryValue): string {
  switch (r.resultType) {
    case 'vector':
      return `"resultType":"vector","result":[${r.result.map(sampleJSONText).join(',')}]`;
    case 'matrix':
      return `"resultType":"matrix","result":[${r.result.map(seriesJSONText).join(',')}]`;
    case 'scalar':
      return `"resultType":"scalar","result":[${goJSONNumber(r.result.t / 1000)},"${formatFloatF(r.result.value)}"]`;
    case 'string':
      return `"resultType":"string","result":[${goJSONNumber(r.result.t / 1000)},${JSON.stringify(r.result.value)}]`;
  }
}

/**
 * The `data` object of Prometheus's query API for this result, as JSON text: `resultType`,
 * `result` and, with `{ stats: true }`, `stats` (as `stats=all` gives it).
 */
export function toPrometheusJSONText(r: QueryValue & { readonly stats?: QueryStats }, opts: PrometheusJSONOptions = {}): string {
  const stats = opts.stats && r.stats ? `,"stats":${statsJSONText(r.stats)}` : '';
  return `{${valueJSONText(r)}${stats}}`;
}

/** The `data` object of Prometheus's query API for this result (see {@link toPrometheusJSONText}). */
export function toPrometheusJSON(r: QueryValue & { readonly stats?: QueryStats }, opts: PrometheusJSONOptions = {}): unknown {
  return JSON.parse(toPrometheusJSONText(r, opts));
}

/** One sample of an instant vector, as plain data ({@link toPlain}). */
export interface PlainSample {
  labels: Record<string, string>;
  /** The float value (0 for a native histogram). */
  value: number;
  /** A native histogram as its `{{…}}` literal, as promtool prints it (Go's TestExpression). */
  histogram?: string;
}

/** One series of a range result, as plain data ({@link toPlain}): `[ms, value]` points. */
export interface PlainSeries {
  labels: Record<string, string>;
  points: [number, number][];
  /** `[ms, "{{…}}"]` native-histogram points, present only when the series has some. */
  histograms?: [number, string][];
}

/**
 * A {@link QueryResult} as plain data, for `toEqual` and the testing matchers: labels as records,
 * histograms as `{{…}}` literals, annotations as their texts. Times are ms since the epoch, as
 * everywhere in the API (only Prometheus's JSON, {@link toPrometheusJSON}, has seconds).
 */
export type PlainResult = (
  | { type: 'vector'; samples: PlainSample[] }
  | {
    type: 'matrix';
    series: PlainSeries[];
    /**
     * The query's range in ms, when known (`evaluate` and `toPlain(result, range)` set it): lets
     * `toEqualMatrix` place the values of the series notation at their steps.
     */
    range?: { start: number; end: number; step: number };
  }
  | { type: 'scalar'; value: number }
  | { type: 'string'; value: string }
) & { warnings: string[]; infos: string[] };

/**
 * The plain-object view of a query result (what `evaluate()` of `promql-ts/testing` returns).
 * Pass the range query's `{ start, end, step }` (ms) to keep it in the view.
 */
export function toPlain(r: QueryResult, range?: { readonly start: number; readonly end: number; readonly step: number }): PlainResult {
  const notes = { warnings: r.warnings.map((a) => a.text), infos: r.infos.map((a) => a.text) };
  switch (r.resultType) {
    case 'vector':
      return {
        type: 'vector',
        samples: r.result.map((s) => ({
          labels: labelsToObject(s.labels), value: s.value, ...(s.histogram ? { histogram: formatHistogramLiteral(s.histogram) } : {}),
        })),
        ...notes,
      };
    case 'matrix':
      return {
        type: 'matrix',
        series: r.result.map((s) => {
          const h = s.histograms;
          return {
            labels: labelsToObject(s.labels),
            points: Array.from(s.timestamps, (t, i): [number, number] => [t, s.values[i]]),
            ...(h && h.timestamps.length > 0 ? { histograms: Array.from(h.timestamps, (t, i): [number, string] => [t, formatHistogramLiteral(h.values[i])]) } : {}),
          };
        }),
        ...(range ? { range: { start: range.start, end: range.end, step: range.step } } : {}),
        ...notes,
      };
    case 'scalar':
      return { type: 'scalar', value: r.result.value, ...notes };
    default:
      return { type: 'string', value: r.result.value, ...notes };
  }
}
