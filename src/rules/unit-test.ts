// Prometheus's rule unit tests (the files `promtool test rules` runs): input series, rules
// evaluated in group order at every evaluation step, then alert and PromQL expectations checked,
// with promtool's semantics and failure wording.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parseDocument, type Document } from 'yaml';
import { keepStringFieldsAsWritten } from './unit-test-strings.js';
import { Lines } from '../util/source-map.js';
import { Engine } from '../eval/engine.js';
import { MemoryStorage } from '../storage/memory.js';
import { TEST_STORAGE_CHUNK_RANGE_MS } from '../storage/histogram-chunks.js';
import { compareLabels, compareStrings, formatLabels, labelsFrom, type Labels } from '../storage/labels.js';
import { parseMetric, parseSeriesLine, parseValues, appendSeriesLine, ExpansionBudget, SeriesNotationError } from '../storage/series-notation.js';
import { formatHistogramLiteral } from '../histogram/literal.js';
import { durationError, formatDuration, formatGoDuration, parseDurationMs } from '../util/durations.js';
import { parseTime } from '../util/times.js';
import { globRegex } from '../util/glob.js';
import { readTextFile, type FileReadError } from '../util/read-file.js';
import { loadRuleFiles, RuleLoadError, type GroupDef } from './groups.js';
import { RuleGroupsEvaluator, type Alert } from './evaluator.js';
import { formatUpperE } from './format.js';
import { formatFloatF, formatFloatFixed6, formatFloatG, goQuote } from '../util/go-format.js';
import { unknownFieldsError } from './unit-test-fields.js';

/** The outcome of one test group (`tests[i]`). */
export interface RuleTestCase {
  readonly name: string;
  /** promtool-worded failures; empty when the test passed. */
  readonly failures: string[];
  /** For each failure, a line-by-line diff of expected and actual (empty when not a comparison). */
  readonly diffs: string[];
}

/** The outcome of one test file. */
export interface RuleTestFile {
  readonly file: string;
  /** The test file itself could not be read. */
  readonly unreadable?: boolean;
  /** A problem that stopped the whole file (unreadable, invalid YAML, rule files that do not load). */
  readonly error: string | null;
  readonly cases: RuleTestCase[];
  /** Rule files that a `rule_files` pattern did not match. */
  readonly warnings: string[];
}

/** Options of a run. */
export interface RuleTestOptions {
  /** Only test groups whose name matches one of these regexes (promtool `--run`). */
  readonly run?: readonly string[];
  /**
   * promtool's `--debug`: receives, for each test group, a start line, a dump of all its data
   * (input series and rule results) up to the last evaluation time, and a finish line with the time taken.
   */
  readonly debug?: (line: string) => void;
  /** promtool's `--ignore-unknown-fields`: unknown fields in the rule files are not errors. */
  readonly ignoreUnknownFields?: boolean;
}

interface TestGroup {
  interval?: string;
  input_series?: { series: string; values: string }[];
  alert_rule_test?: { eval_time?: string; alertname?: string; exp_alerts?: { exp_labels?: Record<string, string>; exp_annotations?: Record<string, string> }[] }[];
  promql_expr_test?: { expr: string; eval_time?: string; exp_samples?: { labels: string; value: number | string; histogram?: string }[] }[];
  external_labels?: Record<string, string>;
  external_url?: string;
  name?: string;
  start_timestamp?: string | number;
}

function dur(v: string | undefined, what: string): number {
  if (v === undefined || v === null || v === '') return 0;
  const s = String(v);
  const problem = durationError(s);
  if (problem) throw new Error(`${what}: ${problem}`);
  return parseDurationMs(s);
}

/** Expands `rule_files` relative to the test file, with globs, as promtool does. */
function ruleFiles(base: string, patterns: string[], warnings: string[]): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    const full = isAbsolute(p) ? p : join(base, p);
    if (!/[*?[]/.test(full)) {
      if (existsSync(full)) out.push(full);
      else warnings.push(`no file match pattern ${full}`);
      continue;
    }
    const dir = dirname(full);
    const re = globRegex(full);
    let matched: string[] = [];
    try {
      matched = readdirSync(dir).map((f) => join(dir, f)).filter((f) => re.test(f)).sort();
    } catch {
      matched = [];
    }
    if (matched.length === 0) warnings.push(`no file match pattern ${full}`);
    out.push(...matched);
  }
  return out;
}

/** Annotations as a sorted label list that keeps empty values (promtool compares and prints them). */
function annotationsFrom(a: Readonly<Record<string, string>>): Labels {
  return Object.freeze(Object.entries(a).map(([name, value]) => ({ name, value })).sort((x, y) => compareStrings(x.name, y.name)));
}

function alertsString(list: { labels: Labels; annotations: Labels }[]): string {
  if (list.length === 0) return '[]';
  const items = list.map((a, i) => `${i}:\n  Labels:${formatLabels(a.labels)}\n  Annotations:${formatLabels(a.annotations)}`);
  return `[\n${items.join(',\n')}\n]`;
}

function alertLine(a: { labels: Labels; annotations: Labels }): [string, string] {
  return [formatLabels(a.labels), `${formatLabels(a.labels)} annotations ${formatLabels(a.annotations)}`];
}

/**
 * A readable diff of two lists of [key, line] sorted by key: `-` expected only, `+` actual only,
 * two spaces for lines in both; when only the value differs, the `-` line comes right before the `+`.
 */
function diffLines(exp: [string, string][], got: [string, string][]): string {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < exp.length || j < got.length) {
    if (i < exp.length && j < got.length && exp[i][0] === got[j][0]) {
      if (exp[i][1] === got[j][1]) out.push(`  ${exp[i][1]}`);
      else out.push(`- ${exp[i][1]}`, `+ ${got[j][1]}`);
      i++;
      j++;
    } else if (j >= got.length || (i < exp.length && exp[i][0] < got[j][0])) out.push(`- ${exp[i++][1]}`);
    else out.push(`+ ${got[j++][1]}`);
  }
  return out.join('\n');
}

function indent(text: string, pad: string): string {
  return text.split('\n').join(`\n${pad}`);
}

function sortAlerts(list: { labels: Labels; annotations: Labels }[]): void {
  list.sort((a, b) => compareLabels(a.labels, b.labels) || compareLabels(a.annotations, b.annotations));
}

/** The next float after x towards dir (Go `math.Nextafter`). */
function nextAfter(x: number, dir: number): number {
  if (Number.isNaN(x) || x === dir) return x;
  if (x === 0) return dir > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const bits = new BigInt64Array(new Float64Array([x]).buffer);
  bits[0] += (dir > x) === (x > 0) ? 1n : -1n;
  return new Float64Array(bits.buffer)[0];
}

/** A sample of a promql_expr_test: the histogram as its `{{…}}` literal, '' for a float. */
interface Sample {
  readonly labels: Labels;
  readonly value: number;
  readonly histogram: string;
}

/**
 * The literal of an `exp_samples` entry's `histogram` (read as one series value, as promtool
 * does: `{{…}}`, even `{{…}}x0`), '' when there is none. Throws, naming the labels, otherwise.
 */
function expectedHistogram(labels: string, text: string | undefined): string {
  if (!text) return '';
  const fail = (why: string): never => {
    throw new Error(`labels ${goQuote(labels)}: ${why}`);
  };
  let points;
  try {
    points = parseValues(text);
  } catch (e) {
    // Prometheus compatibility: promtool parses `{} <text>`, so columns are 3 further on; a
    // duplicate key is reported without a position (1:1).
    const col = e instanceof SeriesNotationError && !/^duplicate key/.test(e.message) ? e.column + 3 : 1;
    return fail(`1:${col}: parse error: ${(e as Error).message}`);
  }
  if (points.length !== 1) return fail(`expected 1 value, got ${points.length}`);
  const p = points[0];
  // Go's SequenceValue.String(): `_` or the value in %f.
  if (p.kind !== 'histogram') return fail(`expected histogram, got ${p.kind === 'float' ? formatFloatFixed6(p.value) : '_'}`);
  return formatHistogramLiteral(p.histogram);
}

/** Exact equality, or (with `fuzzy_compare`) a difference of one ulp, as promtool compares. */
function floatsEqual(a: number, b: number, fuzzy: boolean): boolean {
  return a === b || (fuzzy && (nextAfter(a, -Infinity) === b || nextAfter(a, Infinity) === b));
}

/** A time taken, as Go prints a time.Duration under a second (`92.730162ms`) or above (`1.5s`). */
function elapsed(ms: number): string {
  const ns = Math.round(ms * 1e6);
  const trim = (x: string) => x.replace(/\.?0+$/, '');
  return ns < 1e9 ? `${trim((ns / 1e6).toFixed(6))}ms` : `${trim((ns / 1e9).toFixed(9))}s`;
}

/**
 * promtool's debug dump: every series (input and rule results) over `(mint, mint + ts]`, where ts
 * is the last evaluation time plus a second, whole seconds; each series as Go's Series.String().
 */
async function debugDump(engine: Engine, mint: number, lastEval: number, debug: (line: string) => void): Promise<void> {
  const ts = Math.floor((lastEval + 1000) / 1000) * 1000;
  const expr = `{__name__=~".+"}[${formatDuration(ts)}]`;
  let r;
  try {
    r = await engine.instantQuery(expr, mint + ts);
  } catch (e) {
    debug(`DEBUG: Failed query exec, expr: ${JSON.stringify(expr)}, err: ${(e as Error).message}`);
    return;
  }
  if (r.resultType !== 'matrix') return debug(`DEBUG: Got unexpected type ${r.resultType}`);
  debug(`DEBUG: Dump of all data (input_series and rules) at ${formatGoDuration(ts)}:`);
  debug(r.result.map((s) => `${formatLabels(s.labels)} =>\n${s.timestamps.map((t, i) => `${formatFloatF(s.values[i])} @[${t}]`).join('\n')}`).join('\n'));
}

async function runGroup(
  tg: TestGroup, index: number, groups: GroupDef[], evalInterval: number, fuzzy: boolean, place: (path: (string | number)[]) => string,
  debug?: (line: string) => void,
): Promise<RuleTestCase> {
  const name = tg.name ?? '';
  const label = name || `unnamed#${index}`;
  const interval = dur(tg.interval, 'interval') || evalInterval;
  const mint = tg.start_timestamp === undefined ? 0 : parseTime(String(tg.start_timestamp));
  // promtool loads input series into Prometheus's test storage (24h chunks), which decides the hints read back.
  const storage = new MemoryStorage({ histogramChunkRangeMs: TEST_STORAGE_CHUNK_RANGE_MS });
  // Caps the points the group's input series may expand to (MAX_SERIES_POINTS, MAX_LOAD_POINTS).
  const budget = new ExpansionBudget();
  for (const [j, s] of (tg.input_series ?? []).entries()) {
    try {
      appendSeriesLine(storage, parseSeriesLine(`${s.series} ${s.values ?? ''}`, budget), interval, mint);
    } catch (e) {
      return { name: label, diffs: [''], failures: [`${place(['input_series', j])}: input series ${JSON.stringify(`${s.series} ${s.values ?? ''}`)}: ${(e as Error).message}`] };
    }
  }
  const engine = new Engine({ storage, maxSamples: 10_000, timeoutMs: 100_000, defaultSubqueryStepMs: evalInterval });
  const rules = new RuleGroupsEvaluator({ groups, engine, storage, externalLabels: tg.external_labels ?? {}, externalURL: tg.external_url ?? '' });
  const failures: string[] = [];
  const diffs: string[] = [];
  const alertTests = (tg.alert_rule_test ?? []).map((a) => ({ ...a, at: dur(a.eval_time, 'eval_time') }));
  for (const a of alertTests) {
    if (!a.alertname) {
      return { name: label, diffs: [''], failures: [`an item under alert_rule_test misses required attribute alertname at eval_time ${formatDuration(a.at)}${name ? ` (in TestGroup ${name})` : ''}`] };
    }
  }
  const exprTests = (tg.promql_expr_test ?? []).map((t) => ({ ...t, at: dur(t.eval_time, 'eval_time') }));
  const maxt = mint + Math.max(0, ...alertTests.map((a) => a.at), ...exprTests.map((t) => t.at));
  const times = [...new Set(alertTests.map((a) => a.at))].sort((a, b) => a - b);
  let curr = 0;
  for (let ts = mint; ts <= maxt; ts += evalInterval) {
    const errors = await rules.evalAt(ts);
    if (errors.length > 0) {
      for (const e of errors) {
        failures.push(`    rule: ${e.rule}, time: ${formatGoDuration(ts)}, err: ${e.error.message}`);
        diffs.push('');
      }
      return { name: label, failures, diffs };
    }
    while (curr < times.length && ts - mint <= times[curr] && times[curr] < ts + evalInterval - mint) {
      const t = times[curr];
      for (const test of alertTests.filter((a) => a.at === t)) {
        const got = rules.firing(test.alertname!).map((a: Alert) => ({ labels: labelsFrom(a.labels), annotations: annotationsFrom(a.annotations) }));
        const exp = (test.exp_alerts ?? []).map((e) => ({ labels: labelsFrom({ ...(e.exp_labels ?? {}), alertname: test.alertname! }), annotations: annotationsFrom(e.exp_annotations ?? {}) }));
        sortAlerts(got);
        sortAlerts(exp);
        if (alertsString(exp) !== alertsString(got)) {
          diffs.push(diffLines(exp.map(alertLine), got.map(alertLine)));
          failures.push(`${name ? `    name: ${name},\n` : ''}    alertname: ${test.alertname}, time: ${formatDuration(t)}, \n        exp:${indent(alertsString(exp), '            ')}, \n        got:${indent(alertsString(got), '            ')}`);
        }
      }
      curr++;
    }
  }
  for (const t of exprTests) {
    const time = formatDuration(t.at);
    let got: Sample[];
    try {
      const r = await engine.instantQuery(t.expr, mint + t.at);
      if (r.resultType === 'vector') got = r.result.map((s) => ({ labels: s.labels, value: s.value, histogram: s.histogram ? formatHistogramLiteral(s.histogram) : '' }));
      else if (r.resultType === 'scalar') got = [{ labels: labelsFrom({}), value: r.result.value, histogram: '' }];
      else throw new Error('rule result is not a vector or scalar');
    } catch (e) {
      failures.push(`    expr: ${JSON.stringify(t.expr)}, time: ${time}, err: ${(e as Error).message}`);
      diffs.push('');
      continue;
    }
    let exp: Sample[];
    try {
      exp = (t.exp_samples ?? []).map((s) => ({
        labels: parseMetric(s.labels ?? '{}'), value: Number(s.value ?? 0), histogram: expectedHistogram(s.labels ?? '', s.histogram),
      }));
    } catch (e) {
      failures.push(`    expr: ${JSON.stringify(t.expr)}, time: ${time}, err: ${(e as Error).message}`);
      diffs.push('');
      continue;
    }
    const byLabels = (a: { labels: Labels }, b: { labels: Labels }) => compareLabels(a.labels, b.labels);
    exp.sort(byLabels);
    got.sort(byLabels);
    // Prometheus compatibility: histograms compare as their printed literals, and the value too
    // (0 for a histogram result, so a `value` beside `histogram` never matches).
    const same = exp.length === got.length && exp.every((e, i) => compareLabels(e.labels, got[i].labels) === 0
      && floatsEqual(e.value, got[i].value, fuzzy) && e.histogram === got[i].histogram);
    if (!same) {
      const one = (s: Sample) => `${formatLabels(s.labels)} ${s.histogram || formatUpperE(s.value)}`;
      const str = (l: Sample[]) => (l.length === 0 ? 'nil' : l.map(one).join(', '));
      failures.push(`    expr: ${JSON.stringify(t.expr)}, time: ${time},\n        exp: ${str(exp)}\n        got: ${str(got)}`);
      const line = (x: Sample): [string, string] => [formatLabels(x.labels), `${formatLabels(x.labels)} ${x.histogram || formatFloatG(x.value)}`];
      diffs.push(diffLines(exp.map(line), got.map(line)));
    }
  }
  if (debug) await debugDump(engine, mint, maxt - mint, debug);
  return { name: label, failures, diffs };
}

/** Runs one rule test file. Never throws: problems become `error` or failures. */
export async function runRuleTestFile(file: string, o: RuleTestOptions = {}): Promise<RuleTestFile> {
  const warnings: string[] = [];
  let doc: { rule_files?: string[]; evaluation_interval?: string; group_eval_order?: string[]; tests?: TestGroup[]; fuzzy_compare?: boolean };
  let text: string;
  try {
    text = readTextFile(file);
  } catch (e) {
    return { file, unreadable: true, error: (e as FileReadError).reason, cases: [], warnings };
  }
  const lines = new Lines(text);
  let parsed: Document;
  try {
    parsed = parseDocument(text, { prettyErrors: false, merge: true });
    if (parsed.errors.length > 0) {
      const e = parsed.errors[0];
      const at = lines.at(e.pos[0]);
      return { file, error: `${file}:${at.line}:${at.column}: invalid YAML: ${e.message.split('\n')[0]}`, cases: [], warnings };
    }
    keepStringFieldsAsWritten(parsed);
    doc = (parsed.toJS() ?? {}) as typeof doc;
    const unknown = unknownFieldsError(parsed, lines);
    if (unknown) return { file, error: unknown, cases: [], warnings };
  } catch (e) {
    return { file, error: (e as Error).message, cases: [], warnings };
  }
  /** `file:line:col` of a node of the test file, for messages. */
  const place = (path: (string | number)[]) => {
    const node = parsed.getIn(path, true) as { range?: number[] } | undefined;
    const at = lines.at(node?.range?.[0] ?? 0);
    return `${file}:${at.line}:${at.column}`;
  };
  const evalInterval = dur(doc.evaluation_interval, 'evaluation_interval') || 60_000;
  const order = doc.group_eval_order ?? [];
  const seen = new Set<string>();
  for (const g of order) {
    if (seen.has(g)) return { file, error: `group name repeated in evaluation order: ${g}`, cases: [], warnings };
    seen.add(g);
  }
  let groups: GroupDef[];
  try {
    groups = loadRuleFiles(ruleFiles(dirname(file), doc.rule_files ?? [], warnings), { ignoreUnknownFields: o.ignoreUnknownFields });
  } catch (e) {
    return { file, error: e instanceof RuleLoadError ? e.problems.join('\n') : (e as Error).message, cases: [], warnings };
  }
  // Groups named in group_eval_order run in that order; the others keep their file order, first.
  const rank = (g: GroupDef) => order.indexOf(g.name);
  groups = groups.map((g, i) => ({ g, i })).sort((a, b) => rank(a.g) - rank(b.g) || a.i - b.i).map((x) => x.g);
  const run = o.run?.length ? new RegExp(o.run.join('|')) : null;
  const cases: RuleTestCase[] = [];
  for (const [i, tg] of (doc.tests ?? []).entries()) {
    if (run && !run.test(tg.name ?? '')) continue;
    try {
      const label = tg.name || `unnamed#${i}`;
      const started = performance.now();
      o.debug?.(`DEBUG: Starting test ${label}`);
      cases.push(await runGroup(tg, i, groups, evalInterval, !!doc.fuzzy_compare, (path) => place(['tests', i, ...path]), o.debug));
      o.debug?.(`DEBUG: Test ${label} finished, took ${elapsed(performance.now() - started)}`);
    } catch (e) {
      cases.push({ name: tg.name || `unnamed#${i}`, failures: [(e as Error).message], diffs: [''] });
    }
  }
  return { file, error: null, cases, warnings };
}
