// Loading the side-by-side fixture into our storage, as `promql` loads a data file: shared by the
// side-by-side run and the run of our side alone.
/**
 * Reads and loads an OpenMetrics file as `promql --data` does (`loadExpositionFile` of the testing
 * entry beside the main entry at `libUrl`: read a piece at a time, as bytes): the number of
 * samples stored and the time it took (ms).
 */
export async function readAndLoad(libUrl, storage, omFile) {
  const { loadExpositionFile } = await import(new URL('./testing/index.js', libUrl).href);
  const t0 = performance.now();
  const loaded = loadExpositionFile(storage, omFile, { format: 'openmetrics', file: omFile });
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
export async function loadOurs(libUrl, storage, omFile, expected, gc) {
  const before = gc ? memory(gc) : null;
  const { loaded, ms: oursLoadMs } = await readAndLoad(libUrl, storage, omFile);
  if (loaded !== expected) throw new Error(`our loader stored ${loaded} samples of the fixture's ${expected}`);
  const after = gc ? memory(gc) : null;
  return {
    oursLoadMs, oursSamplesPerSecond: loaded / (oursLoadMs / 1000),
    heapBytesPerSample: after ? (after.heap - before.heap) / loaded : null,
    rssBytesPerSample: after ? (after.rss - before.rss) / loaded : null,
  };
}
