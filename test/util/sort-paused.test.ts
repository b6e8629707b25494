// The pausable sort: the order and stability of the array's own sort, and pauses in between.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { sortingInPlace } from '../../src/util/sort-paused.js';
import { runCountingPauses as run } from '../support/pausable.js';


describe('sortingInPlace', () => {
  test('sorts as Array.prototype.sort does, ties in their first order, in place', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 9000 }), (keys) => {
      const items = keys.map((k, i) => ({ k, i }));
      const want = [...items].sort((a, b) => a.k - b.k);
      const { value } = run(sortingInPlace(items, (a, b) => a.k - b.k));
      expect(value).toBe(items);
      expect(items).toEqual(want);
    }), { numRuns: 40 });
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
