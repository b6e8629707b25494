// Test fixtures for user code: series written in the promqltest `load` notation inline (a tagged
// template, or with the interval given separately. Files: see `files.ts`.
import { MemoryStorage } from '../storage/memory.js';
import { loadTestSeries } from '../storage/load-series.js';

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
  loadTestSeries(storage, text, { file: '<series`…`>' });
  return storage;
}

/**
 * A tag for series lines at a fixed interval, without a `load` line:
 * ```ts
 * const storage = seriesEvery('15s')`
 *   http_requests_total{job="api"} 0+10x30
 * `;
 * ```
 */
export function seriesEvery(interval: string): (strings: TemplateStringsArray, ...values: unknown[]) => MemoryStorage {
  return (strings, ...values) => {
    const text = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
    const storage = new MemoryStorage();
    loadTestSeries(storage, `load ${interval}\n${text}`, { file: `<seriesEvery(${interval})>` });
    return storage;
  };
}
