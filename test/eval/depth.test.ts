// Evaluation at any depth Prometheus accepts: deep nesting and long binary chains run on the
// driver's explicit stack, in instant and range queries, and explain/analyze handle them too.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine, MemoryStorage } from '../../src/index.js';

const storage = new MemoryStorage();
storage.add({ __name__: 'a', job: 'x' }, [{ t: 0, v: 1 }, { t: 60_000, v: 2 }]);
const engine = new Engine({ storage });

/** The single value of an instant query's result, whatever its type. */
async function valueAt(query: string, t = 60_000): Promise<number> {
  const r = await engine.instantQuery(query, t);
  if (r.resultType === 'scalar') return r.result.value;
  if (r.resultType !== 'vector' || r.result.length !== 1) throw new Error(`unexpected result for a deep query: ${r.resultType}`);
  return r.result[0].value;
}

const N = 2000;
const nest = (open: string, close: string, inner = 'a') => open.repeat(N) + inner + close.repeat(N);

describe('deep nesting evaluates', () => {
  it.each([
    ['parentheses', nest('(', ')'), 2],
    ['unary minus', `${'-'.repeat(N)}a`, 2],
    ['calls', nest('abs(', ')'), 2],
    ['aggregations', nest('sum(', ')'), 2],
    ['aggregations with grouping', nest('max by (job) (', ')'), 2],
    ['subqueries', nest('last_over_time((', ')[1m:1m])'), 2],
    ['a mix', nest('-(abs(sum by (job) (', ')))'), -2],
  ])('%s, 2,000 levels', async (_, query, expected) => {
    expect(await valueAt(query)).toBe(expected);
    const r = await engine.rangeQuery(query, 0, 120_000, 30_000);
    expect(r.resultType).toBe('matrix');
    expect(r.result).toHaveLength(1);
  });
});

describe('long binary chains evaluate', () => {
  const chain = (op: string, term = 'a', n = 20_000) => Array.from({ length: n }, () => term).join(` ${op} `);
  it.each([
    ['or', chain('or'), 2],
    ['and', chain('and'), 2],
    ['+', chain('+'), 40_000],
    ['-', chain('-'), 2 - 2 * 19_999],
    ['* on (job)', chain('* on (job)', 'a / a'), 1],
    ['^ (right-associative)', chain('^', '1'), 1],
    ['== bool', chain('== bool', '2'), 0],
    ['atan2', chain('atan2', '0'), 0],
  ])('%s, 20,000 terms', async (_, query, expected) => {
    expect(await valueAt(query)).toBeCloseTo(expected as number);
  });

  it('in a range query', async () => {
    const r = await engine.rangeQuery(chain('+'), 0, 120_000, 15_000);
    expect(r.resultType === 'matrix' && r.result[0].values.at(-1)).toBe(40_000);
  });

  it('explain and analyze draw a plan of 40,000 nodes', async () => {
    const query = chain('or');
    expect(engine.explain(query, 60_000).text.split('\n')).toHaveLength(2 * 20_000 - 1);
    const a = await engine.analyze(query, 60_000);
    expect(a.plan.stats!.evaluations).toBe(1);
  });
});

describe('random deep queries', () => {
  // Wrappers that keep the value 2 of `a` at 60s; the property nests random ones thousands deep.
  const wrappers: [string, string][] = [
    ['(', ')'], ['abs(', ')'], ['- -', ''], ['sum(', ')'], ['max by (job) (', ')'], ['last_over_time((', ')[1m:1m])'],
    ['(', ' + 0)'], ['(1 * ', ')'], ['clamp_min(', ', 0)'],
  ];
  it('evaluate to what they wrap', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: wrappers.length - 1 }), { minLength: 200, maxLength: 2000 }), async (picks) => {
        const query = picks.map((i) => wrappers[i][0]).join('') + 'a' + picks.map((i) => wrappers[i][1]).reverse().join('');
        expect(await valueAt(query)).toBe(2);
      }),
      { numRuns: 6 },
    );
  });
});
