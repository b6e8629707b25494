// What `promql query` prints: the result as a table or the API envelope, a stats block, the
// explained or analysed plan, and the error envelope.
import { formatSampleValue, statsJSONText, toPrometheusJSONText, type MatrixSeries, type QueryResult, type QueryStats, type QueryValue } from '../eval/result.js';
import { formatHistogramLiteral } from '../histogram/literal.js';
import type { Analysis, ExplainNode } from '../eval/explain.js';
import { formatLabels } from '../storage/labels.js';
import { PromQLError } from '../errors.js';

/** The API's `errorType` for an error (`bad_data`, `timeout`, `canceled`, `execution`, `internal`). */
export function errorType(e: unknown): string {
  if (!(e instanceof PromQLError)) return 'internal';
  switch (e.kind) {
    case 'parse': case 'options': return 'bad_data';
    case 'timeout': return 'timeout';
    case 'cancelled': return 'canceled';
    default: return 'execution';
  }
}

/** A series' float and histogram points in time order, values as printed. */
function matrixPoints(s: MatrixSeries): [number, string][] {
  const out = s.timestamps.map((t, i): [number, string] => [t, formatSampleValue(s.values[i])]);
  const h = s.histograms;
  if (h) out.push(...h.timestamps.map((t, i): [number, string] => [t, formatHistogramLiteral(h.values[i])]));
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * The result as text: one series per line (matrix: one point per indented line), native
 * histograms in the `{{…}}` notation.
 */
export function table(r: QueryResult): string {
  switch (r.resultType) {
    case 'scalar': return formatSampleValue(r.result.value);
    case 'string': return r.result.value;
    case 'vector':
      return r.result.map((s) => `${formatLabels(s.labels)} ${s.histogram ? formatHistogramLiteral(s.histogram) : formatSampleValue(s.value)}`).join('\n');
    case 'matrix':
      return r.result.map((s) => `${formatLabels(s.labels)}\n${matrixPoints(s).map(([t, v]) => `  ${v} @${t / 1000}`).join('\n')}`).join('\n');
  }
}

/** What an envelope carries besides the result. */
export interface EnvelopeExtras {
  /** Add `data.stats` (Prometheus's `stats=all`). */
  readonly stats?: boolean;
  /** Add `"analysis": { "plan", "longestBlockMs" }` after the annotations. */
  readonly analysis?: Analysis;
}

/**
 * The JSON text of one element of a vector or matrix result, exactly as it appears in
 * {@link toPrometheusJSONText}'s `result` array (the same formatting code writes it).
 */
function resultElement(r: QueryValue, i: number): string {
  const one = { ...r, result: (r.result as readonly unknown[]).slice(i, i + 1) } as QueryValue;
  const text = toPrometheusJSONText(one);
  const head = `{"resultType":"${r.resultType}","result":[`;
  return text.slice(head.length, -2);
}

/**
 * The `/api/v1/query` success envelope, in pieces (one per result series) so that it can be
 * streamed: `status`, `data` (with `stats` when asked), `warnings` and `infos` when there are
 * any, then our own `analysis` when given. Joined, the pieces are one JSON document.
 */
export function* envelopeChunks(r: QueryResult, extras: EnvelopeExtras = {}): Generator<string> {
  yield '{"status":"success","data":';
  if (r.resultType === 'vector' || r.resultType === 'matrix') {
    yield `{"resultType":"${r.resultType}","result":[`;
    for (let i = 0; i < r.result.length; i++) yield (i ? ',' : '') + resultElement(r, i);
    yield ']';
    if (extras.stats && r.stats) yield `,"stats":${statsJSONText(r.stats)}`;
    yield '}';
  } else yield toPrometheusJSONText(r, { stats: extras.stats });
  if (r.warnings.length) yield `,"warnings":${JSON.stringify(r.warnings.map((a) => a.text))}`;
  if (r.infos.length) yield `,"infos":${JSON.stringify(r.infos.map((a) => a.text))}`;
  if (extras.analysis) {
    yield `,"analysis":${JSON.stringify({ plan: extras.analysis.plan, longestBlockMs: extras.analysis.longestBlockMs })}`;
  }
  yield '}';
}

/** The `--explain -o json` output: `{"status":"success","plan":…}`. */
export function explainEnvelope(plan: ExplainNode): string {
  return JSON.stringify({ status: 'success', plan });
}

/** The API's error envelope. */
export function errorEnvelope(e: unknown, message: string): string {
  return JSON.stringify({ status: 'error', errorType: errorType(e), error: message });
}

const ms = (seconds: number): string => `${(seconds * 1000).toFixed(3)}ms`;

/** The short stats block `--stats` writes to stderr in table mode (two lines). */
export function statsBlock(s: QueryStats): string {
  const t = s.timings;
  return `stats: evalTotalTime ${ms(t.evalTotalTime)}, queryPreparationTime ${ms(t.queryPreparationTime)}, innerEvalTime ${ms(t.innerEvalTime)}\n` +
    `stats: totalQueryableSamples ${s.samples.totalQueryableSamples}, peakSamples ${s.samples.peakSamples}`;
}

/** The analysed plan as `--analyze` prints it after the result in table mode. */
export function analysisText(a: Analysis): string {
  return `${a.text}\nlongest run without yielding: ${a.longestBlockMs.toFixed(3)}ms`;
}
