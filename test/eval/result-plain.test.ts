// One result model: the engine's QueryResult, its plain-object view (toPlain, what evaluate()
// returns) and Prometheus's JSON, all from the same result.
import { describe, expect, test } from 'vitest';
import { Engine, MemoryStorage, toPlain, toPrometheusJSON, FloatHistogram } from '../../src/index.js';
import { evaluate } from '../../src/testing/index.js';

const storage = new MemoryStorage();
for (let t = 0; t <= 120_000; t += 60_000) storage.append({ __name__: 'up', job: 'api' }, t, t / 60_000);
storage.appendHistogram({ __name__: 'h' }, 60_000, new FloatHistogram({ schema: 0, count: 2, sum: 3, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [2] }));
const engine = new Engine({ storage });

describe('toPlain', () => {
  test('a range result: labels as records, [ms, value] points, the range in ms', async () => {
    const r = await engine.rangeQuery('up', 0, 120_000, 60_000);
    expect(toPlain(r, { start: 0, end: 120_000, step: 60_000 })).toEqual({
      type: 'matrix', series: [{ labels: { __name__: 'up', job: 'api' }, points: [[0, 0], [60_000, 1], [120_000, 2]] }],
      range: { start: 0, end: 120_000, step: 60_000 }, warnings: [], infos: [],
    });
    expect(toPlain(r)).not.toHaveProperty('range');
  });

  test('evaluate() returns exactly the plain view of the engine result', async () => {
    const range = { start: 0, end: 120_000, step: 60_000 };
    expect(await evaluate(storage, 'up * 2', { range })).toEqual(toPlain(await engine.rangeQuery('up * 2', 0, 120_000, 60_000), range));
    expect(await evaluate(storage, 'h', { at: new Date(60_000) })).toEqual(toPlain(await engine.instantQuery('h', 60_000)));
  });

  test('vectors, histograms, scalars, strings and annotations', async () => {
    expect(toPlain(await engine.instantQuery('h', 60_000))).toEqual({
      type: 'vector', samples: [{ labels: { __name__: 'h' }, value: 0, histogram: '{{count:2 sum:3 buckets:[2]}}' }], warnings: [], infos: [],
    });
    expect(toPlain(await engine.instantQuery('time()', 60_000))).toMatchObject({ type: 'scalar', value: 60 });
    expect(toPlain(await engine.instantQuery('"x"', 0))).toMatchObject({ type: 'string', value: 'x' });
    const info = toPlain(await engine.instantQuery('rate(up[5m])', 120_000));
    expect(info.infos).toEqual([expect.stringContaining('metric might not be a counter')]);
  });

  test('the JSON view keeps Prometheus\'s seconds', async () => {
    const r = await engine.rangeQuery('up', 0, 60_000, 60_000);
    expect(toPrometheusJSON(r)).toMatchObject({ result: [{ values: [[0, '0'], [60, '1']] }] });
  });
});
