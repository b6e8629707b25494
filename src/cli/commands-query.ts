// `promql query`: evaluate a query over fixture files, printing a table or the API JSON envelope.
import type { Command } from 'commander';
import { Engine } from '../eval/engine.js';
import { formatSampleValue, toPrometheusJSONText, type QueryResult } from '../eval/result.js';
import { formatLabels } from '../storage/labels.js';
import { PromQLError } from '../errors.js';
import { lineCol } from '../parser/positions.js';
import { addFeatureFlags, parserOptions } from './parser-flags.js';
import { diag, EXIT, out, usageError } from './output.js';
import { loadDataFiles, newestTimestamp } from '../storage/load-files.js';
import { parseDurationArg, parseTime } from '../util/times.js';

function errorType(e: unknown): string {
  if (!(e instanceof PromQLError)) return 'internal';
  switch (e.kind) {
    case 'parse': case 'options': return 'bad_data';
    case 'timeout': return 'timeout';
    case 'cancelled': return 'canceled';
    default: return 'execution';
  }
}

function table(r: QueryResult): string {
  switch (r.resultType) {
    case 'scalar': return formatSampleValue(r.result.value);
    case 'string': return r.result.value;
    case 'vector':
      return r.result.map((s) => `${formatLabels(s.labels)} ${formatSampleValue(s.value)}`).join('\n');
    case 'matrix':
      return r.result.map((s) => `${formatLabels(s.labels)}\n${s.timestamps
        .map((t, i) => `  ${formatSampleValue(s.values[i])} @${t / 1000}`).join('\n')}`).join('\n');
  }
}

function envelope(r: QueryResult): string {
  let s = `{"status":"success","data":${toPrometheusJSONText(r)}`;
  if (r.warnings.length) s += `,"warnings":${JSON.stringify(r.warnings.map((a) => a.text))}`;
  if (r.infos.length) s += `,"infos":${JSON.stringify(r.infos.map((a) => a.text))}`;
  return s + '}';
}

/** Registers `query`. */
export function registerQuery(program: Command): void {
  addFeatureFlags(program.command('query')
    .description('evaluate a query over fixture data (instant, or range with --start/--end/--step)')
    .argument('<query>', 'the PromQL query')
    .requiredOption('-d, --data <files...>', 'fixture files: .om, .prom/.txt, .json, .series')
    .option('-t, --time <time>', 'evaluation time: Unix seconds or RFC 3339 (default: newest sample in the data)')
    .option('--start <time>', 'range query start')
    .option('--end <time>', 'range query end')
    .option('--step <duration>', 'range query step (15s, 1m or seconds)')
    .option('--lookback-delta <duration>', 'lookback delta', '5m')
    .option('--delayed-name-removal', 'keep __name__ until the end of evaluation (Prometheus feature flag)')
    .option('-o, --output <format>', 'table or json (the /api/v1/query envelope)', 'table'))
    .action(async (query: string, flags) => {
      if (flags.output !== 'table' && flags.output !== 'json') return usageError(`query: --output must be table or json, got ${JSON.stringify(flags.output)}`);
      const isRange = flags.start !== undefined || flags.end !== undefined || flags.step !== undefined;
      if (isRange && (flags.start === undefined || flags.end === undefined || flags.step === undefined)) {
        return usageError('query: a range query needs --start, --end and --step together');
      }
      if (isRange && flags.time !== undefined) return usageError('query: --time cannot be combined with --start/--end/--step');
      let start: number, end: number, step = 0, time: number | undefined, lookback: number;
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
      } catch (e) {
        return usageError(`query: ${(e as Error).message}`);
      }
      let storage;
      try {
        storage = loadDataFiles(flags.data, time);
      } catch (e) {
        return usageError((e as Error).message);
      }
      const engine = new Engine({ storage, lookbackDelta: lookback, delayedNameRemoval: !!flags.delayedNameRemoval, parser: parserOptions(flags) });
      try {
        const r = isRange
          ? await engine.rangeQuery(query, start!, end!, step)
          : await engine.instantQuery(query, time ?? newestTimestamp(storage));
        if (flags.output === 'json') out(envelope(r));
        else {
          const text = table(r);
          if (text) out(text);
          for (const a of [...r.warnings, ...r.infos]) diag(a.text);
        }
      } catch (e) {
        let msg = (e as Error).message;
        if (e instanceof PromQLError && e.pos && e.kind === 'unsupported') {
          const { line, column } = lineCol(query, e.pos.start);
          msg = `${line}:${column}: ${msg}`;
        }
        if (flags.output === 'json') out(JSON.stringify({ status: 'error', errorType: errorType(e), error: msg }));
        diag(`promql: ${msg}`);
        process.exitCode = EXIT.problems;
      }
    });
}
