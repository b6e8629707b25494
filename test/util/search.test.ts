// Binary search: Go's sort.Search and the last-at-or-before lookup, against a linear scan.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lastAtOrBefore, lowerBound, searchFirst, upperBound } from '../../src/util/search.js';

describe('searchFirst (sort.Search)', () => {
  test.each([
    [0, 0, 0],
    [5, 0, 0],
    [5, 3, 3],
    [5, 5, 5],
    [5, 9, 5],
  ])('n=%s, true from %s → %s', (n, from, want) => {
    expect(searchFirst(n, (i) => i >= from)).toBe(want);
  });

  test('only asks about indexes in [0, n)', () => {
    const asked: number[] = [];
    searchFirst(10, (i) => (asked.push(i), i >= 7));
    expect(asked.every((i) => i >= 0 && i < 10)).toBe(true);
  });
});

describe('lastAtOrBefore', () => {
  test.each([
    [[], 5, -1],
    [[10, 20, 30], 5, -1],
    [[10, 20, 30], 10, 0],
    [[10, 20, 30], 25, 1],
    [[10, 20, 30], 30, 2],
    [[10, 20, 30], 99, 2],
    [[10, 20, 20, 30], 20, 2],
  ])('%j, %s → %s', (a, x, want) => {
    expect(lastAtOrBefore(a, x)).toBe(want);
  });

  test('agrees with a linear scan and with searchFirst', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (xs, x) => {
      const a = Float64Array.from(xs.sort((p, q) => p - q));
      let want = -1;
      a.forEach((v, i) => { if (v <= x) want = i; });
      expect(lastAtOrBefore(a, x)).toBe(want);
      expect(searchFirst(a.length, (i) => a[i] > x) - 1).toBe(want);
    }));
  });
});

describe('lowerBound and upperBound over the first len elements', () => {
  test('agree with sort.Search, whatever lies beyond len', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: -50, max: 50 })), fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }),
      (xs, tail, x) => {
        const a = Float64Array.from([...xs.sort((p, q) => p - q), ...tail]);
        const len = xs.length;
        expect(lowerBound(a, len, x)).toBe(searchFirst(len, (i) => a[i] >= x));
        expect(upperBound(a, len, x)).toBe(searchFirst(len, (i) => a[i] > x));
      },
    ));
  });
});
