// Maps split over small hash tables (src/util/split-maps.ts): they answer as a Map or a WeakMap
// would, keep each table small, and spread labelsKey's keys over every shard.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { StringMap, StringSet, WeakCache } from '../../src/util/split-maps.js';
import { labelsFrom, labelsKey } from '../../src/storage/labels.js';

/** The private tables of a StringMap, to check their sizes. */
function tables(m: StringMap<unknown>): { first: Map<string, unknown>; shards: Map<string, unknown>[] | null } {
  return m as unknown as { first: Map<string, unknown>; shards: Map<string, unknown>[] | null };
}

describe('StringMap', () => {
  test('answers get, has and size as a Map does, past its first table', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 40_000 }), fc.integer(), fc.boolean()), { minLength: 20_000, maxLength: 30_000 }),
      (ops) => {
        const ours = new StringMap<number>();
        const map = new Map<string, number>();
        for (const [n, v, labelled] of ops) {
          const k = labelled ? labelsKey(labelsFrom({ instance: `i${n}` })) : `k${n}`;
          expect(ours.get(k)).toBe(map.get(k));
          ours.set(k, v);
          map.set(k, v);
        }
        expect(ours.size).toBe(map.size);
        for (const [k, v] of map) expect(ours.get(k)).toBe(v);
        expect(ours.has('absent')).toBe(false);
      },
    ), { numRuns: 3 });
  });

  test('its first table stops at 16,384 entries; labelsKey keys spread over all 64 shards', () => {
    const m = new StringMap<number>();
    for (let i = 0; i < 100_000; i++) m.set(labelsKey(labelsFrom({ __name__: 'up', instance: `10.0.${i >> 8}.${i & 255}:9100` })), i);
    const { first, shards } = tables(m);
    expect(first.size).toBe(16_384);
    expect(shards).toHaveLength(64);
    const sizes = shards!.map((s) => s.size);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100_000 - 16_384);
    // Evenly: 1,306 each on average; none with twice that, none empty.
    expect(Math.max(...sizes)).toBeLessThan(2 * 1_306);
    expect(Math.min(...sizes)).toBeGreaterThan(1_306 / 2);
  });

  test('an update of a key in the first table stays there; clear empties all', () => {
    const m = new StringMap<string>();
    for (let i = 0; i < 20_000; i++) m.set(`k${i}`, 'a');
    m.set('k0', 'b');
    expect(tables(m).first.get('k0')).toBe('b');
    expect(m.size).toBe(20_000);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.get('k19999')).toBeUndefined();
  });
});

describe('StringSet', () => {
  test('has what was added, counts it once', () => {
    const s = new StringSet();
    for (let i = 0; i < 40_000; i++) s.add(`k${i % 30_000}`);
    expect(s.size).toBe(30_000);
    expect(s.has('k29999')).toBe(true);
    expect(s.has('k30000')).toBe(false);
  });
});

describe('WeakCache', () => {
  test('gives back what was set, the latest value of a key', () => {
    const c = new WeakCache<object, number>();
    const keys = Array.from({ length: 70_000 }, () => ({}));
    keys.forEach((k, i) => c.set(k, i));
    expect(c.get(keys[0])).toBe(0);
    expect(c.get(keys[69_999])).toBe(69_999);
    expect(c.get(keys[40_000])).toBe(40_000);
    c.set(keys[0], -1);
    expect(c.get(keys[0])).toBe(-1);
    expect(c.get({})).toBeUndefined();
  });

  test('forgets the oldest table past 16 older ones, keeps the newer', () => {
    const c = new WeakCache<object, number>();
    const keys = Array.from({ length: 18 * 32_768 }, () => ({}));
    keys.forEach((k, i) => c.set(k, i));
    // Tables of 32,768: the 18th is current, the 1st was dropped, the 2nd is the oldest kept.
    expect(c.get(keys[0])).toBeUndefined();
    expect(c.get(keys[32_767])).toBeUndefined();
    expect(c.get(keys[32_768])).toBe(32_768);
    expect(c.get(keys.at(-1)!)).toBe(keys.length - 1);
  });
});

describe('labelsKey', () => {
  test('equal label sets give equal keys, led by a shard mark; different ones differ', () => {
    const a = labelsKey(labelsFrom({ job: 'a', instance: 'x' }));
    expect(labelsKey(labelsFrom({ instance: 'x', job: 'a' }))).toBe(a);
    expect(labelsKey(labelsFrom({ job: 'a', instance: 'y' }))).not.toBe(a);
    expect(labelsKey(labelsFrom({ job: 'ai', instance: '' }))).not.toBe(labelsKey(labelsFrom({ job: 'a', i: 'nstance' })));
    expect(a.charCodeAt(0)).toBeGreaterThanOrEqual(0x40);
    expect(a.charCodeAt(0)).toBeLessThanOrEqual(0x7f);
  });
});
