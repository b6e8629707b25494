// Loader for `.series` fixtures: `load <interval>` blocks in the promqltest notation, e.g.
//   load 15s
//     http_requests_total{job="api"} 0+10x40 _ 500+10x20
import { DataError } from '../errors.js';
import { loadOptions, type AppendableStorage, type LoadOptions } from './appendable.js';
import {
  appendFloatValues, appendSeriesLine, ExpansionBudget, lastTimestampProblem, parsePlainSeriesLine, parseSeriesLine,
  SeriesNotationError, type ExpansionLimits, type SeriesLine,
} from './series-notation.js';
import type { Labels } from './labels.js';
import { parseDurationMs } from '../util/durations.js';

/** Options of {@link loadTestSeries}: the common ones (`file`) and the expansion caps. */
export interface TestSeriesOptions extends LoadOptions, ExpansionLimits {}

/**
 * Parses `load` blocks and appends their samples (sample i at i × interval), floats and native
 * histograms (`{{…}}` and its `xN`, `+`/`-` expansions). Returns the number of samples stored.
 * Everything is parsed and checked before anything is stored; a histogram a TSDB would refuse
 * is an error at its line. Throws DataError (file:line:col) on bad notation, and before
 * allocating when a line would expand to more than `maxSeriesPoints` points (default
 * `MAX_SERIES_POINTS`, 10,000,000) or the whole text to more than `maxLoadPoints` (default
 * `MAX_LOAD_POINTS`, 20,000,000).
 */
export function loadTestSeries(storage: AppendableStorage, text: string, options?: TestSeriesOptions): number {
  const limits = loadOptions('loadTestSeries', options);
  const file = limits.file ?? '<input>';
  // Every line, checked, in the text's order (a later line of a series appends after an earlier
  // one); a line of plain numbers only as one array of values (see plainValues).
  const out: ({ line: SeriesLine; interval: number } | { labels: Labels; values: Float64Array; interval: number })[] = [];
  const budget = new ExpansionBudget(limits);
  let interval: number | null = null;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n];
    const line = raw.trim();
    const indent = raw.length - raw.trimStart().length;
    if (line === '' || line.startsWith('#')) continue;
    const m = /^load\s+(\S+)$/.exec(line);
    if (m) {
      try {
        interval = parseDurationMs(m[1]);
      } catch (e) {
        throw new DataError(`invalid load interval: ${(e as Error).message}`, file, n + 1, indent + 6);
      }
      continue;
    }
    if (interval === null) throw new DataError('series before any "load <interval>" line', file, n + 1, indent + 1);
    let plain;
    let parsed;
    try {
      plain = parsePlainSeriesLine(line, budget);
      if (plain === null) parsed = parseSeriesLine(line, budget);
    } catch (e) {
      const col = e instanceof SeriesNotationError ? e.column : 1;
      throw new DataError((e as Error).message, file, n + 1, indent + col);
    }
    const bad = parsed ? invalidHistogram(parsed) : null;
    if (bad) throw new DataError(`invalid native histogram: ${bad}`, file, n + 1, indent + 1);
    const problem = lastTimestampProblem(parsed ? parsed.points.length : plain!.values.length, interval);
    if (problem !== null) throw new DataError(problem, file, n + 1, indent + 1);
    out.push(parsed ? { line: parsed, interval } : { ...plain!, interval });
  }
  let stored = 0;
  for (const s of out) {
    if ('line' in s) {
      appendSeriesLine(storage, s.line, s.interval);
      stored += s.line.points.filter((p) => p.kind !== 'omitted').length;
    } else {
      appendFloatValues(storage, s.labels, s.values, s.interval);
      stored += s.values.length;
    }
  }
  return stored;
}

/** The first reason a TSDB would refuse one of the line's histograms, or null. */
export function invalidHistogram(line: SeriesLine): string | null {
  let last: unknown = null;
  for (const p of line.points) {
    // Repeated points share one histogram: check each once.
    if (p.kind !== 'histogram' || p.histogram === last) continue;
    last = p.histogram;
    const err = p.histogram.validate();
    if (err) return err.message;
  }
  return null;
}
