// Comparing a query result with an eval's expectations, as Prometheus's `compareResult` and
// `checkAnnotations` do (almost.Equal with ε = 1e-6, annotation msg/regex matching).
import { RE2JS } from 're2js';
import type { MatrixSeries, QueryResult, QueryValue, VectorSample } from '../eval/result.js';
import type { SeriesPoint } from '../storage/series-notation.js';
import { formatHistogramLiteral } from '../histogram/literal.js';
import { histogramsMatch } from './compare-histogram.js';
import { compareLabels, formatLabels, labelsKey } from '../storage/labels.js';
import { formatFloatF as fmt } from '../util/go-format.js';
import { almostEqual } from '../util/almost.js';
import type { EvalCommand, ExpectLine } from './script.js';

export { almostEqual };

function matches(e: ExpectLine, s: string): boolean {
  if (!e.match) return true;
  if (e.match.mode === 'msg') return e.match.text === s;
  return RE2JS.compile(e.match.text).matcher(s).find();
}

/** Checks an error against `expect fail` / `expected_fail_*`; returns a problem or null. */
export function checkFailure(cmd: EvalCommand, message: string): string | null {
  if (cmd.expectedFailMessage !== null && cmd.expectedFailMessage !== message) {
    return `expected error ${JSON.stringify(cmd.expectedFailMessage)}, got: ${message}`;
  }
  if (cmd.expectedFailRegexp !== null && !RE2JS.compile(cmd.expectedFailRegexp).matcher(message).find()) {
    return `expected error matching ${JSON.stringify(cmd.expectedFailRegexp)}, got: ${message}`;
  }
  const f = cmd.expects.find((e) => e.kind === 'fail');
  if (f && !matches(f, message)) return `expected error matching ${JSON.stringify(f.match?.text)}, got: ${message}`;
  return null;
}

function checkKind(cmd: EvalCommand, kind: 'warn' | 'info', actual: string[]): string | null {
  const expected = cmd.expects.filter((e) => e.kind === kind);
  if (expected.length === 0) return null;
  if (actual.length === 0) return `expected ${kind} annotations but none were found`;
  for (const e of expected) {
    if (!actual.some((a) => matches(e, a))) {
      return `expected ${kind} annotation matching ${JSON.stringify(e.match?.text ?? '.*')}, found: ${JSON.stringify(actual)}`;
    }
  }
  for (const a of actual) {
    if (!expected.some((e) => matches(e, a))) return `unexpected ${kind} annotation ${JSON.stringify(a)}`;
  }
  return null;
}

/** Checks annotations; returns a problem or null. */
export function checkAnnotations(cmd: EvalCommand, r: QueryResult): string | null {
  const warnings = r.warnings.map((a) => a.text);
  const infos = r.infos.map((a) => a.text);
  if (cmd.warn && warnings.length === 0) return 'expected warnings but got none';
  if (cmd.info && infos.length === 0) return 'expected info annotations but got none';
  const problem = checkKind(cmd, 'warn', warnings) ?? checkKind(cmd, 'info', infos);
  if (problem) return problem;
  if (cmd.expects.some((e) => e.kind === 'no_warn') && warnings.length > 0) return `unexpected warning annotations: ${JSON.stringify(warnings)}`;
  if (cmd.expects.some((e) => e.kind === 'no_info') && infos.length > 0) return `unexpected info annotations: ${JSON.stringify(infos)}`;
  return null;
}


/** A series' points as Prometheus's `formatSeriesResult` prints them. */
function seriesResult(s: MatrixSeries): string {
  const hs = s.histograms ?? { timestamps: [], values: [] };
  const floats = s.timestamps.map((t, i) => `${fmt(s.values[i])} @[${t}]`).join(' ');
  const hists = hs.values.map((h, i) => `${formatHistogramLiteral(h)} @[${hs.timestamps[i]}]`).join(' ');
  const n = s.timestamps.length;
  const m = hs.timestamps.length;
  return `${n} float point${n === 1 ? '' : 's'} [${floats}] and ${m} histogram point${m === 1 ? '' : 's'} [${hists}]`;
}

type Point = Extract<SeriesPoint, { kind: 'float' | 'histogram' }>;

function compareMatrix(cmd: EvalCommand, result: readonly MatrixSeries[]): string | null {
  for (let i = 1; i < result.length; i++) {
    if (compareLabels(result[i - 1].labels, result[i].labels) > 0) return 'matrix results should always be sorted by labels';
  }
  const seen = new Set<string>();
  for (const s of result) {
    const k = labelsKey(s.labels);
    const exp = cmd.expected.get(k);
    const name = formatLabels(s.labels);
    if (!exp) return `unexpected metric ${name} in result, has ${seriesResult(s)}`;
    seen.add(k);
    const floats: { t: number; p: Point & { kind: 'float' } }[] = [];
    const hists: { t: number; p: Point & { kind: 'histogram' } }[] = [];
    for (let j = 0; j < exp.series.points.length; j++) {
      const t = cmd.start + j * cmd.step;
      if (t > cmd.end) return `expected ${exp.series.points.length} points for ${name}, but query time range cannot return this many points`;
      const p = exp.series.points[j];
      if (p.kind === 'float') floats.push({ t, p });
      else if (p.kind === 'histogram') hists.push({ t, p });
    }
    const hs = s.histograms ?? { timestamps: [], values: [] };
    if (floats.length !== s.timestamps.length || hists.length !== hs.timestamps.length) {
      return `expected ${floats.length} float points and ${hists.length} histogram points for ${name}, but got ${seriesResult(s)}`;
    }
    for (let j = 0; j < floats.length; j++) {
      const { t, p } = floats[j];
      if (t !== s.timestamps[j]) return `expected float value at index ${j} for ${name} to have timestamp ${t}, but it had timestamp ${s.timestamps[j]} (result has ${seriesResult(s)})`;
      if (!almostEqual(s.values[j], p.value)) return `expected float value at index ${j} (t=${t}) for ${name} to be ${fmt(p.value)}, but got ${fmt(s.values[j])} (result has ${seriesResult(s)})`;
    }
    for (let j = 0; j < hists.length; j++) {
      const { t, p } = hists[j];
      if (t !== hs.timestamps[j]) return `expected histogram value at index ${j} for ${name} to have timestamp ${t}, but it had timestamp ${hs.timestamps[j]} (result has ${seriesResult(s)})`;
      if (!histogramsMatch(p.histogram, hs.values[j], p.hintSet)) {
        return `expected histogram value at index ${j} (t=${t}) for ${name} to be ${formatHistogramLiteral(p.histogram)}, but got ${formatHistogramLiteral(hs.values[j])} (result has ${seriesResult(s)})`;
      }
    }
  }
  for (const [k, e] of cmd.expected) if (!seen.has(k)) return `expected metric ${formatLabels(e.series.labels)} not found`;
  return null;
}

function compareVector(cmd: EvalCommand, result: readonly VectorSample[]): string | null {
  const seen = new Set<string>();
  for (let pos = 0; pos < result.length; pos++) {
    const s = result[pos];
    const k = labelsKey(s.labels);
    const name = formatLabels(s.labels);
    const exp = cmd.expected.get(k);
    const got = s.histogram ? formatHistogramLiteral(s.histogram) : fmt(s.value);
    if (!exp) return `unexpected metric ${name} in result, has value ${got}`;
    if (cmd.ordered && exp.pos !== pos + 1) return `expected metric ${name} at position ${exp.pos} but was at ${pos + 1}`;
    const p = exp.series.points[0];
    if (!p || p.kind === 'omitted') return `expected no value for ${name} but got ${got}`;
    if (p.kind === 'float' && s.histogram) return `expected float value ${p.stale ? 'stale' : fmt(p.value)} for ${name} but got histogram ${got}`;
    if (p.kind === 'histogram') {
      if (!s.histogram) return `expected histogram ${formatHistogramLiteral(p.histogram)} for ${name} but got float value ${got}`;
      if (!histogramsMatch(p.histogram, s.histogram, p.hintSet)) return `expected ${formatHistogramLiteral(p.histogram)} for ${name} but got ${got}`;
    } else if (p.stale || !almostEqual(p.value, s.value)) return `expected ${p.stale ? 'stale' : fmt(p.value)} for ${name} but got ${got}`;
    seen.add(k);
  }
  for (const [k, e] of cmd.expected) if (!seen.has(k)) return `expected metric ${formatLabels(e.series.labels)} not found`;
  return null;
}

/** Compares a result with the expectation, as Prometheus's `compareResult`; returns a problem or null. */
export function compareResult(cmd: EvalCommand, r: QueryValue): string | null {
  switch (r.resultType) {
    case 'matrix':
      if (cmd.ordered) return 'expected ordered result, but query returned a matrix';
      if (cmd.expectScalar !== null) return 'expected scalar result, but got matrix';
      return compareMatrix(cmd, r.result);
    case 'vector':
      if (cmd.expectScalar !== null) return 'expected scalar result, but got vector';
      return compareVector(cmd, r.result);
    case 'scalar':
      if (cmd.expectScalar === null) return `expected vector or matrix result, but got scalar ${fmt(r.result.value)}`;
      return almostEqual(cmd.expectScalar, r.result.value) ? null : `expected scalar ${fmt(cmd.expectScalar)} but got ${fmt(r.result.value)}`;
    case 'string':
      return (cmd.expectString ?? '') === r.result.value ? null : `expected string ${JSON.stringify(cmd.expectString ?? '')} but got ${JSON.stringify(r.result.value)}`;
  }
}
