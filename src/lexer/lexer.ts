// The PromQL scanner. Prometheus's lexer is context-sensitive (inside braces, inside brackets,
// `fill(` lookahead), so this is a hand-written state machine that emits chevrotain tokens.
import { createTokenInstance, type IToken, type TokenType } from '#chevrotain';
import { goQuote, goQuoteRune, goUnicodeVerbose } from '../util/go-format.js';
import * as T from './tokens.js';
import { runToEnd } from '../util/deep.js';

/** A lexical error: the message Prometheus gives and the offset of the offending token. */
export interface LexError {
  message: string;
  pos: number;
}

/** The scanner's output: tokens up to (and including) EOF, or up to the first error. */
export interface LexResult {
  tokens: IToken[];
  error?: LexError;
}

// Runs of string characters the scanners skip at once (long label values and regexes): all but
// the closing quote, a backslash, a newline and UTF-16 surrogates, which are checked one by one.
const PLAIN_IN_DOUBLE = /[^"\\\n\ud800-\udfff]+/y;
const PLAIN_IN_SINGLE = /[^'\\\n\ud800-\udfff]+/y;
const PLAIN_IN_RAW = /[^`\ud800-\udfff]+/y;

const EOF = -1;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number) => c === 0x5f || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isAlphaNumeric = (c: number) => isAlpha(c) || isDigit(c);
const isHexDigit = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
/** A duration unit letter: `smhdw`, and `y` where a duration may start with it (the first unit). */
const isDurationUnit = (c: number, first: boolean) =>
  c === 0x73 || c === 0x6d || c === 0x68 || c === 0x64 || c === 0x77 || (first && c === 0x79);
const DURATION_KEYWORD_START = new Set(['s', 'r', 'm']);

class LexFailure extends Error {
  constructor(readonly lexMessage: string, readonly pos: number) {
    super(lexMessage);
  }
}

/** Scans a PromQL expression. Comments are skipped. */
export function lex(input: string): LexResult {
  return runToEnd(lexing(input));
}

/** Tokens scanned between two pauses of {@link lexing}. */
const PAUSE_EVERY = 4096;

/** {@link lex} as a pausable step (see runDeepPausing): a long query pauses every few thousand tokens. */
export function lexing(input: string): Generator<void, LexResult, void> {
  return new Scanner(input).running();
}

class Scanner {
  private pos = 0;
  private start = 0;
  private parenDepth = 0;
  private braceOpen = false;
  private bracketOpen = false;
  private gotColon = false;
  private gotDuration = false;
  /** True right after `[` until the first number or duration: Prometheus's lexDurationExpr state. */
  private durationState = false;
  private readonly tokens: IToken[] = [];

  constructor(private readonly input: string) {}

  *running(): Generator<void, LexResult, void> {
    let emitted = 0;
    let pauseAt = PAUSE_EVERY;
    try {
      do {
        emitted = this.tokens.length;
        if (emitted >= pauseAt) {
          pauseAt = emitted + PAUSE_EVERY;
          yield;
        }
      } while (this.step());
      return { tokens: this.tokens };
    } catch (e) {
      if (!(e instanceof LexFailure)) throw e;
      // Prometheus compatibility: an error raised right after emitting a token replaces that token.
      this.tokens.length = emitted;
      return { tokens: this.tokens, error: { message: e.lexMessage, pos: e.pos } };
    }
  }

  private peek(offset = 0): number {
    const i = this.pos + offset;
    return i < this.input.length ? this.input.charCodeAt(i) : EOF;
  }

  /** The code point at the current position (for messages about non-ASCII characters). */
  private codePointAt(i: number): number {
    return i < this.input.length ? this.input.codePointAt(i)! : EOF;
  }

  private fail(message: string, pos = this.start): never {
    throw new LexFailure(message, pos);
  }

  private emit(type: TokenType): void {
    const image = this.input.slice(this.start, this.pos);
    this.tokens.push(createTokenInstance(type, image, this.start, this.pos - 1, NaN, NaN, NaN, NaN));
    this.start = this.pos;
  }

  private skipSpaces(): void {
    while (isSpace(this.peek())) this.pos++;
    this.start = this.pos;
  }

  /** Scans one token (or skips space/comment). Returns false once EOF has been emitted. */
  private step(): boolean {
    this.start = this.pos;
    if (this.braceOpen) return this.insideBraces();
    if (this.durationState) return this.durationExpr();
    const c = this.peek();
    if (c === 0x23 /* # */) {
      this.skipComment();
      return true;
    }
    if (c === EOF) {
      if (this.parenDepth !== 0) this.fail('unclosed left parenthesis');
      if (this.bracketOpen) this.fail('unclosed left bracket');
      this.emit(T.EOFTok);
      return false;
    }
    if (isSpace(c)) {
      this.skipSpaces();
      return true;
    }
    this.pos++;
    switch (c) {
      case 0x2c: this.emit(T.Comma); return true;
      case 0x2a: this.emit(T.Mul); return true;
      case 0x2f: this.emit(T.Div); return true;
      case 0x25: this.emit(T.Mod); return true;
      case 0x2b: this.emit(T.Add); return true;
      case 0x2d: this.emit(T.Sub); return true;
      case 0x5e: this.emit(T.Pow); return true;
      case 0x40: this.emit(T.At); return true;
      case 0x3d: // =
        if (this.peek() === 0x3d) {
          this.pos++;
          this.emit(T.EqlC);
        } else if (this.peek() === 0x7e) {
          this.fail(`unexpected character after '=': ${goQuoteRune(0x7e)}`);
        } else {
          this.emit(T.Eql);
        }
        return true;
      case 0x21: { // !
        const n = this.codePointAt(this.pos);
        if (n !== 0x3d) this.fail(`unexpected character after '!': ${goQuoteRune(n)}`);
        this.pos++;
        this.emit(T.Neq);
        return true;
      }
      case 0x3c: // <
        this.emitCompare(T.Lte, T.TrimUpper, T.Lss);
        return true;
      case 0x3e: // >
        this.emitCompare(T.Gte, T.TrimLower, T.Gtr);
        return true;
      case 0x22: case 0x27:
        this.quotedString(c);
        return true;
      case 0x60:
        this.rawString();
        return true;
      case 0x28:
        this.emit(T.LeftParen);
        this.parenDepth++;
        return true;
      case 0x29:
        this.emit(T.RightParen);
        if (--this.parenDepth < 0) this.fail(`unexpected right parenthesis ${goQuoteRune(0x29)}`);
        return true;
      case 0x7b:
        this.emit(T.LeftBrace);
        this.braceOpen = true;
        return true;
      case 0x5b:
        if (this.bracketOpen) this.fail(`unexpected left bracket ${goQuoteRune(0x5b)}`);
        this.gotColon = false;
        this.emit(T.LeftBracket);
        this.skipSpaces();
        this.bracketOpen = true;
        this.durationState = true;
        return true;
      case 0x5d:
        if (!this.bracketOpen) this.fail(`unexpected right bracket ${goQuoteRune(0x5d)}`);
        this.emit(T.RightBracket);
        this.bracketOpen = false;
        return true;
    }
    if (isDigit(c) || (c === 0x2e && isDigit(this.peek()))) {
      this.pos--;
      this.numberOrDuration();
      return true;
    }
    if (isAlpha(c) || c === 0x3a) {
      if (!this.bracketOpen) {
        this.pos--;
        this.keywordOrIdentifier();
        return true;
      }
      if (c === 0x3a) {
        if (this.gotColon) this.fail(`unexpected colon ${goQuoteRune(0x3a)}`);
        this.emit(T.Colon);
        this.gotColon = true;
        return true;
      }
      if (DURATION_KEYWORD_START.has(String.fromCharCode(c).toLowerCase()) && this.durationKeyword()) return true;
      this.fail(`unexpected character: ${goQuoteRune(c)}, expected ${goQuoteRune(0x3a)}`);
    }
    this.fail(`unexpected character: ${goQuoteRune(this.codePointAt(this.pos - 1))}`);
  }

  private emitCompare(withEq: TokenType, withSlash: TokenType, plain: TokenType): void {
    const n = this.peek();
    if (n === 0x3d) {
      this.pos++;
      this.emit(withEq);
    } else if (n === 0x2f) {
      this.pos++;
      this.emit(withSlash);
    } else {
      this.emit(plain);
    }
  }

  private skipComment(): void {
    while (this.pos < this.input.length) {
      const c = this.input.charCodeAt(this.pos);
      if (c === 0x0a || c === 0x0d) break;
      this.pos++;
    }
  }

  /** Prometheus's lexDurationExpr: the first token(s) after `[`. */
  private durationExpr(): boolean {
    const c = this.peek();
    if (c === EOF) this.fail('unexpected end of input in duration expression');
    this.pos++;
    switch (c) {
      case 0x5d:
        this.emit(T.RightBracket);
        this.bracketOpen = false;
        this.gotColon = false;
        this.durationState = false;
        return true;
      case 0x3a:
        this.emit(T.Colon);
        if (!this.gotDuration) this.fail('unexpected colon before duration in duration expression');
        if (this.gotColon) this.fail('unexpected repeated colon in duration expression');
        this.gotColon = true;
        return true;
      case 0x28:
        this.emit(T.LeftParen);
        this.parenDepth++;
        return true;
      case 0x29:
        this.emit(T.RightParen);
        if (--this.parenDepth < 0) this.fail(`unexpected right parenthesis ${goQuoteRune(0x29)}`);
        return true;
      case 0x2b: this.emit(T.Add); return true;
      case 0x2d: this.emit(T.Sub); return true;
      case 0x2a: this.emit(T.Mul); return true;
      case 0x2f: this.emit(T.Div); return true;
      case 0x25: this.emit(T.Mod); return true;
      case 0x5e: this.emit(T.Pow); return true;
      case 0x2c: this.emit(T.Comma); return true;
    }
    if (isSpace(c)) {
      this.skipSpaces();
      return true;
    }
    if (isAlpha(c) && DURATION_KEYWORD_START.has(String.fromCharCode(c).toLowerCase())) {
      if (this.durationKeyword()) return true;
      this.fail(`unexpected character in duration expression: ${goQuoteRune(c)}`);
    }
    if (isDigit(c) || (c === 0x2e && isDigit(this.peek()))) {
      this.pos--;
      this.gotDuration = true;
      this.durationState = false;
      this.numberOrDuration();
      return true;
    }
    this.fail(`unexpected character in duration expression: ${goQuoteRune(this.codePointAt(this.pos - 1))}`);
  }

  /** Scans the rest of a word started at `start`; emits it if it is a duration keyword. */
  private durationKeyword(): boolean {
    while (isAlpha(this.peek())) this.pos++;
    const type = T.DURATION_KEYWORDS.get(this.input.slice(this.start, this.pos).toLowerCase());
    if (!type) return false;
    this.emit(type);
    return true;
  }

  private insideBraces(): boolean {
    const c = this.peek();
    if (c === 0x23) {
      this.skipComment();
      return true;
    }
    if (c === EOF) this.fail('unexpected end of input inside braces');
    if (isSpace(c)) {
      this.skipSpaces();
      return true;
    }
    if (isAlpha(c)) {
      while (isAlphaNumeric(this.peek())) this.pos++;
      this.emit(T.Identifier);
      return true;
    }
    this.pos++;
    switch (c) {
      case 0x2c: this.emit(T.Comma); return true;
      case 0x22: case 0x27: this.quotedString(c); return true;
      case 0x60: this.rawString(); return true;
      case 0x3d:
        if (this.peek() === 0x7e) {
          this.pos++;
          this.emit(T.EqlRegex);
        } else {
          this.emit(T.Eql);
        }
        return true;
      case 0x21: {
        const n = this.codePointAt(this.pos);
        if (n === 0x7e) {
          this.pos++;
          this.emit(T.NeqRegex);
        } else if (n === 0x3d) {
          this.pos++;
          this.emit(T.Neq);
        } else {
          this.fail(`unexpected character after '!' inside braces: ${goQuoteRune(n)}`);
        }
        return true;
      }
      case 0x7b:
        this.fail(`unexpected left brace ${goQuoteRune(0x7b)}`);
      case 0x7d:
        this.emit(T.RightBrace);
        this.braceOpen = false;
        return true;
    }
    this.fail(`unexpected character inside braces: ${goQuoteRune(this.codePointAt(this.pos - 1))}`);
  }

  private keywordOrIdentifier(): void {
    let upper = false;
    let colon = false;
    const s = this.input;
    let i = this.pos;
    // [A-Za-z0-9_:]*, noting upper-case letters and colons on the way.
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if ((c >= 0x61 && c <= 0x7a) || c === 0x5f || (c >= 0x30 && c <= 0x39)) continue;
      if (c >= 0x41 && c <= 0x5a) upper = true;
      else if (c === 0x3a) colon = true;
      else break;
    }
    this.pos = i;
    const word = this.input.slice(this.start, this.pos);
    // Keywords are case-insensitive; lower-case only when there is something to lower.
    const kw = colon || word.length > T.LONGEST_KEYWORD ? undefined : T.KEYWORDS.get(upper ? word.toLowerCase() : word);
    if (kw) {
      const isFill = kw === T.Fill || kw === T.FillLeft || kw === T.FillRight;
      this.emit(isFill && !this.followedByLeftParen() ? T.Identifier : kw);
    } else {
      this.emit(colon ? T.MetricIdentifier : T.Identifier);
    }
  }

  private followedByLeftParen(): boolean {
    for (let i = this.pos; i < this.input.length; i++) {
      const c = this.input.charCodeAt(i);
      if (!isSpace(c)) return c === 0x28;
    }
    return false;
  }

  private numberOrDuration(): void {
    if (this.scanNumber()) {
      this.emit(T.NumberTok);
      return;
    }
    if (this.acceptRemainingDuration()) {
      this.emit(T.DurationTok);
      return;
    }
    this.fail(`bad number or duration syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
  }

  /** Consumes the next character if it is `a` or `b`. */
  private acceptChar(a: number, b = a): boolean {
    const c = this.peek();
    if (c !== a && c !== b) return false;
    this.pos++;
    return true;
  }

  /** Consumes the next character if it is one of `._eE` (what may not follow `_` or an exponent). */
  private acceptNumberPunct(): boolean {
    const c = this.peek();
    if (c !== 0x2e && c !== 0x5f && c !== 0x65 && c !== 0x45) return false;
    this.pos++;
    return true;
  }

  private acceptRemainingDuration(): boolean {
    if (!isDurationUnit(this.peek(), true)) return false;
    this.pos++;
    this.acceptChar(0x73 /* s */);
    while (isDigit(this.peek())) {
      do this.pos++; while (isDigit(this.peek()));
      if (!isDurationUnit(this.peek(), false)) return false;
      this.pos++;
      this.acceptChar(0x73);
    }
    // Prometheus compatibility: the character after the duration is consumed before the test,
    // so an error message includes it ("5mm").
    const next = this.peek();
    if (next === EOF) return true;
    this.pos++;
    if (isAlphaNumeric(next)) return false;
    this.pos--;
    return true;
  }

  /**
   * Prometheus's scanNumber: decimal or hex with `_` separators, not followed by a letter or digit.
   * Prometheus compatibility: the accept order is kept exactly, quirks included (`0xae` is rejected
   * because `e` is taken as an exponent before it is taken as a hex digit).
   */
  private scanNumber(): boolean {
    const initial = this.pos;
    let hex = false;
    if (this.acceptChar(0x30) && this.acceptChar(0x78, 0x58 /* xX */)) {
      this.acceptChar(0x5f);
      hex = true;
    }
    const isDigitHere = hex ? isHexDigit : isDigit;
    this.acceptChar(0x2e);
    if (isDigitHere(this.peek())) this.pos++;
    let dot = false;
    let exponent = false;
    for (;;) {
      const c = this.peek();
      const isExp = c === 0x65 || c === 0x45;
      if (!(isDigitHere(c) || c === 0x2e || c === 0x5f || isExp)) break;
      if (c === 0x2e) {
        this.pos++;
        if (dot) return false;
        dot = true;
        if (this.acceptChar(0x5f, 0x2e) || hex) return false;
        continue;
      }
      if (isExp) {
        this.pos++;
        if (exponent) return false;
        exponent = true;
        this.acceptChar(0x2b, 0x2d /* +- */);
        if (this.acceptNumberPunct() || this.peek() === EOF) return false;
        continue;
      }
      if (c === 0x5f) {
        this.pos++;
        if (this.acceptNumberPunct() || this.peek() === EOF) return false;
        continue;
      }
      // a run of digits
      do this.pos++; while (isDigitHere(this.peek()));
    }
    if (this.pos === initial) return false;
    return !isAlphaNumeric(this.peek());
  }

  /** A quoted string; escapes are validated here and decoded by the parser. */
  private quotedString(quote: number): void {
    const plain = quote === 0x22 ? PLAIN_IN_DOUBLE : PLAIN_IN_SINGLE;
    for (;;) {
      plain.lastIndex = this.pos;
      if (plain.test(this.input)) this.pos = plain.lastIndex;
      const c = this.peek();
      if (c === EOF || c === 0x0a) this.fail('unterminated quoted string');
      this.pos++;
      if (c === 0x5c) this.escape(quote);
      else if (c === quote) break;
      else if (c >= 0xd800 && c <= 0xdfff && !this.validSurrogatePair(c)) this.fail('invalid UTF-8 rune');
    }
    this.emit(T.StringTok);
  }

  private validSurrogatePair(c: number): boolean {
    if (c >= 0xdc00) return false;
    const n = this.peek();
    if (n >= 0xdc00 && n <= 0xdfff) {
      this.pos++;
      return true;
    }
    return false;
  }

  private escape(quote: number): void {
    const ch = this.codePointAt(this.pos);
    if (ch === EOF) this.fail('escape sequence not terminated');
    this.pos += ch > 0xffff ? 2 : 1;
    let n: number;
    let base: number;
    let max: number;
    let cur = ch;
    switch (ch) {
      case 0x61: case 0x62: case 0x66: case 0x6e: case 0x72: case 0x74: case 0x76: case 0x5c: case quote:
        return;
      case 0x78: n = 2; base = 16; max = 255; cur = this.next(); break;
      case 0x75: n = 4; base = 16; max = 0x10ffff; cur = this.next(); break;
      case 0x55: n = 8; base = 16; max = 0x10ffff; cur = this.next(); break;
      default:
        if (ch >= 0x30 && ch <= 0x37) {
          n = 3; base = 8; max = 255;
          break;
        }
        this.fail(`unknown escape sequence ${goUnicodeVerbose(ch)}`);
    }
    let x = 0;
    while (n > 0) {
      const d = digitValue(cur);
      if (d >= base) {
        if (cur === EOF) this.fail('escape sequence not terminated');
        this.fail(`illegal character ${goUnicodeVerbose(cur)} in escape sequence`);
      }
      x = x * base + d;
      n--;
      if (n > 0) cur = this.next();
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) this.fail('escape sequence is an invalid Unicode code point');
  }

  private next(): number {
    const c = this.codePointAt(this.pos);
    if (c !== EOF) this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  private rawString(): void {
    for (;;) {
      PLAIN_IN_RAW.lastIndex = this.pos;
      if (PLAIN_IN_RAW.test(this.input)) this.pos = PLAIN_IN_RAW.lastIndex;
      const c = this.peek();
      if (c === EOF) this.fail('unterminated raw string');
      this.pos++;
      if (c === 0x60) break;
      if (c >= 0xd800 && c <= 0xdfff && !this.validSurrogatePair(c)) this.fail('invalid UTF-8 rune');
    }
    this.emit(T.StringTok);
  }
}

function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return 16;
}
