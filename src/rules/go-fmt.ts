// Go's fmt for the values alert templates hold: how each verb, flag, width and precision prints
// each kind of value (Go's %!verb(type=value) for a bad verb), and Sprint, Sprintln.
import { compareStrings } from '../storage/labels.js';
import { goQuote, isGoPrintable } from '../util/go-format.js';
import { formatGoFloat } from './go-float.js';
import { ALERT_DATA_TYPE, goTypeName, isAlertData, isInt, isSample, type QuerySample, type Value } from './template-value.js';

/** Flags, width and precision of one verb (Go's fmtFlags, wid and prec). */
interface Spec {
  plus: boolean; minus: boolean; sharp: boolean; space: boolean; zero: boolean;
  /** `%+v` and `%#v`: struct field names and Go syntax (the plain flags are then cleared). */
  plusV: boolean; sharpV: boolean;
  wid: number | null;
  prec: number | null;
}

export const noSpec = (): Spec => ({ plus: false, minus: false, sharp: false, space: false, zero: false, plusV: false, sharpV: false, wid: null, prec: null });

/** Go prints pointers as addresses, which differ on every run; any stable one does. */
const FAKE_ADDRESS = 0xc000012345n;
const MAX_RUNE = 0x10ffff;
const runeCount = (s: string) => { let n = 0; for (const _ of s) n++; return n; };
const isSurrogate = (cp: bigint) => cp >= 0xd800n && cp <= 0xdfffn;
/** The rune Go encodes for an integer (%c, %q): U+FFFD when it is not a valid code point. */
const validRune = (u: bigint) => (u > BigInt(MAX_RUNE) || isSurrogate(u) ? 0xfffd : Number(u));
const asUint64 = (x: bigint) => (x < 0n ? x + (1n << 64n) : x);

/** Go's strconv.QuoteToASCII / QuoteRuneToASCII: non-ASCII runes become \u or \U escapes. */
function toASCII(quoted: string): string {
  let out = '';
  for (const ch of quoted) {
    const cp = ch.codePointAt(0)!;
    out += cp < 0x80 ? ch : cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out;
}

function quoteRune(cp: number, ascii: boolean): string {
  let body: string;
  switch (cp) {
    case 0x07: body = '\\a'; break;
    case 0x08: body = '\\b'; break;
    case 0x0c: body = '\\f'; break;
    case 0x0a: body = '\\n'; break;
    case 0x0d: body = '\\r'; break;
    case 0x09: body = '\\t'; break;
    case 0x0b: body = '\\v'; break;
    case 0x5c: body = '\\\\'; break;
    case 0x27: body = "\\'"; break;
    default:
      if (isGoPrintable(cp)) body = String.fromCodePoint(cp);
      else if (cp < 0x80) body = `\\x${cp.toString(16).padStart(2, '0')}`;
      else body = cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  const q = `'${body}'`;
  return ascii ? toASCII(q) : q;
}

/** Go's strconv.CanBackquote: no control characters but tab, no backquote, no U+FEFF. */
const canBackquote = (s: string) => !/[\x00-\x08\x0a-\x1f\x7f`\ufeff\udc80-\udcff]/.test(s);

/** Go's pp: the output so far and the flags of the verb being printed. */
export class Printer {
  out = '';
  f: Spec = noSpec();

  private writePadding(n: number): void {
    if (n > 0) this.out += (this.f.zero ? '0' : ' ').repeat(n);
  }

  /** Pads to the width by runes: on the left, or on the right with `-`; zeros with `0`. */
  pad(s: string): void {
    const f = this.f;
    if (!f.wid) { this.out += s; return; }
    const n = f.wid - runeCount(s);
    if (f.minus) { this.out += s; this.writePadding(n); } else { this.writePadding(n); this.out += s; }
  }

  /** `pad` with zero padding off (numbers that handled their zeros themselves, NaN and Inf). */
  private padSpaces(s: string): void {
    const zero = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = zero;
  }

  private truncate(s: string): string {
    if (this.f.prec === null) return s;
    return Array.from(s).slice(0, this.f.prec).join('');
  }

  private integer(x: bigint, base: number, verb: string, upper: boolean): void {
    const f = this.f;
    const negative = x < 0n;
    const u = negative ? -x : x;
    // Leading zeros come from the precision or, failing that, from `0` with a width.
    let prec = 0;
    if (f.prec !== null) {
      prec = f.prec;
      if (prec === 0 && u === 0n) { this.padSpaces(''); return; }
    } else if (f.zero && !f.minus && f.wid !== null) {
      prec = f.wid - (negative || f.plus || f.space ? 1 : 0);
    }
    let digits = u.toString(base);
    if (upper) digits = digits.toUpperCase();
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
    if (f.sharp) {
      if (base === 2) digits = `0b${digits}`;
      else if (base === 8 && digits[0] !== '0') digits = `0${digits}`;
      else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = `0o${digits}`;
    const sign = negative ? '-' : f.plus ? '+' : f.space ? ' ' : '';
    this.padSpaces(sign + digits);
  }

  private unicode(x: bigint): void {
    const u = asUint64(x);
    const prec = this.f.prec !== null && this.f.prec > 4 ? this.f.prec : 4;
    let s = `U+${u.toString(16).toUpperCase().padStart(prec, '0')}`;
    if (this.f.sharp && u <= BigInt(MAX_RUNE) && isGoPrintable(Number(u))) s += ` '${String.fromCodePoint(Number(u))}'`;
    this.padSpaces(s);
  }

  private fmtInt(x: bigint, verb: string): void {
    switch (verb) {
      case 'v': case 'd': this.integer(x, 10, verb, false); return;
      case 'b': this.integer(x, 2, verb, false); return;
      case 'o': case 'O': this.integer(x, 8, verb, false); return;
      case 'x': this.integer(x, 16, verb, false); return;
      case 'X': this.integer(x, 16, verb, true); return;
      case 'c': this.pad(String.fromCodePoint(validRune(asUint64(x)))); return;
      case 'q': this.pad(quoteRune(validRune(asUint64(x)), this.f.plus)); return;
      case 'U': this.unicode(x); return;
      default: this.badVerb(verb, { int: x });
    }
  }

  private float(v: number, verb: string, defaultPrec: number): void {
    const f = this.f;
    const prec = f.prec ?? defaultPrec;
    let num = formatGoFloat(v, verb, prec);
    num = num[0] === '-' || num[0] === '+' ? num : `+${num}`;
    if (f.space && num[0] === '+' && !f.plus) num = ` ${num.slice(1)}`;
    if (num[1] === 'I' || num[1] === 'N') {
      // Infinities and NaN are never zero-padded; NaN has no sign unless asked for.
      if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
      this.padSpaces(num);
      return;
    }
    if (f.sharp && verb !== 'b') num = num[0] + keepPoint(num.slice(1), verb, prec);
    if (f.plus || num[0] !== '+') {
      // Zero padding goes between the sign and the digits.
      if (f.zero && !f.minus && f.wid !== null && f.wid > num.length) {
        this.out += num[0] + '0'.repeat(f.wid - num.length) + num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  private fmtFloat(v: number, verb: string): void {
    switch (verb) {
      case 'v': this.float(v, 'g', -1); return;
      case 'b': case 'g': case 'G': case 'x': case 'X': this.float(v, verb, -1); return;
      case 'f': case 'e': case 'E': this.float(v, verb, 6); return;
      case 'F': this.float(v, 'f', 6); return;
      default: this.badVerb(verb, v);
    }
  }

  private hexString(s: string, upper: boolean): void {
    const f = this.f;
    const bytes = new TextEncoder().encode(s);
    const length = f.prec !== null && f.prec < bytes.length ? f.prec : bytes.length;
    if (length === 0) { this.writePadding(f.wid ?? 0); return; }
    let width = 2 * length;
    if (f.space) width = (f.sharp ? 2 * width : width) + length - 1;
    else if (f.sharp) width += 2;
    if (f.wid !== null && f.wid > width && !f.minus) this.writePadding(f.wid - width);
    const prefix = upper ? '0X' : '0x';
    let body = f.sharp ? prefix : '';
    for (let i = 0; i < length; i++) {
      if (f.space && i > 0) body += f.sharp ? ` ${prefix}` : ' ';
      const h = bytes[i].toString(16).padStart(2, '0');
      body += upper ? h.toUpperCase() : h;
    }
    this.out += body;
    if (f.wid !== null && f.wid > width && f.minus) this.writePadding(f.wid - width);
  }

  private quote(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) this.pad(`\`${s}\``);
    else this.pad(this.f.plus ? toASCII(goQuote(s)) : goQuote(s));
  }

  private fmtString(s: string, verb: string): void {
    switch (verb) {
      case 'v': if (this.f.sharpV) this.quote(s); else this.pad(this.truncate(s)); return;
      case 's': this.pad(this.truncate(s)); return;
      case 'x': this.hexString(s, false); return;
      case 'X': this.hexString(s, true); return;
      case 'q': this.quote(s); return;
      default: this.badVerb(verb, s);
    }
  }

  private pointer(typeName: string, verb: string, v: Value): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) this.out += `(${typeName})(0x${FAKE_ADDRESS.toString(16)})`;
        else this.address(!this.f.sharp);
        return;
      case 'p': this.address(!this.f.sharp); return;
      case 'b': case 'o': case 'd': case 'x': case 'X': this.fmtInt(FAKE_ADDRESS, verb); return;
      default: this.badVerb(verb, v);
    }
  }

  private address(prefix: boolean): void {
    const sharp = this.f.sharp;
    this.f.sharp = prefix;
    this.integer(FAKE_ADDRESS, 16, 'v', false);
    this.f.sharp = sharp;
  }

  private struct(typeName: string, fields: [string, Value][], verb: string, depth: number): void {
    if (this.f.sharpV) this.out += typeName;
    this.out += '{';
    fields.forEach(([name, value], i) => {
      if (i > 0) this.out += this.f.sharpV ? ', ' : ' ';
      if (this.f.plusV || this.f.sharpV) this.out += `${name}:`;
      this.value(value, verb, depth + 1);
    });
    this.out += '}';
  }

  /** Go's printValue: composite values element by element with the same verb. */
  value(v: Value, verb: string, depth: number): void {
    if (v === null) {
      if (verb === 'v') this.out += this.f.sharpV ? 'interface {}(nil)' : '<nil>';
      else this.badVerb(verb, null);
    } else if (typeof v === 'number') this.fmtFloat(v, verb);
    else if (typeof v === 'string') this.fmtString(v, verb);
    else if (typeof v === 'boolean') {
      if (verb === 't' || verb === 'v') this.pad(String(v));
      else this.badVerb(verb, v);
    } else if (isInt(v)) this.fmtInt(v.int, verb);
    else if (v instanceof Map) {
      this.out += this.f.sharpV ? 'map[string]string{' : 'map[';
      [...(v as ReadonlyMap<string, string>)].sort(([a], [b]) => compareStrings(a, b)).forEach(([k, x], i) => {
        if (i > 0) this.out += this.f.sharpV ? ', ' : ' ';
        this.fmtString(k, verb);
        this.out += ':';
        this.fmtString(x, verb);
      });
      this.out += this.f.sharpV ? '}' : ']';
    } else if (Array.isArray(v)) {
      this.out += this.f.sharpV ? 'template.queryResult{' : '[';
      v.forEach((s, i) => {
        if (i > 0) this.out += this.f.sharpV ? ', ' : ' ';
        this.value(s, verb, depth + 1);
      });
      this.out += this.f.sharpV ? '}' : ']';
    } else if (isAlertData(v)) {
      this.struct(ALERT_DATA_TYPE, [['Labels', new Map(Object.entries(v.labels))], ['ExternalLabels', new Map(Object.entries(v.externalLabels))], ['ExternalURL', v.externalURL], ['Value', v.value]], verb, depth);
    } else if (isSample(v)) {
      // A pointer to a struct prints as &{…} at the top, as an address inside another value.
      if (depth > 0) { this.pointer('*template.sample', verb, v); return; }
      this.out += '&';
      this.sampleStruct(v, verb, depth);
    }
  }

  sampleStruct(s: QuerySample, verb: string, depth: number): void {
    this.struct('template.sample', [['Labels', s.labels], ['Value', s.value]], verb, depth);
  }

  /** Go's printArg: `%T` and `%p` first, then the value. */
  arg(v: Value, verb: string): void {
    if (v === null && verb !== 'T' && verb !== 'v') { this.badVerb(verb, null); return; }
    if (v === null) { this.pad('<nil>'); return; }
    if (verb === 'T') { this.pad(this.truncate(goTypeName(v))); return; }
    if (verb === 'p') {
      if (v instanceof Map || Array.isArray(v) || isSample(v)) this.address(!this.f.sharp);
      else this.badVerb(verb, v);
      return;
    }
    this.value(v, verb, 0);
  }

  /** `%!verb(type=value)`: the value printed with %v and the flags in effect. */
  badVerb(verb: string, v: Value): void {
    this.out += `%!${verb}(`;
    if (v === null) this.out += '<nil>';
    else {
      this.out += `${goTypeName(v)}=`;
      this.arg(v, 'v');
    }
    this.out += ')';
  }
}

/** Go's `#` on a float: a decimal point always, and %g/%v/%x keep trailing zeros up to the precision. */
function keepPoint(num: string, verb: string, prec: number): string {
  let digits = verb === 'g' || verb === 'G' || verb === 'x' ? (prec === -1 ? 6 : prec) : 0;
  let tail = '';
  let body = num;
  const hex = verb === 'x' || verb === 'X';
  const cut = hex ? body.search(/[pP]/) : body.search(/[eE]/);
  if (cut >= 0) { tail = body.slice(cut); body = body.slice(0, cut); }
  let sawNonZero = false;
  for (const c of body) {
    if (c === '.') continue;
    if (c !== '0') sawNonZero = true;
    if (sawNonZero) digits--;
  }
  if (!body.includes('.')) {
    if (body === '0') digits--;
    body += '.';
  }
  if (digits > 0) body += '0'.repeat(digits);
  return body + tail;
}

/** Go's `fmt.Sprint`: operands with %v, a space between two operands when neither is a string. */
export function goSprint(args: readonly Value[]): string {
  const p = new Printer();
  args.forEach((a, k) => {
    if (k > 0 && typeof a !== 'string' && typeof args[k - 1] !== 'string') p.out += ' ';
    p.arg(a, 'v');
  });
  return p.out;
}

/** Go's `fmt.Sprintln`: operands with %v, spaces between, a newline after. */
export function goSprintln(args: readonly Value[]): string {
  const p = new Printer();
  args.forEach((a, k) => {
    if (k > 0) p.out += ' ';
    p.arg(a, 'v');
  });
  return `${p.out}\n`;
}

/** How text/template prints an action's value: fmt.Print after following a pointer (a sample). */
export function goPrintValue(v: Value): string {
  if (!isSample(v)) return goSprint([v]);
  const p = new Printer();
  p.sampleStruct(v, 'v', 0);
  return p.out;
}
