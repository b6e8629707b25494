// Engine behaviour beyond the scripts: result shapes, JSON, errors from storage, limits, cancel.
import { describe, expect, test } from 'vitest';
import { Engine, MemoryStorage, toPrometheusJSON, StorageError, LimitError, CancelledError, EvalError, ParseError } from '../../src/index.js';
import { loadTestSeries } from '../../src/storage/load-series.js';

function engineWith(series: string, opts: Partial<ConstructorParameters<typeof Engine>[0]> = {}): Engine {
  const storage = new MemoryStorage();
  loadTestSeries(storage, series);
  return new Engine({ storage, ...opts });
}

const data = 'load 1m\n  up{job="a"} 1 1 0 1\n  up{job="b"} 0 0 0 0\n';

describe('Engine', () => {
  test('instant vector result and its API JSON', async () => {
    const r = await engineWith(data).instantQuery('up == 1', 90_500);
    expect(toPrometheusJSON(r)).toEqual({
      resultType: 'vector',
      result: [{ metric: { __name__: 'up', job: 'a' }, value: [90.5, '1'] }],
    });
  });
  test('range query: sorted matrix, name dropped by arithmetic', async () => {
    const r = await engineWith(data).rangeQuery('up * 2', 0, 180_000, 60_000);
    expect(toPrometheusJSON(r)).toEqual({
      resultType: 'matrix',
      result: [
        { metric: { job: 'a' }, values: [[0, '2'], [60, '2'], [120, '0'], [180, '2']] },
        { metric: { job: 'b' }, values: [[0, '0'], [60, '0'], [120, '0'], [180, '0']] },
      ],
    });
  });
  test('scalar and string results use shortest timestamps', async () => {
    const e = engineWith(data);
    expect(toPrometheusJSON(await e.instantQuery('1e-7', 1500))).toEqual({ resultType: 'scalar', result: [1.5, '0.0000001'] });
    expect(toPrometheusJSON(await e.instantQuery('"hi"', 1000))).toEqual({ resultType: 'string', result: [1, 'hi'] });
  });
  test('sample values switch to exponent form outside [1e-6, 1e21)', async () => {
    const r = await engineWith(data).instantQuery('vector(1e21) or vector(-1e-7)', 0);
    expect(toPrometheusJSON(r)).toMatchObject({ result: [{ value: [0, '1e+21'] }] });
  });
  test('range queries reject range vectors, as Prometheus does', async () => {
    await expect(engineWith(data).rangeQuery('up[5m]', 0, 60_000, 60_000)).rejects.toThrow(
      'invalid expression type "range vector" for range query, must be Scalar or instant Vector');
  });
  test('parse errors are ParseErrors with positions', async () => {
    await expect(engineWith(data).instantQuery('sum(up', 0)).rejects.toBeInstanceOf(ParseError);
  });
  test('a storage that throws gives a StorageError naming the cause', async () => {
    const e = new Engine({ storage: { select() { throw new Error('disk on fire'); } } });
    const p = e.instantQuery('up', 0);
    await expect(p).rejects.toBeInstanceOf(StorageError);
    await expect(p).rejects.toThrow('expanding series: disk on fire');
  });
  test('max samples is enforced', async () => {
    const p = engineWith(data, { maxSamples: 3 }).rangeQuery('up', 0, 180_000, 60_000);
    await expect(p).rejects.toBeInstanceOf(LimitError);
    await expect(p).rejects.toThrow('query processing would load too many samples into memory in query execution');
  });
  test('an aborted signal cancels the query', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(engineWith(data).instantQuery('up', 0, { signal: ac.signal })).rejects.toBeInstanceOf(CancelledError);
  });
  test('a slow storage times out with Prometheus wording', async () => {
    const e = new Engine({ timeoutMs: 20, storage: { select: () => new Promise(() => {}) } });
    await expect(e.instantQuery('up', 0)).rejects.toThrow('query timed out in query preparation');
  });
  test('duration expressions are evaluated at query time with byte offsets in errors', async () => {
    await expect(engineWith(data).instantQuery('up[5m / step()]', 0)).rejects.toThrow(EvalError);
    await expect(engineWith(data).instantQuery('up[5m / step()]', 0)).rejects.toThrow(/^3:14: division by zero$/);
    await expect(engineWith(data).instantQuery('up[step()]', 0)).rejects.toThrow(/^3:9: duration must be greater than 0$/);
    const r = await engineWith(data).rangeQuery('sum(up offset step())', 60_000, 120_000, 60_000);
    expect(toPrometheusJSON(r)).toMatchObject({ result: [{ values: [[60, '1'], [120, '1']] }] });
  });
  test('without delayed name removal, names go at once and collisions fail', async () => {
    const e = engineWith('load 1m\n  a{x="1"} 1\n  b{x="1"} 2\n');
    await expect(e.instantQuery('{__name__=~"a|b"} * 2', 0)).rejects.toThrow('vector cannot contain metrics with the same labelset');
    const r = await e.instantQuery('-a', 0);
    expect(toPrometheusJSON(r)).toEqual({ resultType: 'vector', result: [{ metric: { x: '1' }, value: [0, '-1'] }] });
  });
});
