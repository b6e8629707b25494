// The float half of the side-by-side fixture: counters with resets, gauges, classic histogram
// buckets and an info-like metric over several jobs and instances, written as OpenMetrics text.
import { Rng } from '../../tools/differential/rng.mjs';

/** First sample time (ms): 2h-aligned, as promtool cuts blocks on 2h boundaries. */
export const FIXTURE_START = 1_700_006_400_000;

/** The default shape: 6 h at a 15 s scrape over 4 jobs × 8 instances (1,728 float series). */
export const DEFAULT_SHAPE = { hours: 6, stepMs: 15_000, instances: 8, seed: 1 };

/** Job names; every job has `shape.instances` instances. */
export const JOBS = ['api', 'web', 'db', 'cache'];
/** Upper bounds of the classic histogram's buckets, as written in `le`. */
export const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1.0', '2.5', '5.0', '10.0', '+Inf'];
const BOUNDS = BUCKETS.map((le) => (le === '+Inf' ? Infinity : Number(le)));
const CODES = ['200', '302', '404', '500'];
const METHODS = ['GET', 'POST', 'PUT'];
const MODES = ['user', 'system', 'iowait', 'idle'];
const QUEUES = ['ingest', 'send', 'retry'];
const SENSORS = ['cpu0', 'cpu1', 'board', 'disk', 'psu'];

/** The targets: `{ job, instance, phase }` where phase (ms, whole seconds) offsets its scrapes. */
export function targets(shape = DEFAULT_SHAPE) {
  const out = [];
  JOBS.forEach((job, j) => {
    for (let i = 0; i < shape.instances; i++) {
      out.push({ job, instance: `${job}-${i}:9100`, phase: ((j * 7 + i * 3) % Math.floor(shape.stepMs / 1000)) * 1000 });
    }
  });
  return out;
}

/** Sample times of a target: every step from the start plus its phase, for `shape.hours`. */
export function sampleTimes(shape, phase) {
  const n = Math.floor((shape.hours * 3600_000) / shape.stepMs);
  return Array.from({ length: n }, (_, i) => FIXTURE_START + phase + i * shape.stepMs);
}

const labelText = (labels) => Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');

/**
 * Writes one series: its samples in time order, `name{labels} value seconds`. JavaScript's
 * shortest round-trip text of a double is what Go's ParseFloat reads back bit for bit.
 */
function writeSeries(out, name, labels, times, values) {
  const prefix = `${name}{${labelText(labels)}} `;
  let chunk = '';
  for (let i = 0; i < times.length; i++) {
    chunk += `${prefix}${values[i]} ${times[i] / 1000}\n`;
    if (chunk.length > 1 << 20) {
      out(chunk);
      chunk = '';
    }
  }
  out(chunk);
  return times.length;
}

/** A counter: increments of `scale` on average, reset to a small value with probability `resetP`. */
function counter(rng, n, scale, resetP, float) {
  const out = new Array(n);
  let v = rng.int(0, 1000);
  for (let i = 0; i < n; i++) {
    if (i > 0 && rng.chance(resetP)) v = rng.int(0, 3);
    else v += float ? Math.round(rng.next() * 2 * scale * 1000) / 1000 : rng.int(0, 2 * scale);
    out[i] = v;
  }
  return out;
}

/** A random observation, log-normal around `median`. */
export function logNormal(rng, median, sigma) {
  const u = Math.max(1e-12, rng.next());
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next()));
}

/** Cumulative bucket counts, sum and count of a classic histogram over time, with resets. */
function classicHistogram(rng, n, median) {
  const buckets = BOUNDS.map(() => new Array(n));
  const sums = new Array(n);
  const counts = new Array(n);
  let cum = BOUNDS.map(() => 0);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && rng.chance(0.0005)) {
      cum = BOUNDS.map(() => 0);
      sum = 0;
    }
    for (let k = rng.int(0, 40); k > 0; k--) {
      const v = Math.round(logNormal(rng, median, 1.2) * 1e4) / 1e4;
      sum += v;
      for (let b = 0; b < BOUNDS.length; b++) if (v <= BOUNDS[b]) cum[b]++;
    }
    for (let b = 0; b < BOUNDS.length; b++) buckets[b][i] = cum[b];
    sums[i] = sum;
    counts[i] = cum[BOUNDS.length - 1];
  }
  return { buckets, sums, counts };
}

/**
 * Writes the float fixture as OpenMetrics text through `out` (called with pieces of text, in
 * order, ending with `# EOF`), deterministic for a shape. Returns the series and sample counts.
 */
export function writeFloatFixture(out, shape = DEFAULT_SHAPE) {
  const rng = new Rng(shape.seed * 7919 + 1);
  const ts = targets(shape);
  let series = 0;
  let samples = 0;
  const family = (name, type, each) => {
    out(`# TYPE ${name} ${type}\n`);
    for (const target of ts) {
      const times = sampleTimes(shape, target.phase);
      const base = { job: target.job, instance: target.instance };
      each(base, times, (metric, labels, values) => {
        samples += writeSeries(out, metric, labels, times, values);
        series++;
      });
    }
  };
  family('bench_http_requests', 'counter', (base, times, emit) => {
    for (const method of METHODS) {
      for (const code of CODES) {
        const scale = code === '200' ? 40 : code === '500' ? 1 : 5;
        emit('bench_http_requests_total', { ...base, method, code }, counter(rng, times.length, scale, 0.0005, false));
      }
    }
  });
  family('bench_cpu_seconds', 'counter', (base, times, emit) => {
    for (const mode of MODES) emit('bench_cpu_seconds_total', { ...base, mode }, counter(rng, times.length, 7.5, 0.0003, true));
  });
  family('bench_memory_bytes', 'gauge', (base, times, emit) => {
    let v = 2e9 + rng.int(0, 1e6) * 4096;
    emit('bench_memory_bytes', base, times.map(() => (v += rng.int(-500, 500) * 4096)));
  });
  family('bench_temperature_celsius', 'gauge', (base, times, emit) => {
    for (const sensor of SENSORS) {
      let v = rng.int(30, 70);
      emit('bench_temperature_celsius', { ...base, sensor }, times.map(() => (v = Math.round((v + (rng.next() - 0.5) * 2) * 100) / 100)));
    }
  });
  family('bench_queue_length', 'gauge', (base, times, emit) => {
    for (const queue of QUEUES) emit('bench_queue_length', { ...base, queue }, times.map(() => rng.int(0, 20)));
  });
  family('bench_request_duration_seconds', 'histogram', (base, times, emit) => {
    for (const method of ['GET', 'POST']) {
      const h = classicHistogram(rng, times.length, method === 'GET' ? 0.08 : 0.4);
      BUCKETS.forEach((le, b) => emit('bench_request_duration_seconds_bucket', { ...base, method, le }, h.buckets[b]));
      emit('bench_request_duration_seconds_sum', { ...base, method }, h.sums);
      emit('bench_request_duration_seconds_count', { ...base, method }, h.counts);
    }
  });
  family('bench_build_info', 'gauge', (base, times, emit) => {
    const version = `1.${rng.int(0, 3)}.0`;
    emit('bench_build_info', { ...base, version, region: rng.pick(['eu', 'us', 'ap']) }, times.map(() => 1));
  });
  out('# EOF\n');
  return { series, samples };
}
