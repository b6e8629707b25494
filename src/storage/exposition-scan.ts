// The fast path of the exposition loader: char-code scans over the whole input, no per-line string
// or object. It only recognises well-formed input; anything else (and every error) goes to the
// full parser, which reports it with its position. The input is a string or UTF-8 bytes: in
// bytes, the fast path only ever takes ASCII label sections, so byte offsets are char offsets.

/** Exposition input: text, or its UTF-8 bytes (as read from a file, not decoded). */
export type Chars = string | Uint8Array;

/** The char code (string) or byte (bytes) at `i`. */
export function at(s: Chars, i: number): number {
  return typeof s === 'string' ? s.charCodeAt(i) : s[i];
}

const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The text of `s[from, to)`: a slice of a string, or bytes decoded as UTF-8 (invalid sequences
 * replaced as Node's `readFileSync(file, 'utf8')` does; a line never splits a sequence, as a
 * newline byte is never part of one).
 */
export function textOf(s: Chars, from: number, to: number): string {
  return typeof s === 'string' ? s.slice(from, to) : UTF8.decode(s.subarray(from, to));
}

/** Bytes looked at in JS before a line is taken to be long (see {@link newlineAfter}). */
const SHORT_LINE = 256;

/**
 * Index of the next `\n` at or after `from` (-1 when none). In bytes, the first SHORT_LINE are
 * looked at in JS: Buffer's `indexOf` is a call into C++ per line, which cost more than a typical
 * sample line's scan (2.5 million lines: about 0.35 s of a 1.4 s load); a longer line is left to it.
 */
export function newlineAfter(s: Chars, from: number): number {
  if (typeof s === 'string') return s.indexOf('\n', from);
  const stop = Math.min(s.length, from + SHORT_LINE);
  for (let i = from; i < stop; i++) if (s[i] === 10) return i;
  return stop === s.length ? -1 : s.indexOf(10, stop);
}

/** A DataView over a bytes input (for {@link startsWithSection}), null for a string. */
export function viewOf(s: Chars): DataView | null {
  return typeof s === 'string' ? null : new DataView(s.buffer, s.byteOffset, s.byteLength);
}

/** Whether the bytes `s[from, to)` are all ASCII. */
function isAscii(s: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (s[i] > 127) return false;
  return true;
}

/** ASCII bytes as a string (one char per byte). */
function asciiText(s: Uint8Array, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i += 4096) out += String.fromCharCode.apply(null, s.subarray(i, Math.min(to, i + 4096)) as unknown as number[]);
  return out;
}

/** Whether a char code may start a metric name (`[a-zA-Z_:]`). */
export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
}

/**
 * End (exclusive) of the metric-and-labels part (`name{…}`) of the sample line `s[from, end)`,
 * found without parsing it, so repeated series reuse one parsed label set. -1 when it does not
 * look well-formed; the full parser then reports the problem.
 */
export function labelSectionEnd(s: Chars, from: number, end: number): number {
  let i = from;
  let c = 0;
  while (i < end && (c = at(s, i)) !== 123 /* { */ && c !== 32 && c !== 9) i++;
  if (i === end || c !== 123) return i;
  for (i++; i < end; i++) {
    c = at(s, i);
    if (c === 34 /* " */) {
      // Inside a quoted string: skip to its closing quote, over escapes.
      for (i++; i < end; i++) {
        c = at(s, i);
        if (c === 92 /* \ */) i++;
        else if (c === 34) break;
      }
    } else if (c === 125 /* } */) return i + 1;
  }
  return -1;
}

/** A label section seen before: its text, its series, and the section of the line after it. */
export interface Section {
  readonly key: string;
  /**
   * For a bytes input, the text's bytes as little-endian 32-bit words (compared four bytes at a
   * time, never decoded again); the last `key.length % 4` bytes are compared from `key`.
   */
  readonly words: Int32Array | null;
  readonly idx: number;
  /** Whether the text ends with `}` (else it is a bare metric name). */
  readonly braced: boolean;
  /** The section that followed this one last time, the guess for the next line. */
  next: Section | null;
}

/**
 * Label-section text → series index, for one `# TYPE` in force. Sample lines usually come in
 * the same series order scrape after scrape (or series after series), so the loader first tries
 * the section that followed the previous line's last time ({@link Section.next}): one comparison,
 * no scan of the section. In a bytes input only ASCII sections are kept (their byte offsets are
 * char offsets); a line with another section takes the full parser.
 */
export class SectionCache {
  private readonly map = new Map<string, Section>();

  /** The section `s[from, to)` as {@link labelSectionEnd} found it, or null when new. */
  get(s: Chars, from: number, to: number): Section | null {
    if (typeof s === 'string') return this.map.get(s.slice(from, to)) ?? null;
    return isAscii(s, from, to) ? this.map.get(asciiText(s, from, to)) ?? null : null;
  }

  /** Remembers the series index of a section; null (not kept) for a non-ASCII one in bytes. */
  add(s: Chars, from: number, to: number, idx: number): Section | null {
    let key: string;
    let words: Int32Array | null = null;
    if (typeof s === 'string') key = s.slice(from, to);
    else if (isAscii(s, from, to)) {
      key = asciiText(s, from, to);
      const view = new DataView(s.buffer, s.byteOffset + from, to - from);
      words = new Int32Array((to - from) >> 2);
      for (let k = 0; k < words.length; k++) words[k] = view.getInt32(4 * k, true);
    } else return null;
    const section: Section = { key, words, idx, braced: key.charCodeAt(key.length - 1) === 125, next: null };
    this.map.set(key, section);
    return section;
  }
}

/**
 * Whether the sample line `s[from, end)` starts with the label section `section`, i.e. whether
 * {@link labelSectionEnd} would find exactly that text: a braced section is decided by its text
 * alone, a bare name must be followed by a blank. `view` is a DataView of a bytes input `s`
 * (see {@link viewOf}).
 */
export function startsWithSection(s: Chars, from: number, end: number, section: Section, view: DataView | null): boolean {
  const key = section.key;
  const to = from + key.length;
  if (to > end) return false;
  if (typeof s === 'string' || view === null) {
    if (textOf(s, from, to) !== key) return false;
  } else {
    const w = section.words!;
    const n = w.length;
    for (let k = 0; k < n; k++) if (view.getInt32(from + 4 * k, true) !== w[k]) return false;
    for (let i = from + 4 * n; i < to; i++) if (s[i] !== key.charCodeAt(i - from)) return false;
  }
  if (section.braced) return true;
  const c = at(s, to);
  return to < end && (c === 32 || c === 9);
}

/** Index of the first char at or after `i` that is neither space nor tab. */
function skipBlanks(s: Chars, i: number, end: number): number {
  let c;
  while (i < end && ((c = at(s, i)) === 32 || c === 9)) i++;
  return i;
}

/** Index of the first space or tab at or after `i` (or `end`). */
function tokenEnd(s: Chars, i: number, end: number): number {
  let c;
  while (i < end && (c = at(s, i)) !== 32 && c !== 9) i++;
  return i;
}

/** Exact powers of ten (10^0 … 10^22 are exact in a float64). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * The float in `s[from, to)` when it is a plain decimal (`[0-9.eE+-]` only) that fits a float64,
 * else NaN (the caller then takes the full path). For these strings JavaScript's `Number` and
 * Go's ParseFloat accept the same grammar and both round correctly. With a mantissa below 2^53
 * and a decimal exponent within ±22 the value is one correctly rounded operation on exact operands
 * (m × 10^e or m / 10^e, Clinger's fast path), so no string is made.
 */
export function plainFloat(s: Chars, from: number, to: number): number {
  const v = scanFloat(s, from, to);
  return scanned === to ? v : NaN;
}

/** Where the last {@link scanFloat} or {@link scanInteger} stopped: the end of its token. */
let scanned = 0;

/**
 * {@link plainFloat} of the token (up to a blank or `end`) at `from`, read in the same pass that
 * finds its end, left in {@link scanned}. NaN when the token is not a plain decimal.
 */
function scanFloat(s: Chars, from: number, end: number): number {
  scanned = from;
  if (from >= end) return NaN;
  let i = from;
  let c = at(s, i);
  const neg = c === 45;
  if (neg || c === 43) i++;
  let m = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; i < end; i++) {
    c = at(s, i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (dot) scale--;
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (i < end && c !== 32 && c !== 9) {
    if (digits === 0 || (c !== 101 && c !== 69)) return NaN;
    // An exponent: leave it to Number after the character check.
    const to = tokenEnd(s, i, end);
    scanned = to;
    return slowPlainFloat(s, from, to);
  }
  scanned = i;
  if (digits === 0) return NaN;
  // Below 2^53 the mantissa summed above is exact (at or beyond it, its rounded sum is ≥ 2^53 too).
  if (m >= 9007199254740992 || scale < -22) return slowPlainFloat(s, from, i);
  const v = scale === 0 ? m : m / POW10[-scale];
  return neg ? -v : v;
}

function slowPlainFloat(s: Chars, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = at(s, i);
    if (!((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45)) return NaN;
  }
  const v = Number(typeof s === 'string' ? s.slice(from, to) : asciiText(s, from, to));
  return Number.isFinite(v) ? v : NaN;
}

/**
 * A text-format timestamp token at `from` (up to a blank or `end`): `[+-]?\d{1,15}` (always a
 * safe integer), else NaN. Its end is left in {@link scanned}.
 */
function scanInteger(s: Chars, from: number, end: number): number {
  let i = from;
  let neg = false;
  const c0 = at(s, i);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    i++;
  }
  const first = i;
  let n = 0;
  let c = 0;
  for (; i < end && (c = at(s, i) - 48) >= 0 && c <= 9; i++) n = n * 10 + c;
  scanned = i;
  if (i === first || i - first > 15 || (i < end && (c = at(s, i)) !== 32 && c !== 9)) return NaN;
  return neg && n !== 0 ? -n : n;
}

/** The value and timestamp of one sample line, as {@link scanValueAndTime} read them. */
export interface ScannedSample {
  v: number;
  t: number;
  /** Column (1-based, in the line) of the timestamp, or of the line's end when there is none. */
  tcol: number;
}

/**
 * Reads ` value [timestamp]` (then optional blanks, then the end or a `#` exemplar) from
 * `s[from, end)`, `lineStart` being where the line starts. Returns false for anything but a plain
 * decimal value and timestamp (NaN, Inf, hex, errors…): the caller then parses the line in full.
 * OpenMetrics timestamps are seconds, truncated to whole ms as Prometheus's `int64(ts * 1000)`.
 */
export function scanValueAndTime(
  s: Chars, lineStart: number, from: number, end: number, openMetrics: boolean, defaultTimestamp: number | undefined, out: ScannedSample,
): boolean {
  let c = at(s, from);
  if (from >= end || (c !== 32 && c !== 9)) return false;
  let i = skipBlanks(s, from, end);
  const v = scanFloat(s, i, end);
  if (v !== v) return false;
  i = skipBlanks(s, scanned, end);
  if (i === end || (c = at(s, i)) === 35 /* # */) {
    if (defaultTimestamp === undefined) return false;
    // The column of the line's end is in chars: in bytes, only an ASCII rest gives it.
    if (typeof s !== 'string' && !isAscii(s, i, end)) return false;
    out.v = v;
    out.t = defaultTimestamp;
    out.tcol = end - lineStart + 1;
    return true;
  }
  let t: number;
  if (openMetrics) {
    const sec = scanFloat(s, i, end);
    if (sec !== sec) return false;
    t = Math.trunc(sec * 1000);
    if (!Number.isSafeInteger(t)) return false;
    if (t === 0) t = 0;
  } else {
    t = scanInteger(s, i, end);
    if (t !== t) return false;
  }
  const tcol = i - lineStart + 1;
  i = skipBlanks(s, scanned, end);
  if (i !== end && at(s, i) !== 35) return false;
  out.v = v;
  out.t = t;
  out.tcol = tcol;
  return true;
}
