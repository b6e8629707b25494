// Maps that never grow one hash table past a few thousand entries. A JavaScript Map or WeakMap
// doubles its table when it fills, copying every entry in one step: 13–20 ms for a Map at 65,536
// entries, 16–20 ms for a WeakMap at 87,381, 50–80 ms for the labels' key cache at 174,762 (the
// storage's label sets and a query's own), each step longer than a time slice and inside no
// loop that could pause. A query over 100,000 series makes tables that large (the series of its
// answer by labels, the signatures of a join, the cached keys of their label sets), so a timer
// waited 60–130 ms in them. These split the entries over tables that stay small.

/** Entries in a {@link StringMap}'s first table before it stops growing (a Map's copy of 16,384 takes 2–4 ms). */
const TABLE_ENTRIES = 1 << 14;
/** Tables a large {@link StringMap} spreads its later entries over. */
const SHARDS = 64;

/** FNV-1a's offset basis: the hash of nothing, to start {@link hashOn} from. */
export const HASH_START = 0x811c9dc5;

/** FNV-1a continued over the string's UTF-16 code units. */
export function hashOn(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * The first character of a key made for a {@link StringMap}: one of 64 (U+0040 to U+007F) chosen
 * by the hash of the rest of the key, which names its shard.
 */
export function shardMark(h: number): string {
  return String.fromCharCode(0x40 | ((h >>> 0) & 63));
}

/** Which shard holds a key: its first character's low six bits (see {@link shardMark}). */
function shardOf(k: string): number {
  return k.charCodeAt(0) & (SHARDS - 1);
}

/**
 * A map from strings to values (never `undefined`), for maps with one entry per series: a plain
 * Map while small; past {@link TABLE_ENTRIES} entries, later keys go to one of 64 Maps chosen by
 * their first character, which keys made by `labelsKey` draw from their hash ({@link shardMark}):
 * hashing each key on each lookup cost more than the lookup. Keys of any other shape work, only
 * spread less. No iteration: callers keep their own order where it matters.
 */
export class StringMap<V> {
  private readonly first = new Map<string, V>();
  private shards: Map<string, V>[] | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(k: string): V | undefined {
    const v = this.first.get(k);
    if (v !== undefined || this.shards === null) return v;
    return this.shards[shardOf(k)].get(k);
  }

  has(k: string): boolean {
    return this.get(k) !== undefined;
  }

  set(k: string, v: V): this {
    const table = (this.shards === null && this.first.size < TABLE_ENTRIES) || this.first.has(k)
      ? this.first
      : (this.shards ??= Array.from({ length: SHARDS }, () => new Map<string, V>()))[shardOf(k)];
    const before = table.size;
    table.set(k, v);
    this.count += table.size - before;
    return this;
  }

  clear(): void {
    this.first.clear();
    this.shards = null;
    this.count = 0;
  }
}

/** Entries in one table of a {@link WeakCache} (a WeakMap's copy of 21,845 takes about 4 ms). */
const WEAK_TABLE_ENTRIES = 1 << 15;
/** Older tables a {@link WeakCache} keeps before it forgets the oldest (at most 557,056 entries). */
const GENERATIONS = 16;

/**
 * A cache of values computed from objects (label sets), weakly held: a WeakMap of at most
 * {@link WEAK_TABLE_ENTRIES} entries, then a new one, looked up newest first; past 16 older ones
 * the oldest is dropped and its values are computed again when asked for. The last key found is
 * remembered (callers ask for one label set at several steps in a row). Only for values that
 * are a function of the key.
 */
export class WeakCache<K extends object, V> {
  private current = new WeakMap<K, V>();
  private readonly older: WeakMap<K, V>[] = [];
  private sets = 0;
  private lastKey: K | undefined = undefined;
  private lastValue: V | undefined = undefined;

  get(k: K): V | undefined {
    if (k === this.lastKey) return this.lastValue;
    let v = this.current.get(k);
    for (let i = this.older.length - 1; v === undefined && i >= 0; i--) v = this.older[i].get(k);
    if (v !== undefined) {
      this.lastKey = k;
      this.lastValue = v;
    }
    return v;
  }

  set(k: K, v: V): this {
    if (this.sets === WEAK_TABLE_ENTRIES) {
      this.older.push(this.current);
      if (this.older.length > GENERATIONS) this.older.shift();
      this.current = new WeakMap();
      this.sets = 0;
    }
    this.current.set(k, v);
    this.sets++;
    this.lastKey = k;
    this.lastValue = v;
    return this;
  }
}

/** A set of strings kept as a {@link StringMap}. */
export class StringSet {
  private readonly map = new StringMap<true>();

  get size(): number {
    return this.map.size;
  }

  has(k: string): boolean {
    return this.map.has(k);
  }

  add(k: string): this {
    this.map.set(k, true);
    return this;
  }
}
