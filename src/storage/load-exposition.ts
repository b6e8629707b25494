// Loader for the Prometheus text exposition format (timestamps in ms) and OpenMetrics (timestamps
// in seconds, `# EOF`). Everything is parsed before anything is stored: no half-loaded data.
// Values and timestamps are read as Prometheus's parsers read them; duplicate and out-of-order
// samples and conflicting `# TYPE` lines are errors unless `lenient` is set.
import { DataError } from '../errors.js';
import { labelsFrom, METRIC_NAME, type Labels } from './labels.js';
import type { MemoryStorage } from './memory.js';
import { parseGoFloat } from '../util/go-numbers.js';
import { formatOpenMetricsFloat } from '../util/go-format.js';

/** Options of {@link loadExposition}. */
export interface ExpositionOptions {
  /** `openmetrics`: timestamps are seconds and `# EOF` ends the input; `text`: timestamps are ms. */
  readonly format: 'openmetrics' | 'text';
  /** File name used in errors. */
  readonly file?: string;
  /** Timestamp (ms) for samples written without one; without it such samples are an error. */
  readonly defaultTimestamp?: number;
  /**
   * Load what Prometheus would ingest rather than fail: a repeated or out-of-order sample of a
   * series is dropped (the first one stays, as promtool's backfill keeps it) and a conflicting
   * `# TYPE` line is ignored. Malformed values and timestamps are errors either way.
   */
  readonly lenient?: boolean;
  /** Called every few thousand lines with the characters parsed so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

interface Parsed {
  labels: Labels;
  t: number;
  v: number;
  /** Column of the timestamp (of the line's end when the sample has none). */
  tcol: number;
}

/**
 * End of the metric-and-labels part of a sample line (`name{…}`), found without parsing it, so
 * repeated series reuse one parsed label set. -1 when the line does not look well-formed; the full
 * parser then reports the problem.
 */
function labelSectionEnd(s: string): number {
  let i = 0;
  while (i < s.length && s[i] !== '{' && s[i] !== ' ' && s[i] !== '\t') i++;
  if (s[i] !== '{') return i;
  let quoted = false;
  for (i++; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '}') return i + 1;
  }
  return -1;
}

class Cursor {
  i = 0;
  constructor(readonly s: string, readonly fail: (msg: string, col: number) => never) {}
  peek(): string {
    return this.s[this.i] ?? '';
  }
  skipSpaces(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
  }
  expect(ch: string): void {
    if (this.s[this.i] !== ch) this.fail(`expected ${JSON.stringify(ch)}, found ${this.s[this.i] ? JSON.stringify(this.s[this.i]) : 'end of line'}`, this.i + 1);
    this.i++;
  }
  name(): string {
    const m = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(this.s.slice(this.i));
    if (!m) this.fail('expected a name', this.i + 1);
    this.i += m[0].length;
    return m[0];
  }
  quoted(): string {
    this.expect('"');
    let out = '';
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) this.fail('unterminated string', this.i);
      if (c === '"') return out;
      if (c === '\\') {
        const e = this.s[this.i++];
        if (e === 'n') out += '\n';
        else if (e === '\\' || e === '"') out += e;
        else this.fail(`invalid escape sequence "\\${e ?? ''}"`, this.i - 1);
      } else out += c;
    }
  }
  token(): string {
    const start = this.i;
    while (this.i < this.s.length && this.s[this.i] !== ' ' && this.s[this.i] !== '\t') this.i++;
    return this.s.slice(start, this.i);
  }
}

/**
 * A float as Prometheus's exposition parsers read it: Go's ParseFloat without the Go 1.13 forms
 * (hex mantissas with `p` exponents, `_` separators), so `1e400` (out of range) and `0x10` fail.
 */
export function parseExpositionFloat(tok: string): number {
  if (/[pP_]/.test(tok)) throw new Error('unsupported character in float');
  return parseGoFloat(tok);
}

function parseValue(tok: string, c: Cursor, col: number): number {
  if (tok === '') c.fail('expected a value', col);
  try {
    return parseExpositionFloat(tok);
  } catch (e) {
    return c.fail(`invalid value ${JSON.stringify(tok)}: ${(e as Error).message}`, col);
  }
}

/**
 * A sample timestamp in ms. Text format: a base-10 integer of ms (Go's ParseInt, so no `1e3`,
 * `0x10` or `1.5`). OpenMetrics: a float of seconds, truncated to whole ms as Prometheus's
 * `int64(ts * 1000)` does. Beyond ±2^53 ms is an error (Prometheus's int64 would overflow or
 * lose precision silently).
 */
function parseTimestamp(tok: string, o: ExpositionOptions, c: Cursor, col: number): number {
  let t: number;
  if (o.format === 'text') {
    if (!/^[+-]?\d+$/.test(tok)) c.fail(`invalid timestamp ${JSON.stringify(tok)}: an integer number of milliseconds is expected`, col);
    t = Number(tok);
  } else {
    let s: number;
    try {
      s = parseExpositionFloat(tok);
    } catch (e) {
      return c.fail(`invalid timestamp ${JSON.stringify(tok)}: ${(e as Error).message}`, col);
    }
    if (!Number.isFinite(s)) c.fail(`invalid timestamp ${JSON.stringify(tok)}`, col);
    // Prometheus compatibility: int64(ts * 1000) truncates sub-millisecond digits.
    t = Math.trunc(s * 1000);
  }
  if (!Number.isSafeInteger(t)) c.fail(`timestamp out of range: ${tok} is beyond ±${Number.MAX_SAFE_INTEGER} ms`, col);
  return t === 0 ? 0 : t;
}

/**
 * Prometheus compatibility: the parsers rewrite `le` of classic histograms and `quantile` of
 * summaries into canonical float form (`le="1"` is stored as `le="1.0"`).
 */
function normaliseLabelValue(type: string, name: string, value: string): string {
  if ((type === 'histogram' && name === 'le') || (type === 'summary' && name === 'quantile')) {
    try {
      return formatOpenMetricsFloat(parseGoFloat(value));
    } catch {
      return value;
    }
  }
  return value;
}

function parseSampleLine(c: Cursor, o: ExpositionOptions, type: string, cache: Map<string, Labels>): Parsed {
  const end = labelSectionEnd(c.s);
  const key = end > 0 ? `${type}\u0000${c.s.slice(0, end)}` : '';
  const cached = key ? cache.get(key) : undefined;
  if (cached) {
    c.i = end;
    return parseValueAndTime(c, o, cached);
  }
  const pairs: [string, string][] = [];
  if (c.peek() !== '{') pairs.push([METRIC_NAME, c.name()]);
  if (c.peek() === '{') {
    c.i++;
    c.skipSpaces();
    while (c.peek() !== '}') {
      const col = c.i + 1;
      const name = c.peek() === '"' ? c.quoted() : c.name();
      c.skipSpaces();
      if (c.peek() === '=') {
        c.i++;
        c.skipSpaces();
        pairs.push([name, normaliseLabelValue(type, name, c.quoted())]);
      } else {
        if (pairs.some(([n]) => n === METRIC_NAME)) c.fail('metric name set twice', col);
        pairs.push([METRIC_NAME, name]);
      }
      c.skipSpaces();
      if (c.peek() === ',') {
        c.i++;
        c.skipSpaces();
      } else if (c.peek() !== '}') c.fail(`expected "," or "}", found ${c.peek() ? JSON.stringify(c.peek()) : 'end of line'}`, c.i + 1);
    }
    c.i++;
  }
  if (!pairs.some(([n]) => n === METRIC_NAME)) c.fail('missing metric name', 1);
  let labels: Labels;
  try {
    labels = labelsFrom(pairs);
  } catch (e) {
    return c.fail((e as Error).message, 1);
  }
  if (key && c.i === end) cache.set(key, labels);
  return parseValueAndTime(c, o, labels);
}

/** The value and optional timestamp after the labels of a sample line. */
function parseValueAndTime(c: Cursor, o: ExpositionOptions, labels: Labels): Parsed {
  if (c.peek() !== ' ' && c.peek() !== '\t') c.fail('expected a space before the value', c.i + 1);
  c.skipSpaces();
  const vcol = c.i + 1;
  const v = parseValue(c.token(), c, vcol);
  c.skipSpaces();
  let t = o.defaultTimestamp;
  let tcol = c.s.length + 1;
  if (c.peek() !== '' && c.peek() !== '#') {
    tcol = c.i + 1;
    t = parseTimestamp(c.token(), o, c, tcol);
    c.skipSpaces();
  }
  if (c.peek() !== '' && c.peek() !== '#') c.fail(`unexpected ${JSON.stringify(c.peek())} after the sample`, c.i + 1);
  if (t === undefined) c.fail('sample has no timestamp (fixtures need explicit timestamps)', c.s.length + 1);
  return { labels, t: t!, v, tcol };
}

const TYPES = {
  openmetrics: new Set(['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown']),
  text: new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']),
};

/** How often (in lines) {@link ExpositionOptions.onProgress} is called. */
const PROGRESS_LINES = 1 << 16;

/**
 * Parses exposition text and appends its samples to the storage. Throws DataError with
 * file:line:col (nothing is stored then); returns the number of samples stored.
 */
export function loadExposition(storage: MemoryStorage, text: string, o: ExpositionOptions): number {
  const file = o.file ?? '<input>';
  // Parsed samples, kept compact until everything has parsed: label sets by index, times, values.
  const labelSets: Labels[] = [];
  const labelIndex = new Map<Labels, number>();
  const which: number[] = [];
  const times: number[] = [];
  const values: number[] = [];
  // Per label set: the newest timestamp so far and its line, for the order check.
  const lastT: number[] = [];
  const lastLine: number[] = [];
  const cache = new Map<string, Labels>();
  const declared = new Map<string, { type: string; line: number }>();
  const lines = text.split('\n');
  let eof = false;
  let type = '';
  let offset = 0;
  for (let n = 0; n < lines.length; n++) {
    if (o.onProgress && n % PROGRESS_LINES === 0) o.onProgress(offset, text.length);
    offset += lines[n].length + 1;
    const raw = lines[n].replace(/\r$/, '');
    const fail = (msg: string, col: number): never => {
      throw new DataError(msg, file, n + 1, col);
    };
    if (eof) {
      if (raw.trim() !== '') fail('content after "# EOF"', 1);
      continue;
    }
    if (raw.trim() === '') continue;
    if (raw.startsWith('#')) {
      const t = /^# TYPE (\S+) (\S+)/.exec(raw);
      if (t) {
        const [, name, declaredType] = t;
        if (!TYPES[o.format].has(declaredType)) fail(`invalid metric type ${JSON.stringify(declaredType)}`, 9 + name.length);
        const before = declared.get(name);
        if (before && before.type !== declaredType && !o.lenient) {
          fail(`conflicting TYPE for ${name}: ${declaredType} here, ${before.type} at line ${before.line}`, 9 + name.length);
        }
        if (!before) declared.set(name, { type: declaredType, line: n + 1 });
        type = before && o.lenient ? before.type : declaredType;
      }
      if (/^# EOF\s*$/.test(raw)) eof = true;
      else if (/^# (TYPE|HELP|UNIT) /.test(raw) || o.format === 'text') continue;
      else fail(`invalid comment line ${JSON.stringify(raw.slice(0, 40))}`, 1);
      continue;
    }
    const p = parseSampleLine(new Cursor(raw, fail), o, type, cache);
    let idx = labelIndex.get(p.labels);
    if (idx === undefined) {
      idx = labelSets.length;
      labelSets.push(p.labels);
      labelIndex.set(p.labels, idx);
    } else if (p.t <= lastT[idx]) {
      if (o.lenient) continue;
      fail(p.t === lastT[idx]
        ? `duplicate sample for timestamp ${p.t} ms: the series already has one at line ${lastLine[idx]}`
        : `out-of-order sample: timestamp ${p.t} ms is before the series' sample at ${lastT[idx]} ms (line ${lastLine[idx]})`, p.tcol);
    }
    lastT[idx] = p.t;
    lastLine[idx] = n + 1;
    which.push(idx);
    times.push(p.t);
    values.push(p.v);
  }
  if (o.format === 'openmetrics' && !eof) throw new DataError('missing "# EOF" at the end of OpenMetrics input', file, lines.length, 1);
  o.onProgress?.(text.length, text.length);
  for (let k = 0; k < which.length; k++) storage.append(labelSets[which[k]], times[k], values[k]);
  return which.length;
}
