// Test fixtures for user code: series written in the promqltest `load` notation inline (a tagged
// template) or read from files (.series, .om, .prom/.txt, .json).
import { MemoryStorage } from '../storage/memory.js';
import { loadTestSeries } from '../storage/load-series.js';
import { loadDataFiles } from '../storage/load-files.js';

/**
 * A storage from `load` blocks written inline, e.g.
 * ```ts
 * const storage = series`
 *   load 1m
 *     http_requests_total{job="api"} 0+10x30
 * `;
 * ```
 * Interpolated values are inserted as text. Bad notation throws a DataError naming line and column.
 */
export function series(strings: TemplateStringsArray, ...values: unknown[]): MemoryStorage {
  const text = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const storage = new MemoryStorage();
  loadTestSeries(storage, text, '<series`…`>');
  return storage;
}

/** A storage from fixture files, chosen by extension (.series, .om, .prom, .txt, .json). */
export function seriesFromFiles(...paths: string[]): MemoryStorage {
  return loadDataFiles(paths);
}
