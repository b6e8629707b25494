// Fixture generator of the differential check: float series (counters with resets, gauges, classic
// histograms, gaps, churn) as OpenMetrics text, deterministic from a seed.
import { Rng } from './rng.mjs';

/** First sample time of every fixture (ms): a fixed, 2h-aligned instant. */
export const FIXTURE_START = 1_700_006_400_000;
/** Length of the fixture (ms). */
export const FIXTURE_LENGTH = 3 * 3600_000;

const JOBS = ['api', 'web', 'db'];
const INSTANCES = ['i-0', 'i-1', 'i-2', 'i-3'];
const CODES = ['200', '404', '500'];
const METHODS = ['GET', 'POST'];
const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];
const WEIRD_BUCKETS = ['0.1', '1', '1e1', '+Inf', 'x', '-1'];

/**
 * The label vocabulary the fixture uses, so the query generator picks names and values that
 * exist (and some that do not).
 */
export const VOCABULARY = {
  counters: ['dt_requests_total', 'dt_errors_total', 'dt_cpu_seconds_total'],
  gauges: ['dt_temperature_celsius', 'dt_queue_length', 'dt_memory_bytes', 'dt_ratio', 'dt_up'],
  info: 'dt_build_info',
  histogram: 'dt_request_duration_seconds',
  weird: 'dt_weird_bucket',
  labels: {
    job: JOBS, instance: INSTANCES, code: CODES, method: METHODS, mode: ['user', 'system', 'idle'],
    zone: ['eu', 'us', 'ap'], version: ['1.0', '1.1', '2.0'], path: ['/api/v1', '/', 'ü/ß'],
  },
  buckets: BUCKETS,
};

/** Go's `ParseFloat` and JavaScript agree on the shortest round-trip text of a double. */
function fmt(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** Seconds text of a ms timestamp that Prometheus's parser (seconds × 1000) and ours read back as `ms`. */
function fmtTime(ms) {
  const whole = `${Math.floor(ms / 1000)}`;
  const frac = ms % 1000;
  if (frac === 0) return whole;
  const s = `${whole}.${String(frac).padStart(3, '0')}`;
  const back = Number.parseFloat(s) * 1000;
  return Math.trunc(back) === ms && Math.round(back) === ms ? s : null;
}

/** Sample times of one series: its interval, jitter, late start, early end and gaps. */
function sampleTimes(rng, opts = {}) {
  // Mostly common scrape intervals; a few series at 5s, and some as sparse as the lookback delta.
  const interval = opts.interval ?? rng.weighted([[10, 15_000], [4, 30_000], [2, 60_000], [2, 10_000], [1, 5_000], [1, 120_000], [1, 300_000]]);
  const jitter = opts.noJitter ? 0 : rng.weighted([[3, 0], [1, 1], [1, 300]]);
  let from = 0;
  let to = FIXTURE_LENGTH;
  if (!opts.full && rng.chance(0.15)) from = rng.int(1, 100) * 60_000;
  if (!opts.full && rng.chance(0.15)) to = FIXTURE_LENGTH - rng.int(1, 100) * 60_000;
  const gaps = [];
  if (!opts.full && rng.chance(0.3)) {
    for (let k = rng.int(1, 2); k > 0; k--) {
      const g0 = rng.int(0, FIXTURE_LENGTH / 60_000) * 60_000;
      gaps.push([g0, g0 + rng.pick([2, 4, 6, 10, 20]) * 60_000]);
    }
  }
  // Some series are scraped irregularly: each gap drawn between a third of and twice the interval.
  const irregular = !opts.interval && !opts.noJitter && rng.chance(0.12);
  const out = [];
  for (let t = from; t < to; t += irregular ? rng.int(Math.floor(interval / 3), interval * 2) : interval) {
    if (gaps.some(([a, b]) => t >= a && t < b)) continue;
    let ms = FIXTURE_START + t + (jitter ? rng.int(0, jitter) : 0);
    if (fmtTime(ms) === null) ms -= ms % 1000;
    if (out.length && ms <= out[out.length - 1]) continue;
    out.push(ms);
  }
  return out;
}

function labelText(labels) {
  const esc = (v) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return Object.entries(labels).map(([k, v]) => `${k}="${esc(v)}"`).join(',');
}

/** A counter: increments of one shape, resets at random points. */
function counterValues(rng, n) {
  const shape = rng.pick(['int', 'float', 'sparse', 'flat', 'big']);
  const resetP = rng.pick([0, 0, 0.005, 0.02]);
  // `big` counters live near 2^53, where float increments round.
  let v = shape === 'big' ? 2 ** 53 - rng.int(0, 1e6) * 1024 : rng.chance(0.5) ? 0 : rng.int(0, 1e6);
  const out = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && rng.chance(resetP)) v = rng.chance(0.5) ? 0 : rng.int(0, 5);
    else if (shape === 'int') v += rng.int(0, 50);
    else if (shape === 'float') v += Math.round(rng.next() * 1e4) / 1e3;
    else if (shape === 'sparse') v += rng.chance(0.1) ? 1 : 0;
    else if (shape === 'big') v += rng.int(0, 3) * 0.75 + rng.int(0, 5000);
    // Now and then a NaN sample in a float counter (the counter goes on after it).
    out.push(shape === 'float' && rng.chance(0.003) ? NaN : v);
  }
  return out;
}

/** A gauge: a random walk, integers with ties, big or tiny values, now and then NaN or ±Inf. */
function gaugeValues(rng, name, n) {
  const out = [];
  let v = rng.int(-20, 80);
  for (let i = 0; i < n; i++) {
    switch (name) {
      case 'dt_temperature_celsius':
        v += Math.round((rng.next() - 0.5) * 400) / 100;
        out.push(rng.chance(0.003) ? NaN : v);
        break;
      case 'dt_queue_length':
        out.push(rng.int(0, 6));
        break;
      case 'dt_memory_bytes':
        out.push(rng.chance(0.002) ? Infinity : 1e9 + rng.int(0, 1e8) * 1024);
        break;
      case 'dt_ratio':
        out.push(rng.chance(0.05) ? rng.next() * 1e-7 : rng.chance(0.01) ? -Infinity : rng.next());
        break;
      default:
        out.push(rng.chance(0.9) ? 1 : 0);
    }
  }
  return out;
}

/**
 * Generates the fixture: returns the OpenMetrics text (with `# EOF`) and how many series and
 * samples it holds.
 */
export function generateFixture(seed) {
  const rng = new Rng(seed ^ 0x5eed);
  const lines = [];
  let series = 0;
  let samples = 0;
  const emit = (name, labels, times, values) => {
    series++;
    const ls = labelText(labels);
    for (let i = 0; i < times.length; i++) {
      lines.push(`${name}${ls ? `{${ls}}` : ''} ${fmt(values[i])} ${fmtTime(times[i])}`);
      samples++;
    }
  };

  // Counters: a random subset of the label combinations, so some joins miss.
  const counterLabels = {
    dt_requests_total: () => JOBS.flatMap((job) => INSTANCES.flatMap((instance) => CODES.flatMap((code) => METHODS.map((method) => ({ job, instance, code, method }))))),
    dt_errors_total: () => JOBS.flatMap((job) => INSTANCES.map((instance) => ({ job, instance }))),
    dt_cpu_seconds_total: () => INSTANCES.flatMap((instance) => ['user', 'system', 'idle'].map((mode) => ({ job: 'node', instance, mode }))),
  };
  for (const [name, all] of Object.entries(counterLabels)) {
    lines.push(`# TYPE ${name.replace(/_total$/, '')} counter`);
    for (const labels of all()) {
      if (rng.chance(0.35)) continue;
      const times = sampleTimes(rng);
      emit(name, labels, times, counterValues(rng, times.length));
    }
  }

  for (const name of VOCABULARY.gauges) {
    lines.push(`# TYPE ${name} gauge`);
    for (const job of JOBS) {
      for (const instance of INSTANCES) {
        if (rng.chance(0.3)) continue;
        const labels = { job, instance };
        if (name === 'dt_temperature_celsius') labels.zone = rng.pick(VOCABULARY.labels.zone);
        if (name === 'dt_queue_length' && rng.chance(0.3)) labels.path = rng.pick(VOCABULARY.labels.path);
        const times = sampleTimes(rng);
        emit(name, labels, times, gaugeValues(rng, name, times.length));
      }
    }
  }

  // An info metric for group_left joins; one instance changes version half way.
  lines.push(`# TYPE ${VOCABULARY.info} gauge`);
  for (const job of JOBS) {
    for (const instance of INSTANCES) {
      if (rng.chance(0.2)) continue;
      const version = rng.pick(VOCABULARY.labels.version);
      const times = sampleTimes(rng, { interval: 60_000, noJitter: true, full: true });
      if (job === 'api' && instance === 'i-1') {
        const half = times.filter((t) => t < FIXTURE_START + FIXTURE_LENGTH / 2);
        emit(VOCABULARY.info, { job, instance, version }, half, half.map(() => 1));
        const rest = times.filter((t) => t >= FIXTURE_START + FIXTURE_LENGTH / 2);
        emit(VOCABULARY.info, { job, instance, version: '9.9' }, rest, rest.map(() => 1));
      } else emit(VOCABULARY.info, { job, instance, version }, times, times.map(() => 1));
    }
  }

  // Classic histograms: cumulative buckets, _sum and _count; resets together; a few label sets with
  // non-monotonic buckets or a missing +Inf bucket.
  const h = VOCABULARY.histogram;
  lines.push(`# TYPE ${h} histogram`);
  for (const job of JOBS) {
    for (const instance of INSTANCES) {
      if (rng.chance(0.3)) continue;
      const times = sampleTimes(rng, { noJitter: rng.chance(0.5) });
      const broken = rng.chance(0.15);
      const noInf = !broken && rng.chance(0.1);
      const share = BUCKETS.map((_, b) => Math.min(1, (b + 1) / BUCKETS.length + rng.next() * 0.1));
      share[share.length - 1] = 1;
      for (let b = 1; b < share.length; b++) share[b] = Math.max(share[b], share[b - 1]);
      const counts = BUCKETS.map(() => []);
      const sums = [];
      const totals = [];
      let total = 0;
      let sum = 0;
      for (let i = 0; i < times.length; i++) {
        if (i > 0 && rng.chance(0.004)) {
          total = 0;
          sum = 0;
        }
        const inc = rng.int(0, 40);
        total += inc;
        sum += inc * rng.next() * 0.8;
        sum = Math.round(sum * 1000) / 1000;
        totals.push(total);
        sums.push(sum);
        BUCKETS.forEach((_, b) => {
          let c = Math.floor(total * share[b]);
          if (broken && b === 5 && rng.chance(0.3)) c += rng.int(1, 20);
          counts[b].push(c);
        });
      }
      BUCKETS.forEach((le, b) => {
        if (noInf && le === '+Inf') return;
        emit(`${h}_bucket`, { job, instance, le }, times, counts[b]);
      });
      emit(`${h}_sum`, { job, instance }, times, sums);
      emit(`${h}_count`, { job, instance }, times, totals);
    }
  }

  // Gauge-typed series with `le` labels that are not normalised (and some that are not numbers).
  lines.push(`# TYPE ${VOCABULARY.weird} gauge`);
  const wtimes = sampleTimes(rng, { interval: 30_000, noJitter: true, full: true });
  WEIRD_BUCKETS.forEach((le, b) => emit(VOCABULARY.weird, { job: 'api', le }, wtimes, wtimes.map((_, i) => (b + 1) * i)));

  lines.push('# EOF');
  return { text: lines.join('\n') + '\n', series, samples };
}
