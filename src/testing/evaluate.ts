// Evaluating a query for a test and getting plain objects back: labels as records, times in
// seconds, annotations as strings — easy to compare with `toEqual` or the promql matchers.
import { Engine, type EngineOptions } from '../eval/engine.js';
import type { Storage } from '../storage/types.js';
import { labelsToObject } from '../storage/labels.js';
import { parseDurationMs } from '../util/durations.js';
import { formatHistogramLiteral } from '../histogram/literal.js';

/** A time: milliseconds since the epoch, a Date, or a duration after the epoch such as `"5m"`. */
export type TestTime = number | Date | string;

/** When to evaluate: an instant (`at`) or a range (`range`). */
export type EvaluateOptions =
  | { readonly at: TestTime; readonly range?: never; readonly engine?: Partial<Omit<EngineOptions, 'storage'>> }
  | { readonly range: { readonly start: TestTime; readonly end: TestTime; readonly step: string | number }; readonly at?: never; readonly engine?: Partial<Omit<EngineOptions, 'storage'>> };

/** One sample of an instant vector. */
export interface EvaluatedSample {
  labels: Record<string, string>;
  /** The float value (0 for a native histogram). */
  value: number;
  /** A native histogram as its `{{…}}` literal, as promtool prints it (Go's TestExpression). */
  histogram?: string;
}

/** One series of a range result: `[seconds, value]` points, then native-histogram points. */
export interface EvaluatedSeries {
  labels: Record<string, string>;
  points: [number, number][];
  /** `[seconds, "{{…}}"]` native-histogram points, present only when the series has some. */
  histograms?: [number, string][];
}

/** A query result as plain data. */
export type Evaluated = (
  | { type: 'vector'; samples: EvaluatedSample[] }
  | {
    type: 'matrix';
    series: EvaluatedSeries[];
    /**
     * The query's range in seconds, as `evaluate` ran it (absent in results built by hand): lets
     * `toEqualMatrix` place the values of the series notation at their steps.
     */
    range?: { start: number; end: number; step: number };
  }
  | { type: 'scalar'; value: number }
  | { type: 'string'; value: string }
) & { warnings: string[]; infos: string[] };

/** Resolves a TestTime to milliseconds. */
export function testTime(t: TestTime): number {
  if (t instanceof Date) return t.getTime();
  if (typeof t === 'number') return t;
  return parseDurationMs(t);
}

function stepMs(s: string | number): number {
  return typeof s === 'number' ? s : parseDurationMs(s);
}

/**
 * Evaluates `query` over a storage (or with an engine you configured) at one time or over a range.
 * Engine options default to Prometheus's server defaults. Query errors reject with PromQLError.
 */
export async function evaluate(source: Storage | Engine, query: string, opts: EvaluateOptions): Promise<Evaluated> {
  const engine = source instanceof Engine ? source : new Engine({ ...opts.engine, storage: source });
  const range = opts.range ? { start: testTime(opts.range.start), end: testTime(opts.range.end), step: stepMs(opts.range.step) } : undefined;
  const r = range
    ? await engine.rangeQuery(query, range.start, range.end, range.step)
    : await engine.instantQuery(query, testTime(opts.at!));
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
            points: s.timestamps.map((t, i): [number, number] => [t / 1000, s.values[i]]),
            ...(h && h.timestamps.length > 0 ? { histograms: h.timestamps.map((t, i): [number, string] => [t / 1000, formatHistogramLiteral(h.values[i])]) } : {}),
          };
        }),
        ...(range ? { range: { start: range.start / 1000, end: range.end / 1000, step: range.step / 1000 } } : {}),
        ...notes,
      };
    case 'scalar':
      return { type: 'scalar', value: r.result.value, ...notes };
    default:
      return { type: 'string', value: r.result.value, ...notes };
  }
}
