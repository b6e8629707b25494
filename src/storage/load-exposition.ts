// Loader for the Prometheus text exposition format (timestamps in ms) and OpenMetrics (timestamps
// in seconds, `# EOF`). Everything is parsed before anything is stored: no half-loaded data.
// Values and timestamps are read as Prometheus's parsers read them; duplicate and out-of-order
// samples and conflicting `# TYPE` lines are errors unless `lenient` is set.
import { DataError } from '../errors.js';
import { labelsFrom, labelsKey, METRIC_NAME, type Labels } from './labels.js';
import { loadOptions, type AppendableStorage, type LoadOptions } from './appendable.js';
import { at, viewOf, isNameStart, labelSectionEnd, newlineAfter, scanValueAndTime, SectionCache, startsWithSection, textOf, type Chars, type ScannedSample, type Section } from './exposition-scan.js';
import { SampleBuffer } from './sample-buffer.js';
import { detach } from './detach.js';
import { parseGoFloat } from '../util/go-numbers.js';
import { formatOpenMetricsFloat } from '../util/go-format.js';

/** Options of {@link loadExposition}. */
export interface ExpositionOptions extends LoadOptions {
  /**
   * `openmetrics`: timestamps are seconds and `# EOF` ends the input; `text`: timestamps are ms.
   * By default OpenMetrics when a line is `# EOF`, else text.
   */
  readonly format?: 'openmetrics' | 'text';
  /** Timestamp (ms) for samples written without one; without it such samples are an error. */
  readonly defaultTimestamp?: number;
  /**
   * Load what Prometheus would ingest rather than fail: a repeated or out-of-order sample of a
   * series is dropped (the first one stays, as promtool's backfill keeps it) and a conflicting
   * `# TYPE` line is ignored. Malformed values and timestamps are errors either way.
   */
  readonly lenient?: boolean;
  /** Called every few thousand lines with the characters (bytes, for a bytes input) parsed so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

interface Parsed {
  t: number;
  v: number;
  /** Column of the timestamp (of the line's end when the sample has none). */
  tcol: number;
}

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;

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
    NAME.lastIndex = this.i;
    const m = NAME.exec(this.s);
    if (!m) this.fail('expected a name', this.i + 1);
    this.i += m[0].length;
    return detach(m[0]);
  }
  /** A double-quoted string with `\\`, `\"` and `\n` escapes, read in runs (linear in its length). */
  quoted(): string {
    this.expect('"');
    const s = this.s;
    let out = '';
    let from = this.i;
    for (let i = from; ; i++) {
      if (i >= s.length) {
        this.i = s.length + 1;
        this.fail('unterminated string', this.i);
      }
      const c = s.charCodeAt(i);
      if (c === 34 /* " */) {
        this.i = i + 1;
        return detach(out + s.slice(from, i));
      }
      if (c === 92 /* \ */) {
        const e = s[i + 1];
        if (e !== 'n' && e !== '\\' && e !== '"') this.fail(`invalid escape sequence "\\${e ?? ''}"`, i + 1);
        out += s.slice(from, i) + (e === 'n' ? '\n' : e);
        from = ++i + 1;
      }
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

/** The metric name and labels at the start of a sample line (`name{…}`, `{"name", …}`). */
function parseLabels(c: Cursor, type: string): Labels {
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
  try {
    return labelsFrom(pairs);
  } catch (e) {
    return c.fail((e as Error).message, 1);
  }
}

/** The value and optional timestamp after the labels of a sample line. */
function parseValueAndTime(c: Cursor, o: ExpositionOptions): Parsed {
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
  return { t: t!, v, tcol };
}

const TYPES = {
  openmetrics: new Set(['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown']),
  text: new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']),
};

/** How often (in lines) {@link ExpositionOptions.onProgress} is called. */
const PROGRESS_LINES = 1 << 16;

const EOF_LINE = /^# EOF\s*$/m;
/** `# EOF` in bytes. */
const EOF_BYTES = new TextEncoder().encode('# EOF');

/**
 * The format of exposition text (or its UTF-8 bytes) when not given: OpenMetrics when a line is
 * `# EOF`. In bytes, each newline-delimited line holding `# EOF` is decoded and tested alone: a
 * match in the whole text lies within one such line (`\s*` can reach past a newline only where
 * `$` already matched before it).
 */
export function detectFormat(text: Chars): 'openmetrics' | 'text' {
  if (typeof text === 'string') return EOF_LINE.test(text) ? 'openmetrics' : 'text';
  for (let k = text.indexOf(EOF_BYTES[0]); k >= 0; k = text.indexOf(EOF_BYTES[0], k + 1)) {
    if (!EOF_BYTES.every((b, j) => text[k + j] === b)) continue;
    const from = text.lastIndexOf(10, k) + 1;
    let to = text.indexOf(10, k);
    if (to < 0) to = text.length;
    if (EOF_LINE.test(textOf(text, from, to))) return 'openmetrics';
    k = to;
  }
  return 'text';
}

/** Per series (label set) of one load: the newest timestamp so far and its line, for the order check. */
class SeriesTable {
  readonly labels: Labels[] = [];
  private readonly index = new Map<string, number>();
  lastT = new Float64Array(64);
  lastLine = new Int32Array(64);

  /** The series index of a label set (a new one when it is the first). */
  indexOf(ls: Labels): number {
    const key = labelsKey(ls);
    let idx = this.index.get(key);
    if (idx === undefined) {
      idx = this.labels.length;
      this.labels.push(ls);
      this.index.set(key, idx);
      if (idx === this.lastT.length) {
        const t = new Float64Array(idx * 2);
        t.set(this.lastT);
        this.lastT = t;
        const l = new Int32Array(idx * 2);
        l.set(this.lastLine);
        this.lastLine = l;
      }
      this.lastLine[idx] = 0;
    }
    return idx;
  }
}

/**
 * Parses exposition text, or its UTF-8 bytes (a file read without decoding: faster, the same
 * result as its decoded text), and appends its samples to the storage. Throws DataError with
 * file:line:col (nothing is stored then); returns the number of samples stored.
 */
export function loadExposition(storage: AppendableStorage, text: string | Uint8Array, options?: ExpositionOptions): number {
  const given = loadOptions('loadExposition', options);
  const load = new ExpositionLoad({ ...given, format: given.format ?? detectFormat(text) }, text.length);
  load.feed(text, true, 0, text.length);
  return load.finish(storage, text.length);
}

/**
 * One exposition load: fed its input as whole lines, in one piece or in several (a file read a
 * piece at a time, see load-files.ts), then stored. The parse state lives here between pieces.
 * @internal
 */
export class ExpositionLoad {
  private readonly file: string;
  private readonly openMetrics: boolean;
  private readonly series = new SeriesTable();
  private readonly samples: SampleBuffer;
  // Label-section text → series index, one map per `# TYPE` in force (it changes `le`/`quantile`).
  private readonly caches = new Map<string, SectionCache>();
  private cache = new SectionCache();
  // The section of the previous sample line (links never cross a `# TYPE` line).
  private prev = null as Section | null;
  private readonly declared = new Map<string, { type: string; line: number }>();
  private readonly scanned: ScannedSample = { v: 0, t: 0, tcol: 0 };
  private eof = false;
  private type = '';
  /** Lines parsed so far. */
  private n = 0;
  /** 1 + the newlines seen so far. */
  private lines = 1;

  /** `size`: the input's length in chars or bytes (sizes the sample buffer). */
  constructor(private readonly o: ExpositionOptions & { format: 'openmetrics' | 'text' }, size: number) {
    this.file = o.file ?? '<input>';
    this.openMetrics = o.format === 'openmetrics';
    this.samples = new SampleBuffer(expectedSamples(size));
    this.caches.set('', this.cache);
  }

  /**
   * Parses the lines of `text`: each one that ends in a newline, and with `last` the rest too.
   * Returns where the unparsed rest starts (a line still to be completed; `text.length` with
   * `last`). `before` is how much input came before `text` and `total` the whole input's length
   * (for progress).
   */
  feed(text: Chars, last: boolean, before: number, total: number): number {
    const { o, file, openMetrics, series, samples, declared, scanned, caches } = this;
    // The state the loop changes, in locals while it runs.
    let { cache, prev, eof, type, n, lines } = this;
    const view = viewOf(text);
    let pos = 0;
    for (; pos < text.length; n++) {
      let nl = newlineAfter(text, pos);
      if (nl >= 0) lines++;
      else if (last) nl = text.length;
      else break;
      // Reported once per line: a line left for the next piece is reported when it comes whole.
      if (o.onProgress && n % PROGRESS_LINES === 0) o.onProgress(before + pos, total);
      const lineStart = pos;
      const end = nl > lineStart && at(text, nl - 1) === 13 ? nl - 1 : nl;
      pos = nl + 1;
      const first = at(text, lineStart);
      let section: Section | null = null;
      let lse = -1;
      if (!eof && lineStart < end && (isNameStart(first) || first === 123 /* { */)) {
        section = prev?.next ?? null;
        if (section !== null && startsWithSection(text, lineStart, end, section, view)) lse = lineStart + section.key.length;
        else {
          lse = labelSectionEnd(text, lineStart, end);
          section = lse > lineStart ? cache.get(text, lineStart, lse) : null;
          if (section !== null && prev !== null) prev.next = section;
        }
        if (section !== null && scanValueAndTime(text, lineStart, lse, end, openMetrics, o.defaultTimestamp, scanned)) {
          record(section.idx, scanned.t, scanned.v, scanned.tcol);
          prev = section;
          continue;
        }
      }
      // The full parser: comments, blank lines, new series, values and timestamps beyond plain
      // decimals, and every error.
      const raw = textOf(text, lineStart, end);
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
          const earlier = declared.get(name);
          if (earlier && earlier.type !== declaredType && !o.lenient) {
            fail(`conflicting TYPE for ${name}: ${declaredType} here, ${earlier.type} at line ${earlier.line}`, 9 + name.length);
          }
          if (!earlier) declared.set(name, { type: declaredType, line: n + 1 });
          type = earlier && o.lenient ? earlier.type : declaredType;
          cache = caches.get(type) ?? new SectionCache();
          caches.set(type, cache);
          prev = null;
        }
        if (/^# EOF\s*$/.test(raw)) eof = true;
        else if (/^# (TYPE|HELP|UNIT) /.test(raw) || o.format === 'text') continue;
        else fail(`invalid comment line ${JSON.stringify(raw.slice(0, 40))}`, 1);
        continue;
      }
      const c = new Cursor(raw, fail);
      let idx: number;
      if (section === null) {
        idx = series.indexOf(parseLabels(c, type));
        if (lse > lineStart && c.i === lse - lineStart) {
          const added = cache.add(text, lineStart, lse, idx);
          if (prev !== null) prev.next = added;
          prev = added;
        }
      } else {
        idx = section.idx;
        c.i = lse - lineStart;
        prev = section;
      }
      const p = parseValueAndTime(c, o);
      record(idx, p.t, p.v, p.tcol);
    }
    this.cache = cache;
    this.prev = prev;
    this.eof = eof;
    this.type = type;
    this.n = n;
    this.lines = lines;
    return pos;

    /** Keeps a sample after the order check; false when lenient drops it. */
    function record(idx: number, t: number, v: number, tcol: number): boolean {
      const lastLine = series.lastLine[idx];
      if (lastLine !== 0 && t <= series.lastT[idx]) {
        if (o.lenient) return false;
        throw new DataError(t === series.lastT[idx]
          ? `duplicate sample for timestamp ${t} ms: the series already has one at line ${lastLine}`
          : `out-of-order sample: timestamp ${t} ms is before the series' sample at ${series.lastT[idx]} ms (line ${lastLine})`, file, n + 1, tcol);
      }
      series.lastT[idx] = t;
      series.lastLine[idx] = n + 1;
      samples.push(idx, t, v);
      return true;
    }
  }

  /** After the last piece: checks the end of the input and stores every sample; returns how many. */
  finish(storage: AppendableStorage, total: number): number {
    if (this.openMetrics && !this.eof) throw new DataError('missing "# EOF" at the end of OpenMetrics input', this.file, this.lines, 1);
    this.o.onProgress?.(total, total);
    this.samples.appendTo(storage, this.series.labels);
    return this.samples.length;
  }
}

/**
 * Room for the samples of an input of `size` chars or bytes: sample lines are rarely shorter than
 * 40 (a series' labels and a value), so one buffer of this size is not grown nor copied while
 * parsing; its memory is touched only as far as samples fill it.
 */
function expectedSamples(size: number): number {
  return Math.min(1 << 24, Math.max(1024, Math.ceil(size / 40)));
}
