// Random native-histogram series for the differential check, from a seed: exponential counters
// (schemas −4…8, schema changes, negative observations, zero buckets, counter resets, bucket-only
// drops), float-count counters, gauge histograms, NHCB counters and gauges (several bucket layouts,
// a layout change inside a series), stale markers, series mixing floats and histograms, and float
// series to combine them with. Histograms are produced in their compacted wire form (no empty
// bucket inside a span; Prometheus 3.5 can corrupt chunks otherwise, #16893).
import { Rng } from '../rng.mjs';

/** Where the data starts (ms) and how long it lasts: one hour, inside one TSDB head chunk range. */
export const START = 1_700_000_000_000;
export const LENGTH = 3_600_000;

/** NHCB upper bounds (without +Inf) the custom-bucket series choose from. */
export const NHCB_LAYOUTS = [
  [0.1, 0.5, 1, 5, 10],
  [0.1, 1, 10],
  [0.25, 0.5, 1, 2.5, 5, 10, 25],
];

/** Prometheus's labels.Compare over two label objects: pairwise by sorted name, then value. */
export function compareLabelSets(a, b) {
  const x = Object.entries(a).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0));
  const y = Object.entries(b).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i][0] !== y[i][0]) return x[i][0] < y[i][0] ? -1 : 1;
    if (x[i][1] !== y[i][1]) return x[i][1] < y[i][1] ? -1 : 1;
  }
  return x.length - y.length;
}

/** Bucket index of |v| > 0 at schema 8 (the generator's finest resolution). */
function idx8(v) {
  return Math.ceil(Math.log2(v) * 256);
}

/** Prometheus's targetIdx: the bucket at schema `s` that holds bucket `idx` of schema 8. */
function toSchema(idx, s) {
  return ((idx - 1) >> (8 - s)) + 1;
}

/** Spans and absolute counts of a bucket map `index → count` (zero counts left out). */
function spansOf(map) {
  const idxs = [...map.keys()].filter((k) => map.get(k) !== 0).sort((a, b) => a - b);
  const spans = [];
  const buckets = [];
  let prevEnd = null;
  for (const i of idxs) {
    if (prevEnd !== null && i === prevEnd) spans[spans.length - 1].length++;
    else spans.push({ offset: prevEnd === null ? i : i - prevEnd, length: 1 });
    buckets.push(map.get(i));
    prevEnd = i + 1;
  }
  return { spans, buckets };
}

/** The state of one histogram: observations so far, kept at schema 8 (exponential) or per custom bucket. */
class Observations {
  constructor(zeroThreshold, bounds) {
    this.zeroThreshold = zeroThreshold;
    this.bounds = bounds;
    this.pos = new Map();
    this.neg = new Map();
    this.zero = 0;
    this.count = 0;
    this.sum = 0;
  }

  observe(v, w) {
    this.count += w;
    this.sum += v * w;
    const add = (m, k) => m.set(k, (m.get(k) ?? 0) + w);
    if (this.bounds) {
      let i = this.bounds.findIndex((b) => v <= b);
      if (i < 0) i = this.bounds.length;
      add(this.pos, i);
    } else if (Math.abs(v) <= this.zeroThreshold) this.zero += w;
    else add(v > 0 ? this.pos : this.neg, idx8(Math.abs(v)));
  }

  /** Moves `w` from one populated bucket to another: the count stays, one bucket drops. */
  moveBetweenBuckets(rng, w) {
    const keys = [...this.pos.keys()].filter((k) => this.pos.get(k) >= w);
    if (keys.length === 0) return false;
    const from = rng.pick(keys);
    this.pos.set(from, this.pos.get(from) - w);
    if (this.pos.get(from) === 0) this.pos.delete(from);
    const to = this.bounds ? rng.int(0, this.bounds.length) : from + rng.int(1, 600);
    this.pos.set(to, (this.pos.get(to) ?? 0) + w);
    return true;
  }

  /** The wire form at `schema` (−53 for custom buckets). */
  emit(schema, isInt, hint) {
    const reduce = (m) => {
      if (this.bounds) return m;
      const out = new Map();
      for (const [k, c] of m) {
        const j = toSchema(k, schema);
        out.set(j, (out.get(j) ?? 0) + c);
      }
      return out;
    };
    const p = spansOf(reduce(this.pos));
    const n = this.bounds ? { spans: [], buckets: [] } : spansOf(reduce(this.neg));
    return {
      isInt, hint, schema, count: this.count, sum: this.sum,
      zeroThreshold: this.bounds ? 0 : this.zeroThreshold, zeroCount: this.bounds ? 0 : this.zero,
      positiveSpans: p.spans, positiveBuckets: p.buckets, negativeSpans: n.spans, negativeBuckets: n.buckets,
      customValues: this.bounds ?? undefined,
    };
  }
}

/** A random observation: log-normal around `median`, a share of them negative, some exactly zero. */
function draw(rng, { median, sigma, negative, zeros }) {
  if (rng.chance(zeros)) return 0;
  const u = Math.max(1e-9, rng.next());
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  const v = Math.round(median * Math.exp(sigma * z) * 1000) / 1000;
  return rng.chance(negative) ? -v : v;
}

/**
 * One histogram series' points. `kind`: 'counter' | 'gauge'; `schemas`: the schemas it uses (the
 * first, then changes); `bounds`: NHCB layouts (first, then changes) or null for exponential.
 */
function histogramPoints(rng, spec) {
  const { kind, isInt, zeroThreshold, dist } = spec;
  const w = isInt ? 1 : 0.25;
  const points = [];
  let layout = 0;
  let schema = spec.schemas[0];
  let obs = new Observations(zeroThreshold, spec.bounds?.[0] ?? null);
  // Counters start (and restart after a reset) with a baseline of observations unless
  // `lowStarts`: then extrapolation in rate() never reaches a zero count, where 3.5 and 3.6+ differ.
  const baseline = (o) => {
    if (kind !== 'counter' || spec.lowStarts) return o;
    for (let k = 0; k < 150; k++) o.observe(draw(rng, dist), w);
    return o;
  };
  baseline(obs);
  const interval = spec.interval;
  let t = START + spec.phase;
  let last = null;
  while (t < START + LENGTH) {
    // Stale marker and a pause.
    if (spec.stale && rng.chance(0.01) && last === 'h') {
      points.push({ t, type: 'stale' });
      last = 'stale';
      t += rng.int(2, 10) * 60_000;
      if (kind === 'counter' && rng.chance(0.5)) obs = baseline(new Observations(zeroThreshold, obs.bounds));
      continue;
    }
    if (kind === 'gauge') obs = new Observations(zeroThreshold, obs.bounds);
    const n = kind === 'gauge' ? rng.int(0, 30) : rng.int(0, 12);
    for (let k = 0; k < n; k++) obs.observe(draw(rng, dist), w * (isInt ? 1 : rng.int(1, 6)));
    if (kind === 'counter' && spec.resets && rng.chance(0.03)) {
      obs = baseline(new Observations(zeroThreshold, obs.bounds));
      for (let k = rng.int(0, 3); k > 0; k--) obs.observe(draw(rng, dist), w);
    }
    if (kind === 'counter' && spec.bucketDrops && rng.chance(0.03)) obs.moveBetweenBuckets(rng, w);
    if (spec.schemas.length > 1 && rng.chance(0.04)) schema = rng.pick(spec.schemas);
    if (spec.bounds && spec.bounds.length > 1 && rng.chance(0.02)) {
      // A layout change: Prometheus sees a new series layout (a counter reset).
      layout = (layout + 1) % spec.bounds.length;
      obs = baseline(new Observations(0, spec.bounds[layout]));
      for (let k = rng.int(0, 3); k > 0; k--) obs.observe(draw(rng, dist), w);
    }
    points.push({ t, type: 'h', h: obs.emit(obs.bounds ? -53 : schema, isInt, kind === 'gauge' ? 'gauge' : 'unknown') });
    last = 'h';
    t += interval;
  }
  return points;
}

/** A float counter or gauge's points, with a stale marker now and then. */
function floatSeries(rng, spec) {
  const points = [];
  let v = spec.kind === 'counter' ? 0 : rng.int(-50, 50);
  for (let t = START + spec.phase; t < START + LENGTH; t += spec.interval) {
    if (spec.kind === 'counter') v = rng.chance(0.02) ? rng.int(0, 5) : v + rng.int(0, 20);
    else v += rng.int(-5, 5) + rng.pick([0, 0.5, 0.25]);
    points.push({ t, type: 'f', v });
  }
  return points;
}

/**
 * A series that switches between floats and histograms: pieces of `pieces` (`'f'` or `'h'`),
 * each a third of the hour; a stale marker between some pieces.
 */
function mixedSeries(rng, spec) {
  const h = histogramPoints(rng, { ...spec, kind: 'counter', stale: false });
  const f = floatSeries(rng, { kind: 'counter', interval: spec.interval, phase: spec.phase });
  const third = LENGTH / 3;
  const out = [];
  spec.pieces.forEach((p, k) => {
    const lo = START + k * third;
    const hi = lo + third;
    const src = p === 'h' ? h : f;
    const part = src.filter((x) => x.t >= lo && x.t < hi);
    if (k > 0 && spec.staleBetween && part.length) {
      part[0] = { t: part[0].t, type: 'stale' };
    }
    out.push(...part);
  });
  return out;
}

/**
 * The data set of a seed: `{ series: [{ labels, points }], samples }` where a point is
 * `{ t, type: 'h', h }` (wire-form histogram), `{ t, type: 'f', v }` or `{ t, type: 'stale' }`.
 */
export function generateData(seed, { lowStarts = false } = {}) {
  const rng = new Rng(seed * 104729 + 17);
  const series = [];
  const intervalOf = () => rng.weighted([[6, 15_000], [3, 30_000], [1, 60_000]]);
  const phaseOf = () => (rng.chance(0.5) ? 0 : rng.int(1, 14) * 1000 + rng.int(0, 999));
  const dist = () => ({
    median: rng.pick([0.004, 0.3, 2, 50, 3000]), sigma: rng.pick([0.3, 1, 2]),
    negative: rng.pick([0, 0, 0.2]), zeros: rng.pick([0, 0.05]),
  });
  const zt = () => rng.pick([0, 2.938735877055719e-39, 0.001, 0.5]);
  const add = (labels, points) => series.push({ labels, points });
  const histogramSeries = (r, spec) => histogramPoints(r, { lowStarts, ...spec });
  let inst = 0;
  const base = (name, job) => ({ __name__: name, job, instance: `i${inst++ % 3}` });

  // Exponential counters with integer counts.
  for (const job of ['api', 'db']) {
    for (let k = 0; k < 3; k++) {
      const s0 = rng.int(-1, 4);
      add(base('nh_req', job), histogramSeries(rng, {
        kind: 'counter', isInt: true, zeroThreshold: zt(), dist: dist(), interval: intervalOf(), phase: phaseOf(),
        schemas: k === 2 ? [s0, s0 - 1, s0 + 1, rng.int(-4, 8)] : [s0],
        resets: k !== 0, bucketDrops: k === 1, stale: k === 1 || rng.chance(0.3),
      }));
    }
  }
  // Float-count counters, and the extreme schemas.
  for (const job of ['api', 'db']) {
    add(base('nh_req_float', job), histogramSeries(rng, {
      kind: 'counter', isInt: false, zeroThreshold: zt(), dist: dist(), interval: intervalOf(), phase: phaseOf(),
      schemas: [rng.int(0, 3)], resets: true, bucketDrops: rng.chance(0.5), stale: rng.chance(0.5),
    }));
  }
  add(base('nh_lat', 'api'), histogramSeries(rng, {
    kind: 'counter', isInt: true, zeroThreshold: 0.001, dist: dist(), interval: intervalOf(), phase: phaseOf(), schemas: [8, 5], resets: true,
  }));
  add(base('nh_lat', 'db'), histogramSeries(rng, {
    kind: 'counter', isInt: true, zeroThreshold: 0, dist: dist(), interval: intervalOf(), phase: phaseOf(), schemas: [-4, -2], resets: true,
  }));
  // Gauge histograms, integer and float counts.
  for (const [job, isInt] of [['api', true], ['db', false], ['api', false]]) {
    add(base('nh_gauge', job), histogramSeries(rng, {
      kind: 'gauge', isInt, zeroThreshold: zt(), dist: { ...dist(), negative: 0.3 }, interval: intervalOf(), phase: phaseOf(),
      schemas: [rng.int(-2, 3), rng.int(-2, 3)], stale: rng.chance(0.5),
    }));
  }
  // NHCB counters with one layout, and (another metric) with different layouts across series and
  // a layout change inside one: 3.5 rejects mixing them, main reconciles them (since 3.8).
  for (const [name, layouts] of [
    ['nhcb_req', [[NHCB_LAYOUTS[0]], [NHCB_LAYOUTS[0]], [NHCB_LAYOUTS[0]]]],
    ['nhcb_bounds', [[NHCB_LAYOUTS[0]], [NHCB_LAYOUTS[1]], [NHCB_LAYOUTS[2], NHCB_LAYOUTS[0]]]],
  ]) {
    layouts.forEach((bounds, k) => {
      add(base(name, k < 2 ? 'api' : 'db'), histogramSeries(rng, {
        kind: 'counter', isInt: true, zeroThreshold: 0, dist: { median: 1, sigma: 1.5, negative: 0, zeros: 0 }, interval: intervalOf(), phase: phaseOf(),
        schemas: [-53], bounds, resets: k !== 1, bucketDrops: k === 2, stale: k === 0,
      }));
    });
  }
  for (const [job, k] of [['api', 0], ['db', 1]]) {
    add(base('nhcb_gauge', job), histogramSeries(rng, {
      kind: 'gauge', isInt: k === 0, zeroThreshold: 0, dist: { median: 2, sigma: 1, negative: 0, zeros: 0 }, interval: intervalOf(), phase: phaseOf(),
      schemas: [-53], bounds: [NHCB_LAYOUTS[k]],
    }));
  }
  // Series mixing floats and histograms.
  add(base('nh_mixed', 'api'), mixedSeries(rng, {
    isInt: true, zeroThreshold: 0, dist: dist(), interval: 15_000, phase: 0, schemas: [1], pieces: ['f', 'h', 'f'], staleBetween: false,
  }));
  add(base('nh_mixed', 'db'), mixedSeries(rng, {
    isInt: true, zeroThreshold: 0, dist: dist(), interval: 30_000, phase: 0, schemas: [2], pieces: ['h', 'f', 'h'], staleBetween: true,
  }));
  // Float series with the same job/instance labels, to combine with histograms.
  inst = 0;
  for (const job of ['api', 'db']) {
    for (let k = 0; k < 3; k++) add(base('f_req', job), floatSeries(rng, { kind: 'counter', interval: intervalOf(), phase: phaseOf() }));
  }
  inst = 0;
  for (const job of ['api', 'db']) add(base('f_gauge', job), floatSeries(rng, { kind: 'gauge', interval: intervalOf(), phase: phaseOf() }));

  // In Prometheus's label order: the head creates series in the order of the first write request,
  // and a selector hands them to the engine in that (postings) order, unsorted. Histogram sums are
  // order dependent where zero thresholds differ, so both sides must add in the same order.
  series.sort((a, b) => compareLabelSets(a.labels, b.labels));
  const samples = series.reduce((n, s) => n + s.points.length, 0);
  return { series, samples };
}
