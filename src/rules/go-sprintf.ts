// Go's fmt.Sprintf over template values: the format string's verbs with flags, widths, precisions,
// argument indexes and `*`, and Go's MISSING, EXTRA, BADINDEX, BADWIDTH, BADPREC and NOVERB forms.
import { noSpec, Printer } from './go-fmt.js';
import { goTypeName, isInt, type Value } from './template-value.js';

const tooLarge = (n: number) => n > 1e6 || n < -1e6;

/** Go's parsenum: digits at s[i…end), or no number (also when it grows past 1e6). */
function parseNum(s: string, i: number, end: number): { n: number; ok: boolean; next: number } {
  let n = 0;
  let ok = false;
  for (; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
    if (tooLarge(n)) return { n: 0, ok: false, next: end };
    n = n * 10 + (s.charCodeAt(i) - 48);
    ok = true;
  }
  return { n, ok, next: i };
}

/** Go's `fmt.Sprintf`. */
export function goSprintf(format: string, args: readonly Value[]): string {
  const p = new Printer();
  const end = format.length;
  let argNum = 0;
  let reordered = false;
  let goodArgNum = true;

  // `[n]` at i: the argument to use next (Go's argNumber).
  const argIndex = (i: number): { next: number; found: boolean } => {
    if (i >= end || format[i] !== '[') return { next: i, found: false };
    reordered = true;
    const close = format.indexOf(']', i + 1);
    if (end - i < 3 || close < 0) { goodArgNum = false; return { next: i + 1, found: false }; }
    const num = parseNum(format, i + 1, close);
    if (!num.ok || num.next !== close) { goodArgNum = false; return { next: close + 1, found: false }; }
    if (num.n - 1 >= 0 && num.n - 1 < args.length) { argNum = num.n - 1; return { next: close + 1, found: true }; }
    goodArgNum = false;
    return { next: close + 1, found: true };
  };
  // `*`: the width or precision from an int argument.
  const intArg = (): number | null => {
    if (argNum >= args.length) return null;
    const a = args[argNum++];
    if (!isInt(a) || a.int > BigInt(Number.MAX_SAFE_INTEGER) || a.int < -BigInt(Number.MAX_SAFE_INTEGER)) return null;
    const n = Number(a.int);
    return tooLarge(n) ? null : n;
  };

  let i = 0;
  verbs: while (i < end) {
    goodArgNum = true;
    const pct = format.indexOf('%', i);
    if (pct < 0) { p.out += format.slice(i); break; }
    p.out += format.slice(i, pct);
    i = pct + 1;
    const f = (p.f = noSpec());
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#': f.sharp = true; break;
        case '0': f.zero = !f.minus; break;
        case '+': f.plus = true; break;
        case '-': f.minus = true; f.zero = false; break;
        case ' ': f.space = true; break;
        default: break flags;
      }
    }
    let idx = argIndex(i);
    i = idx.next;
    let afterIndex = idx.found;
    if (i < end && format[i] === '*') {
      i++;
      const w = intArg();
      if (w === null) p.out += '%!(BADWIDTH)';
      f.wid = w;
      if (w !== null && w < 0) { f.wid = -w; f.minus = true; f.zero = false; }
      afterIndex = false;
    } else {
      const w = parseNum(format, i, end);
      i = w.next;
      f.wid = w.ok ? w.n : null;
      if (afterIndex && w.ok) goodArgNum = false;
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      idx = argIndex(i);
      i = idx.next;
      afterIndex = idx.found;
      if (i < end && format[i] === '*') {
        i++;
        const pr = intArg();
        f.prec = pr !== null && pr >= 0 ? pr : null;
        if (f.prec === null) p.out += '%!(BADPREC)';
        afterIndex = false;
      } else {
        const pr = parseNum(format, i, end);
        i = pr.next;
        f.prec = pr.ok ? pr.n : 0;
      }
    }
    if (!afterIndex) {
      idx = argIndex(i);
      i = idx.next;
    }
    if (i >= end) { p.out += '%!(NOVERB)'; break verbs; }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') p.out += '%';
    else if (!goodArgNum) p.out += `%!${verb}(BADINDEX)`;
    else if (argNum >= args.length) p.out += `%!${verb}(MISSING)`;
    else {
      if (verb === 'v') {
        f.sharpV = f.sharp; f.sharp = false;
        f.plusV = f.plus; f.plus = false;
      }
      p.arg(args[argNum++], verb);
    }
  }
  if (!reordered && argNum < args.length) {
    p.f = noSpec();
    p.out += '%!(EXTRA ';
    args.slice(argNum).forEach((a, k) => {
      if (k > 0) p.out += ', ';
      if (a === null) p.out += '<nil>';
      else { p.out += `${goTypeName(a)}=`; p.arg(a, 'v'); }
    });
    p.out += ')';
  }
  return p.out;
}
