// Slabs are reused from one query to the next (see src/util/slab.ts): only once no query runs,
// zeroed when taken again, and never while a query that may hold views of them still runs.
import { beforeEach, describe, expect, test } from 'vitest';
import { Engine, MemoryStorage, type Storage } from '../../src/index.js';
import { f64, setSlabPoisoning, slabQuery, slabState, u8 } from '../../src/util/slab.js';

const POISON = -1.2345678e300;

/** 40 series of 2 h at 15 s: enough step arrays for a range query to fill several slabs. */
function storage(): MemoryStorage {
  const m = new MemoryStorage();
  for (let s = 0; s < 40; s++) {
    for (let i = 0; i <= 480; i++) m.append({ __name__: 'c_total', i: String(s) }, i * 15_000, i * (s + 1) + (i % 7));
  }
  return m;
}

/** A storage whose select answers only when `release` is called. */
function gatedStorage(inner: Storage): { storage: Storage; release: () => void } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    storage: { async select(req) { await gate; return inner.select(req); } },
    release: () => open(),
  };
}

const RANGE = ['sum by (i) (rate(c_total[5m]))', 0, 7_200_000, 15_000] as const;

describe('slabs reused across queries', () => {
  // On for every test file (test/setup/poison-slabs.ts); said again here, as this file relies on it.
  beforeEach(() => setSlabPoisoning(true));

  test('arrays carved from a pooled slab are zeroed', () => {
    const end = slabQuery();
    for (let i = 0; i < 40; i++) f64(4096).fill(7);
    for (let i = 0; i < 40; i++) u8(4096).fill(1);
    end();
    expect(slabState().pooled).toBeGreaterThan(0);
    const again = slabQuery();
    for (let i = 0; i < 40; i++) {
      expect(f64(4096).every((x) => x === 0)).toBe(true);
      expect(u8(4096).every((x) => x === 0)).toBe(true);
    }
    again();
  });

  test('without poisoning, only the used part of a pooled slab is zeroed, and that is enough', () => {
    setSlabPoisoning(false);
    try {
      // Odd sizes (the flags' 4-byte rounding) and a partly used last slab, then every array of
      // the next query, across the whole slabs, must read zero.
      const end = slabQuery();
      for (let i = 0; i < 300; i++) {
        f64(1 + ((i * 37) % 3000)).fill(i + 0.5);
        u8(1 + ((i * 53) % 3001)).fill(1);
      }
      end();
      const again = slabQuery();
      for (let i = 0; i < 300; i++) {
        expect(f64(1 + ((i * 41) % 2999)).every((x) => x === 0)).toBe(true);
        expect(u8(1 + ((i * 29) % 3003)).every((x) => x === 0)).toBe(true);
      }
      again();
    } finally {
      setSlabPoisoning(true);
    }
  });

  test('a pooled slab is poisoned until taken (so a kept array shows up as wrong)', () => {
    const end = slabQuery();
    const kept = f64(16);
    kept.fill(1);
    end();
    expect(kept[0]).toBe(POISON);
  });

  test('answers do not change when later queries reuse the slabs', async () => {
    const e = new Engine({ storage: storage() });
    const first = await e.rangeQuery(...RANGE);
    const copy = JSON.parse(JSON.stringify(first));
    expect(slabState().running).toBe(0);
    for (let k = 0; k < 3; k++) await e.rangeQuery('rate(c_total[1m]) * 2', 0, 7_200_000, 15_000);
    expect(JSON.parse(JSON.stringify(first))).toEqual(copy);
    expect(first.resultType === 'matrix' && first.result.every((s) => s.values.every((v) => v !== POISON))).toBe(true);
  });

  test('no slab goes back to the pool while another query still runs', async () => {
    const inner = storage();
    const gated = gatedStorage(inner);
    const slow = new Engine({ storage: gated.storage });
    const fast = new Engine({ storage: inner });
    const alone = JSON.stringify((await fast.rangeQuery(...RANGE)).result);
    // The slow query starts, waits for its select; another runs to the end meanwhile and must
    // leave its slabs lent (the slow one will carve from them), not pooled and poisoned.
    const pending = slow.rangeQuery(...RANGE);
    expect(slabState().running).toBe(1);
    const poolBefore = slabState().pooled;
    await fast.rangeQuery('rate(c_total[1m])', 0, 7_200_000, 15_000);
    expect(slabState().running).toBe(1);
    expect(slabState().pooled).toBeLessThanOrEqual(poolBefore);
    gated.release();
    const r = await pending;
    expect(JSON.stringify(r.result)).toBe(alone);
    expect(slabState().running).toBe(0);
  });

  test('queries that run side by side give the answers they give alone', async () => {
    const e = new Engine({ storage: storage() });
    const queries = ['rate(c_total[5m])', 'sum(rate(c_total[5m]))', 'max_over_time(c_total[10m])', 'topk(3, c_total)'];
    const alone: string[] = [];
    for (const q of queries) alone.push(JSON.stringify((await e.rangeQuery(q, 0, 7_200_000, 15_000)).result));
    const together = await Promise.all(queries.map((q) => e.rangeQuery(q, 0, 7_200_000, 15_000)));
    expect(together.map((r) => JSON.stringify(r.result))).toEqual(alone);
    expect(slabState().running).toBe(0);
  });

  test('a failed query ends its lending too', async () => {
    const e = new Engine({ storage: { select() { throw new Error('disk on fire'); } } });
    await expect(e.rangeQuery('up', 0, 60_000, 15_000)).rejects.toThrow(/disk on fire/);
    expect(slabState().running).toBe(0);
  });
});
