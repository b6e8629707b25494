// Random PromQL queries for the differential check, deterministic from a seed, built by result
// type so that most of them are valid and touch the fixture's series.
import { Rng } from './rng.mjs';
import { VOCABULARY as V, FIXTURE_START, FIXTURE_LENGTH } from './fixture.mjs';

const RANGES = ['30s', '1m', '90s', '2m', '5m', '5m', '10m', '15m', '30m', '1h', '1h30m'];
const SUB_STEPS = ['', '15s', '30s', '1m', '1m', '2m', '5m', '37s'];
const OFFSETS = ['30s', '1m', '5m', '10m', '1h', '-1m', '-5m', '7m30s'];
const ALL_LABELS = Object.keys(V.labels);
const SCALARS = ['0', '1', '2', '3', '0.5', '-1', '10', '100', '1e-3', '2.5', '-0.5', '1e10', 'Inf', '-Inf', 'NaN', '0x10'];
const ARITH = ['+', '-', '*', '/', '%', '^', 'atan2'];
const CMP = ['==', '!=', '>', '<', '>=', '<='];
const SETOPS = ['and', 'or', 'unless'];

const RANGE_FUNCS = [
  'rate', 'increase', 'irate', 'delta', 'idelta', 'deriv', 'changes', 'resets', 'avg_over_time',
  'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'stddev_over_time',
  'stdvar_over_time', 'last_over_time', 'present_over_time', 'absent_over_time',
];
const COUNTER_FUNCS = ['rate', 'increase', 'irate', 'resets'];
const INSTANT_FUNCS = [
  'abs', 'ceil', 'floor', 'round', 'exp', 'ln', 'log2', 'log10', 'sqrt', 'sgn', 'timestamp',
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh',
  'deg', 'rad', 'minute', 'hour', 'day_of_week', 'day_of_month', 'day_of_year', 'days_in_month',
  'month', 'year',
];
const AGGS = ['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar'];
const EXPERIMENTAL_RANGE_FUNCS = ['mad_over_time', 'ts_of_min_over_time', 'ts_of_max_over_time', 'ts_of_last_over_time', 'double_exponential_smoothing'];

/** Generates queries; `experimental` adds experimental functions and aggregations. */
export class QueryGenerator {
  constructor(seed, { experimental = false } = {}) {
    this.rng = new Rng(seed ^ 0x9e3779b9);
    this.experimental = experimental;
  }

  /** One random query; about one in twelve is a valid one with a character changed (for parse errors). */
  next() {
    const q = this.fresh();
    return this.rng.chance(0.08) ? this.mutate(q) : q;
  }

  /** Deletes, inserts or replaces one character. */
  mutate(q) {
    const r = this.rng;
    const at = r.int(0, q.length - 1);
    const ch = r.pick([...'(){}[],"=~!+-*/^%<> 0aZ@:.`\'\\#\n', 'by', 'on', 'offset', 'bool', 'ü']);
    switch (r.pick(['delete', 'insert', 'replace'])) {
      case 'delete': return q.slice(0, at) + q.slice(at + 1);
      case 'insert': return q.slice(0, at) + ch + q.slice(at);
      default: return q.slice(0, at) + ch + q.slice(at + 1);
    }
  }

  fresh() {
    const r = this.rng;
    const top = r.weighted([[70, 'instant'], [10, 'scalar'], [8, 'range'], [7, 'sorted'], [3, 'absent'], [2, 'string']]);
    switch (top) {
      case 'instant': return this.instant(r.int(0, 3));
      case 'scalar': return this.scalar(2);
      case 'range': return this.rangeVec(1);
      case 'sorted': return this.sorted();
      case 'absent': return r.chance(0.5) ? `absent(${this.instant(1)})` : `absent_over_time(${this.rangeVec(1)})`;
      default: return `"${r.pick(['a', 'text', ''])}"`;
    }
  }

  sorted() {
    const r = this.rng;
    const inner = this.instant(r.int(0, 2));
    if (this.experimental && r.chance(0.3)) {
      return `${r.pick(['sort_by_label', 'sort_by_label_desc'])}(${inner}, ${r.subset(ALL_LABELS, 1).slice(0, 2).map((l) => `"${l}"`).join(', ')})`;
    }
    return `${r.pick(['sort', 'sort_desc'])}(${inner})`;
  }

  metric(kind) {
    const r = this.rng;
    switch (kind ?? r.weighted([[4, 'counter'], [5, 'gauge'], [2, 'bucket'], [1, 'hist'], [1, 'info'], [1, 'other']])) {
      case 'counter': return r.pick(V.counters);
      case 'gauge': return r.pick(V.gauges);
      case 'bucket': return `${V.histogram}_bucket`;
      case 'hist': return `${V.histogram}_${r.pick(['sum', 'count'])}`;
      case 'info': return V.info;
      default: return r.pick([V.weird, 'dt_missing', 'dt_up']);
    }
  }

  matcher() {
    const r = this.rng;
    const name = r.weighted([[6, r.pick(ALL_LABELS)], [1, 'le'], [1, 'nolabel']]);
    const values = V.labels[name] ?? (name === 'le' ? V.buckets : ['x']);
    const op = r.weighted([[5, '='], [2, '!='], [3, '=~'], [2, '!~']]);
    let value;
    if (op === '=' || op === '!=') value = r.weighted([[8, r.pick(values)], [1, ''], [1, 'nope']]);
    else {
      value = r.pick([
        `${r.pick(values)}|${r.pick(values)}`, '.*', '.+', '', `${r.pick(values).slice(0, 1)}.*`, 'i-[0-2]',
        '(?i)API', `${r.pick(values)}`, '^.*$', 'a|', '[^i].*',
      ]);
    }
    return `${name}${op}"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }

  selector(kind) {
    const r = this.rng;
    const name = this.metric(kind);
    const ms = [];
    for (let k = r.weighted([[4, 0], [4, 1], [2, 2], [1, 3]]); k > 0; k--) ms.push(this.matcher());
    if (r.chance(0.05)) return `{__name__=~"${name}|${this.metric()}"${ms.map((m) => `, ${m}`).join('')}}`;
    if (r.chance(0.03)) return `{__name__="${name}"${ms.map((m) => `, ${m}`).join('')}}`;
    return ms.length ? `${name}{${ms.join(', ')}}` : name;
  }

  modifiers() {
    const r = this.rng;
    let s = '';
    if (r.chance(0.12)) {
      const at = r.pick(['start()', 'end()', `${(FIXTURE_START + r.int(0, FIXTURE_LENGTH / 60_000) * 60_000) / 1000}`, `${(FIXTURE_START + r.int(0, FIXTURE_LENGTH)) / 1000}`]);
      s += ` @ ${at}`;
    }
    if (r.chance(0.15)) s += ` offset ${r.pick(OFFSETS)}`;
    return s;
  }

  rangeVec(depth, kind) {
    const r = this.rng;
    if (depth > 0 && r.chance(0.15)) {
      return `(${this.instant(depth - 1)})[${r.pick(RANGES)}:${r.pick(SUB_STEPS)}]${this.modifiers()}`;
    }
    return `${this.selector(kind)}[${r.pick(RANGES)}]${this.modifiers()}`;
  }

  scalar(depth) {
    const r = this.rng;
    const choice = depth <= 0 ? 'lit' : r.weighted([[6, 'lit'], [2, 'scalar'], [1, 'time'], [1, 'op'], [1, 'fn']]);
    switch (choice) {
      case 'scalar': return `scalar(${this.instant(depth - 1)})`;
      case 'time': return r.pick(['time()', 'pi()']);
      case 'op': return `${this.scalar(depth - 1)} ${r.pick([...ARITH, ...CMP.map((c) => `${c} bool`)])} ${this.scalar(depth - 1)}`;
      case 'fn': return `${r.pick(['abs', 'sqrt', 'ln', 'exp', 'ceil', 'sgn'])}(${this.scalar(depth - 1)})`;
      default: return r.pick(SCALARS);
    }
  }

  grouping() {
    const r = this.rng;
    const labels = r.subset([...ALL_LABELS, 'le', '__name__'], 0).slice(0, 3);
    return r.weighted([[3, ''], [5, ` by (${labels.join(', ')})`], [2, ` without (${labels.join(', ')})`]]);
  }

  aggregate(depth) {
    const r = this.rng;
    const inner = this.instant(depth - 1);
    const g = this.grouping();
    const prefix = r.chance(0.3) && g;
    const form = (op, args) => (prefix ? `${op}${g} (${args})` : `${op}(${args})${g}`);
    const choice = r.weighted([[8, 'plain'], [2, 'topk'], [1, 'quantile'], [1, 'count_values'], [this.experimental ? 1 : 0, 'limitk']]);
    switch (choice) {
      case 'topk': {
        const k = r.weighted([[8, r.pick(['1', '2', '3'])], [1, r.pick(['0', '-1', '1.5', '1000'])], [1, 'scalar(dt_up{job="api",instance="i-0"})']]);
        return form(r.pick(['topk', 'bottomk']), `${k}, ${inner}`);
      }
      case 'quantile': return form('quantile', `${r.pick(['0', '0.5', '0.9', '0.99', '1', '-0.5', '1.5'])}, ${inner}`);
      case 'count_values': return form('count_values', `"${r.pick(['value', 'job', 'le', 'x'])}", ${inner}`);
      case 'limitk': return r.chance(0.5) ? form('limitk', `${r.pick(['1', '2', '0'])}, ${inner}`) : form('limit_ratio', `${r.pick(['0.5', '-0.5', '1', '0.1'])}, ${inner}`);
      default: return form(r.pick(AGGS), inner);
    }
  }

  rangeFunction(depth) {
    const r = this.rng;
    const fns = this.experimental ? [...RANGE_FUNCS, ...EXPERIMENTAL_RANGE_FUNCS] : RANGE_FUNCS;
    const fn = r.weighted([[5, r.pick(fns)], [3, r.pick(COUNTER_FUNCS)], [1, 'quantile_over_time'], [1, 'predict_linear']]);
    const kind = COUNTER_FUNCS.includes(fn) && r.chance(0.8) ? r.pick(['counter', 'counter', 'bucket']) : undefined;
    const rv = this.rangeVec(depth, kind);
    if (fn === 'quantile_over_time') return `quantile_over_time(${r.pick(['0', '0.25', '0.5', '0.99', '1', '-1', '2'])}, ${rv})`;
    if (fn === 'predict_linear') return `predict_linear(${rv}, ${r.pick(['0', '60', '3600', '-600', '0.5'])})`;
    if (fn === 'double_exponential_smoothing') return `${fn}(${rv}, ${r.pick(['0.5', '0.1', '0.9', '1', '0'])}, ${r.pick(['0.5', '0.3', '1', '0.99'])})`;
    return `${fn}(${rv})`;
  }

  histogramQuantile(depth) {
    const r = this.rng;
    const phi = r.weighted([[8, r.pick(['0.5', '0.9', '0.99', '0.25'])], [2, r.pick(['0', '1', '-0.1', '1.1', 'NaN'])]]);
    const sel = r.chance(0.9) ? this.selector('bucket') : V.weird;
    const inner = r.weighted([
      [4, `sum by (le) (rate(${sel}[${r.pick(RANGES)}]))`],
      [3, `sum by (job, le) (increase(${sel}[${r.pick(RANGES)}]))`],
      [2, `rate(${sel}[${r.pick(RANGES)}])`],
      [1, sel],
      [1, `sum without (instance) (${sel})`],
    ]);
    if (depth > 2 && r.chance(0.2)) return `histogram_quantile(${phi}, ${inner}) > ${r.pick(['0.1', '1'])}`;
    return `histogram_quantile(${phi}, ${inner})`;
  }

  binary(depth) {
    const r = this.rng;
    const choice = r.weighted([[4, 'scalar'], [3, 'same'], [3, 'agg'], [2, 'join'], [2, 'set'], [2, 'random']]);
    const cmpOrArith = () => r.weighted([[3, r.pick(ARITH)], [2, r.pick(CMP)], [1, `${r.pick(CMP)} bool`]]);
    switch (choice) {
      case 'scalar': {
        const v = this.instant(depth - 1);
        const s = this.scalar(1);
        return r.chance(0.5) ? `${v} ${cmpOrArith()} ${s}` : `${s} ${cmpOrArith()} ${v}`;
      }
      case 'same': {
        const sel = this.selector();
        const range = r.pick(RANGES);
        const side = () => r.pick([sel, `${r.pick(RANGE_FUNCS.slice(0, 8))}(${sel}[${range}])`, `${sel} offset ${r.pick(OFFSETS)}`, `${r.pick(INSTANT_FUNCS.slice(0, 10))}(${sel})`]);
        return `${side()} ${cmpOrArith()} ${side()}`;
      }
      case 'agg': {
        const labels = r.subset(['job', 'instance', 'code', 'mode'], 1).slice(0, 2).join(', ');
        const a = r.pick(AGGS);
        const b = r.pick(AGGS);
        return `${a} by (${labels}) (${this.instant(depth - 1)}) ${cmpOrArith()} ${b} by (${labels}) (${this.instant(depth - 1)})`;
      }
      case 'join': {
        const left = this.instant(depth - 1);
        const on = r.pick(['on (job, instance)', 'on (instance, job)', 'ignoring (version)', 'on (job)']);
        const op = r.pick(['*', '+', '/', '>', '== bool']);
        return r.chance(0.7)
          ? `${left} ${op} ${on} group_left (${r.pick(['version', '', 'zone'])}) ${V.info}`
          : `${V.info} ${op} ${on} group_right (${r.pick(['version', ''])}) ${left}`;
      }
      case 'set': {
        const m = r.weighted([[3, ''], [1, ' on (job)'], [1, ' ignoring (code, method)'], [1, ' on ()']]);
        return `${this.instant(depth - 1)} ${r.pick(SETOPS)}${m} ${this.instant(depth - 1)}`;
      }
      default: {
        const m = r.weighted([[2, ''], [1, ' on (job, instance)'], [1, ' ignoring (mode)'], [1, ' on (instance) group_left'], [1, ' ignoring (code) group_right']]);
        return `${this.instant(depth - 1)} ${cmpOrArith()}${m} ${this.instant(depth - 1)}`;
      }
    }
  }

  instantFunction(depth) {
    const r = this.rng;
    const inner = this.instant(depth - 1);
    const choice = r.weighted([[6, 'plain'], [2, 'clamp'], [1, 'round'], [2, 'label_replace'], [1, 'label_join'], [1, 'vector']]);
    switch (choice) {
      case 'clamp': {
        const fn = r.pick(['clamp', 'clamp_min', 'clamp_max']);
        return fn === 'clamp' ? `clamp(${inner}, ${r.pick(['0', '-1', '5', 'NaN'])}, ${r.pick(['1', '10', '0', '-Inf'])})` : `${fn}(${inner}, ${r.pick(['0', '0.5', '10', 'NaN'])})`;
      }
      case 'round': return `round(${inner}${r.chance(0.7) ? `, ${r.pick(['0.1', '5', '0', '-2', '0.001'])}` : ''})`;
      case 'label_replace': {
        const [dst, src] = [r.pick([...ALL_LABELS, 'new', '__name__', 'le']), r.pick([...ALL_LABELS, '__name__', 'le'])];
        const [re, repl] = r.pick([['(.*)', '$1'], ['i-(\\\\d)', 'n$1'], ['(.)(.*)', '${2}-$1'], ['', 'x'], ['.*', ''], ['(?P<a>.+)', '$a$a'], ['nomatch', 'y']]);
        return `label_replace(${inner}, "${dst}", "${repl}", "${src}", "${re}")`;
      }
      case 'label_join': {
        const srcs = r.subset([...ALL_LABELS, '__name__'], 0).slice(0, 3).map((l) => `, "${l}"`).join('');
        return `label_join(${inner}, "${r.pick(['joined', 'job', 'instance'])}", "${r.pick(['-', '', ','])}"${srcs})`;
      }
      case 'vector': return `vector(${this.scalar(1)})`;
      default: return `${r.pick(INSTANT_FUNCS)}(${inner})`;
    }
  }

  instant(depth) {
    const r = this.rng;
    if (depth <= 0) {
      return r.weighted([[5, () => `${this.selector()}${this.modifiers()}`], [4, () => this.rangeFunction(0)], [1, () => `vector(${this.scalar(0)})`]])();
    }
    return r.weighted([
      [3, () => `${this.selector()}${this.modifiers()}`],
      [6, () => this.rangeFunction(depth)],
      [5, () => this.aggregate(depth)],
      [6, () => this.binary(depth)],
      [4, () => this.instantFunction(depth)],
      [2, () => this.histogramQuantile(depth)],
      [1, () => `-${this.instant(depth - 1)}`],
      [1, () => `(${this.instant(depth - 1)})`],
      [this.experimental ? 1 : 0, () => `info(${this.instant(depth - 1)}${r.chance(0.7) ? `, {__name__="${V.info}"${r.chance(0.5) ? `, version=~"${r.pick(['1.*', '.*', '9.9|2.0'])}"` : ''}}` : ''})`],
      [this.experimental ? 1 : 0, () => this.sorted()],
    ])();
  }
}
