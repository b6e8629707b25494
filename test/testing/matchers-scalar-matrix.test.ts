// toEqualScalar, and toEqualMatrix with expected series in the series notation of `eval range`.
import { describe, expect, test } from 'vitest';
import '../../src/testing/vitest-setup.js';
import { evaluate, series, toEqualMatrix, toEqualScalar, type PlainResult } from '../../src/testing/index.js';
import { DataError } from '../../src/errors.js';

const storage = series`
  load 1m
    http_requests_total{job="api"} 0+60x10
    http_requests_total{job="web"} 0+6x4 _ _ 30+6x4
    h {{schema:0 count:2 sum:3 buckets:[1 1]}}x10
`;

describe('toEqualScalar', () => {
  test('a scalar within tolerance, as a number or Go float text; NaN equals NaN', async () => {
    const r = await evaluate(storage, 'scalar(sum(http_requests_total))', { at: 120_000 });
    expect(toEqualScalar(r, 132).pass).toBe(true);
    expect(toEqualScalar(r, '1.32e2').pass).toBe(true);
    expect(toEqualScalar(r, 132.00000001).pass).toBe(true);
    expect(toEqualScalar(r, 133).pass).toBe(false);
    expect(toEqualScalar(await evaluate(storage, 'scalar(nothing)', { at: 0 }), 'NaN').pass).toBe(true);
    expect(toEqualScalar(await evaluate(storage, '1/0', { at: 0 }), '+Inf').pass).toBe(true);
    expect(toEqualScalar(await evaluate(storage, '-1/0', { at: 0 }), '+Inf').pass).toBe(false);
  });

  test('messages: a -/+ diff, or the result type that is not a scalar', async () => {
    const r = await evaluate(storage, '2.5', { at: 0 });
    expect(toEqualScalar(r, 3).message()).toBe('scalar differs (- expected, + received):\n  - 3\n  + 2.5');
    expect(toEqualScalar(r, 2.5).message()).toBe('expected the scalar not to equal 2.5');
    const v = await evaluate(storage, 'http_requests_total', { at: 0 });
    expect(toEqualScalar(v, 0)).toMatchObject({ pass: false });
    expect(toEqualScalar(v, 0).message()).toBe('expected a scalar result, got vector');
  });

  test('bad expected text throws Go\'s parse error', async () => {
    const r = await evaluate(storage, '1', { at: 0 });
    expect(() => toEqualScalar(r, 'one')).toThrow('strconv.ParseFloat: parsing "one": invalid syntax');
  });

  test('registered with vitest', async () => {
    expect(await evaluate(storage, 'vector(1) + 1 > bool 0', { at: 0 })).not.toEqualScalar(1);
    expect(await evaluate(storage, 'time() * 2', { at: 60_000 })).toEqualScalar(120);
  });
});

describe('toEqualMatrix with the series notation', () => {
  const range = { start: 120_000, end: 480_000, step: 60_000 };

  test('values placed at the range\'s steps, expanded as in load, _ for no point', async () => {
    const r = await evaluate(storage, 'http_requests_total > 25', { range });
    expect(toEqualMatrix(r, `
      # lookback keeps web's 24 until 6m; > 25 drops it
      http_requests_total{job="api"} 120+60x6
      http_requests_total{job="web"} _x5 30 36
    `).pass).toBe(true);
    expect(r).toEqualMatrix('http_requests_total{job="api"} 120+60x6\nhttp_requests_total{job="web"} _ _ _ _ _ 30 36');
    expect(r).not.toEqualMatrix('http_requests_total{job="api"} 120+60x6\nhttp_requests_total{job="web"} _ _ _ _ 24 30 36');
    expect(r).not.toEqualMatrix('http_requests_total{job="api"} 120+60x6');
  });

  test('the same comparison as the list form, with its message', async () => {
    const r = await evaluate(storage, 'sum by (job) (http_requests_total)', { range: { start: 0, end: 120_000, step: 60_000 } });
    const text = toEqualMatrix(r, '{job="api"} 0 60 100\n{job="web"} 0 6 12');
    const list = toEqualMatrix(r, [
      { labels: { job: 'api' }, points: [[0, 0], [60_000, 60], [120_000, 100]] },
      { labels: { job: 'web' }, points: [[0, 0], [60_000, 6], [120_000, 12]] },
    ]);
    expect(text.pass).toBe(false);
    expect(text.message()).toBe(list.message());
    expect(text.message()).toBe([
      'matrix differs (- expected, + received):',
      '  - {job="api"} 0:0 60000:60 120000:100',
      '  + {job="api"} 0:0 60000:60 120000:120',
      '    {job="web"} 0:0 60000:6 120000:12',
    ].join('\n'));
  });

  test('native histograms in the {{…}} notation, steps below a second', async () => {
    const r = await evaluate(storage, 'h', { range: { start: 60_000, end: 60_500, step: 250 } });
    expect(r).toEqualMatrix('h {{schema:0 count:2 sum:3 counter_reset_hint:not_reset buckets:[1 1]}}x2');
    expect(r).not.toEqualMatrix('h {{schema:0 count:2 sum:3 counter_reset_hint:not_reset buckets:[1 1]}}x1');
    expect(r).not.toEqualMatrix('h {{schema:0 count:2 sum:3 buckets:[1 1]}}x2');
  });

  test('the notation needs the range evaluate() ran', () => {
    const byHand: PlainResult = { type: 'matrix', series: [{ labels: {}, points: [[0, 1]] }], warnings: [], infos: [] };
    const m = toEqualMatrix(byHand, '{} 1');
    expect(m.pass).toBe(false);
    expect(m.message()).toMatch(/the series notation needs the query's range/);
    expect(toEqualMatrix({ ...byHand, range: { start: 0, end: 0, step: 1 } }, '{} 1').pass).toBe(true);
  });

  test('a malformed line or a staleness marker throws a DataError at its place', async () => {
    const r = await evaluate(storage, 'http_requests_total', { range });
    expect(() => toEqualMatrix(r, 'x 1\n  x{a="b" 1')).toThrow(DataError);
    expect(() => toEqualMatrix(r, 'x 1\n  x{a="b" 1')).toThrow(/^<expected>:2:/);
    expect(() => toEqualMatrix(r, 'x 1 stale')).toThrow('<expected>:1:1: a staleness marker is not a query result: use _ for no point');
  });
});
