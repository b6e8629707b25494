// Go's strconv.FormatFloat(f, verb, prec, 64) for every verb fmt uses (e E f g G b x X): exact
// decimal digits from the float's binary value, rounded half to even as Go rounds them.

/** Decimal digits `d` (no leading or trailing zeros) and point position: value = 0.d × 10^dp. */
interface Decimal {
  d: string;
  dp: number;
}

function bitsOf(f: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(f));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const frac = bits & ((1n << 52n) - 1n);
  // value = mant × 2^exp
  return biased === 0 ? { mant: frac, exp: -1074 } : { mant: frac | (1n << 52n), exp: biased - 1075 };
}

/** The exact decimal expansion of a finite float's magnitude. */
function exactDecimal(f: number): Decimal {
  if (f === 0) return { d: '', dp: 0 };
  const { mant, exp } = bitsOf(f);
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  return { d: digits.replace(/0+$/, ''), dp };
}

/** The shortest digits that read back as the same float (JavaScript and Go agree on them). */
function shortestDecimal(f: number): Decimal {
  if (f === 0) return { d: '', dp: 0 };
  const [m, e] = Math.abs(f).toExponential().split('e');
  return { d: m.replace('.', '').replace(/0+$/, ''), dp: Number(e) + 1 };
}

/** Rounds to `nd` significant digits, an exact half to the even digit. */
function round(x: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= x.d.length) return x;
  const half = x.d[nd] === '5' && nd + 1 === x.d.length;
  const up = half ? nd > 0 && Number(x.d[nd - 1]) % 2 === 1 : x.d[nd] >= '5';
  if (!up) return { d: x.d.slice(0, nd).replace(/0+$/, ''), dp: x.dp };
  let i = nd - 1;
  while (i >= 0 && x.d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  return { d: x.d.slice(0, i) + String(Number(x.d[i]) + 1), dp: x.dp };
}

const digitAt = (x: Decimal, i: number) => (i >= 0 && i < x.d.length ? x.d[i] : '0');

function expForm(x: Decimal, prec: number, e: string): string {
  let s = x.d.length ? x.d[0] : '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += digitAt(x, i);
  }
  const exp = x.d.length === 0 ? 0 : x.dp - 1;
  const abs = Math.abs(exp);
  return `${s}${e}${exp < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
}

function fixedForm(x: Decimal, prec: number): string {
  let s = '';
  if (x.dp > 0) for (let i = 0; i < x.dp; i++) s += digitAt(x, i);
  else s = '0';
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) s += digitAt(x, x.dp + i);
  }
  return s;
}

/** %b: decimal mantissa and binary exponent (`4503599627370496p-52`). */
function binaryForm(f: number): string {
  const { mant, exp } = bitsOf(f);
  return `${mant}p${exp >= 0 ? '+' : ''}${exp}`;
}

/** %x: hexadecimal mantissa 1.hhh (shortest, or rounded to prec digits) and binary exponent. */
function hexForm(f: number, prec: number, upper: boolean): string {
  let { mant, exp } = bitsOf(f);
  // Leading 1 at bit 60: value = mant / 2^60 × 2^exp.
  exp += 60;
  if (mant === 0n) exp = 0;
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if (mant & (1n << 61n)) {
      mant >>= 1n;
      exp++;
    }
  }
  let s = `0x${(mant >> 60n) & 1n}`;
  let rest = (mant << 4n) & ((1n << 64n) - 1n);
  const next = () => {
    const d = Number((rest >> 60n) & 15n).toString(16);
    rest = (rest << 4n) & ((1n << 64n) - 1n);
    return d;
  };
  if (prec < 0 && rest !== 0n) {
    s += '.';
    while (rest !== 0n) s += next();
  } else if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) s += next();
  }
  const abs = Math.abs(exp);
  s += `p${exp < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  return upper ? s.toUpperCase() : s;
}

/** Go's `strconv.FormatFloat(f, verb, prec, 64)`; prec -1 means the shortest exact form. */
export function formatGoFloat(f: number, verb: string, prec: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const sign = f < 0 || Object.is(f, -0) ? '-' : '';
  if (verb === 'b') return sign + binaryForm(f);
  if (verb === 'x' || verb === 'X') return sign + hexForm(f, prec, verb === 'X');
  const shortest = prec < 0;
  let x = shortest ? shortestDecimal(f) : exactDecimal(Math.abs(f));
  switch (verb) {
    case 'e': case 'E':
      if (shortest) prec = Math.max(x.d.length - 1, 0);
      else x = round(x, prec + 1);
      return sign + expForm(x, prec, verb);
    case 'f':
      if (shortest) prec = Math.max(x.d.length - x.dp, 0);
      else x = round(x, x.dp + prec);
      return sign + fixedForm(x, prec);
    case 'g': case 'G': {
      let eprec: number;
      if (shortest) {
        prec = x.d.length;
        eprec = 6;
      } else {
        if (prec === 0) prec = 1;
        x = round(x, prec);
        eprec = prec > x.d.length && x.d.length >= x.dp ? x.d.length : prec;
      }
      const exp = x.dp - 1;
      if (exp < -4 || exp >= eprec) return sign + expForm(x, Math.min(prec, x.d.length) - 1, verb === 'g' ? 'e' : 'E');
      return sign + fixedForm(x, Math.max((prec > x.dp ? x.d.length : prec) - x.dp, 0));
    }
    default:
      throw new Error(`formatGoFloat: no verb ${verb}`);
  }
}
