// `promql query`: evaluate a query over fixture files, printing a table, the API JSON envelope
// (streamed) or a chart; or explain its plan (`--explain`), or run it and print the plan with
// what each node did (`--analyze`).
import type { Command } from 'commander';
import { Engine } from '../eval/engine.js';
import type { RangeSpec } from '../eval/explain.js';
import type { MatrixSeries } from '../eval/result.js';
import { DataError, OptionsError, PromQLError } from '../errors.js';
import { lineCol } from '../parser/positions.js';
import { addFeatureFlags, parserOptions } from './parser-flags.js';
import { diag, EXIT, out, usageError, writeChunks } from './output.js';
import { analysisText, envelopeChunks, errorEnvelope, explainEnvelope, statsBlock, table } from './query-output.js';
import { parseLimitFlags } from './limit-flags.js';
import { loadDataFiles } from '../storage/load-files.js';
import { parseDurationArg } from '../util/times.js';
import { dataSpan, emptyResultNote, parseTimeFlags, resolveRange, type ParsedTimes } from './query-times.js';
import { chart } from './chart.js';
import { loadingProgress } from './progress.js';
import type { MemoryStorage } from '../storage/memory.js';
import type { Storage } from '../storage/types.js';
import { addServerFlags, serverStorage } from './server-flags.js';

const OUTPUTS = ['table', 'json', 'chart'];

/** Loads the fixtures; samples without a timestamp take `--time` (or `--end`). Null after reporting a usage error. */
function loadData(files: string[], times: ParsedTimes, lenient: boolean): MemoryStorage | null {
  const stamp = times.time ?? times.end;
  const progress = loadingProgress(process.stderr);
  try {
    return loadDataFiles(files, stamp, { onProgress: progress?.update, lenient });
  } catch (e) {
    let msg = (e as Error).message;
    if (e instanceof DataError && stamp === undefined && /has no timestamp/.test(msg)) {
      msg += '\n(a saved /metrics page has no timestamps: give --time T to evaluate it as scraped at T, e.g. --time 2024-01-01T00:00:00Z)';
    }
    usageError(msg);
    return null;
  } finally {
    progress?.done();
  }
}

function chartResult(series: MatrixSeries[], when: RangeSpec): string {
  const width = process.stdout.columns ?? 100;
  const color = !!process.stdout.isTTY && !process.env.NO_COLOR;
  return chart(series, { width, height: 15, color, start: when.start, end: when.end, step: when.step });
}

/** Registers `query`. */
export function registerQuery(program: Command): void {
  addFeatureFlags(addServerFlags(program.command('query')
    .description('evaluate a query over fixture data or a server\'s data (instant, or range with --start/--end/--step)')
    .argument('<query>', 'the PromQL query')
    .option('-d, --data <files...>', 'fixture files: .om, .prom/.txt, .json, .series (or --server)')
    .option('--lenient', 'load .om/.prom fixtures as Prometheus would ingest them: drop repeated and out-of-order samples, keep the first # TYPE')
    .option('-t, --time <time>', 'evaluation time: Unix seconds or RFC 3339 (default: newest sample in the data); also the time of samples written without one')
    .option('--start <time>', 'range query start (default: --end minus 1h)')
    .option('--end <time>', 'range query end (default: newest sample in the data)')
    .option('--step <duration>', 'range query step (15s, 1m or seconds; default: the range / 250, at least 1s, as promtool)')
    .option('-r, --range', 'a range query with the defaults: the last hour of the data, ~250 points')
    .option('--lookback-delta <duration>', 'lookback delta', '5m')
    .option('--delayed-name-removal', 'keep __name__ until the end of evaluation (Prometheus feature flag)')
    .option('--timeout <duration>', 'query timeout (30s, 1m30s, seconds, or inf; default 2m)')
    .option('--max-samples <n>', 'most samples the query may hold in memory at once (default 50000000)')
    .option('--explain', 'print the evaluation plan instead of evaluating')
    .option('--analyze', 'evaluate, then print the plan with what each node did')
    .option('--stats', "add Prometheus's stats=all object to -o json (data.stats); in table mode print a stats block to stderr")
    .option('-o, --output <format>', 'table, json (the /api/v1/query envelope) or chart (a range query drawn in the terminal)', 'table')))
    .action(async (query: string, flags) => {
      if (!OUTPUTS.includes(flags.output)) return usageError(`query: --output must be table, json or chart, got ${JSON.stringify(flags.output)}`);
      if (flags.explain && flags.analyze) return usageError('query: --explain and --analyze cannot be combined');
      if (flags.explain && flags.stats) return usageError('query: --stats needs an evaluation; it cannot be combined with --explain');
      const asChart = flags.output === 'chart';
      if (asChart && (flags.explain || flags.analyze)) return usageError('query: -o chart draws a result; it cannot be combined with --explain or --analyze');
      let times: ParsedTimes, lookback: number, limits;
      try {
        times = parseTimeFlags({ ...flags, range: flags.range || asChart });
        lookback = parseDurationArg(flags.lookbackDelta);
        limits = parseLimitFlags(flags);
      } catch (e) {
        return usageError(`query: ${(e as Error).message}`);
      }
      for (const w of times.warnings) diag(`promql: ${w}`);
      if (flags.data && flags.server) return usageError('query: --data and --server cannot be combined');
      if (!flags.data && !flags.server) return usageError('query: give the data with --data FILES or --server URL');
      let storage: Storage | null;
      let remote: Storage | undefined;
      try {
        remote = serverStorage(flags, limits.timeoutMs);
      } catch (e) {
        return usageError(`${e instanceof OptionsError ? 'query: ' : ''}${(e as Error).message}`);
      }
      storage = remote ?? loadData(flags.data, times, !!flags.lenient);
      if (!storage) return;
      // Over a server the default time is now (its data span is not read); over files, the newest sample.
      const span = remote ? null : await dataSpan(storage);
      const newest = remote ? Date.now() : span?.newest ?? 0;
      let when: number | RangeSpec;
      try {
        when = times.isRange ? resolveRange(times, newest) : times.time ?? newest;
      } catch (e) {
        return usageError(`query: ${(e as Error).message}`);
      }
      let engine: Engine;
      try {
        engine = new Engine({ storage, lookbackDeltaMs: lookback, delayedNameRemoval: !!flags.delayedNameRemoval, parser: parserOptions(flags), ...limits });
      } catch (e) {
        if (e instanceof OptionsError) return usageError(`query: ${e.message}`);
        throw e;
      }
      const json = flags.output === 'json';
      try {
        if (flags.explain) {
          const { plan, text } = engine.explain(query, when);
          out(json ? explainEnvelope(plan) : text);
          return;
        }
        const analysis = flags.analyze ? await engine.analyze(query, when) : undefined;
        const r = analysis?.result ?? (typeof when === 'number'
          ? await engine.instantQuery(query, when)
          : await engine.rangeQuery(query, when.start, when.end, when.step));
        if (json) await writeChunks(envelopeChunks(r, { stats: !!flags.stats, analysis }));
        else {
          const text = asChart && r.resultType === 'matrix' && r.result.length ? chartResult(r.result, when as RangeSpec) : table(r);
          if (text) out(text);
          if (analysis) out(`${text ? '\n' : ''}${analysisText(analysis)}`);
          for (const a of [...r.warnings, ...r.infos]) diag(a.text);
          if (flags.stats && r.stats) diag(statsBlock(r.stats));
        }
        if (!remote && (r.resultType === 'vector' || r.resultType === 'matrix') && r.result.length === 0) diag(`promql: ${emptyResultNote(when, span)}`);
      } catch (e) {
        let msg = (e as Error).message;
        if (e instanceof PromQLError && e.pos && e.kind === 'unsupported') {
          const { line, column } = lineCol(query, e.pos.start);
          msg = `${line}:${column}: ${msg}`;
        }
        if (json) out(errorEnvelope(e, msg));
        diag(`promql: ${msg}`);
        process.exitCode = EXIT.problems;
      }
    });
}
