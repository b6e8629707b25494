// Random PromQL over the native-histogram data set: selectors (with offset and @), the range
// functions that take histograms, aggregations, binary operators between histograms, floats and
// scalars, the histogram_* functions and subqueries. Built by result type, from a seed.
import { Rng } from '../rng.mjs';
import { START, LENGTH } from './generate.mjs';

const COUNTERS = ['nh_req', 'nh_req', 'nh_req_float', 'nh_lat', 'nhcb_req', 'nhcb_req', 'nhcb_bounds', 'nh_mixed'];
const GAUGES = ['nh_gauge', 'nhcb_gauge'];
const FLOATS = ['f_req', 'f_gauge'];
const RANGES = ['1m', '2m', '5m', '5m', '10m', '30m'];

/** Seeded generator of queries; `next()` gives one query. */
export class HistogramQueryGenerator {
  constructor(seed) {
    this.r = new Rng(seed * 7 + 3);
  }

  matchers() {
    const r = this.r;
    return r.weighted([
      [5, ''],
      [2, `{job="${r.pick(['api', 'db'])}"}`],
      [1, `{instance=~"i[${r.pick(['01', '12', '0'])}]"}`],
      [1, `{job!="api",instance!="i2"}`],
    ]);
  }

  /** A selector modifier: nothing, offset or @. */
  modifier() {
    const r = this.r;
    return r.weighted([
      [8, ''],
      [1, ` offset ${r.pick(['1m', '5m', '10m', '-2m'])}`],
      [1, ` @ ${(START + r.int(5, 55) * 60_000 + r.pick([0, 0, 7_500])) / 1000}`],
    ]);
  }

  sel(kind) {
    const r = this.r;
    const name = kind === 'counter' ? r.pick(COUNTERS) : kind === 'gauge' ? r.pick(GAUGES) : kind === 'float' ? r.pick(FLOATS) : r.pick([...COUNTERS, ...GAUGES]);
    return `${name}${this.matchers()}`;
  }

  rangeSel(kind) {
    return `${this.sel(kind)}[${this.r.pick(RANGES)}]${this.modifier()}`;
  }

  /** An instant vector that holds histograms (and sometimes floats). */
  hist(depth = 0) {
    const r = this.r;
    const deep = depth < 2;
    return r.weighted([
      [4, () => `${this.sel('any')}${this.modifier()}`],
      [4, () => `${r.pick(['rate', 'increase'])}(${this.rangeSel('counter')})`],
      [1, () => `irate(${this.rangeSel('counter')})`],
      [2, () => `${r.pick(['delta', 'idelta'])}(${this.rangeSel('gauge')})`],
      [2, () => `${r.pick(['sum_over_time', 'avg_over_time', 'last_over_time'])}(${this.rangeSel(r.pick(['gauge', 'any']))})`],
      [deep ? 4 : 0, () => `${r.pick(['sum', 'avg', 'sum', 'avg', 'min', 'max', 'group'])}${this.grouping()}(${this.hist(depth + 1)})`],
      [deep ? 1 : 0, () => `${r.pick(['topk', 'bottomk', 'limitk'])}(${r.pick([1, 2, 3])}, ${this.hist(depth + 1)})`],
      [deep ? 2 : 0, () => `${this.hist(depth + 1)} ${r.pick(['+', '-'])} ${this.matching()}${this.hist(depth + 1)}`],
      [deep ? 2 : 0, () => r.pick([`${this.hist(depth + 1)} * ${r.pick(['2', '0.5', '-1', '0'])}`, `${r.pick(['2', '3'])} * ${this.hist(depth + 1)}`, `${this.hist(depth + 1)} / ${r.pick(['2', '4', '0', '-2'])}`])],
      [deep ? 1 : 0, () => `${this.hist(depth + 1)} ${r.pick(['==', '!='])} ${this.matching()}${this.hist(depth + 1)}`],
      [deep ? 1 : 0, () => `${this.hist(depth + 1)} ${r.pick(['>', '<', '==', '!='])} ${r.pick(['1', '0'])}`],
      [deep ? 2 : 0, () => `${this.hist(depth + 1)} ${r.pick(['and', 'or', 'unless'])} ${this.matching(true)}${r.pick([this.sel('float'), `rate(${this.rangeSel('float')})`, this.hist(depth + 1)])}`],
      [deep ? 1 : 0, () => `${r.pick(['rate', 'sum_over_time', 'avg_over_time', 'last_over_time', 'increase'])}(${this.sel('counter')}[${r.pick(['5m', '10m'])}:${r.pick(['1m', '30s', ''])}])`],
      [deep ? 1 : 0, () => `${r.pick(['sum_over_time', 'avg_over_time', 'last_over_time'])}(rate(${this.sel('counter')}[5m])[${r.pick(['5m', '15m'])}:${r.pick(['1m', '2m'])}]${this.modifier()})`],
    ])();
  }

  grouping() {
    const r = this.r;
    return r.weighted([[2, ''], [3, ` by (${r.pick(['job', 'instance', 'job, instance', '__name__'])}) `], [1, ` without (${r.pick(['instance', 'job'])}) `]]);
  }

  matching(set = false) {
    const r = this.r;
    return r.weighted([[3, ''], [2, 'on (job, instance) '], [1, 'ignoring (__name__) '], [set ? 1 : 0, 'on (job) ']]);
  }

  /** An instant vector of floats derived from histograms. */
  float(depth = 0) {
    const r = this.r;
    const deep = depth < 2;
    return r.weighted([
      [4, () => `${r.pick(['histogram_count', 'histogram_sum', 'histogram_avg'])}(${this.hist(depth + 1)})`],
      [2, () => `${r.pick(['histogram_stddev', 'histogram_stdvar'])}(${this.hist(depth + 1)})`],
      [4, () => `histogram_quantile(${r.pick(['0.5', '0.9', '0.99', '0', '1', '0.25'])}, ${this.hist(depth + 1)})`],
      [2, () => `histogram_fraction(${r.pick(['0', '-1', '0.1', '-Inf'])}, ${r.pick(['0.5', '1', '10', '+Inf', '100'])}, ${this.hist(depth + 1)})`],
      [2, () => `${r.pick(['resets', 'changes', 'count_over_time', 'present_over_time'])}(${this.rangeSel('any')})`],
      [1, () => `${r.pick(['max_over_time', 'min_over_time', 'stddev_over_time'])}(${this.rangeSel(r.pick(['any', 'float']))})`],
      [1, () => `quantile_over_time(0.5, ${this.rangeSel('any')})`],
      [2, () => `${r.pick(['count', 'group', 'count', 'stddev', 'max', 'min'])}${this.grouping()}(${this.hist(depth + 1)})`],
      [1, () => `${r.pick(['topk', 'bottomk'])}(2, ${this.hist(depth + 1)})`],
      [1, () => `quantile${this.grouping()}(0.5, ${this.hist(depth + 1)})`],
      [1, () => `timestamp(${this.hist(depth + 1)})`],
      [deep ? 1 : 0, () => `max_over_time(histogram_count(rate(${this.sel('counter')}[5m]))[10m:1m])`],
      [deep ? 1 : 0, () => `${this.float(depth + 1)} ${r.pick(['+', '/', '>'])} ${this.matching()}${this.float(depth + 1)}`],
      [1, () => `histogram_quantile(0.9, sum by (job) (rate(${this.sel('counter')}[5m])))`],
      [1, () => `${r.pick(['abs', 'ceil', 'sqrt', 'ln'])}(${this.sel('any')})`],
    ])();
  }

  /** The next query. */
  next() {
    return this.r.weighted([[5, () => this.hist()], [5, () => this.float()]])();
  }
}

/** Instant times and a range for query number `index`, from the seed. */
export function scheduleFor(seed, index) {
  const r = new Rng(seed * 7919 + index);
  const t = () => r.weighted([
    [5, () => START + r.int(1, LENGTH / 15_000) * 15_000],
    [3, () => START + r.int(0, LENGTH)],
    [1, () => r.pick([START, START + LENGTH, START + LENGTH + 240_000])],
  ])();
  const step = r.pick([15_000, 30_000, 60_000, 17_000, 300_000]);
  const start = START + r.int(0, 50) * 60_000 + (r.chance(0.2) ? r.int(1, 59_999) : 0);
  return { times: [t(), t()], range: { start, end: Math.min(start + r.int(5, 60) * step, START + LENGTH + 300_000), step } };
}
