// Loading fixture files (for `promql query`, `promql check --data` and tests), by extension: .om (OpenMetrics), .prom/.txt (text
// exposition), .json, .series (promqltest `load` notation).
import { MemoryStorage } from './memory.js';
import { loadExposition } from './load-exposition.js';
import { loadJSONSeries } from './load-json.js';
import { loadTestSeries } from './load-series.js';
import { readFileSync } from 'node:fs';
import { FileReadError, readErrorReason, readTextFile } from '../util/read-file.js';

/** Options of {@link loadDataFiles}. */
export interface LoadFilesOptions {
  /** Called now and then while an exposition file loads: characters parsed so far, of the total. */
  readonly onProgress?: (file: string, done: number, total: number) => void;
  /** Exposition files: drop repeated and out-of-order samples instead of failing (see ExpositionOptions.lenient). */
  readonly lenient?: boolean;
}

/** Loads every file into one storage. Throws DataError (file:line:col) or FileReadError. */
export function loadDataFiles(files: readonly string[], defaultTimestamp?: number, options: LoadFilesOptions = {}): MemoryStorage {
  const storage = new MemoryStorage();
  for (const file of files) {
    const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
    // Exposition files load from their bytes (no decoded copy of the whole file).
    const text = ext === 'om' || ext === 'prom' || ext === 'txt' ? readBytes(file) : readTextFile(file);
    const onProgress = options.onProgress && ((done: number, total: number) => options.onProgress!(file, done, total));
    switch (ext) {
      case 'om':
        loadExposition(storage, text, { format: 'openmetrics', file, defaultTimestamp, onProgress, lenient: options.lenient });
        break;
      case 'prom':
      case 'txt':
        loadExposition(storage, text, { file, defaultTimestamp, onProgress, lenient: options.lenient });
        break;
      case 'json':
        loadJSONSeries(storage, text as string, { file });
        break;
      case 'series':
        loadTestSeries(storage, text as string, { file });
        break;
      default:
        throw new Error(`${file}: unknown data format (use .om, .prom, .txt, .json or .series)`);
    }
  }
  return storage;
}

/** A file's bytes. Throws FileReadError with the CLI's wording when it cannot be read. */
function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new FileReadError(file, readErrorReason(e));
  }
}

/** The newest sample timestamp in the storage (the default evaluation time). */
export function newestTimestamp(storage: MemoryStorage): number {
  let max = 0;
  for (const s of storage.select({ matchers: [], start: -Number.MAX_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER })) {
    if (s.timestamps.length) max = Math.max(max, s.timestamps[s.timestamps.length - 1]);
  }
  return max;
}
