// Comparing a query result with an eval's expectations, as Prometheus's `compareResult` and
// `checkAnnotations` do (almost.Equal with ε = 1e-6, annotation msg/regex matching).
import { RE2JS } from 're2js';
import type { QueryResult, QueryValue } from '../eval/result.js';
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


/** Compares a result with the expectation; returns a problem or null. */
export function compareResult(cmd: EvalCommand, r: QueryValue): string | null {
  switch (r.resultType) {
    case 'matrix': {
      if (cmd.ordered) return 'expected ordered result, but query returned a matrix';
      if (cmd.expectScalar !== null) return 'expected scalar result, but got matrix';
      for (let i = 1; i < r.result.length; i++) {
        if (compareLabels(r.result[i - 1].labels, r.result[i].labels) > 0) return 'matrix results should always be sorted by labels';
      }
      const seen = new Set<string>();
      for (const s of r.result) {
        const k = labelsKey(s.labels);
        const exp = cmd.expected.get(k);
        if (!exp) return `unexpected metric ${formatLabels(s.labels)} in result, has ${s.values.length} float points`;
        seen.add(k);
        const want: { t: number; v: number }[] = [];
        let histograms = 0;
        for (let j = 0; j < exp.series.points.length; j++) {
          const t = cmd.start + j * cmd.step;
          if (t > cmd.end) return `expected ${exp.series.points.length} points for ${formatLabels(s.labels)}, but query time range cannot return this many points`;
          const p = exp.series.points[j];
          if (p.kind === 'float') want.push({ t, v: p.value });
          else if (p.kind === 'histogram') histograms++;
        }
        if (want.length !== s.timestamps.length || histograms > 0) {
          return `expected ${want.length} float points and ${histograms} histogram points for ${formatLabels(s.labels)}, but got ${s.timestamps.length} float points [${s.timestamps.map((t, i) => `${fmt(s.values[i])} @${t}`).join(', ')}]`;
        }
        for (let j = 0; j < want.length; j++) {
          if (want[j].t !== s.timestamps[j]) return `expected float value at index ${j} for ${formatLabels(s.labels)} to have timestamp ${want[j].t}, but it had timestamp ${s.timestamps[j]}`;
          if (!almostEqual(s.values[j], want[j].v)) return `expected float value at index ${j} (t=${want[j].t}) for ${formatLabels(s.labels)} to be ${fmt(want[j].v)}, but got ${fmt(s.values[j])}`;
        }
      }
      for (const [k, e] of cmd.expected) if (!seen.has(k)) return `expected metric ${formatLabels(e.series.labels)} not found`;
      return null;
    }
    case 'vector': {
      if (cmd.expectScalar !== null) return 'expected scalar result, but got vector';
      const seen = new Set<string>();
      for (let pos = 0; pos < r.result.length; pos++) {
        const s = r.result[pos];
        const k = labelsKey(s.labels);
        const exp = cmd.expected.get(k);
        if (!exp) return `unexpected metric ${formatLabels(s.labels)} in result, has value ${fmt(s.value)}`;
        if (cmd.ordered && exp.pos !== pos + 1) return `expected metric ${formatLabels(s.labels)} at position ${exp.pos} but was at ${pos + 1}`;
        const p = exp.series.points[0];
        if (!p || p.kind !== 'float') return `expected a ${p?.kind ?? 'missing'} value for ${formatLabels(s.labels)} but got float ${fmt(s.value)}`;
        if (p.stale || !almostEqual(p.value, s.value)) return `expected ${p.stale ? 'stale' : fmt(p.value)} for ${formatLabels(s.labels)} but got ${fmt(s.value)}`;
        seen.add(k);
      }
      for (const [k, e] of cmd.expected) if (!seen.has(k)) return `expected metric ${formatLabels(e.series.labels)} not found`;
      return null;
    }
    case 'scalar':
      if (cmd.expectScalar === null) return `expected vector or matrix result, but got scalar ${fmt(r.result.value)}`;
      return almostEqual(cmd.expectScalar, r.result.value) ? null : `expected scalar ${fmt(cmd.expectScalar)} but got ${fmt(r.result.value)}`;
    case 'string':
      return (cmd.expectString ?? '') === r.result.value ? null : `expected string ${JSON.stringify(cmd.expectString ?? '')} but got ${JSON.stringify(r.result.value)}`;
  }
}
