// Expanding alert templates as Prometheus does (`$labels`, `$value`, `$externalLabels`,
// `$externalURL`, `.Labels`, `.Value`…), with the functions alerts commonly use. Anything else is a
// clear error rather than a silent difference. `query` runs through the rule evaluation's engine.
import { RE2JS } from 're2js';
import { humanize, humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp } from './humanize.js';
import { parseTemplate, TemplateError, type Arg, type Pipeline, type TNode } from './template-parse.js';
import { expandTemplate } from '../functions/labels.js';
import { parseGoFloat } from '../util/go-numbers.js';
import { goQuote } from '../util/go-format.js';
import { goPrintValue, goSprint, goSprintln } from './go-fmt.js';
import { goSprintf } from './go-sprintf.js';
import { goTypeName, isInt, isSample, type AlertTemplateData, type QuerySample, type Value } from './template-value.js';

export type { AlertTemplateData, QuerySample } from './template-value.js';

/** A function that failed while the template ran: Go frames it with the failing command. */
class CallError extends TemplateError {}

/** Prometheus's convertToFloat: numbers as they are, strings through Go's strconv.ParseFloat. */
function toFloat(v: Value, fn: string): number {
  if (typeof v === 'number') return v;
  if (isInt(v)) return Number(v.int);
  if (typeof v === 'string') {
    try {
      return parseGoFloat(v);
    } catch (e) {
      throw new CallError(`error calling ${fn}: ${(e as Error).message}`);
    }
  }
  throw new CallError(`error calling ${fn}: can't convert ${goTypeName(v)} to float`);
}

/** How text/template prints an action's value. */
const show = goPrintValue;

function truth(v: Value): boolean {
  if (v === null || v === false || v === '' || v === 0) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isInt(v)) return v.int !== 0n;
  if (v instanceof Map) return v.size > 0;
  return true;
}

function compare(fn: string, a: Value, b: Value): number {
  const kind = (v: Value) => (typeof v === 'number' ? 'float' : typeof v === 'string' ? 'string' : v && typeof v === 'object' && 'int' in v ? 'int' : typeof v);
  if (kind(a) !== kind(b)) {
    const goType = (v: Value) => ({ float: 'float64', string: 'string', int: 'int', boolean: 'bool' })[kind(v) as string] ?? goTypeName(v);
    throw new CallError(`error calling ${fn}: incompatible types for comparison: ${goType(a)} and ${goType(b)}`);
  }
  const x = (isInt(a) ? a.int : a) as number | bigint | string;
  const y = (isInt(b) ? b.int : b) as number | bigint | string;
  return x < y ? -1 : x > y ? 1 : 0;
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
  printf: (a) => goSprintf(String(a[0]), a.slice(1)),
  print: (a) => goSprint(a),
  println: (a) => goSprintln(a),
  title: (a) => String(a[0]).replace(/\b\p{L}/gu, (c) => c.toUpperCase()),
  toUpper: (a) => String(a[0]).toUpperCase(),
  toLower: (a) => String(a[0]).toLowerCase(),
  stripPort: (a) => String(a[0]).replace(/^\[?([^\]]*?)\]?(?::\d+)?$/, '$1'),
  stripDomain: (a) => { const s = String(a[0]); const port = /:\d+$/.exec(s)?.[0] ?? ''; const host = s.slice(0, s.length - port.length); return (/^[\d.]+$|:/.test(host) ? host : host.split('.')[0]) + port; },
  reReplaceAll: (a) => replaceAll(String(a[0]), String(a[1]), String(a[2])),
  match: (a) => RE2JS.compile(String(a[0])).matcher(String(a[1])).find(),
  len: (a) => ({ int: BigInt(typeof a[0] === 'string' ? new TextEncoder().encode(a[0]).length : a[0] instanceof Map ? a[0].size : Array.isArray(a[0]) ? a[0].length : 0) }),
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
    case 'number':
      if (a.overflows) throw new CallError(`error executing template ${name}: template: ${name}:${a.loc ?? '1:0'}: executing ${goQuote(name)} at <${a.raw}>: ${a.raw} overflows int`);
      return a.int !== undefined ? { int: a.int } : a.value;
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
    // Go's execution errors name the template position and the node: the function for a
    // wrong argument count, the whole command for a failed call.
    const frame = (node: string, msg: string) =>
      new CallError(`error executing template ${name}: template: ${name}:${cmd.loc ?? '1:0'}: executing ${goQuote(name)} at <${node}>: ${msg}`);
    if (head.kind === 'nil') throw frame('nil', 'nil is not a command');
    if (head.kind === 'ident') {
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
      const items: [Value, Value][] = Array.isArray(v) ? v.map((x, i) => [{ int: BigInt(i) }, x])
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
