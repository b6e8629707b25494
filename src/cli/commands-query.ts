// `promql query`: evaluate a query over fixture files, printing a table or the API JSON envelope;
// or explain its plan (`--explain`), or run it and print the plan with what each node did (`--analyze`).
import type { Command } from 'commander';
import { Engine } from '../eval/engine.js';
import type { RangeSpec } from '../eval/explain.js';
import { OptionsError, PromQLError } from '../errors.js';
import { lineCol } from '../parser/positions.js';
import { addFeatureFlags, parserOptions } from './parser-flags.js';
import { diag, EXIT, out, usageError } from './output.js';
import { analysisText, envelope, errorEnvelope, explainEnvelope, statsBlock, table } from './query-output.js';
import { parseLimitFlags } from './limit-flags.js';
import { loadDataFiles, newestTimestamp } from '../storage/load-files.js';
import { parseDurationArg, parseTime } from '../util/times.js';
import { addServerFlags, serverStorage } from './server-flags.js';
import type { MemoryStorage } from '../storage/memory.js';

/** Registers `query`. */
export function registerQuery(program: Command): void {
  addFeatureFlags(addServerFlags(program.command('query')
    .description('evaluate a query over fixture data or a server\'s data (instant, or range with --start/--end/--step)')
    .argument('<query>', 'the PromQL query')
    .option('-d, --data <files...>', 'fixture files: .om, .prom/.txt, .json, .series (or --server)')
    .option('-t, --time <time>', 'evaluation time: Unix seconds or RFC 3339 (default: newest sample in the data)')
    .option('--start <time>', 'range query start')
    .option('--end <time>', 'range query end')
    .option('--step <duration>', 'range query step (15s, 1m or seconds)')
    .option('--lookback-delta <duration>', 'lookback delta', '5m')
    .option('--delayed-name-removal', 'keep __name__ until the end of evaluation (Prometheus feature flag)')
    .option('--timeout <duration>', 'query timeout (30s, 1m30s, seconds, or inf; default 2m)')
    .option('--max-samples <n>', 'most samples the query may hold in memory at once (default 50000000)')
    .option('--explain', 'print the evaluation plan instead of evaluating')
    .option('--analyze', 'evaluate, then print the plan with what each node did')
    .option('--stats', "add Prometheus's stats=all object to -o json (data.stats); in table mode print a stats block to stderr")
    .option('-o, --output <format>', 'table or json (the /api/v1/query envelope)', 'table')))
    .action(async (query: string, flags) => {
      if (flags.output !== 'table' && flags.output !== 'json') return usageError(`query: --output must be table or json, got ${JSON.stringify(flags.output)}`);
      if (flags.explain && flags.analyze) return usageError('query: --explain and --analyze cannot be combined');
      if (flags.explain && flags.stats) return usageError('query: --stats needs an evaluation; it cannot be combined with --explain');
      const isRange = flags.start !== undefined || flags.end !== undefined || flags.step !== undefined;
      if (isRange && (flags.start === undefined || flags.end === undefined || flags.step === undefined)) {
        return usageError('query: a range query needs --start, --end and --step together');
      }
      if (isRange && flags.time !== undefined) return usageError('query: --time cannot be combined with --start/--end/--step');
      let start: number, end: number, step = 0, time: number | undefined, lookback: number, limits;
      try {
        if (isRange) {
          start = parseTime(flags.start);
          end = parseTime(flags.end);
          step = parseDurationArg(flags.step);
          if (step <= 0) throw new Error('zero or negative query resolution step widths are not accepted. Try a positive integer');
          if (end < start) throw new Error('end timestamp must not be before start time');
          if ((end - start) / step > 11000) throw new Error('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
        }
        time = flags.time !== undefined ? parseTime(flags.time) : undefined;
        lookback = parseDurationArg(flags.lookbackDelta);
        limits = parseLimitFlags(flags);
      } catch (e) {
        return usageError(`query: ${(e as Error).message}`);
      }
      if (flags.data && flags.server) return usageError('query: --data and --server cannot be combined');
      if (!flags.data && !flags.server) return usageError('query: give the data with --data FILES or --server URL');
      let storage, remote;
      try {
        remote = serverStorage(flags, limits.timeoutMs);
        storage = remote ?? loadDataFiles(flags.data, time);
      } catch (e) {
        return usageError(`${e instanceof OptionsError ? 'query: ' : ''}${(e as Error).message}`);
      }
      let engine: Engine;
      try {
        engine = new Engine({ storage, lookbackDelta: lookback, delayedNameRemoval: !!flags.delayedNameRemoval, parser: parserOptions(flags), ...limits });
      } catch (e) {
        if (e instanceof OptionsError) return usageError(`query: ${e.message}`);
        throw e;
      }
      // Over a server the default time is now; over files, the newest sample.
      const when: number | RangeSpec = isRange ? { start: start!, end: end!, step } : time ?? (remote ? Date.now() : newestTimestamp(storage as MemoryStorage));
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
        if (json) out(envelope(r, { stats: !!flags.stats, analysis }));
        else {
          const text = table(r);
          if (text) out(text);
          if (analysis) out(`${text ? '\n' : ''}${analysisText(analysis)}`);
          for (const a of [...r.warnings, ...r.infos]) diag(a.text);
          if (flags.stats && r.stats) diag(statsBlock(r.stats));
        }
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
