// The differential check's own parts that need no Prometheus: seeded generators, our loader on the
// generated fixture, and the comparator's verdicts.
import { describe, expect, test } from 'vitest';
// @ts-expect-error: plain ES modules of the tool, no type declarations.
import { generateFixture } from '../../tools/differential/fixture.mjs';
// @ts-expect-error: as above.
import { QueryGenerator } from '../../tools/differential/queries.mjs';
// @ts-expect-error: as above.
import { compareAnswers, isSortedQuery } from '../../tools/differential/compare.mjs';
import { recheck, RECHECKS } from '../../tools/differential/recheck.mjs';
import { MemoryStorage, loadExposition, parse } from '../../src/index.js';

const ok = (data: unknown, warnings: string[] = [], infos: string[] = []) => ({ ok: true, data, warnings, infos });
const err = (error: string) => ({ ok: false, error });
const vec = (value: string, metric = { job: 'a' }) => ({ resultType: 'vector', result: [{ metric, value: [100, value] }] });

describe('differential check', () => {
  test('the fixture is deterministic and loads with our OpenMetrics loader', () => {
    const a = generateFixture(3);
    expect(generateFixture(3).text).toBe(a.text);
    expect(generateFixture(4).text).not.toBe(a.text);
    expect(loadExposition(new MemoryStorage(), a.text, { format: 'openmetrics' })).toBe(a.samples);
  });

  test('generated queries are deterministic and mostly parse', () => {
    const g1 = new QueryGenerator(9);
    const g2 = new QueryGenerator(9);
    const qs: string[] = Array.from({ length: 300 }, () => g1.next());
    expect(Array.from({ length: 300 }, () => g2.next())).toEqual(qs);
    const parsed = qs.filter((q) => {
      try {
        parse(q, { experimentalFunctions: true });
        return true;
      } catch {
        return false;
      }
    });
    expect(parsed.length).toBeGreaterThan(250);
  });

  test.each([
    ['same answer', ok(vec('1')), ok(vec('1')), { agree: true }],
    ['NaN equals NaN', ok(vec('NaN')), ok(vec('NaN')), { agree: true }],
    ['last bit differs', ok(vec('0.1')), ok(vec('0.10000000000000002')), { category: 'result' }],
    ['formatting only', ok(vec('1e+21')), ok(vec('1e21')), { category: 'format' }],
    ['other labels', ok(vec('1')), ok(vec('1', { job: 'b' })), { category: 'result' }],
    ['error text', err('a'), err('b'), { category: 'error message' }],
    ['annotations', ok(vec('1'), ['PromQL warning: x (1:1)']), ok(vec('1')), { category: 'annotations' }],
  ])('%s', (_name, p, o, expected) => {
    expect(compareAnswers('x', 'instant', p, o)).toMatchObject(expected);
  });

  test.each([
    ['sort warning in a range query', 'sort(x)', 'range', ok(vec('1')), ok(vec('1'), ['PromQL warning: sort is ineffective for range queries since results are always ordered by labels (1:1)'])],
    ['many-to-many series order', 'a + on() b',
      'instant', err('found duplicate series for the match group {} on the right hand-side of the operation: [{a="2"}, {a="1"}];many-to-many matching not allowed: matching labels must be unique on one side'),
      err('found duplicate series for the match group {} on the right hand-side of the operation: [{a="1"}, {a="2"}];many-to-many matching not allowed: matching labels must be unique on one side')],
    ['NaN k', 'topk(scalar(x), y)', 'instant', ok(vec('1')), err('Parameter value is NaN')],
    ['@ token', 'x @', 'instant', err('1:3: parse error: unexpected "<Item 57400>" <op:@>'), err('1:3: parse error: unexpected <op:@>')],
    ['relabelled series merged over a range', 'label_join(x, "a", "", "b")', 'range', err('vector cannot contain metrics with the same labelset'), ok(vec('1'))],
  ])('allowed: %s', (_name, q, mode, p, o) => {
    expect(compareAnswers(q, mode, p, o).allowed).toBeTruthy();
  });

  test('asking Prometheus again: the same answer every time keeps the verdict; varying answers allow ours or make it inconclusive', async () => {
    const verdict = { agree: false, category: 'result', diffs: [1] };
    const same = (a: number, b: number) => a === b;
    const asking = (answers: number[]) => {
      let k = 0;
      return async () => answers[k++ % answers.length];
    };
    expect(await recheck(verdict, 1, 2, asking([1]), same, 'varies')).toBe(verdict);
    expect(await recheck(verdict, 1, 2, asking([1, 2, 3]), same, 'varies')).toEqual({ agree: false, allowed: 'varies', diffs: [1] });
    expect(await recheck(verdict, 1, 4, asking([1, 2, 3]), same, 'varies')).toEqual({
      agree: false, inconclusive: 'Prometheus varies between runs; ours is not among 3 of its answers (result)', diffs: [1],
    });
    let asked = 0;
    await recheck(verdict, 1, 2, async () => (asked++, 1), same, 'varies');
    expect(asked).toBe(RECHECKS);
  });

  test('a same-labelset error is allowed only for label_replace/label_join over a range', () => {
    const same = err('vector cannot contain metrics with the same labelset');
    expect(compareAnswers('label_join(x, "a", "", "b")', 'instant', same, ok(vec('1'))).category).toBe('Prometheus fails, we answer');
    expect(compareAnswers('-x or -y', 'range', same, ok(vec('1'))).category).toBe('Prometheus fails, we answer');
  });

  test('a different many-to-many pair is not allowed', () => {
    const m = (s: string) => err(`found duplicate series for the match group {} on the right hand-side of the operation: [${s}];many-to-many matching not allowed: matching labels must be unique on one side`);
    expect(compareAnswers('a + on() b', 'instant', m('{a="1"}, {a="2"}'), m('{a="1"}, {a="3"}')).category).toBe('error message');
  });

  test('vector order is compared for sort* only', () => {
    expect(isSortedQuery('sort_desc(x)')).toBe(true);
    expect(isSortedQuery('sum(sort(x))')).toBe(false);
    const two = (a: string, b: string) => ok({ resultType: 'vector', result: [{ metric: { j: a }, value: [1, '1'] }, { metric: { j: b }, value: [1, '1'] }] });
    expect(compareAnswers('sort(x)', 'instant', two('a', 'b'), two('b', 'a')).category).toBe('order');
    expect(compareAnswers('x', 'instant', two('a', 'b'), two('b', 'a')).agree).toBe(true);
  });
});
