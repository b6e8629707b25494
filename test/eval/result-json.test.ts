// The `stats` object of toPrometheusJSON(Text): Prometheus's `stats=all` shape, key order and numbers.
import { describe, expect, test } from 'vitest';
import { Engine, MemoryStorage, toPrometheusJSON, toPrometheusJSONText, type QueryResult } from '../../src/index.js';
import { loadTestSeries } from '../../src/storage/load-series.js';

const result: QueryResult = {
  resultType: 'scalar', result: { t: 1000, value: 1 }, warnings: [], infos: [],
  stats: {
    timings: {
      evalTotalTime: 0.000027209, resultSortTime: 4.02e-7, queryPreparationTime: 0.000004714,
      innerEvalTime: 0.000009163, execQueueTime: 0, execTotalTime: 1.5,
    },
    samples: { totalQueryableSamples: 12, peakSamples: 5 },
  },
};

describe('toPrometheusJSONText with stats', () => {
  test('no stats unless asked', () => {
    expect(toPrometheusJSONText(result)).toBe('{"resultType":"scalar","result":[1,"1"]}');
    expect(toPrometheusJSONText(result, { stats: false })).toBe('{"resultType":"scalar","result":[1,"1"]}');
  });

  test("Prometheus's key order and jsoniter number forms (4.02e-07, as a 3.5.3 server writes it)", () => {
    expect(toPrometheusJSONText(result, { stats: true })).toBe(
      '{"resultType":"scalar","result":[1,"1"],"stats":{"timings":{"evalTotalTime":0.000027209,"resultSortTime":4.02e-07,' +
      '"queryPreparationTime":0.000004714,"innerEvalTime":0.000009163,"execQueueTime":0,"execTotalTime":1.5},' +
      '"samples":{"totalQueryableSamples":12,"peakSamples":5}}}',
    );
  });

  test('timings are whole nanoseconds, as Go durations in seconds', () => {
    const noisy: QueryResult = { ...result, stats: { ...result.stats!, timings: { ...result.stats!.timings, evalTotalTime: 0.10606904499999996, innerEvalTime: 1234.5678901234 } } };
    expect(toPrometheusJSONText(noisy, { stats: true })).toContain('"evalTotalTime":0.106069045,');
    expect(toPrometheusJSONText(noisy, { stats: true })).toContain('"innerEvalTime":1234.567890123,');
  });

  test('a value without stats gets none, even when asked', () => {
    expect(toPrometheusJSONText({ resultType: 'string', result: { t: 0, value: 'a' } }, { stats: true }))
      .toBe('{"resultType":"string","result":[0,"a"]}');
  });

  test("an engine result's stats count the samples read", async () => {
    const storage = new MemoryStorage();
    loadTestSeries(storage, 'load 1m\n  x{a="1"} 1 2 3 4 5\n  x{a="2"} 1 2 3 4 5\n');
    const r = await new Engine({ storage }).instantQuery('sum(count_over_time(x[5m]))', 240_000);
    const data = toPrometheusJSON(r, { stats: true }) as { stats: { timings: Record<string, number>; samples: Record<string, number> } };
    expect(Object.keys(data)).toEqual(['resultType', 'result', 'stats']);
    expect(Object.keys(data.stats.timings)).toEqual(['evalTotalTime', 'resultSortTime', 'queryPreparationTime', 'innerEvalTime', 'execQueueTime', 'execTotalTime']);
    expect(data.stats.samples).toEqual({ totalQueryableSamples: 10, peakSamples: expect.any(Number) });
    expect(data.stats.samples.peakSamples).toBeGreaterThanOrEqual(10);
  });
});
