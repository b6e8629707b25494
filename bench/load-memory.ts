// Resident bytes per float sample in MemoryStorage after loading, measured after a full GC:
// the growth of heapUsed + external (typed-array backing stores live outside the JS heap) and of
// RSS. Run with node --expose-gc (load.bench.ts does).
import { MemoryStorage, loadExposition } from '../src/index.js';
import { labelsFrom } from '../src/storage/labels.js';
import { expositionFixture } from './load-fixtures.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('load-memory: run with node --expose-gc');

const SERIES = Number(process.env.BENCH_MEM_SERIES ?? 2000);
const POINTS = Number(process.env.BENCH_MEM_POINTS ?? 1440);
const SCRAPE = 15_000;

function used(): { heap: number; rss: number } {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external, rss: m.rss };
}

function measure(what: string, fill: () => MemoryStorage): void {
  console.log(`memory: ${SERIES} series × ${POINTS} float samples`);
  const before = used();
  const storage = fill();
  // One select, as a query would: storages may compact on first read.
  storage.select({ matchers: [], start: 0, end: 0 });
  const after = used();
  const n = SERIES * POINTS;
  console.log(`${what.padEnd(34)} ${((after.heap - before.heap) / n).toFixed(1).padStart(6)} bytes/sample (heap+external)  ${((after.rss - before.rss) / n).toFixed(1).padStart(6)} bytes/sample (RSS)  [${storage.size} series]`);
}

// One measurement per process (argv[2]), so that nothing of an earlier one is still around.
const which = process.argv[2] ?? 'append';
if (which === 'append') {
  measure('MemoryStorage.append', () => {
    const s = new MemoryStorage();
    for (let i = 0; i < SERIES; i++) {
      const labels = labelsFrom({ __name__: 'm', instance: `host-${i}` });
      let v = 0;
      for (let j = 0; j < POINTS; j++) s.append(labels, j * SCRAPE, (v += (i + j) % 7));
    }
    return s;
  });
} else {
  measure('loadExposition (openmetrics)', () => {
    const s = new MemoryStorage();
    let text: string | null = expositionFixture({ series: SERIES, points: POINTS, scrape: SCRAPE }, 'openmetrics');
    loadExposition(s, text, { format: 'openmetrics' });
    text = null;
    return s;
  });
}
