// The fixture of the serve comparison: a small, fixed OpenMetrics file (counters with a reset,
// gauges, a classic histogram, a series that stops half way) starting at T0.
/** First sample time, Unix seconds. */
export const T0 = 1_700_000_000;
/** Samples every 15 s for 30 minutes. */
export const STEPS = 120;
export const INTERVAL = 15;

/** The fixture text (OpenMetrics, with `# EOF`). */
export function fixtureText() {
  const lines = [];
  const fam = (name, type, help) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  const at = (i) => T0 + i * INTERVAL;
  fam('srv_requests', 'counter', 'Requests served.');
  const codes = [['api', 'a', '200', 3], ['api', 'a', '500', 0.25], ['api', 'b', '200', 5], ['db', 'c', '200', 1.5]];
  for (const [job, instance, code, rate] of codes) {
    for (let i = 0; i < STEPS; i++) {
      // instance b restarts half way: its counter resets.
      const v = instance === 'b' && i >= 60 ? (i - 60) * rate : i * rate;
      lines.push(`srv_requests_total{code="${code}",instance="${instance}",job="${job}"} ${v} ${at(i)}`);
    }
  }
  fam('srv_temperature_celsius', 'gauge', 'Room temperature.');
  for (const room of ['north', 'south']) {
    for (let i = 0; i < STEPS; i++) lines.push(`srv_temperature_celsius{room="${room}"} ${(20 + Math.sin(i / 7) * (room === 'north' ? 3 : 1)).toFixed(3)} ${at(i)}`);
  }
  fam('srv_latency_seconds', 'histogram', 'Request latency.');
  const bounds = ['0.1', '0.5', '1', '+Inf'];
  for (let i = 0; i < STEPS; i++) {
    const counts = [i * 2, i * 5, i * 6, i * 7];
    bounds.forEach((le, j) => lines.push(`srv_latency_seconds_bucket{le="${le}"} ${counts[j]} ${at(i)}`));
    lines.push(`srv_latency_seconds_sum ${(i * 2.75).toFixed(2)} ${at(i)}`, `srv_latency_seconds_count ${i * 7} ${at(i)}`);
  }
  fam('srv_batch_last_success', 'gauge', 'Last batch run; stops reporting half way.');
  for (let i = 0; i < STEPS / 2; i++) lines.push(`srv_batch_last_success{job="batch"} ${at(i)} ${at(i)}`);
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
