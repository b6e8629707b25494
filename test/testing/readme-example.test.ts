// The README's "Test queries in vitest" example, verbatim apart from this header: it must run.
import { describe, expect, test } from 'vitest';
import 'promql-ts/testing/vitest';
import { evaluate, series } from 'promql-ts/testing';

const storage = series`
  load 1m
    http_requests_total{job="api", code="200"} 0+60x30
    http_requests_total{job="api", code="500"} 0+3x30
`;

describe('error ratio', () => {
  test('is about 5% of requests', async () => {
    const result = await evaluate(storage, 'sum(rate(http_requests_total{code="500"}[5m])) / sum(rate(http_requests_total[5m]))', { at: 600_000 });
    expect(result).toEqualVector('{} 0.047619047619047616');
  });

  test('rate of a gauge-looking name gets Prometheus\'s info', async () => {
    const result = await evaluate(series`
      load 1m
        queue_depth 1 2 3
    `, 'rate(queue_depth[5m])', { at: 120_000 });
    expect(result).toHaveAnnotations({ infos: ['metric might not be a counter'] });
  });

  test('range queries give [ms, value] points', async () => {
    const result = await evaluate(storage, 'sum by (code) (increase(http_requests_total[2m]))', { range: { start: 120_000, end: 240_000, step: 60_000 } });
    expect(result).toEqualMatrix([
      { labels: { code: '200' }, points: [[120_000, 120], [180_000, 120], [240_000, 120]] },
      { labels: { code: '500' }, points: [[120_000, 6], [180_000, 6], [240_000, 6]] },
    ]);
  });
});
