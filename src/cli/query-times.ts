// When `promql query` evaluates: explicit flags first, then promtool's range defaults over the
// data (end = the newest sample, start = end − 1h, a step giving ~250 points), and the warnings
// for time values that look like milliseconds.
import type { RangeSpec } from '../eval/explain.js';
import type { Storage } from '../storage/types.js';
import { parseDurationArg, parseTime } from '../util/times.js';

/** The query-time flags as given. */
export interface TimeFlags {
  readonly time?: string;
  readonly start?: string;
  readonly end?: string;
  readonly step?: string;
  /** A range query with every default (`--range`, or implied by `-o chart`). */
  readonly range?: boolean;
}

/** The flags parsed, before the data is known. */
export interface ParsedTimes {
  readonly isRange: boolean;
  readonly time?: number;
  readonly start?: number;
  readonly end?: number;
  readonly step?: number;
  /** Warnings for stderr (times that look like milliseconds). */
  readonly warnings: string[];
}

/** The default span of a range query without `--start` (promtool's own default is 5m; an hour of a fixture shows more). */
export const DEFAULT_RANGE_MS = 3600_000;
/** Unix seconds from this on (the year 5138) are almost certainly milliseconds. */
const MS_LOOKING = 1e11;

function msWarning(flag: string, raw: string): string | undefined {
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) < MS_LOOKING) return undefined;
  return `warning: ${flag} ${raw} looks like milliseconds; times are Unix seconds or RFC 3339 (did you mean ${Math.round(Number(raw) / 1000)}?)`;
}

/** Parses the time flags. Throws Error with the flag's problem (a usage error). */
export function parseTimeFlags(f: TimeFlags): ParsedTimes {
  const isRange = !!f.range || f.start !== undefined || f.end !== undefined || f.step !== undefined;
  if (isRange && f.time !== undefined) throw new Error('--time cannot be combined with a range query (--start/--end/--step/--range)');
  const warnings: string[] = [];
  const time = (flag: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const w = msWarning(flag, raw);
    if (w) warnings.push(w);
    return parseTime(raw);
  };
  const step = f.step !== undefined ? parseDurationArg(f.step) : undefined;
  if (step !== undefined && step <= 0) throw new Error('zero or negative query resolution step widths are not accepted. Try a positive integer');
  return { isRange, time: time('--time', f.time), start: time('--start', f.start), end: time('--end', f.end), step, warnings };
}

/**
 * promtool's default step for a range: the span divided by 250, whole seconds, at least 1s
 * (`math.Max(math.Floor(end.Sub(start).Seconds()/250), 1)`).
 */
export function defaultStep(start: number, end: number): number {
  return Math.max(Math.floor((end - start) / 1000 / 250), 1) * 1000;
}

/** The range to evaluate, with defaults filled in from the newest sample of the data. */
export function resolveRange(p: ParsedTimes, newest: number): RangeSpec {
  const end = p.end ?? (p.start !== undefined ? Math.max(newest, p.start) : newest);
  const start = p.start ?? end - DEFAULT_RANGE_MS;
  if (end < start) throw new Error('end timestamp must not be before start time');
  const step = p.step ?? defaultStep(start, end);
  if ((end - start) / step > 11000) throw new Error('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
  return { start, end, step };
}

/** The oldest and newest sample timestamps (ms) of a storage, or null when it holds none. */
export async function dataSpan(storage: Storage): Promise<{ oldest: number; newest: number } | null> {
  let oldest = Infinity;
  let newest = -Infinity;
  for await (const s of await storage.select({ matchers: [], start: -Number.MAX_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER })) {
    for (const ts of [s.timestamps, s.histograms?.timestamps ?? []]) {
      const n = ts.length;
      if (n === 0) continue;
      oldest = Math.min(oldest, ts[0]);
      newest = Math.max(newest, ts[n - 1]);
    }
  }
  return oldest === Infinity ? null : { oldest, newest };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const unix = (ms: number) => String(ms / 1000);

/** The stderr note for an empty result: when the query ran and what time the data covers. */
export function emptyResultNote(when: number | RangeSpec, span: { oldest: number; newest: number } | null): string {
  const at = typeof when === 'number' ? `at ${iso(when)} (${unix(when)})` : `from ${iso(when.start)} to ${iso(when.end)} (${unix(when.start)}..${unix(when.end)})`;
  if (!span) return `note: empty result ${at}: the data holds no samples`;
  return `note: empty result ${at}; the data's samples span ${iso(span.oldest)} to ${iso(span.newest)} (${unix(span.oldest)}..${unix(span.newest)})`;
}
