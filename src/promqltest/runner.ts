// Runs promqltest scripts against the engine, as Prometheus's runner does: loads, clears, instant
// evals with their `@` variants and range-mode check, range evals.
import { Engine, PROMQLTEST_ENGINE_PRESET, type EngineOptions } from '../eval/engine.js';
import { MemoryStorage } from '../storage/memory.js';
import { appendSeriesLine } from '../storage/series-notation.js';
import { invalidHistogram } from '../storage/load-series.js';
import { nhcbSeries } from './nhcb.js';
import { TEST_STORAGE_CHUNK_RANGE_MS } from '../storage/histogram-chunks.js';
import { parse } from '../parser/parse.js';
import { UnsupportedError } from '../errors.js';
import type { QueryResult, QueryValue, VectorSample } from '../eval/result.js';
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

/** A storage like Prometheus's test storage: its 24h chunk range decides the counter-reset hints read back. */
export const newTestStorage = (): MemoryStorage => new MemoryStorage({ histogramChunkRangeMs: TEST_STORAGE_CHUNK_RANGE_MS });

class EvalFailure extends Error {
  constructor(message: string, readonly unsupported = false) {
    super(message);
  }
}

/**
 * Appends a `load` block to the storage as Prometheus's runner does: every series line, then for
 * `load_with_nhcb` the NHCB series of its classic histograms. Everything is checked first.
 */
export function loadCommand(storage: MemoryStorage, cmd: LoadCommand): void {
  if (cmd.unsupported) throw new UnsupportedError(cmd.unsupported);
  // Prometheus appends a block whole or fails it: check everything before storing anything.
  for (const { line, data } of cmd.series) {
    const bad = invalidHistogram(data);
    if (bad) throw new Error(`line ${line}: invalid native histogram: ${bad}`);
  }
  const nhcb = cmd.nhcb ? nhcbSeries(cmd.series.map((s) => s.data), cmd.interval) : [];
  for (const { data } of cmd.series) appendSeriesLine(storage, data, cmd.interval);
  for (const { labels, samples } of nhcb) for (const { t, h } of samples) storage.appendHistogram(labels, t, h);
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
  // Prometheus compatibility: a series contributes its float at `time`, then its histogram there.
  const samples = r.result.flatMap((s): VectorSample[] => {
    const out: VectorSample[] = [];
    const i = s.timestamps.indexOf(time);
    if (i >= 0) out.push({ labels: s.labels, t: time, value: s.values[i] });
    const j = s.histograms ? s.histograms.timestamps.indexOf(time) : -1;
    if (j >= 0) out.push({ labels: s.labels, t: time, value: 0, histogram: s.histograms!.values[j] });
    return out;
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
  let storage = newTestStorage();
  const newEngine = () => new Engine({ ...PROMQLTEST_ENGINE_PRESET, ...opts.engine, storage });
  let engine = newEngine();
  let loadError: EvalFailure | null = null;
  for (const cmd of commands) {
    if (cmd.kind === 'clear') {
      storage = newTestStorage();
      engine = newEngine();
      loadError = null;
      continue;
    }
    if (cmd.kind === 'load') {
      try {
        loadCommand(storage, cmd);
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
