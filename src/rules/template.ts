// Expanding alert templates as Prometheus does (`$labels`, `$value`, `$externalLabels`,
// `$externalURL`, `.Labels`, `.Value`…), with the functions alerts commonly use. Anything else is a
// clear error rather than a silent difference. `query` runs through the rule evaluation's engine.
import { formatExpGo, formatFixedGo, formatFloatG, formatFloatGPrec, goQuote, goQuoteRune } from '../util/go-format.js';
import { RE2JS } from 're2js';
import { humanize, humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp } from './humanize.js';
import { parseTemplate, TemplateError, type Arg, type Pipeline, type TNode } from './template-parse.js';
import { expandTemplate } from '../functions/labels.js';
import { parseGoFloat } from '../util/go-numbers.js';

/** A sample returned by the template function `query`. */
export interface QuerySample {
  readonly labels: ReadonlyMap<string, string>;
  readonly value: number;
}

/** A Go value as templates see it: float64 (number), int, string, bool, map, query results or nil. */
type Value = number | { int: number } | string | boolean | ReadonlyMap<string, string> | QuerySample | QuerySample[] | null;

const isSample = (v: unknown): v is QuerySample => !!v && typeof v === 'object' && 'labels' in v && 'value' in v && !('externalLabels' in v);

/** The data an alert template is expanded with. */
export interface AlertTemplateData {
  readonly labels: Readonly<Record<string, string>>;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly value: number;
}

/** A function that failed while the template ran: Go frames it with the failing command. */
class CallError extends TemplateError {}

/** Prometheus's convertToFloat: numbers as they are, strings through Go's strconv.ParseFloat. */
function toFloat(v: Value, fn: string): number {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'int' in v) return v.int;
  if (typeof v === 'string') {
    try {
      return parseGoFloat(v);
    } catch (e) {
      throw new CallError(`error calling ${fn}: ${(e as Error).message}`);
    }
  }
  throw new CallError(`error calling ${fn}: can't convert ${goTypeName(v)} to float`);
}

/** Go's %T of a template value, for "can't convert" errors. */
function goTypeName(v: Value): string {
  if (v === null) return '<nil>';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof Map) return 'map[string]string';
  if (Array.isArray(v)) return 'template.queryResult';
  if (typeof v === 'object') return '*template.sample';
  return 'string';
}

/** How Go's fmt prints a value with %v. */
function show(v: Value): string {
  if (v === null) return '<nil>';
  if (typeof v === 'number') return formatFloatG(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.map(show).join(' ')}]`;
  if (isSample(v)) return `{${show(v.labels)} ${show(v.value)}}`;
  if ('int' in v) return String(v.int);
  return `map[${[...(v as ReadonlyMap<string, string>)].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => `${k}:${x}`).join(' ')}]`;
}

/** Go's type name of a template value, as `%T` and bad-verb messages print it. */
function goFmtType(a: Value): string {
  if (typeof a === 'number') return 'float64';
  if (a && typeof a === 'object' && 'int' in a) return 'int';
  return goTypeName(a);
}

/** Pads to the width as Go's fmt does: spaces, on the right with `-`, zeros after the sign for numbers with `0`. */
function pad(s: string, width: number, flags: string, numeric: boolean): string {
  // (Callers pass numeric = false for an integer with a precision: Go then pads with spaces.)
  const len = Array.from(s).length;
  if (len >= width) return s;
  if (flags.includes('-')) return s + ' '.repeat(width - len);
  if (flags.includes('0') && numeric && /\d$/.test(s)) {
    const signed = /^[+\- ]/.test(s) ? 1 : 0;
    return s.slice(0, signed) + '0'.repeat(width - len) + s.slice(signed);
  }
  return ' '.repeat(width - len) + s;
}

/** Go's `%x` of a float64: shortest hexadecimal mantissa, `p±dd` exponent. */
function hexFloat(f: number): string {
  if (f === 0) return '0x0p+00';
  let e = Math.floor(Math.log2(f));
  if (2 ** e > f) e--;
  if (2 ** (e + 1) <= f) e++;
  let m = f / 2 ** e; // [1, 2), exact: a power-of-two scaling
  let digits = '';
  m -= 1;
  for (let i = 0; i < 13 && m > 0; i++) {
    m *= 16;
    const d = Math.floor(m);
    digits += d.toString(16);
    m -= d;
  }
  const exp = `${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return `0x1${digits ? `.${digits}` : ''}p${exp}`;
}

/** One verb applied to one value: Go's fmt, or its `%!v(type=value)` for a bad verb. */
function formatVerb(verb: string, a: Value, flags: string, prec: number | undefined, width = 0): string {
  const numeric = typeof a === 'number' || (!!a && typeof a === 'object' && 'int' in a);
  const zeroPads = typeof a === 'number' || (numeric && prec === undefined);
  // A bad verb prints the value with %v, keeping the width and flags.
  const bad = () => (a === null ? `%!${verb}(<nil>)` : `%!${verb}(${goFmtType(a)}=${pad(formatVerb('v', a, flags, prec), width, flags, zeroPads)})`);
  if (verb === 'v') {
    if (typeof a === 'number') return formatVerb('g', a, flags, prec);
    if (typeof a === 'string' || numeric) return formatVerb(typeof a === 'string' ? 's' : 'd', a, flags, prec);
    return show(a);
  }
  if (verb === 'T') return a === null ? '<nil>' : goFmtType(a);
  const sign = (x: number, body: string) => (x < 0 || Object.is(x, -0) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + body;
  if (typeof a === 'number') {
    const abs = Math.abs(a);
    const special = Number.isNaN(a) ? 'NaN' : !Number.isFinite(a) ? 'Inf' : null;
    switch (verb) {
      case 'f': case 'F': return sign(a, special ?? formatFixed(abs, prec ?? 6));
      case 'e': case 'E': { const t = special ?? formatExp(abs, prec ?? 6); return sign(a, verb === 'E' ? t.toUpperCase() : t); }
      case 'g': case 'G': {
        const t = special ?? (prec === undefined ? formatFloatG(abs) : formatFloatGPrec(abs, prec));
        return sign(a, verb === 'G' ? t.toUpperCase() : t);
      }
      case 'b': {
        if (special) return sign(a, special);
        const v = new DataView(new ArrayBuffer(8));
        v.setFloat64(0, abs);
        const bits = v.getBigUint64(0);
        const biased = Number(bits >> 52n);
        const frac = bits & ((1n << 52n) - 1n);
        const [mant, exp] = biased === 0 ? [frac, -1074] : [frac | (1n << 52n), biased - 1075];
        return sign(a, `${mant}p${exp >= 0 ? '+' : ''}${exp}`);
      }
      case 'x': case 'X': {
        if (special || prec !== undefined) return bad();
        const t = hexFloat(abs);
        return sign(a, verb === 'X' ? t.toUpperCase() : t);
      }
      default: return bad();
    }
  }
  if (a && typeof a === 'object' && 'int' in a) {
    const x = a.int;
    const digits = (base: number) => {
      if (prec === 0 && x === 0) return ''; // Go prints nothing for a zero with precision 0
      const d = Math.abs(x).toString(base);
      return prec !== undefined && d.length < prec ? d.padStart(prec, '0') : d;
    };
    switch (verb) {
      case 'd': return sign(x, digits(10));
      case 'b': return sign(x, digits(2));
      case 'o': return sign(x, (flags.includes('#') ? '0' : '') + digits(8));
      case 'O': return sign(x, '0o' + digits(8));
      case 'x': return sign(x, (flags.includes('#') ? '0x' : '') + digits(16));
      case 'X': return sign(x, (flags.includes('#') ? '0X' : '') + digits(16).toUpperCase());
      case 'c': return String.fromCodePoint(x >= 0 && x <= 0x10ffff ? x : 0xfffd);
      case 'q': return goQuoteRune(x >= 0 && x <= 0x10ffff ? x : 0xfffd);
      case 'U': return `U+${Math.abs(x).toString(16).toUpperCase().padStart(4, '0')}`;
      default: return bad();
    }
  }
  if (typeof a === 'string') {
    const str = prec !== undefined ? Array.from(a).slice(0, prec).join('') : a;
    switch (verb) {
      case 's': return str;
      case 'q': return goQuote(str);
      case 'x': case 'X': {
        const hex = Array.from(new TextEncoder().encode(str), (b) => b.toString(16).padStart(2, '0')).join('');
        return verb === 'X' ? hex.toUpperCase() : hex;
      }
      default: return bad();
    }
  }
  if (typeof a === 'boolean') return verb === 't' ? String(a) : bad();
  return bad();
}

/** Go's `fmt.Sprintf` for the values alert templates handle. */
function sprintf(format: string, args: Value[]): string {
  let n = 0;
  const out = format.replace(/%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])/g, (all, flags: string, width?: string, prec?: string, verb?: string) => {
    if (verb === '%') return '%';
    if (n >= args.length) return `%!${verb}(MISSING)`;
    const a = args[n++];
    const p = prec === undefined ? undefined : Number(prec || '0');
    const w = width ? Number(width) : 0;
    const s = formatVerb(verb!, a, flags, p, w);
    if (s.startsWith('%!')) return s;
    return pad(s, w, flags, typeof a === 'number' || (!!a && typeof a === 'object' && 'int' in a && p === undefined));
  });
  return n < args.length ? `${out}%!(EXTRA ${args.slice(n).map((a) => (a === null ? '<nil>' : `${goFmtType(a)}=${show(a)}`)).join(', ')})` : out;
}

function formatFixed(f: number, prec: number): string {
  return formatFixedGo(f, prec);
}

function formatExp(f: number, prec: number): string {
  return formatExpGo(f, prec);
}

function truth(v: Value): boolean {
  if (v === null || v === false || v === '' || v === 0) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && 'int' in v) return v.int !== 0;
  if (v instanceof Map) return v.size > 0;
  return true;
}

function compare(fn: string, a: Value, b: Value): number {
  const kind = (v: Value) => (typeof v === 'number' ? 'float' : typeof v === 'string' ? 'string' : v && typeof v === 'object' && 'int' in v ? 'int' : typeof v);
  if (kind(a) !== kind(b)) {
    const goType = (v: Value) => ({ float: 'float64', string: 'string', int: 'int', boolean: 'bool' })[kind(v) as string] ?? goTypeName(v);
    throw new CallError(`error calling ${fn}: incompatible types for comparison: ${goType(a)} and ${goType(b)}`);
  }
  const x = typeof a === 'object' && a && 'int' in a ? a.int : a;
  const y = typeof b === 'object' && b && 'int' in b ? b.int : b;
  return (x as number | string) < (y as number | string) ? -1 : (x as number | string) > (y as number | string) ? 1 : 0;
}

/** What template functions may need from the rule evaluation. */
export interface TemplateEnv {
  /** Runs an instant query at the evaluation time (the template function `query`). */
  readonly query?: (q: string) => Promise<QuerySample[]>;
  /** The external URL (the functions `externalURL` and `pathPrefix`). */
  readonly externalURL?: string;
}

type Fn = (args: Value[], env: TemplateEnv) => Value | Promise<Value>;

const num = (fn: string, f: (v: number) => string): Fn => (a) => {
  const v = toFloat(a[0], fn);
  try {
    return f(v);
  } catch (e) {
    // A value the function cannot represent (humanizeTimestamp beyond int64 nanoseconds).
    if (e instanceof RangeError) throw new CallError(`error calling ${fn}: ${e.message}`);
    throw e;
  }
};

// Argument counts Go checks before calling (variadic functions: a minimum).
const ARITY: Record<string, number | { atLeast: number }> = {
  humanize: 1, humanize1024: 1, humanizePercentage: 1, humanizeDuration: 1, humanizeTimestamp: 1,
  title: 1, toUpper: 1, toLower: 1, stripPort: 1, stripDomain: 1, reReplaceAll: 3, match: 2,
  query: 1, first: 1, value: 1, label: 2, strvalue: 1, externalURL: 0, pathPrefix: 0,
  not: 1, ne: 2, lt: 2, le: 2, gt: 2, ge: 2, len: 1, sortByLabel: 2,
  printf: { atLeast: 1 }, eq: { atLeast: 1 }, and: { atLeast: 1 }, or: { atLeast: 1 }, index: { atLeast: 1 },
};

const FUNCTIONS: Record<string, Fn> = {
  humanize: num('humanize', humanize),
  humanize1024: num('humanize1024', humanize1024),
  humanizePercentage: num('humanizePercentage', humanizePercentage),
  humanizeDuration: num('humanizeDuration', humanizeDuration),
  humanizeTimestamp: num('humanizeTimestamp', humanizeTimestamp),
  printf: (a) => sprintf(String(a[0]), a.slice(1)),
  print: (a) => a.map(show).join(''),
  println: (a) => `${a.map(show).join(' ')}\n`,
  title: (a) => String(a[0]).replace(/\b\p{L}/gu, (c) => c.toUpperCase()),
  toUpper: (a) => String(a[0]).toUpperCase(),
  toLower: (a) => String(a[0]).toLowerCase(),
  stripPort: (a) => String(a[0]).replace(/^\[?([^\]]*?)\]?(?::\d+)?$/, '$1'),
  stripDomain: (a) => { const s = String(a[0]); const port = /:\d+$/.exec(s)?.[0] ?? ''; const host = s.slice(0, s.length - port.length); return (/^[\d.]+$|:/.test(host) ? host : host.split('.')[0]) + port; },
  reReplaceAll: (a) => replaceAll(String(a[0]), String(a[1]), String(a[2])),
  match: (a) => RE2JS.compile(String(a[0])).matcher(String(a[1])).find(),
  len: (a) => ({ int: typeof a[0] === 'string' ? new TextEncoder().encode(a[0]).length : a[0] instanceof Map ? a[0].size : Array.isArray(a[0]) ? a[0].length : 0 }),
  index: (a) => (a[0] instanceof Map ? a[0].get(String(a[1])) ?? '' : null),
  not: (a) => !truth(a[0]),
  and: (a) => a.find((x) => !truth(x)) ?? a[a.length - 1],
  or: (a) => a.find((x) => truth(x)) ?? a[a.length - 1],
  eq: (a) => a.slice(1).some((b) => compare('eq', a[0], b) === 0),
  ne: (a) => compare('ne', a[0], a[1]) !== 0,
  lt: (a) => compare('lt', a[0], a[1]) < 0,
  le: (a) => compare('le', a[0], a[1]) <= 0,
  gt: (a) => compare('gt', a[0], a[1]) > 0,
  ge: (a) => compare('ge', a[0], a[1]) >= 0,
  query: async (a, env) => {
    if (!env.query) throw new CallError('error calling query: no query engine');
    return env.query(String(a[0]));
  },
  first: (a) => {
    const list = a[0];
    if (!Array.isArray(list) || list.length === 0) throw new CallError('error calling first: first() called on vector with no elements');
    return list[0];
  },
  value: (a) => (isSample(a[0]) ? a[0].value : toFloat(a[0], 'value')),
  label: (a) => (isSample(a[1]) ? a[1].labels.get(String(a[0])) ?? '' : ''),
  strvalue: (a) => (isSample(a[0]) ? a[0].labels.get('__value__') ?? '' : ''),
  externalURL: (_a, env) => env.externalURL ?? '',
  pathPrefix: (_a, env) => {
    try {
      return new URL(env.externalURL ?? '').pathname.replace(/\/$/, '');
    } catch {
      return '';
    }
  },
  sortByLabel: (a) => (Array.isArray(a[1]) ? [...a[1]].sort((x, y) => ((x.labels.get(String(a[0])) ?? '') < (y.labels.get(String(a[0])) ?? '') ? -1 : 1)) : a[1]),
};

/** Go's `Regexp.ReplaceAllString`: every non-overlapping match replaced, `$1`/`${name}` expanded. */
function replaceAll(pattern: string, repl: string, text: string): string {
  const re = RE2JS.compile(pattern);
  const m = re.matcher(text);
  let out = '';
  let last = 0;
  let from = 0;
  while (from <= text.length && m.find(from)) {
    const start = m.start();
    const end = m.end();
    const groups: (string | null)[] = [];
    for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i));
    out += text.slice(last, start) + expandTemplate(repl, re, groups);
    last = end;
    from = end > start ? end : end + 1;
  }
  return out + text.slice(last);
}

const UNSUPPORTED = new Set(['args', 'tmpl', 'safeHtml', 'graphLink', 'tableLink', 'toTime', 'toDuration', 'now', 'parseDuration', 'urlQueryEscape', 'html', 'js', 'urlquery', 'call', 'slice']);

class Scope {
  constructor(readonly vars: Map<string, Value>, readonly dot: Value | AlertTemplateData, readonly env: TemplateEnv) {}
}

function fieldOf(v: Value | AlertTemplateData, key: string): Value {
  if (v instanceof Map) return v.get(key) ?? '';
  if (isSample(v)) {
    if (key === 'Labels') return v.labels;
    if (key === 'Value') return v.value;
  }
  if (v && typeof v === 'object' && 'labels' in v) {
    const d = v as AlertTemplateData;
    if (key === 'Labels') return new Map(Object.entries(d.labels));
    if (key === 'ExternalLabels') return new Map(Object.entries(d.externalLabels));
    if (key === 'ExternalURL') return d.externalURL;
    if (key === 'Value') return d.value;
  }
  throw new TemplateError(`can't evaluate field ${key}`);
}

async function evalArg(a: Arg, s: Scope, name: string): Promise<Value> {
  switch (a.kind) {
    case 'string': return a.value;
    case 'number': return a.int ? { int: a.value } : a.value;
    case 'bool': return a.value;
    case 'nil': return null;
    case 'pipe': return evalPipe(a.pipe, s, name);
    case 'ident': return callFn(a.name, [], name, s.env);
    case 'field': {
      let v: Value | AlertTemplateData = a.base === null ? s.dot : s.vars.get(a.base) ?? null;
      if (a.base !== null && !s.vars.has(a.base)) throw new TemplateError(`template: ${name}: undefined variable "${a.base}"`);
      for (const k of a.path) v = fieldOf(v, k);
      return v as Value;
    }
  }
}

async function callFn(fn: string, args: Value[], name: string, env: TemplateEnv): Promise<Value> {
  if (UNSUPPORTED.has(fn)) throw new TemplateError(`template: ${name}: function "${fn}" is not supported by promql-ts alert templates`);
  const f = FUNCTIONS[fn];
  if (!f) throw new TemplateError(`template: ${name}: function "${fn}" not defined`);
  return f(args, env);
}

async function evalPipe(p: Pipeline, s: Scope, name: string): Promise<Value> {
  let last: Value | undefined;
  for (const cmd of p.commands) {
    const [head, ...rest] = cmd;
    const args: Value[] = [];
    for (const a of rest) args.push(await evalArg(a, s, name));
    if (last !== undefined) args.push(last);
    if (head.kind === 'ident') {
      // Go's execution errors name the template position and the node: the function for a
      // wrong argument count, the whole command for a failed call.
      const frame = (node: string, msg: string) =>
        new CallError(`error executing template ${name}: template: ${name}:${cmd.loc ?? '1:0'}: executing ${goQuote(name)} at <${node}>: ${msg}`);
      const want = ARITY[head.name];
      if (want !== undefined && head.name in FUNCTIONS) {
        if (typeof want === 'number' && args.length !== want) throw frame(head.name, `wrong number of args for ${head.name}: want ${want} got ${args.length}`);
        if (typeof want !== 'number' && args.length < want.atLeast) throw frame(head.name, `wrong number of args for ${head.name}: want at least ${want.atLeast} got ${args.length}`);
      }
      try {
        last = await callFn(head.name, args, name, s.env);
      } catch (e) {
        if (!(e instanceof CallError) || e.message.startsWith('error executing template')) throw e;
        throw frame(cmd.text ?? head.name, e.message);
      }
    } else if (args.length > 0) throw new TemplateError(`template: ${name}: can't give argument to non-function`);
    else last = await evalArg(head, s, name);
  }
  if (p.decl) s.vars.set(p.decl, last ?? null);
  return last ?? null;
}

async function run(nodes: TNode[], s: Scope, name: string): Promise<string> {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'action') {
      const v = await evalPipe(n.pipe, s, name);
      if (!n.pipe.decl) out += show(v);
    } else if (n.kind === 'range') {
      const v = await evalPipe({ ...n.pipe, decl: null }, s, name);
      const items: [Value, Value][] = Array.isArray(v) ? v.map((x, i) => [{ int: i }, x])
        : v instanceof Map ? [...(v as Map<string, string>)].sort(([a], [b]) => (a < b ? -1 : 1)) : [];
      if (v !== null && !Array.isArray(v) && !(v instanceof Map)) throw new TemplateError(`template: ${name}: range can't iterate over ${show(v)}`);
      if (items.length === 0) out += await run(n.else, s, name);
      for (const [k, x] of items) {
        const vars = new Map(s.vars);
        if (n.pipe.decl) vars.set(n.pipe.decl, x);
        if (n.pipe.declIndex) vars.set(n.pipe.declIndex, k);
        out += await run(n.then, new Scope(vars, x, s.env), name);
      }
    } else {
      const v = await evalPipe(n.pipe, s, name);
      if (truth(v)) out += await run(n.then, n.kind === 'with' ? new Scope(s.vars, v, s.env) : s, name);
      else out += await run(n.else, s, name);
    }
  }
  return out;
}

/**
 * Expands an alert label or annotation template; on failure returns Prometheus's
 * `<error expanding template: …>` text, as the alert would carry.
 */
export async function expandAlertTemplate(alert: string, text: string, data: AlertTemplateData, env: TemplateEnv = {}): Promise<string> {
  env = { externalURL: data.externalURL, ...env };
  const name = `__alert_${alert}`;
  try {
    const nodes = parseTemplate(name, text);
    const vars = new Map<string, Value>([
      ['$', null],
      ['$labels', new Map(Object.entries(data.labels))],
      ['$externalLabels', new Map(Object.entries(data.externalLabels))],
      ['$externalURL', data.externalURL],
      ['$value', data.value],
    ]);
    return await run(nodes, new Scope(vars, data, env), name);
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return `<error expanding template: ${e.message}>`;
  }
}
