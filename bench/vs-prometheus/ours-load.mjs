// Loading the side-by-side fixture into our storage, as `promql` loads a data file: shared by the
// side-by-side run and the run of our side alone.
import { readFileSync } from 'node:fs';

/**
 * Reads and loads an OpenMetrics file as its bytes (not decoded to a string first): the number of
 * samples stored and the time it took (ms).
 */
export function readAndLoad(lib, storage, omFile) {
  const t0 = performance.now();
  const loaded = lib.loadExposition(storage, readFileSync(omFile), { format: 'openmetrics', file: omFile });
  return { loaded, ms: performance.now() - t0 };
}

/** Heap (with external memory) and RSS after two full collections. */
function memory(gc) {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external, rss: m.rss };
}

/**
 * Our side of the loading: the OpenMetrics file through our loader (read, parse, store), timed,
 * and the memory the storage then holds per sample (with `gc`). The load runs in a function of
 * its own and memory is measured after it returned, so that no frame keeps the file's text alive
 * through the measurement (measured inside the loading frame, the text counted ~100 bytes per
 * sample more).
 */
export function loadOurs(lib, storage, omFile, expected, gc) {
  const before = gc ? memory(gc) : null;
  const { loaded, ms: oursLoadMs } = readAndLoad(lib, storage, omFile);
  if (loaded !== expected) throw new Error(`our loader stored ${loaded} samples of the fixture's ${expected}`);
  const after = gc ? memory(gc) : null;
  return {
    oursLoadMs, oursSamplesPerSecond: loaded / (oursLoadMs / 1000),
    heapBytesPerSample: after ? (after.heap - before.heap) / loaded : null,
    rssBytesPerSample: after ? (after.rss - before.rss) / loaded : null,
  };
}
