// The native-histogram literal of Prometheus's test scripts, `{{schema:1 sum:5 count:3 buckets:[1 2]}}`:
// its parser (Prometheus's series lexer and grammar, key by key) and its printer (Go's TestExpression).
import { FloatHistogram } from './float-histogram.js';
import type { CounterResetHint, Span } from './types.js';
import { parsePromNumber } from '../util/go-numbers.js';
import { formatFloatG } from '../util/go-format.js';

/** A malformed histogram literal; `index` is the 0-based offset of the problem in the parsed text. */
export class HistogramLiteralError extends Error {
  constructor(message: string, readonly index: number) {
    super(message);
    this.name = 'HistogramLiteralError';
  }
}

/** A parsed literal: the histogram, whether it stated its counter-reset hint, and where it ended. */
export interface ParsedHistogramLiteral {
  readonly histogram: FloatHistogram;
  /**
   * Whether `counter_reset_hint:` was written. Prometheus's test runner compares the hint of an
   * expected histogram only when it was.
   */
  readonly hintSet: boolean;
  /** Offset just past the closing `}}`. */
  readonly end: number;
}

type Key = 'schema' | 'sum' | 'count' | 'z_bucket' | 'z_bucket_w' | 'buckets' | 'offset' | 'n_buckets' | 'n_offset'
  | 'custom_values' | 'counter_reset_hint';

/** What each key takes, as in Prometheus's grammar (`histogram_desc_item`). */
const KEYS: Readonly<Record<Key, 'int' | 'signed' | 'unsigned' | 'list' | 'hint'>> = {
  schema: 'int', offset: 'int', n_offset: 'int',
  sum: 'signed', count: 'signed', z_bucket: 'signed',
  z_bucket_w: 'unsigned',
  buckets: 'list', n_buckets: 'list', custom_values: 'list',
  counter_reset_hint: 'hint',
};

const HINTS: readonly CounterResetHint[] = ['unknown', 'reset', 'not_reset', 'gauge'];

// Prometheus's scanNumber in a series description: no hex (`x` means repetition there).
const NUMBER = /(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?[\d_]*)?/y;
const WORD = /[A-Za-z_]+/y;

/** A cursor over the text, with Prometheus's token shapes. */
class Scanner {
  constructor(readonly text: string, public i: number) {}

  fail(message: string, at = this.i): never {
    throw new HistogramLiteralError(message, at);
  }

  peek(): string {
    return this.text[this.i] ?? '';
  }

  spaces(): boolean {
    const from = this.i;
    while (this.peek() === ' ' || this.peek() === '\t') this.i++;
    return this.i > from;
  }

  word(): string | null {
    WORD.lastIndex = this.i;
    const m = WORD.exec(this.text);
    if (!m) return null;
    this.i += m[0].length;
    return m[0];
  }

  /** An unsigned number: digits (`1_000`, `1.5e3`, leading-zero octal) or `Inf`/`NaN`. */
  unsigned(what: string): number {
    const at = this.i;
    NUMBER.lastIndex = at;
    const m = NUMBER.exec(this.text);
    const token = m ? m[0] : this.word();
    if (!token) this.fail(`unexpected ${this.describe()} in histogram description, expected ${what}`);
    if (!m && !/^(inf|nan)$/i.test(token)) this.fail(`unexpected ${JSON.stringify(token)} in histogram description, expected ${what}`, at);
    if (m) this.i += token.length;
    try {
      return parsePromNumber(token);
    } catch (e) {
      return this.fail(`error parsing number: ${(e as Error).message}`, at);
    }
  }

  signed(what: string): number {
    if (this.peek() === '-') {
      this.i++;
      return -this.unsigned(what);
    }
    return this.unsigned(what);
  }

  /** `[-]uint`, the uint decimal digits only (Go `ParseUint(s, 10, 64)`). */
  int(): number {
    const neg = this.peek() === '-';
    if (neg) this.i++;
    const at = this.i;
    NUMBER.lastIndex = at;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail(`unexpected ${this.describe()} in histogram description, expected an integer`);
    this.i += m[0].length;
    if (!/^\d+$/.test(m[0])) this.fail(`invalid integer ${JSON.stringify(m[0])} in histogram description`, at);
    const n = Number(m[0]);
    if (!Number.isSafeInteger(n) || n > 2 ** 31) this.fail(`integer ${m[0]} out of range in histogram description`, at);
    return neg ? -n : n;
  }

  /** `[n n …]`: at least one number, separated by spaces, no space after `[`. */
  list(): number[] {
    if (this.peek() !== '[') this.fail(`unexpected ${this.describe()} in histogram description, expected "["`);
    this.i++;
    const out = [this.signed('a bucket count')];
    for (;;) {
      const spaced = this.spaces();
      if (this.peek() === ']') {
        this.i++;
        return out;
      }
      if (!spaced) this.fail(`invalid character in buckets description: ${this.describe()}`);
      out.push(this.signed('a bucket count'));
    }
  }

  describe(): string {
    return this.i >= this.text.length ? 'end of input' : JSON.stringify(this.peek());
  }
}

/**
 * Parses the histogram literal starting at `start` in `text` (which must hold `{{` there), as
 * Prometheus's test-script parser does: `key:value` items separated by spaces; keys case-insensitive
 * and at most once each (`duplicate key "sum" in histogram`); `schema`, `offset`, `n_offset`
 * integers; `sum`, `count`, `z_bucket` signed numbers; `z_bucket_w` an unsigned number;
 * `buckets`, `n_buckets`, `custom_values` lists of absolute counts or bounds (one span each);
 * `counter_reset_hint` one of `unknown`, `reset`, `not_reset`, `gauge`. `{{}}` is an empty
 * schema-0 histogram. The result is not validated (a storage validates what it stores). Throws
 * {@link HistogramLiteralError} with the offset of the problem.
 */
export function parseHistogramLiteral(text: string, start = 0): ParsedHistogramLiteral {
  const s: Scanner = new Scanner(text, start);
  if (!text.startsWith('{{', start)) s.fail('a histogram literal starts with "{{"');
  s.i += 2;
  const seen = new Map<Key, number | number[] | CounterResetHint>();
  s.spaces();
  while (!text.startsWith('}}', s.i)) {
    if (s.i >= text.length) s.fail('unexpected end of input in histogram description, expected "}}"');
    if (seen.size > 0 && !/[ \t]/.test(text[s.i - 1])) s.fail(`unexpected ${s.describe()} in histogram description, expected a space`);
    const at = s.i;
    const word = s.word();
    if (word === null) s.fail(`histogram description incomplete unexpected: ${s.describe()}`);
    const key = word.toLowerCase() as Key;
    if (!(key in KEYS)) s.fail(`bad histogram descriptor found: ${JSON.stringify(word)}`, at);
    if (s.peek() !== ':') s.fail('missing `:` for histogram descriptor');
    s.i++;
    let value: number | number[] | CounterResetHint;
    switch (KEYS[key]) {
      case 'int': value = s.int(); break;
      case 'signed': value = s.signed(`a number for ${key}`); break;
      case 'unsigned': value = s.unsigned(`a number for ${key}`); break;
      case 'list': value = s.list(); break;
      case 'hint': {
        const hAt = s.i;
        const h = s.word()?.toLowerCase() as CounterResetHint | undefined;
        if (!h || !HINTS.includes(h)) s.fail(`bad counter_reset_hint: expected one of ${HINTS.join(', ')}`, hAt);
        value = h;
        break;
      }
    }
    if (seen.has(key)) s.fail(`duplicate key ${JSON.stringify(key)} in histogram`, at);
    seen.set(key, value);
    s.spaces();
  }
  s.i += 2;
  return { histogram: build(seen), hintSet: seen.has('counter_reset_hint'), end: s.i };
}

function build(m: Map<Key, number | number[] | CounterResetHint>): FloatHistogram {
  const num = (k: Key): number | undefined => m.get(k) as number | undefined;
  const side = (bucketsKey: Key, offsetKey: Key): { spans: Span[]; buckets: number[] } => {
    const buckets = (m.get(bucketsKey) as number[] | undefined) ?? [];
    const spans = buckets.length > 0 ? [{ offset: num(offsetKey) ?? 0, length: buckets.length }] : [];
    return { spans, buckets };
  };
  const pos = side('buckets', 'offset');
  const neg = side('n_buckets', 'n_offset');
  return new FloatHistogram({
    schema: num('schema') ?? 0,
    sum: num('sum') ?? 0,
    count: num('count') ?? 0,
    zeroCount: num('z_bucket') ?? 0,
    zeroThreshold: num('z_bucket_w') ?? 0,
    customValues: m.get('custom_values') as number[] | undefined,
    counterResetHint: (m.get('counter_reset_hint') as CounterResetHint | undefined) ?? 'unknown',
    positiveSpans: pos.spans,
    positiveBuckets: pos.buckets,
    negativeSpans: neg.spans,
    negativeBuckets: neg.buckets,
  });
}

/**
 * Parses a whole string that is exactly one histogram literal (surrounding blanks allowed).
 * Throws {@link HistogramLiteralError}.
 */
export function parseHistogram(text: string): FloatHistogram {
  const start = text.length - text.trimStart().length;
  const r = parseHistogramLiteral(text, start);
  if (text.slice(r.end).trim() !== '') throw new HistogramLiteralError('unexpected text after the histogram literal', r.end);
  return r.histogram;
}

const g = formatFloatG;

/**
 * The literal of a histogram, exactly as Go's `FloatHistogram.TestExpression()` (what promtool and
 * Prometheus's test runner print): fields left out when zero (`schema`, `count`, `sum`,
 * `z_bucket`, `z_bucket_w`) or unknown (`counter_reset_hint`), numbers in Go's `%g`, each side's
 * buckets compacted into one span. `parseHistogram(formatHistogramLiteral(h))` gives back `h`
 * when h is already in that form and holds no `+Inf` (which the literal cannot spell).
 */
export function formatHistogramLiteral(histogram: FloatHistogram): string {
  // Compacting without a limit leaves one span per side, as TestExpression's Compact(math.MaxInt).
  const h = histogram.copy().compact(Number.MAX_SAFE_INTEGER);
  const res: string[] = [];
  if (h.schema !== 0) res.push(`schema:${h.schema}`);
  if (h.count !== 0) res.push(`count:${g(h.count)}`);
  if (h.sum !== 0) res.push(`sum:${g(h.sum)}`);
  if (h.zeroCount !== 0) res.push(`z_bucket:${g(h.zeroCount)}`);
  if (h.zeroThreshold !== 0) res.push(`z_bucket_w:${g(h.zeroThreshold)}`);
  if (h.usesCustomBuckets()) res.push(`custom_values:[${(h.customValues ?? []).map(g).join(' ')}]`);
  if (h.counterResetHint !== 'unknown') res.push(`counter_reset_hint:${h.counterResetHint}`);
  const side = (bucketsKey: string, offsetKey: string, spans: readonly Span[], buckets: readonly number[]): void => {
    if (spans.length > 1) throw new Error(`histogram with multiple ${bucketsKey} spans after compaction`);
    if (spans.length === 1 && spans[0].offset !== 0) res.push(`${offsetKey}:${spans[0].offset}`);
    if (buckets.length > 0) res.push(`${bucketsKey}:[${buckets.map(g).join(' ')}]`);
  };
  side('buckets', 'offset', h.positiveSpans, h.positiveBuckets);
  side('n_buckets', 'n_offset', h.negativeSpans, h.negativeBuckets);
  return `{{${res.join(' ')}}}`;
}
