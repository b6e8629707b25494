// Go-compatible text formatting: strconv.Quote, QuoteRune, %#U and float formats.
// Prometheus prints error messages and canonical queries with these, so we mirror them.

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Whether Go's `unicode.IsPrint` holds for this code point. */
export function isGoPrintable(cp: number): boolean {
  if (cp >= 0x20 && cp < 0x7f) return true;
  if (cp < 0x20 || cp === 0x7f) return false;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function escapeCodePoint(cp: number, quote: string): string {
  switch (cp) {
    case 0x07: return '\\a';
    case 0x08: return '\\b';
    case 0x0c: return '\\f';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    case 0x0b: return '\\v';
    case 0x5c: return '\\\\';
  }
  // A lone surrogate U+DC80–U+DCFF stands for an invalid UTF-8 byte (see parser/literals.ts).
  if (cp >= 0xdc80 && cp <= 0xdcff) return '\\x' + hex(cp - 0xdc00, 2);
  const ch = String.fromCodePoint(cp);
  if (ch === quote) return '\\' + ch;
  if (cp === 0xfffd) return ch;
  if (isGoPrintable(cp)) return ch;
  if (cp < 0x80) return '\\x' + hex(cp, 2);
  if (cp < 0x10000) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

/** Go's `strconv.Quote`: a double-quoted string with Go escapes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeCodePoint(ch.codePointAt(0)!, '"');
  return out + '"';
}

/** Go's `%q` for a rune: single-quoted. A negative rune (end of input) prints as U+FFFD. */
export function goQuoteRune(cp: number): string {
  if (cp < 0) return "'\uFFFD'";
  return "'" + escapeCodePoint(cp, "'") + "'";
}

/** Go's `%#U`: `U+0063 'c'`, or just `U+0007` when not printable. */
export function goUnicodeVerbose(cp: number): string {
  const code = 'U+' + hex(cp, 4).toUpperCase();
  return isGoPrintable(cp) ? `${code} '${String.fromCodePoint(cp)}'` : code;
}

/** Go's `%.10q...` truncation used in token descriptions: quote the first 10 runes. */
export function goQuoteTruncated(s: string, runes: number): string {
  return goQuote(Array.from(s).slice(0, runes).join(''));
}

/** Expands JavaScript's exponent notation into plain digits ("1e+21" → "1000000000000000000000"). */
function expandExponent(s: string): string {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', expStr] = m;
  const digits = lead + frac;
  const exp = Number(expStr);
  const point = 1 + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Go's `strconv.FormatFloat(f, 'f', -1, 64)` (used for scalars, number literals, count_values). */
export function formatFloatF(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  return expandExponent(f.toString());
}

/** Shortest digits and decimal exponent of a finite non-zero float, as Go's formatter sees them. */
function shortestDigits(f: number): { digits: string; exp: number } {
  const [mant, e] = Math.abs(f).toExponential().split('e');
  return { digits: mant.replace('.', ''), exp: Number(e) };
}

function goExponent(exp: number): string {
  const sign = exp < 0 ? '-' : '+';
  const abs = Math.abs(exp);
  return 'e' + sign + (abs < 10 ? '0' + abs : String(abs));
}

/** Go's `strconv.FormatFloat(f, 'e', -1, 64)`: `1e+21`, `1.2345e-07`. */
export function formatFloatE(f: number): string {
  if (!Number.isFinite(f) || f === 0) return formatFloatF(f).replace(/^0$/, '0e+00');
  const { digits, exp } = shortestDigits(f);
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return (f < 0 ? '-' : '') + mant + goExponent(exp);
}

/**
 * Go's `%v`, `%g` and `strconv.FormatFloat(f, 'g', -1, 64)`: shortest digits, exponent form when
 * the decimal exponent is below -4 or at least 6 (`1e+06`, `1.234567e+06`, `100000`).
 */
export function formatFloatG(f: number): string {
  if (!Number.isFinite(f) || f === 0) return formatFloatF(f);
  const { exp } = shortestDigits(f);
  if (exp < -4 || exp >= 6) return formatFloatE(f);
  return formatFloatF(f);
}

/** Go's `%f`: six decimals (`NaN`, `+Inf`, `-Inf` for the special values). */
export function formatFloatFixed6(f: number): string {
  return formatFixedGo(f, 6);
}

/** Prometheus `labels.FormatOpenMetricsFloat`: `%g`, with `.0` added to integral values (`1.0`, `0.25`, `1e-05`, `+Inf`). */
export function formatOpenMetricsFloat(f: number): string {
  const g = formatFloatG(f);
  return Number.isFinite(f) && !/[e.]/.test(g) ? `${g}.0` : g;
}

/**
 * `Math.abs(f).toExponential(digits)` rounded as Go rounds: an exact tie goes to the even digit
 * (JavaScript rounds ties up). Ties are recognised from a much longer expansion.
 */
function toExponentialHalfEven(f: number, digits: number): string {
  const rounded = Math.abs(f).toExponential(digits);
  const long = Math.abs(f).toExponential(Math.min(100, digits + 40));
  const [m, e] = long.split('e');
  const all = m.replace('.', '');
  if (!/^50*$/.test(all.slice(digits + 1))) return rounded;
  const kept = all.slice(0, digits + 1);
  if (Number(kept[kept.length - 1]) % 2 === 1) return rounded;
  return `${kept[0]}${digits > 0 ? `.${kept.slice(1)}` : ''}e${e}`;
}

/** Go's `%.<n>f`: n decimals, ties to even (JavaScript's toFixed rounds ties up). */
export function formatFixedGo(f: number, digits: number): string {
  if (!Number.isFinite(f)) return formatFloatF(f);
  if (Math.abs(f) >= 1e21) return f.toFixed(digits);
  const rounded = f.toFixed(digits);
  const long = Math.abs(f).toFixed(Math.min(100, digits + 40));
  const point = long.indexOf('.');
  if (!/^50*$/.test(long.slice(point + 1 + digits))) return rounded;
  const kept = long.slice(0, point + 1 + digits).replace(/\.$/, '');
  if (Number(kept[kept.length - 1]) % 2 === 1) return rounded;
  return (f < 0 || Object.is(f, -0) ? '-' : '') + kept;
}

/** Go's `%.<prec>g`: at most `prec` significant digits, exponent form when the exponent is < -4 or ≥ prec. */
export function formatFloatGPrec(f: number, prec: number): string {
  if (!Number.isFinite(f) || f === 0) return formatFloatF(f);
  const [mant, e] = toExponentialHalfEven(f, Math.max(0, prec - 1)).split('e');
  const digits = mant.replace('.', '').replace(/0+$/, '') || '0';
  const exp = Number(e);
  const sign = f < 0 ? '-' : '';
  if (exp < -4 || exp >= prec) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return sign + m + goExponent(exp);
  }
  return sign + expandExponent(`${digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits}e${exp >= 0 ? '+' : ''}${exp}`);
}

/** Go's `%.<n>e`: `1.250000e+00`, ties to even, at least two exponent digits. */
export function formatExpGo(f: number, digits: number): string {
  if (!Number.isFinite(f)) return formatFloatF(f);
  const [m, e] = toExponentialHalfEven(f, digits).split('e');
  const exp = Number(e);
  return `${f < 0 || Object.is(f, -0) ? '-' : ''}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}
