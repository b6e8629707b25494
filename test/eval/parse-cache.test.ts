// An engine keeps the trees of the queries it evaluated last. Reusing a tree must never change an
// answer: nothing about one evaluation (its range, its step, its data) may stay behind in the tree.
import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/eval/engine.js';
import { ParseCache } from '../../src/eval/parse-cache.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { parse } from '../../src/parser/parse.js';
import { toPrometheusJSON } from '../../src/eval/result.js';
import { ParseError } from '../../src/errors.js';
import type { Expr } from '../../src/parser/ast.js';

function counting(): { parse: (q: string) => Expr; calls: string[] } {
  const calls: string[] = [];
  return { calls, parse: (q) => (calls.push(q), parse(q)) };
}

describe('ParseCache', () => {
  test('hands out the kept tree without parsing again', () => {
    const cache = new ParseCache();
    const p = counting();
    const a = cache.get('rate(x[5m])', p.parse);
    expect(cache.get('rate(x[5m])', p.parse)).toBe(a);
    expect(p.calls).toEqual(['rate(x[5m])']);
  });

  test('drops the least recently used texts beyond its budget of characters', () => {
    // 96 characters: eight texts of 12 (m_0000000001 …).
    const cache = new ParseCache(96);
    const p = counting();
    const text = (i: number) => `m_${String(i).padStart(10, '0')}`;
    for (let i = 1; i <= 8; i++) cache.get(text(i), p.parse);
    // A hit makes the first the most recent: a ninth then pushes out the second.
    cache.get(text(1), p.parse);
    cache.get(text(9), p.parse);
    expect(cache.size).toBe(8);
    p.calls.length = 0;
    cache.get(text(1), p.parse);
    cache.get(text(3), p.parse);
    expect(p.calls).toEqual([]);
    cache.get(text(2), p.parse);
    expect(p.calls).toEqual([text(2)]);
  });

  test('does not keep a text longer than an eighth of its budget', () => {
    const cache = new ParseCache(80);
    const p = counting();
    cache.get('a_rather_long_metric_name', p.parse);
    cache.get('a_rather_long_metric_name', p.parse);
    expect(p.calls.length).toBe(2);
    expect(cache.size).toBe(0);
  });

  test('keeps a text remembered twice once (two queries of one text parsed at the same time)', () => {
    const cache = new ParseCache(96);
    const text = (i: number) => `m_${String(i).padStart(10, '0')}`;
    const tree = parse(text(1));
    cache.remember(text(1), tree);
    cache.remember(text(1), parse(text(1)));
    expect(cache.lookup(text(1))).toBe(tree);
    // Counted once: seven more texts of 12 characters still fit in the 96.
    for (let i = 2; i <= 8; i++) cache.remember(text(i), parse(text(i)));
    expect(cache.size).toBe(8);
    expect(cache.lookup(text(1))).toBe(tree);
  });

  test('keeps nothing for a query that does not parse', () => {
    const cache = new ParseCache();
    const p = counting();
    expect(() => cache.get('sum(', p.parse)).toThrow(ParseError);
    expect(() => cache.get('sum(', p.parse)).toThrow(ParseError);
    expect(p.calls.length).toBe(2);
    expect(cache.size).toBe(0);
  });
});

describe('an engine evaluating the same text again', () => {
  const storage = new MemoryStorage();
  for (let t = 0; t <= 3_600_000; t += 15_000) {
    storage.append({ __name__: 'm', job: 'a' }, t, (t / 15_000) % 7);
    storage.append({ __name__: 'm', job: 'b' }, t, Math.floor(t / 60_000) % 3);
  }
  const options = { storage, parser: { durationExpressions: true, experimentalFunctions: true } };

  async function answer(engine: Engine, query: string, start: number, end: number, step: number): Promise<string> {
    try {
      return JSON.stringify(toPrometheusJSON(await engine.rangeQuery(query, start, end, step)));
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  }

  test('answers as a fresh engine does, over other ranges and steps', async () => {
    const shared = new Engine(options);
    const queries = [
      'max_over_time(m[step() * 4])',
      'count_values("v", m)',
      'sum by (v) (count_values("v", m))',
      'm @ end() - m @ start()',
      'absent(nothing{job="x"})',
      'label_replace(m, "j", "$1", "job", "(.)")',
      'rate(m[2m] offset step())',
    ];
    const ranges: [number, number, number][] = [[600_000, 1_800_000, 15_000], [0, 3_600_000, 60_000], [900_000, 900_000, 1_000], [1_200_000, 2_400_000, 45_000]];
    for (const [start, end, step] of ranges) {
      for (const q of queries) {
        expect(await answer(shared, q, start, end, step), `${q} over ${start}…${end} at ${step}`).toBe(await answer(new Engine(options), q, start, end, step));
      }
    }
  });

  test('reports a parse error with its position every time', async () => {
    const engine = new Engine(options);
    for (let i = 0; i < 2; i++) {
      await expect(engine.instantQuery('sum(rate(m[5m])', 0)).rejects.toThrow(/1:16: parse error/);
    }
  });
});
