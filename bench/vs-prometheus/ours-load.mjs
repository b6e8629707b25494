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
