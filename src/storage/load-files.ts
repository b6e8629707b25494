// Loading fixture files (for `promql query`, `promql check --data` and tests), by extension: .om (OpenMetrics), .prom/.txt (text
// exposition), .json, .series (promqltest `load` notation).
import { MemoryStorage } from './memory.js';
import { ExpositionLoad, loadExposition, type ExpositionOptions } from './load-exposition.js';
import { loadOptions, type AppendableStorage } from './appendable.js';
import { loadJSONSeries } from './load-json.js';
import { loadTestSeries } from './load-series.js';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { readTextFile, withFileErrors } from '../util/read-file.js';

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
    const onProgress = options.onProgress && ((done: number, total: number) => options.onProgress!(file, done, total));
    if (ext === 'om') {
      loadExpositionFile(storage, file, { format: 'openmetrics', file, defaultTimestamp, onProgress, lenient: options.lenient });
      continue;
    }
    // Exposition files load from their bytes (no decoded copy of the whole file).
    const text = ext === 'prom' || ext === 'txt' ? readBytes(file) : readTextFile(file);
    switch (ext) {
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

/** Bytes read at a time by {@link loadExpositionFile} (the buffer grows for a longer line). */
export const READ_PIECE = 4 << 20;

/**
 * Loads an exposition file of a known format (`options.format`, required: the format of a file
 * is not known before its end) a piece at a time, through one buffer of `piece` bytes (grown
 * while a line does not fit): the same samples and errors as `loadExposition` of the whole file,
 * without holding it, and without touching the fresh memory a buffer of the whole file is (on a
 * virtual machine, each page of it first touched costs microseconds: 255 MB read whole took about
 * 0.35 s of a 1.4 s load). Errors name `options.file`, by default the path. Returns the number of
 * samples stored; throws FileReadError, DataError, or TypeError for bad options.
 */
export function loadExpositionFile(
  storage: AppendableStorage, file: string, options: ExpositionOptions & { format: 'openmetrics' | 'text' }, piece = READ_PIECE,
): number {
  const given = loadOptions('loadExpositionFile', options);
  if (given.format !== 'openmetrics' && given.format !== 'text') {
    throw new TypeError(`loadExpositionFile: options.format must be 'openmetrics' or 'text', got ${JSON.stringify(given.format)}`);
  }
  if (!Number.isSafeInteger(piece) || piece < 1) throw new RangeError(`loadExpositionFile: piece must be a positive integer, got ${String(piece)}`);
  const o = { ...given, format: given.format, file: given.file ?? file };
  const fd = withFileErrors(file, () => openSync(file, 'r'));
  try {
    const size = withFileErrors(file, () => fstatSync(fd).size);
    const load = new ExpositionLoad(o, size);
    // A Buffer: its indexOf (looking for the end of a long line) is memchr, a Uint8Array's a plain loop.
    let buf = Buffer.allocUnsafe(piece);
    // buf[0, held) holds bytes read and not yet parsed (the start of a line); `done` bytes came before them.
    let held = 0;
    let done = 0;
    for (;;) {
      if (held === buf.length) {
        // A line longer than the buffer: room for more of it, in few steps (each new buffer is
        // fresh memory to touch): 4× at a time, or the rest of the file once that is within 8×.
        const rest = size - done;
        const bigger = Buffer.allocUnsafe(rest > buf.length && rest <= buf.length * 8 ? rest : buf.length * 4);
        bigger.set(buf);
        buf = bigger;
      }
      const got = withFileErrors(file, () => readSync(fd, buf, held, buf.length - held, null));
      held += got;
      const last = got === 0;
      const used = load.feed(buf.subarray(0, held), last, done, Math.max(size, done + held));
      if (last) return load.finish(storage, done + held);
      buf.copyWithin(0, used, held);
      held -= used;
      done += used;
    }
  } finally {
    closeSync(fd);
  }
}

/** A file's bytes. Throws FileReadError with the CLI's wording when it cannot be read. */
function readBytes(file: string): Uint8Array {
  return withFileErrors(file, () => readFileSync(file));
}

/** The newest sample timestamp in the storage (the default evaluation time). */
export function newestTimestamp(storage: MemoryStorage): number {
  let max = 0;
  for (const s of storage.select({ matchers: [], start: -Number.MAX_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER })) {
    if (s.timestamps.length) max = Math.max(max, s.timestamps[s.timestamps.length - 1]);
  }
  return max;
}
