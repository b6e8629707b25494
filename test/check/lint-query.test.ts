// lintQuery: one query checked as `promql check` checks a query of a .promql file, for editors.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { checkText, lintQuery, MetricTypes } from '../../src/index.js';

describe('lintQuery', () => {
  test('a valid query without findings has no problems', () => {
    expect(lintQuery('sum by (job) (rate(http_requests_total[5m]))')).toEqual([]);
  });

  test('a syntax error is an error at its place, with Prometheus\'s position inside the query', () => {
    expect(lintQuery('sum(rate(x[5m])) by job')).toEqual([{
      file: '<query>', line: 1, column: 21, severity: 'error', rule: 'syntax',
      message: '1:21: parse error: unexpected identifier "job" in grouping opts, expected "("',
      query: { text: 'sum(rate(x[5m])) by job', line: 1, column: 21, start: 20, end: 23 },
    }]);
  });

  test('a type error is reported as check reports it', () => {
    const [p] = lintQuery('rate(http_requests_total)');
    expect(p).toMatchObject({ severity: 'error', rule: 'syntax', line: 1, column: 6 });
    expect(p.message).toContain('expected type range vector in call to function "rate", got instant vector');
  });

  test('the whole text is one query: blank lines do not split it, and places are in the query', () => {
    const q = 'sum by (job) (\n\n  rate(x[5m]\n)';
    const problems = lintQuery(q);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 4, column: 2, query: { text: q, line: 4, column: 2 } });
  });

  test('an empty query is an error, not an empty list', () => {
    expect(lintQuery('')).toMatchObject([{ severity: 'error', rule: 'syntax', message: expect.stringContaining('no expression found in input') }]);
  });

  test('lint warnings of the default rules, and none when the rule set is empty', () => {
    expect(lintQuery('rate(queue_depth[5m])')).toMatchObject([{ severity: 'warning', rule: 'rate-on-gauge', line: 1, column: 6 }]);
    expect(lintQuery('rate(queue_depth[5m])', { lint: new Set() })).toEqual([]);
    expect(lintQuery('histogram_quantile(0.9, sum(rate(h_bucket[5m])))')).toMatchObject([{ rule: 'histogram-quantile-without-le' }]);
  });

  test('known metric types decide rate-on-gauge', () => {
    const types = new MetricTypes();
    types.addLines('queue_depth counter', 'test');
    expect(lintQuery('rate(queue_depth[5m])', { metricTypes: types })).toEqual([]);
  });

  test('a disable comment silences a warning; file names the problems', () => {
    expect(lintQuery('# promql-ts disable rate-on-gauge\nrate(queue_depth[5m])')).toEqual([]);
    expect(lintQuery('# promql-ts disable rate-on-gauge\nrate(queue_depth[5m])', { inFileDisables: false })).toHaveLength(1);
    expect(lintQuery('up{', { file: 'editor://1' })[0].file).toBe('editor://1');
  });

  test('parser options are honoured', () => {
    expect(lintQuery('mad_over_time(x[5m])')).toMatchObject([{ severity: 'error' }]);
    expect(lintQuery('mad_over_time(x[5m])', { parser: { experimentalFunctions: true } })).toEqual([]);
  });

  test('on one-line queries it agrees with checkText on a query file', () => {
    const parts = ['rate(x[5m])', 'rate(x_total[5m])', 'sum(', 'x{a=~"b"}', 'absent(sum(x))', 'x +', 'histogram_quantile(0.5, sum(h_bucket))', 'up == 0', '1 + 2 * 3', 'x[5m]'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...parts), { minLength: 1, maxLength: 3 }), (picked) => {
      const q = picked.join(' + ');
      expect(lintQuery(q)).toEqual(checkText('<query>', q, { format: 'promql' }).problems);
    }), { numRuns: 60 });
  });
});
