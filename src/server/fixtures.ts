// Fixture files behind `promql serve`: loaded into a MemoryStorage, reloaded on demand (SIGHUP)
// or when a file changes; queries always see one complete load, never a half-read one.
import { watch, type FSWatcher } from 'node:fs';
import { loadDataFiles } from '../storage/load-files.js';
import type { MemoryStorage } from '../storage/memory.js';
import type { SelectRequest, Storage } from '../storage/types.js';
import { readTextFile } from '../util/read-file.js';
import { metadataFromExposition, type MetricMetadata } from './metadata.js';

interface Loaded {
  readonly storage: MemoryStorage;
  readonly metadata: Map<string, MetricMetadata[]>;
}

function load(files: readonly string[], now: number): Loaded {
  const storage = loadDataFiles(files, now);
  const texts = files.filter((f) => /\.(om|prom|txt)$/i.test(f)).map((f) => readTextFile(f));
  return { storage, metadata: metadataFromExposition(texts) };
}

/**
 * A set of fixture files served as one storage. Contract: the constructor loads them (throwing
 * DataError or FileReadError); `reload()` swaps in a fresh load only when every file loads, so a
 * broken edit leaves the previous data in place and is reported through `onReload`.
 */
export class FixtureSet {
  private current: Loaded;
  private watchers: FSWatcher[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** How many loads succeeded (the first included). */
  loads = 1;

  constructor(readonly files: readonly string[], private readonly onReload: (error: Error | null, series: number) => void = () => {}) {
    this.current = load(files, Date.now());
  }

  /** The storage queries read: always the latest complete load. */
  readonly storage: Storage = { select: (req: SelectRequest) => this.current.storage.select(req) };

  /** Metadata from the exposition files' TYPE/HELP/UNIT lines. */
  readonly metadata = (): ReadonlyMap<string, readonly MetricMetadata[]> => this.current.metadata;

  /** Number of series in the current load. */
  get size(): number {
    return this.current.storage.size;
  }

  /** Loads the files again; keeps the old data if any file fails. */
  reload(): void {
    try {
      this.current = load(this.files, Date.now());
      this.loads++;
      this.onReload(null, this.current.storage.size);
    } catch (e) {
      this.onReload(e as Error, this.current.storage.size);
    }
  }

  /** Reloads (debounced by `delayMs`) whenever one of the files changes. */
  watch(delayMs = 200): void {
    for (const f of this.files) {
      const w = watch(f, () => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.timer = null;
          this.reload();
        }, delayMs);
      });
      w.on('error', () => {});
      this.watchers.push(w);
    }
  }

  /** Stops watching. */
  close(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    if (this.timer) clearTimeout(this.timer);
  }
}
