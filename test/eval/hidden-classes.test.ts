// Objects a query makes every time must take the hidden classes the last query's took. A new
// hidden class per query (a spread's copy with properties added, a generator function or an
// object literal with an accessor made per query) costs V8 a map, its transitions and misses in
// every inline cache that sees it: a few µs a query, and several times that after an idle moment,
// when a small query's time is mostly such fixed costs.
import v8 from 'node:v8';
import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/eval/engine.js';
import { MemoryStorage } from '../../src/storage/memory.js';

v8.setFlagsFromString('--allow-natives-syntax');
/** Whether two objects have the same hidden class (V8's map). */
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

function engine(): Engine {
  const storage = new MemoryStorage();
  for (let i = 0; i < 3; i++) storage.add({ __name__: 'up', job: 'api', instance: `i${i}` }, [{ t: 0, v: i }, { t: 60_000, v: i + 1 }]);
  return new Engine({ storage });
}

describe('hidden classes of what every query makes', () => {
  test('the checker itself tells classes apart', () => {
    expect(sameMap({ a: 1 }, { a: 2 })).toBe(true);
    expect(sameMap({ a: 1 }, { b: 1 })).toBe(false);
  });

  test.each([
    ['range, matrix', (e: Engine) => e.rangeQuery('up', 0, 60_000, 15_000)],
    ['range, absent', (e: Engine) => e.rangeQuery('absent(nothing{job="api"})', 0, 60_000, 15_000)],
    ['instant, vector', (e: Engine) => e.instantQuery('sum by (job) (up)', 60_000)],
    ['instant, scalar', (e: Engine) => e.instantQuery('1 + 1', 60_000)],
  ])('two results of the same query share their classes (%s)', async (_, run) => {
    const e = engine();
    // Past the first runs, whose inline caches are still learning.
    for (let i = 0; i < 30; i++) await run(e);
    const a = await run(e);
    const b = await run(e);
    expect(sameMap(a, b)).toBe(true);
    expect(sameMap(a.stats!, b.stats!)).toBe(true);
    expect(sameMap(a.stats!.timings, b.stats!.timings)).toBe(true);
    expect(Object.keys(a)).toEqual(['resultType', 'result', 'warnings', 'infos', 'stats']);
  });
});
