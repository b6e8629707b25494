// /api/v1/query and /api/v1/query_range: envelopes, parameters and errors as Prometheus's API gives them.
import { describe, expect, test } from 'vitest';
import { api, call } from './helpers.js';

describe('/api/v1/query', () => {
  const h = api();

  test('an instant vector, with timestamps as numbers and values as strings', async () => {
    const r = await call(h, '/api/v1/query', { query: 'sum by (job) (http_requests_total)', time: '300' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.text).toBe('{"status":"success","data":{"resultType":"vector","result":[' +
      '{"metric":{"job":"api"},"value":[300,"150"]},{"metric":{"job":"db"},"value":[300,"25"]}]}}');
  });

  test('GET and form POST give the same answer', async () => {
    const params = { query: 'up', time: '2026-01-01T00:00:00Z' };
    const a = await call(h, '/api/v1/query', params, 'GET');
    const b = await call(h, '/api/v1/query', params, 'POST');
    expect(b.text).toBe(a.text);
  });

  test('time as RFC 3339 with a fraction and an offset, and as float seconds rounded to ms', async () => {
    const a = await call(h, '/api/v1/query', { query: 'time()', time: '1970-01-01T01:00:00.1239+01:00' });
    expect(a.body.data).toEqual({ resultType: 'scalar', result: [0.123, '0.123'] });
    const b = await call(h, '/api/v1/query', { query: 'time()', time: '1.0006' });
    expect(b.body.data.result).toEqual([1.001, '1.001']);
    // Prometheus compatibility: the fraction is rounded on its own, half away from zero.
    const c = await call(h, '/api/v1/query', { query: 'time()', time: '-1.0006' });
    expect(c.body.data.result).toEqual([-1.001, '-1.001']);
  });

  test('time defaults to now', async () => {
    const r = await call(h, '/api/v1/query', { query: 'time()' });
    expect(r.body.data.result).toEqual([600, '600']);
  });

  test('a parse error is bad_data 400 naming the query parameter', async () => {
    const r = await call(h, '/api/v1/query', { query: 'sum(', time: '1' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:5: parse error: unclosed left parenthesis' });
  });

  test('bad time, timeout, limit and lookback_delta parameters', async () => {
    expect((await call(h, '/api/v1/query', { query: 'up', time: 'x' })).body.error)
      .toBe('invalid parameter "time": invalid time value for \'time\': cannot parse "x" to a valid timestamp');
    expect((await call(h, '/api/v1/query', { query: 'up', timeout: 'soon' })).body.error)
      .toBe('invalid parameter "timeout": cannot parse "soon" to a valid duration');
    expect((await call(h, '/api/v1/query', { query: 'up', limit: '-1' })).body.error)
      .toBe('invalid parameter "limit": limit must be non-negative');
    const lb = await call(h, '/api/v1/query', { query: 'up', lookback_delta: 'x' });
    expect([lb.status, lb.body.error]).toEqual([400, 'error parsing lookback delta duration: cannot parse "x" to a valid duration']);
  });

  test('lookback_delta narrows the lookback', async () => {
    const wide = await call(h, '/api/v1/query', { query: 'up', time: '630' });
    expect(wide.body.data.result).toHaveLength(2);
    const narrow = await call(h, '/api/v1/query', { query: 'up', time: '630', lookback_delta: '30s' });
    expect(narrow.body.data.result).toEqual([]);
  });

  test('limit truncates and warns', async () => {
    const r = await call(h, '/api/v1/query', { query: 'http_requests_total', time: '60', limit: '2' });
    expect(r.body.data.result).toHaveLength(2);
    expect(r.body.warnings).toEqual(['results truncated due to limit']);
  });

  test('infos and warnings from the engine are listed', async () => {
    const r = await call(h, '/api/v1/query', { query: 'rate(up[5m])', time: '300' });
    expect(r.body.infos).toEqual(['PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "up" (1:6)']);
    expect(r.body.warnings).toBeUndefined();
  });

  test('stats=all adds the stats object; an unknown stats value warns', async () => {
    const r = await call(h, '/api/v1/query', { query: 'up', time: '60', stats: 'all' });
    expect(Object.keys(r.body.data)).toEqual(['resultType', 'result', 'stats']);
    expect(r.body.data.stats.samples).toEqual({ totalQueryableSamples: 2, peakSamples: 2 });
    const odd = await call(h, '/api/v1/query', { query: 'up', time: '60', stats: 'yes' });
    expect(odd.body.data.stats).toBeDefined();
    expect(odd.body.warnings).toEqual(['value "yes" for parameter "stats" is deprecated and will be rejected in the next major release, use "true" or "all"']);
  });

  test('execution errors are 422', async () => {
    const r = await call(h, '/api/v1/query', { query: 'http_requests_total + on(job) http_requests_total', time: '60' });
    expect(r.status).toBe(422);
    expect(r.body.errorType).toBe('execution');
    expect(r.body.error).toMatch(/^found duplicate series for the match group/);
  });

  test('too many samples is an execution error', async () => {
    const small = api({ maxSamples: 3 });
    const r = await call(small, '/api/v1/query', { query: 'http_requests_total[10m]', time: '600' });
    expect([r.status, r.body.errorType]).toEqual([422, 'execution']);
    expect(r.body.error).toMatch(/too many samples/);
  });

  test('a timeout is 503 with errorType timeout', async () => {
    const r = await call(h, '/api/v1/query', { query: 'count_over_time(up[10m:1ms])', time: '600', timeout: '0.001' });
    expect([r.status, r.body.errorType]).toEqual([503, 'timeout']);
    expect(r.body.error).toMatch(/^query timed out in /);
  });
});

describe('/api/v1/query_range', () => {
  const h = api();

  test('a matrix over the grid', async () => {
    const r = await call(h, '/api/v1/query_range', { query: 'up{instance="a"}', start: '0', end: '120', step: '60' });
    expect(r.text).toBe('{"status":"success","data":{"resultType":"matrix","result":[' +
      '{"metric":{"__name__":"up","instance":"a","job":"api"},"values":[[0,"1"],[60,"1"],[120,"1"]]}]}}');
  });

  test('step as a duration; scalar results become a matrix', async () => {
    const r = await call(h, '/api/v1/query_range', { query: '1', start: '0', end: '60', step: '30s' });
    expect(r.body.data).toEqual({ resultType: 'matrix', result: [{ metric: {}, values: [[0, '1'], [30, '1'], [60, '1']] }] });
  });

  test.each([
    [{ start: '10', end: '0', step: '1' }, 'invalid parameter "end": end timestamp must not be before start time'],
    [{ start: '0', end: '10', step: '0' }, 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer'],
    [{ start: '0', end: '11001', step: '1' }, 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)'],
    [{ end: '10', step: '1' }, 'invalid parameter "start": cannot parse "" to a valid timestamp'],
    [{ start: '0', end: '10' }, 'invalid parameter "step": cannot parse "" to a valid duration'],
  ])('bad range %j', async (params, error) => {
    const r = await call(h, '/api/v1/query_range', { query: 'up', ...params });
    expect([r.status, r.body.errorType, r.body.error]).toEqual([400, 'bad_data', error]);
  });

  test('11,000 steps are still accepted', async () => {
    const r = await call(h, '/api/v1/query_range', { query: '1', start: '0', end: '11000', step: '1' });
    expect(r.status).toBe(200);
    expect(r.body.data.result[0].values).toHaveLength(11001);
  });

  test('a range vector query is bad_data', async () => {
    const r = await call(h, '/api/v1/query_range', { query: 'up[5m]', start: '0', end: '60', step: '60' });
    expect([r.status, r.body.error]).toEqual([400, 'invalid parameter "query": invalid expression type "range vector" for range query, must be Scalar or instant Vector']);
  });
});
