// The side-by-side benchmark's report: a table per query, the median and worst ratio, the
// loading figures, the load average, and every disagreement with Prometheus, loudly.
import { median } from './measure.mjs';

const pad = (s, n) => String(s).padStart(n);
const ms = (x) => (x === null ? '-' : x.toFixed(0));

/** The summary of the rows: median and worst ratio Prometheus/ours, and the queries that disagree. */
export function summarise(rows) {
  const timed = rows.filter((r) => r.ratio !== null);
  const worst = timed.reduce((w, r) => (w === null || r.ratio < w.ratio ? r : w), null);
  const cpu = rows.filter((r) => r.cpuRatio !== null && r.cpuRatio !== undefined);
  const worstCpu = cpu.reduce((w, r) => (w === null || r.cpuRatio < w.cpuRatio ? r : w), null);
  return {
    timedQueries: timed.length,
    medianRatio: timed.length ? median(timed.map((r) => r.ratio)) : null,
    worstRatio: worst?.ratio ?? null, worstQuery: worst?.name ?? null,
    medianCpuRatio: cpu.length ? median(cpu.map((r) => r.cpuRatio)) : null,
    worstCpuRatio: worstCpu?.cpuRatio ?? null, worstCpuQuery: worstCpu?.name ?? null,
    disagreements: rows.filter((r) => !r.agree).map((r) => r.name),
    ...longestOf(rows),
  };
}

/** The longest event-loop wait of ours over the queries, and its query (null without any). */
function longestOf(rows) {
  const measured = rows.filter((r) => typeof r.oursLongestBlockMs === 'number');
  const worst = measured.reduce((w, r) => (w === null || r.oursLongestBlockMs > w.oursLongestBlockMs ? r : w), null);
  return { longestBlockMs: worst?.oursLongestBlockMs ?? null, longestBlockQuery: worst?.name ?? null };
}

/** The report as lines of text. `loading` holds the load figures, `loadAverage` `{ start, end }`. */
export function reportLines(rows, summary, { loading, omBytes, loadAverage }) {
  const width = Math.max(...rows.map((r) => r.name.length), 5);
  const out = [
    '',
    `${'query'.padEnd(width)} ${pad('series', 7)} ${pad('Prom exec ms', 12)} ${pad('Prom HTTP ms', 12)} ${pad('ours ms', 9)} ${pad('ours exec ms', 12)} ${pad('Prom/ours', 9)} ${pad('Prom CPU ms', 11)} ${pad('ours CPU ms', 11)} ${pad('CPU ratio', 9)} ${pad('our faults', 10)} ${pad('our GC ms', 9)} ${pad('our block ms', 12)}  answers`,
  ];
  for (const r of rows) {
    const agreement = r.agree ? `agree (${r.exactPoints}/${r.points} points bit-identical)` : 'DISAGREE';
    const times = (x) => (x === null || x === undefined ? '-' : `${x.toFixed(2)}×`);
    out.push(`${r.name.padEnd(width)} ${pad(r.series[0] ?? '-', 7)} ${pad(ms(r.prometheusExecMs), 12)} ${pad(ms(r.prometheusHttpMs), 12)} ${pad(ms(r.oursMs), 9)} ${pad(ms(r.oursExecMs), 12)} ${pad(times(r.ratio), 9)} ${pad(ms(r.prometheusCpuMs ?? null), 11)} ${pad(ms(r.oursCpuMs ?? null), 11)} ${pad(times(r.cpuRatio), 9)} ${pad(r.oursFaults ?? '-', 10)} ${pad(r.oursGcMs === undefined || r.oursGcMs === null ? '-' : r.oursGcMs.toFixed(1), 9)} ${pad(typeof r.oursLongestBlockMs === 'number' ? r.oursLongestBlockMs.toFixed(0) : '-', 12)}  ${agreement}`);
  }
  out.push('', ...rows.map((r) => `  ${r.name.padEnd(width)} ${r.query}`), '');
  out.push(`Prometheus/ours (Prometheus's execTotalTime over our rangeQuery wall time): median ${summary.medianRatio?.toFixed(2)}×, worst ${summary.worstRatio?.toFixed(2)}× (${summary.worstQuery}) over ${summary.timedQueries} queries`);
  if (summary.medianCpuRatio !== null) {
    out.push(`Prometheus/ours in CPU time (Prometheus's process, HTTP and JSON encoding included, over ours): median ${summary.medianCpuRatio.toFixed(2)}×, worst ${summary.worstCpuRatio.toFixed(2)}× (${summary.worstCpuQuery})`);
  }
  if (summary.longestBlockMs !== null && summary.longestBlockMs !== undefined) {
    out.push(`our longest event-loop wait (a 1 ms ticker over 3 untimed runs of each query): ${summary.longestBlockMs.toFixed(0)} ms (${summary.longestBlockQuery})`);
  }
  const perSample = loading.heapBytesPerSample === null ? 'not measured (no --expose-gc)' : `${loading.heapBytesPerSample.toFixed(1)} bytes per float sample after GC`;
  out.push(`loading: ours ${(loading.oursSamplesPerSecond / 1e6).toFixed(2)} M samples/s (${(loading.oursLoadMs / 1000).toFixed(2)} s for ${(omBytes / 1e6).toFixed(0)} MB), promtool backfill ${(loading.promtoolBackfillMs / 1000).toFixed(2)} s; MemoryStorage ${perSample}`);
  const avg = (xs) => xs.map((x) => x.toFixed(2)).join(' ');
  out.push(`load average: ${avg(loadAverage.start)} at the start, ${avg(loadAverage.end)} at the end`);
  const bad = rows.filter((r) => !r.agree);
  if (bad.length) {
    out.push('', `!!! ${bad.length} quer${bad.length === 1 ? 'y disagrees' : 'ies disagree'} with Prometheus: a bug to fix !!!`);
    for (const r of bad) out.push(`  ${r.name} (series: Prometheus ${r.series[0]}, ours ${r.series[1]}):`, ...r.problems.map((p) => `    ${p}`));
  }
  return out;
}
