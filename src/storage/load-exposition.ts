// Loader for the Prometheus text exposition format (timestamps in ms) and OpenMetrics (timestamps
// in seconds, `# EOF`). Everything is parsed before anything is stored: no half-loaded data.
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
}

interface Parsed {
  labels: Labels;
  t: number;
  v: number;
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

function parseValue(tok: string, c: Cursor, col: number): number {
  if (tok === '') c.fail('expected a value', col);
  try {
    return parseGoFloat(tok);
  } catch {
    return c.fail(`invalid value ${JSON.stringify(tok)}`, col);
  }
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
  if (c.peek() !== '' && c.peek() !== '#') {
    const tcol = c.i + 1;
    const tok = c.token();
    const n = Number(tok);
    if (tok === '' || !Number.isFinite(n)) c.fail(`invalid timestamp ${JSON.stringify(tok)}`, tcol);
    t = o.format === 'openmetrics' ? Math.round(n * 1000) : n;
    if (!Number.isInteger(t)) c.fail(`timestamp must be an integer number of milliseconds: ${tok}`, tcol);
    if (!Number.isSafeInteger(t)) c.fail(`timestamp out of range: ${tok} is beyond ±${Number.MAX_SAFE_INTEGER} ms`, tcol);
    c.skipSpaces();
  }
  if (c.peek() !== '' && c.peek() !== '#') c.fail(`unexpected ${JSON.stringify(c.peek())} after the sample`, c.i + 1);
  if (t === undefined) c.fail('sample has no timestamp (fixtures need explicit timestamps)', c.s.length + 1);
  return { labels, t: t!, v };
}

/** Parses exposition text and appends its samples to the storage. Throws DataError with file:line:col. */
export function loadExposition(storage: MemoryStorage, text: string, o: ExpositionOptions): number {
  const file = o.file ?? '<input>';
  // Parsed samples, kept compact until everything has parsed: label sets by index, times, values.
  const labelSets: Labels[] = [];
  const labelIndex = new Map<Labels, number>();
  const which: number[] = [];
  const times: number[] = [];
  const values: number[] = [];
  const cache = new Map<string, Labels>();
  const lines = text.split('\n');
  let eof = false;
  let type = '';
  for (let n = 0; n < lines.length; n++) {
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
      const t = /^# TYPE \S+ (\S+)/.exec(raw);
      if (t) type = t[1];
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
    }
    which.push(idx);
    times.push(p.t);
    values.push(p.v);
  }
  if (o.format === 'openmetrics' && !eof) throw new DataError('missing "# EOF" at the end of OpenMetrics input', file, lines.length, 1);
  for (let k = 0; k < which.length; k++) storage.append(labelSets[which[k]], times[k], values[k]);
  return which.length;
}
