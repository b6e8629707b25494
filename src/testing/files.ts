// Fixtures from files (.series, .om, .prom/.txt, .json): Node only, as it reads the file system.
import type { MemoryStorage } from '../storage/memory.js';
import { loadDataFiles } from '../storage/load-files.js';

/** A storage from fixture files, chosen by extension (.series, .om, .prom, .txt, .json). */
export function seriesFromFiles(...paths: string[]): MemoryStorage {
  return loadDataFiles(paths);
}
