// Fixture texts for the loading benchmarks: the same series and samples written as OpenMetrics,
// Prometheus text, promqltest `.series` and JSON, so the loaders can be compared sample for sample.

/** Size of a generated fixture. */
export interface FixtureSize {
  readonly series: number;
  readonly points: number;
  /** Scrape interval in ms. */
  readonly scrape: number;
}

function labelText(i: number): string {
  return `http_requests_total{job="job-${i % 10}",instance="host-${i}.example.org:9100",code="${200 + (i % 5)}"}`;
}

/** The value of sample j of series i: a counter growing by a few units, reset now and then. */
function nextValue(prev: number, i: number, j: number): number {
  return (j + i) % 997 === 0 ? 0 : prev + ((i * 7 + j * 3) % 13);
}

/**
 * Exposition text with every sample of a series at one scrape per line, scrape after scrape (as a
 * scrape-by-scrape dump is laid out). OpenMetrics timestamps are seconds, text ones ms.
 */
export function expositionFixture(size: FixtureSize, format: 'openmetrics' | 'text'): string {
  const parts: string[] = ['# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n'];
  const names = Array.from({ length: size.series }, (_, i) => labelText(i));
  const vals = new Float64Array(size.series);
  for (let j = 0; j < size.points; j++) {
    const t = j * size.scrape;
    const ts = format === 'openmetrics' ? String(t / 1000) : String(t);
    let chunk = '';
    for (let i = 0; i < size.series; i++) {
      vals[i] = nextValue(vals[i], i, j);
      chunk += `${names[i]} ${vals[i]} ${ts}\n`;
    }
    parts.push(chunk);
  }
  if (format === 'openmetrics') parts.push('# EOF\n');
  return parts.join('');
}

/** The same series in the promqltest notation, one `load` block, explicit values. */
export function seriesFixture(size: FixtureSize): string {
  const parts: string[] = [`load ${size.scrape / 1000}s\n`];
  for (let i = 0; i < size.series; i++) {
    const vs: number[] = [];
    let v = 0;
    for (let j = 0; j < size.points; j++) vs.push((v = nextValue(v, i, j)));
    parts.push(`  ${labelText(i)} ${vs.join(' ')}\n`);
  }
  return parts.join('');
}

/** The same series as a JSON fixture. */
export function jsonFixture(size: FixtureSize): string {
  const parts: string[] = [];
  for (let i = 0; i < size.series; i++) {
    const samples: string[] = [];
    let v = 0;
    for (let j = 0; j < size.points; j++) samples.push(`[${j * size.scrape},${(v = nextValue(v, i, j))}]`);
    parts.push(`{"labels":{"__name__":"http_requests_total","job":"job-${i % 10}","instance":"host-${i}.example.org:9100","code":"${200 + (i % 5)}"},"samples":[${samples.join(',')}]}`);
  }
  return `[${parts.join(',\n')}]`;
}
