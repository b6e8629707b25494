// One query of the side-by-side benchmark on both sides: a warm-up whose answers are compared,
// then timed runs alternating between Prometheus and us, each after a garbage collection.
import { processCpuMs, serverGC, settle, timedRangeQuery } from './prometheus.mjs';
import { compareMatrices } from './compare.mjs';
import { PerformanceObserver } from 'node:perf_hooks';
import { gapTicker } from '../event-loop-gaps.mjs';

/** Our process's garbage-collection pauses (start and duration, ms), for the runs' GC figures. */
const gcPauses = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, ms: e.duration });
  if (gcPauses.length > 10_000) gcPauses.splice(0, gcPauses.length - 1000);
}).observe({ entryTypes: ['gc'] });

/**
 * The GC pause time (ms) that began in each of the windows `[t0, t1)`. The observer is told of
 * pauses some time after them (later than the next setImmediate), so it is given 50 ms first.
 */
async function gcPauseMs(windows) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return windows.map(([t0, t1]) => gcPauses.reduce((a, p) => (p.start >= t0 && p.start < t1 ? a + p.ms : a), 0));
}

/** The median of a non-empty list. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Our answer to a range query in Prometheus's JSON shape: `{ ok, data | error }`. */
async function ourAnswer(engine, toPrometheusJSON, query, { start, end, step }) {
  try {
    return { ok: true, data: toPrometheusJSON(await engine.rangeQuery(query, start, end, step)) };
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e) };
  }
}

/**
 * The warm-up on both sides and the comparison of its answers. Only the comparison's outcome is
 * returned: both answers (tens of MB of parsed objects each) are dropped before any timed run.
 */
async function checkAnswers(server, side, query, range) {
  const theirs = await timedRangeQuery(server, query, range.start, range.end, range.step);
  const p = theirs.body.status === 'success' ? { ok: true, data: theirs.body.data } : { ok: false, error: String(theirs.body.error) };
  const o = await side.answer(query, range);
  const check = p.ok && o.ok
    ? compareMatrices(p.data, o.data)
    : { agree: !p.ok && !o.ok, series: [null, null], points: 0, exact: 0, problems: [`Prometheus: ${p.ok ? 'answered' : p.error}; ours: ${o.ok ? 'answered' : o.error}`] };
  return { check, bothAnswered: p.ok && o.ok };
}

/**
 * Our engine as one side of the measurement, in this process: what the side-by-side run asks of
 * it (the child process of our-side.mjs answers the same requests with one of these). `pid` is
 * the process whose quiet Prometheus's runs wait for.
 */
export function inProcessSide(engine, toPrometheusJSON) {
  return {
    pid: process.pid,
    answer: (query, range) => ourAnswer(engine, toPrometheusJSON, query, range),
    recover: (query, range) => collectHarnessGarbage(engine, query, range),
    collect: async () => collectYoung(),
    timed: (query, range) => timedOurRun(engine, query, range),
    longestBlock: (query, range) => longestBlock(engine, query, range),
    gcMs: (windows) => gcPauseMs(windows),
  };
}

/** Untimed runs of ours during which the event loop's longest wait is taken. */
const BLOCK_RUNS = 3;

/**
 * The longest the event loop waited (ms) while our engine ran the query BLOCK_RUNS times, untimed:
 * a 1 ms ticker's longest gap. Each run starts in a turn of its own, so the gaps are the
 * engine's blocks (plus the ticker's own millisecond), not the harness's loop.
 */
export async function longestBlock(engine, query, range) {
  const ticker = gapTicker(1);
  let longest = 0;
  try {
    for (let i = 0; i < BLOCK_RUNS; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      await engine.rangeQuery(query, range.start, range.end, range.step);
    }
  } finally {
    // The gap the last run ended counts too.
    longest = ticker.stop();
  }
  return longest;
}

/** Untimed runs of ours after the forced collection: at least this many… */
const RECOVERY_RUNS = 3;
/** …for at least this many ms… */
const RECOVERY_MS = 200;
/**
 * …and then until V8 has compiled the query's code (JIT_RUNS runs, or JIT_MS if that comes
 * first). A function that runs once per query is optimised after some thousands of
 * calls: `absent` (0.06 ms a run once compiled) saw functions optimised until about its 4,500th
 * run, and after the 500 runs a cap once allowed, our side's timed runs took 0.2 ms back to back
 * and 0.45–0.5 ms after an idle moment (0.06 and 0.12–0.15 after 5,000 runs more). Prometheus's
 * code is compiled ahead of time: both sides are measured as a server running its queries for a
 * while would run them.
 */
const JIT_RUNS = 5000;
const JIT_MS = 2000;
/**
 * Only for queries whose runs take at most this many ms on average: a longer run's loops are
 * compiled within its first runs, and 2 s of runs of `histogram_quantile` over native histograms
 * left a larger heap that V8 shrank while idle, so its timed runs took 1,800 page faults each
 * (171 ms against 141).
 */
const JIT_QUERY_MS = 1;

/**
 * After the warm-up: its two parsed answers and their comparison (tens of MB, the harness's own
 * objects) are garbage on our heap, which our first timed runs would otherwise collect, run after
 * run, while the query is timed. A full collection clears them (with --expose-gc). A forced full
 * collection also throws away compiled code, and the next few runs are slower while it is
 * compiled again (label_replace: 7–10 ms, then 4, then 2.2–2.5), so untimed runs of ours follow
 * it: at least RECOVERY_RUNS for at least RECOVERY_MS, then, for queries of JIT_QUERY_MS a run at
 * most, until JIT_RUNS or JIT_MS. Returns how many ran.
 */
export async function collectHarnessGarbage(engine, query, range) {
  if (typeof globalThis.gc !== 'function') return 0;
  globalThis.gc();
  let n = 0;
  const t0 = performance.now();
  for (;;) {
    const ms = performance.now() - t0;
    if (n >= RECOVERY_RUNS && ms >= RECOVERY_MS && (n >= JIT_RUNS || ms >= JIT_MS || ms > n * JIT_QUERY_MS)) break;
    await engine.rangeQuery(query, range.start, range.end, range.step);
    n++;
  }
  return n;
}

/**
 * Empties our young generation of the garbage the harness made since our last run (Prometheus's
 * reply bytes, its stats parsed), as Prometheus's heap is collected before each of its runs: a
 * minor collection only (with --expose-gc), which leaves compiled code alone (see
 * collectHarnessGarbage).
 */
export function collectYoung() {
  if (typeof globalThis.gc === 'function') globalThis.gc({ type: 'minor' });
}

/**
 * One timed run of ours: wall time, the process's CPU time during it and the engine's own
 * `execTotalTime` (ms). The side-by-side run collects our young generation before it waits for
 * the machine to be quiet (see measureQuery); run alone, {@link measureOurs} collects it just before.
 */
export async function timedOurRun(engine, query, range) {
  const f0 = process.resourceUsage().minorPageFault;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await engine.rangeQuery(query, range.start, range.end, range.step);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const faults = process.resourceUsage().minorPageFault - f0;
  return { ms, cpuMs: (c.user + c.system) / 1000, execMs: r.stats.timings.execTotalTime * 1000, faults, window: [t0, t0 + ms] };
}

/**
 * Our side alone (no Prometheus): one untimed run, the harness's garbage collected (with its
 * untimed recovery runs), then `runs` timed runs. Returns every run's times (ms).
 */
export async function measureOurs(engine, query, range, runs) {
  await engine.rangeQuery(query, range.start, range.end, range.step);
  await collectHarnessGarbage(engine, query, range);
  const out = { ms: [], cpuMs: [], execMs: [], faults: [], gcMs: [] };
  const windows = [];
  for (let i = 0; i < runs; i++) {
    collectYoung();
    const r = await timedOurRun(engine, query, range);
    out.ms.push(r.ms);
    out.cpuMs.push(r.cpuMs);
    out.execMs.push(r.execMs);
    out.faults.push(r.faults);
    windows.push(r.window);
  }
  out.gcMs = await gcPauseMs(windows);
  return out;
}

/**
 * Measures `{ name, query }` over `range` (`{ start, end, step }`, ms) on `server` (Prometheus) and
 * `side` (our engine: inProcessSide, or our-side.mjs's process): `runs` timed runs per side
 * after the warm-up, Prometheus's heap collected before each of its runs (Go's runtime.GC). Ours
 * gets a minor collection only: in V8 a forced full collection (`gc()`) makes the next run several
 * times slower (label_replace over 32 series: 10 → 50 ms CPU), as if measuring a cold JIT; the
 * collections our query itself causes happen as they come and are part of our time. Returns the row
 * of the report: medians (ms), every run, the ratios Prometheus/ours (Prometheus's execTotalTime
 * over our wall time; and CPU time over CPU time, Prometheus's including the HTTP call and the
 * JSON encoding, ours the whole process's during `rangeQuery`) and the agreement. Throws
 * naming the query when Prometheus fails in a timed run after answering the warm-up.
 */
export async function measureQuery({ server, side }, { name, query }, range, runs) {
  const { check, bothAnswered } = await checkAnswers(server, side, query, range);
  if (bothAnswered) await side.recover(query, range);
  const times = { prometheusExecMs: [], prometheusHttpMs: [], prometheusCpuMs: [], oursMs: [], oursExecMs: [], oursCpuMs: [], oursFaults: [], oursGcMs: [] };
  const ourWindows = [];
  for (let i = 0; bothAnswered && i < runs; i++) {
    await settle(side.pid);
    await serverGC(server);
    await settle(server.pid);
    const cpu0 = processCpuMs(server.pid);
    const theirs = await timedRangeQuery(server, query, range.start, range.end, range.step, true);
    const cpu1 = processCpuMs(server.pid);
    if (theirs.body.status !== 'success') throw new Error(`Prometheus failed on ${name} in run ${i + 1}: ${theirs.body.error}`);
    if (cpu0 !== null && cpu1 !== null) times.prometheusCpuMs.push(cpu1 - cpu0);
    times.prometheusExecMs.push(theirs.body.data.stats.timings.execTotalTime * 1000);
    times.prometheusHttpMs.push(theirs.httpMs);
    // Each side runs after its collection and then a quiet machine: Prometheus's run after its
    // forced GC and the end of the collector's work, with our process quiet; ours after our
    // minor collection and the end of whatever the server still does after answering (its
    // collector). (Until 28 November 2026 both collections ran right before their side's run.)
    await side.collect();
    await settle(server.pid);
    const mine = await side.timed(query, range);
    times.oursMs.push(mine.ms);
    times.oursCpuMs.push(mine.cpuMs);
    times.oursExecMs.push(mine.execMs);
    times.oursFaults.push(mine.faults);
    ourWindows.push(mine.window);
  }
  times.oursGcMs = await side.gcMs(ourWindows);
  // After the timed runs, so that its ticker is not in them.
  const oursLongestBlockMs = bothAnswered ? await side.longestBlock(query, range) : null;
  const med = (xs) => (xs.length ? median(xs) : null);
  const row = {
    name, query, series: check.series, points: check.points, exactPoints: check.exact, agree: check.agree, problems: check.problems,
    prometheusExecMs: med(times.prometheusExecMs), prometheusHttpMs: med(times.prometheusHttpMs),
    prometheusCpuMs: med(times.prometheusCpuMs), oursMs: med(times.oursMs), oursExecMs: med(times.oursExecMs), oursCpuMs: med(times.oursCpuMs), oursFaults: med(times.oursFaults), oursGcMs: med(times.oursGcMs), oursLongestBlockMs, runs: times,
  };
  return {
    ...row,
    ratio: row.oursMs ? row.prometheusExecMs / row.oursMs : null,
    // /proc counts in ticks of 10 ms: below 100 ms the ratio would be mostly rounding.
    cpuRatio: row.oursCpuMs && row.prometheusCpuMs >= 100 ? row.prometheusCpuMs / row.oursCpuMs : null,
  };
}
