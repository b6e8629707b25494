// Literal tokens to values: numbers, durations and Go-escaped strings (Prometheus strutil.Unquote).
import type { IToken } from '#chevrotain';
import type { NumberLiteral } from './ast.js';
import type { ErrorSink } from './builders.js';
import { ConversionError, parsePromNumber } from '../util/go-numbers.js';
import { parseDurationSeconds } from '../util/durations.js';
import { tokenPos } from './positions.js';

/**
 * Plain decimals (`0`, `0.99`, `250`): their value is the correctly rounded double of the text,
 * which is what parsePromNumber gives them too, after syntax checks (octal, hex, `_`) they need not.
 */
const PLAIN_DECIMAL = /^(?:0|[1-9]\d{0,14})(?:\.\d{1,15})?$/;

/** A NUMBER token as a literal (`010` is octal, `0x1f` hex, `Inf`/`NaN` any case). */
export function numberLiteral(t: IToken, err: ErrorSink): NumberLiteral {
  if (PLAIN_DECIMAL.test(t.image)) return { type: 'NumberLiteral', value: Number(t.image), duration: false, pos: tokenPos(t) };
  let value = 0;
  try {
    value = parsePromNumber(t.image);
  } catch (e) {
    if (!(e instanceof ConversionError)) throw e;
    err(`error parsing number: ${e.message}`, tokenPos(t));
  }
  return { type: 'NumberLiteral', value, duration: false, pos: tokenPos(t) };
}

/** A DURATION token as a literal holding seconds, printed back as a duration. */
export function durationLiteral(t: IToken, err: ErrorSink): NumberLiteral {
  let value = 0;
  try {
    value = parseDurationSeconds(t.image);
  } catch (e) {
    if (!(e instanceof ConversionError)) throw e;
    err(e.message, tokenPos(t));
  }
  return { type: 'NumberLiteral', value, duration: true, pos: tokenPos(t) };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"',
};

/** Length of the UTF-8 sequence starting with byte b (0: not a valid lead byte). */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/**
 * Decodes bytes written as escapes. Go strings may hold invalid UTF-8 (`"\xff"`); each byte that
 * is not part of a valid sequence becomes the lone surrogate U+DC00+byte, so it stays
 * distinguishable and label-name validation rejects it, as Prometheus rejects invalid UTF-8.
 */
function decodeUtf8Escaped(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const n = sequenceLength(bytes[i]);
    const seq = n > 0 ? bytes.slice(i, i + n) : [];
    let decoded: string | null = null;
    if (seq.length === n && n > 0) {
      try {
        decoded = STRICT_UTF8.decode(new Uint8Array(seq));
      } catch {
        decoded = null;
      }
    }
    if (decoded !== null) {
      out += decoded;
      i += n;
    } else {
      out += String.fromCharCode(0xdc00 + bytes[i]);
      i++;
    }
  }
  return out;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a string token (quotes included) as Go's unquoting does. The scanner validated escapes. */
export function unquote(t: IToken, err: ErrorSink): string {
  const s = t.image;
  const quote = s[0];
  const body = s.slice(1, -1);
  if (quote === '`') return body;
  if (!body.includes('\\')) return body;
  let out = '';
  let bytes: number[] = [];
  const flushBytes = () => {
    if (bytes.length) {
      out += decodeUtf8Escaped(bytes);
      bytes = [];
    }
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      flushBytes();
      out += c;
      continue;
    }
    const e = body[++i];
    if (e in SIMPLE_ESCAPES) {
      flushBytes();
      out += SIMPLE_ESCAPES[e];
    } else if (e === 'x') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e >= '0' && e <= '7') {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      flushBytes();
      const n = e === 'u' ? 4 : 8;
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + n), 16));
      i += n;
    } else {
      err(`error unquoting string ${JSON.stringify(s)}: invalid syntax`, tokenPos(t));
      return '';
    }
  }
  flushBytes();
  return out;
}
