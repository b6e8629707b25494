// Loading: samples per second (CPU time, median of three) of each loader into MemoryStorage over
// the same series (exposition text both as a string and as UTF-8 bytes), then the resident bytes per float sample after load (in a child process run
// with --expose-gc, see load-memory.ts).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MemoryStorage, loadExposition, loadJSONSeries, loadTestSeries } from '../src/index.js';
import { expositionFixture, jsonFixture, seriesFixture, type FixtureSize } from './load-fixtures.js';

const size: FixtureSize = {
  series: Number(process.env.BENCH_LOAD_SERIES ?? 500),
  points: Number(process.env.BENCH_LOAD_POINTS ?? 1440),
  scrape: 15_000,
};
const samples = size.series * size.points;

/** CPU seconds of one call of `f`. */
function cpuSeconds(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

function report(what: string, text: string | Uint8Array, load: (s: MemoryStorage) => number): void {
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const storage = new MemoryStorage();
    runs.push(cpuSeconds(() => {
      if (load(storage) !== samples) throw new Error(`${what}: wrong sample count`);
    }));
  }
  const sec = runs.sort((a, b) => a - b)[1];
  const mb = ((typeof text === 'string' ? Buffer.byteLength(text) : text.length) / 1e6).toFixed(1);
  console.log(`${what.padEnd(12)} ${mb.padStart(7)} MB  ${sec.toFixed(2).padStart(6)} s CPU  ${Math.round(samples / sec).toLocaleString('en-US').padStart(11)} samples/s`);
}

console.log(`${size.series} series × ${size.points} samples = ${samples.toLocaleString('en-US')} samples (median CPU time of 3 loads)`);
const om = expositionFixture(size, 'openmetrics');
report('openmetrics', om, (s) => loadExposition(s, om, { format: 'openmetrics' }));
// As a file read without decoding (what loadDataFiles does): UTF-8 bytes.
const omBytes = Buffer.from(om);
report('om (bytes)', omBytes, (s) => loadExposition(s, omBytes, { format: 'openmetrics' }));
const text = expositionFixture(size, 'text');
report('text', text, (s) => loadExposition(s, text, { format: 'text' }));
const textBytes = Buffer.from(text);
report('text (bytes)', textBytes, (s) => loadExposition(s, textBytes, { format: 'text' }));
const series = seriesFixture(size);
report('.series', series, (s) => loadTestSeries(s, series));
const json = jsonFixture(size);
report('json', json, (s) => loadJSONSeries(s, json));

const memory = fileURLToPath(new URL('./load-memory.js', import.meta.url));
for (const which of ['append', 'exposition']) {
  process.stdout.write(execFileSync(process.execPath, ['--expose-gc', memory, which], { encoding: 'utf8' }));
}
