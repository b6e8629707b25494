// Runs promqltest scripts against the engine, as Prometheus's runner does: loads, clears, instant
// evals with their `@` variants and range-mode check, range evals.
import { Engine, PROMQLTEST_ENGINE_PRESET, type EngineOptions } from '../eval/engine.js';
import { MemoryStorage } from '../storage/memory.js';
import { appendSeriesLine } from '../storage/series-notation.js';
import { labelsFrom, labelsKey, METRIC_NAME, type Labels } from '../storage/labels.js';
import { parse } from '../parser/parse.js';
import { UnsupportedError } from '../errors.js';
import type { QueryResult, QueryValue } from '../eval/result.js';
import { parseScript, ScriptError, type EvalCommand, type LoadCommand } from './script.js';
import { atModifierVariants } from './at-variants.js';
import { checkAnnotations, checkFailure, compareResult } from './compare.js';

/** One eval that did not pass. */
export interface TestFailure {
  readonly file: string;
  readonly line: number;
  readonly query: string;
  readonly message: string;
  /** True when the failure comes from a feature promql-ts does not support yet. */
  readonly unsupported: boolean;
}

/** The outcome of one script. */
export interface TestReport {
  readonly file: string;
  passed: number;
  failed: number;
  skipped: number;
  readonly failures: TestFailure[];
}

/** Options of {@link runTestScript}. */
export interface RunTestOptions {
  /** Name used in failures (default `<script>`). */
  readonly file?: string;
  /** Returns a reason to skip the eval at this line, or undefined to run it. */
  readonly skip?: (line: number) => string | undefined;
  /** Engine settings on top of the test-suite preset (storage is supplied by the runner). */
  readonly engine?: Partial<Omit<EngineOptions, 'storage'>>;
}

class EvalFailure extends Error {
  constructor(message: string, readonly unsupported = false) {
    super(message);
  }
}

function load(storage: MemoryStorage, cmd: LoadCommand): void {
  if (cmd.unsupported) throw new UnsupportedError(cmd.unsupported);
  const nhcb = new Map<string, { labels: Labels; times: Set<number> }>();
  for (const { data } of cmd.series) {
    appendSeriesLine(storage, data, cmd.interval);
    const name = data.labels.find((l) => l.name === METRIC_NAME)?.value ?? '';
    const m = cmd.nhcb ? /^(.*)_(bucket|count|sum)$/.exec(name) : null;
    if (m) {
      // Prometheus synthesises custom-bucket histograms here; we store opaque placeholders so that
      // queries reading them fail as unsupported instead of silently seeing no data.
      const base = labelsFrom(data.labels.filter((l) => l.name !== 'le').map((l) => [l.name, l.name === METRIC_NAME ? m[1] : l.value] as [string, string]));
      const k = labelsKey(base);
      const entry = nhcb.get(k) ?? { labels: base, times: new Set<number>() };
      data.points.forEach((p, i) => p.kind === 'float' && entry.times.add(i * cmd.interval));
      nhcb.set(k, entry);
    }
  }
  for (const { labels, times } of nhcb.values()) {
    for (const t of [...times].sort((a, b) => a - b)) storage.appendHistogram(labels, t, 'nhcb');
  }
}

async function attempt(run: () => Promise<QueryResult>): Promise<{ result?: QueryResult; error?: Error }> {
  try {
    return { result: await run() };
  } catch (e) {
    return { error: e as Error };
  }
}

function unsupported(e: Error): boolean {
  return e instanceof UnsupportedError;
}

/**
 * Runs the eval's query and settles its `expect fail`: returns the result, or null when the query
 * failed as expected. Throws EvalFailure for an unexpected error or a missing one.
 */
async function evaluateChecked(cmd: EvalCommand, what: string, run: () => Promise<QueryResult>): Promise<QueryResult | null> {
  const { result, error } = await attempt(run);
  if (error) {
    if (cmd.fail && !unsupported(error)) {
      const problem = checkFailure(cmd, error.message);
      if (problem) throw new EvalFailure(problem);
      return null;
    }
    throw new EvalFailure(`error evaluating query ${what}: ${error.message}`, unsupported(error));
  }
  if (cmd.fail) throw new EvalFailure(`expected error evaluating query ${what} but got none`);
  return result!;
}

async function runInstant(engine: Engine, cmd: EvalCommand, query: string, time: number): Promise<void> {
  const result = await evaluateChecked(cmd, `${JSON.stringify(query)} at ${time}`, () => engine.instantQuery(query, time));
  if (!result) return;
  const anno = checkAnnotations(cmd, result);
  if (anno) throw new EvalFailure(`${query} at ${time}: ${anno}`);
  const problem = compareResult(cmd, result);
  if (problem) throw new EvalFailure(`${query} at ${time}: ${problem}`);
  if (cmd.excludeFromRangeQuery || /(start|end|range|step)\(\)/.test(query)) return;
  const range = await attempt(() => engine.rangeQuery(query, time - 60_000, time + 60_000, 60_000));
  if (range.error) {
    throw new EvalFailure(`error evaluating query ${JSON.stringify(query)} in range mode: ${range.error.message}`, unsupported(range.error));
  }
  if (cmd.ordered) return;
  const r = range.result!;
  if (r.resultType !== 'matrix') throw new EvalFailure(`range query returned ${r.resultType}`);
  const samples = r.result.flatMap((s) => {
    const i = s.timestamps.indexOf(time);
    return i < 0 ? [] : [{ labels: s.labels, t: time, value: s.values[i] }];
  });
  const asInstant: QueryValue = result.resultType === 'scalar'
    ? { resultType: 'scalar', result: { t: time, value: samples[0]?.value ?? NaN } }
    : { resultType: 'vector', result: samples };
  const p = compareResult(cmd, asInstant);
  if (p) throw new EvalFailure(`${query} at ${time} (range mode): ${p}`);
}

async function runRange(engine: Engine, cmd: EvalCommand): Promise<void> {
  const result = await evaluateChecked(cmd, JSON.stringify(cmd.query), () => engine.rangeQuery(cmd.query, cmd.start, cmd.end, cmd.step));
  if (!result) return;
  const problem = checkAnnotations(cmd, result) ?? compareResult(cmd, result);
  if (problem) throw new EvalFailure(problem);
}

async function runEval(engine: Engine, cmd: EvalCommand): Promise<void> {
  if (!cmd.instant) return runRange(engine, cmd);
  await runInstant(engine, cmd, cmd.query, cmd.evalTime);
  const expr = parse(cmd.query, PROMQLTEST_ENGINE_PRESET.parser);
  for (const v of atModifierVariants(expr, cmd.evalTime)) await runInstant(engine, cmd, v.query, v.time);
}

/**
 * Runs a promqltest script (the `load`/`eval` format of Prometheus's PromQL tests) and reports
 * each eval. A script that does not parse yields one failure at the offending line.
 */
export async function runTestScript(text: string, opts: RunTestOptions = {}): Promise<TestReport> {
  const file = opts.file ?? '<script>';
  const report: TestReport = { file, passed: 0, failed: 0, skipped: 0, failures: [] };
  let commands;
  try {
    commands = parseScript(text);
  } catch (e) {
    const line = e instanceof ScriptError ? e.line : 0;
    report.failed++;
    report.failures.push({ file, line, query: '', message: (e as Error).message, unsupported: false });
    return report;
  }
  let storage = new MemoryStorage();
  const newEngine = () => new Engine({ ...PROMQLTEST_ENGINE_PRESET, ...opts.engine, storage });
  let engine = newEngine();
  let loadError: EvalFailure | null = null;
  for (const cmd of commands) {
    if (cmd.kind === 'clear') {
      storage = new MemoryStorage();
      engine = newEngine();
      loadError = null;
      continue;
    }
    if (cmd.kind === 'load') {
      try {
        load(storage, cmd);
      } catch (e) {
        loadError = new EvalFailure(`load at line ${cmd.line} failed: ${(e as Error).message}`, unsupported(e as Error));
      }
      continue;
    }
    const reason = opts.skip?.(cmd.line);
    if (reason !== undefined) {
      report.skipped++;
      continue;
    }
    try {
      if (loadError) throw loadError;
      await runEval(engine, cmd);
      report.passed++;
    } catch (e) {
      report.failed++;
      const f = e instanceof EvalFailure ? e : new EvalFailure(`internal error: ${(e as Error).stack ?? e}`);
      report.failures.push({ file, line: cmd.line, query: cmd.query, message: f.message, unsupported: f.unsupported });
    }
  }
  return report;
}
