// One query of the side-by-side benchmark on both sides: a warm-up whose answers are compared,
// then timed runs alternating between Prometheus and us, each after a garbage collection.
import { serverGC, timedRangeQuery } from './prometheus.mjs';
import { compareMatrices } from './compare.mjs';

/** The median of a non-empty list. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The answer of one side to a range query: `{ ok, data | error }`. */
async function warmUp(server, engine, toPrometheusJSON, query, { start, end, step }) {
  const theirs = await timedRangeQuery(server, query, start, end, step);
  const p = theirs.body.status === 'success' ? { ok: true, data: theirs.body.data } : { ok: false, error: String(theirs.body.error) };
  let o;
  try {
    o = { ok: true, data: toPrometheusJSON(await engine.rangeQuery(query, start, end, step)) };
  } catch (e) {
    o = { ok: false, error: String(e?.message ?? e) };
  }
  return { p, o };
}

/**
 * Measures `{ name, query }` over `range` (`{ start, end, step }`, ms): `runs` timed runs per side
 * after the warm-up, `gc` (or null) collecting our garbage before each of ours. Returns the row
 * of the report: medians (ms), every run, the ratio Prometheus/ours and the agreement. Throws
 * naming the query when Prometheus fails in a timed run after answering the warm-up.
 */
export async function measureQuery({ server, engine, toPrometheusJSON, gc }, { name, query }, range, runs) {
  const { p, o } = await warmUp(server, engine, toPrometheusJSON, query, range);
  const check = p.ok && o.ok
    ? compareMatrices(p.data, o.data)
    : { agree: !p.ok && !o.ok, series: [null, null], points: 0, exact: 0, problems: [`Prometheus: ${p.ok ? 'answered' : p.error}; ours: ${o.ok ? 'answered' : o.error}`] };
  const times = { prometheusExecMs: [], prometheusHttpMs: [], oursMs: [], oursExecMs: [] };
  for (let i = 0; p.ok && o.ok && i < runs; i++) {
    await serverGC(server);
    const theirs = await timedRangeQuery(server, query, range.start, range.end, range.step);
    if (theirs.body.status !== 'success') throw new Error(`Prometheus failed on ${name} in run ${i + 1}: ${theirs.body.error}`);
    times.prometheusExecMs.push(theirs.body.data.stats.timings.execTotalTime * 1000);
    times.prometheusHttpMs.push(theirs.httpMs);
    gc?.();
    const t0 = performance.now();
    const r = await engine.rangeQuery(query, range.start, range.end, range.step);
    times.oursMs.push(performance.now() - t0);
    times.oursExecMs.push(r.stats.timings.execTotalTime * 1000);
  }
  const med = (xs) => (xs.length ? median(xs) : null);
  const row = {
    name, query, series: check.series, points: check.points, exactPoints: check.exact, agree: check.agree, problems: check.problems,
    prometheusExecMs: med(times.prometheusExecMs), prometheusHttpMs: med(times.prometheusHttpMs),
    oursMs: med(times.oursMs), oursExecMs: med(times.oursExecMs), runs: times,
  };
  return { ...row, ratio: row.oursMs ? row.prometheusExecMs / row.oursMs : null };
}
