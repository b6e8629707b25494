// The pausable sort: the order and stability of the array's own sort, and pauses in between.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { sortingInPlace, sortingNumbersInPlace } from '../../src/util/sort-paused.js';
import { runCountingPauses as run } from '../support/pausable.js';

type Item = { k: number; i: number };

/** Sorts `items` by `k` with sortingInPlace: in place, and as Array.prototype.sort orders them. */
function sortsAsArraySort(items: Item[]): void {
  const want = [...items].sort((a, b) => a.k - b.k);
  const { value } = run(sortingInPlace(items, (a, b) => a.k - b.k));
  expect(value).toBe(items);
  expect(items).toEqual(want);
}

describe('sortingInPlace', () => {
  test('sorts as Array.prototype.sort does, ties in their first order, in place', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 9000 }), (keys) => {
      sortsAsArraySort(keys.map((k, i) => ({ k, i })));
    }), { numRuns: 40 });
  });

  test('inputs in order, or in order but for a few moves, sort as Array.prototype.sort does', () => {
    // Runs in order at some boundaries and not at others: the merges that can be skipped and those
    // that cannot, in one array; ties (few distinct keys) keep their first order.
    const moves = fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 12_000 }), fc.integer({ min: 1, max: 5000 }), moves, (n, distinct, swaps) => {
      const items = Array.from({ length: n }, (_, i) => ({ k: Math.floor((i * distinct) / Math.max(1, n)), i }));
      for (const [x, y] of swaps) {
        if (n === 0) break;
        const [a, b] = [x % n, y % n];
        [items[a], items[b]] = [items[b], items[a]];
      }
      sortsAsArraySort(items);
    }), { numRuns: 60 });
  });

  test('pauses on a long array, never on a short one', () => {
    const long = Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 20_000);
    const { value, pauses } = run(sortingInPlace(long, (a, b) => a - b));
    expect(value).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
    // 10 runs sorted, then 4 merge passes of 20,000 elements each yielding every 2,048 merged.
    expect(pauses).toBeGreaterThanOrEqual(10 + 4 * 5);
    expect(run(sortingInPlace([3, 1, 2], (a, b) => a - b)).pauses).toBe(0);
  });
});

describe('sortingNumbersInPlace', () => {
  test('sorts as Float64Array.prototype.sort does, in place: random, sorted, reversed and nearly sorted input', () => {
    const input = fc.oneof(
      fc.array(fc.double({ noNaN: true }), { maxLength: 40_000 }),
      fc.tuple(fc.integer({ min: 0, max: 40_000 }), fc.constantFrom('up', 'down', 'swapped')).map(([n, how]) => {
        const a = Array.from({ length: n }, (_, i) => (how === 'down' ? n - i : i) * 1.5);
        if (how === 'swapped' && n > 1) [a[0], a[n - 1]] = [a[n - 1], a[0]];
        return a;
      }),
    );
    fc.assert(fc.property(input, (xs) => {
      const a = Float64Array.from(xs);
      const want = Float64Array.from(xs).sort();
      const { value } = run(sortingNumbersInPlace(a));
      expect(value).toBe(a);
      expect(a).toEqual(want);
    }), { numRuns: 60 });
  });

  test('pauses on a long array, never on a short one', () => {
    const long = Float64Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 50_000);
    const { value, pauses } = run(sortingNumbersInPlace(long));
    expect(value).toEqual(Float64Array.from({ length: 50_000 }, (_, i) => i));
    // 7 runs sorted, then 3 merge passes yielding every 8,192 numbers merged (the rest copied).
    expect(pauses).toBeGreaterThanOrEqual(7 + 3 * 5);
    expect(run(sortingNumbersInPlace(new Float64Array([3, 1, 2]))).pauses).toBe(0);
  });
});
