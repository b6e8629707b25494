// /api/v1/series, /labels, /label/<name>/values and /metadata over Storage.select.
import { describe, expect, test } from 'vitest';
import { metadataFromExposition } from '../../src/server/metadata.js';
import { unescapeLabelName } from '../../src/server/series.js';
import { api, call } from './helpers.js';

describe('/api/v1/series', () => {
  const h = api();

  test('label sets of matching series, sorted, deduplicated across match[]', async () => {
    const r = await call(h, '/api/v1/series', { 'match[]': ['up', '{job="db"}', 'up{job="db"}'] });
    expect(r.body).toEqual({
      status: 'success',
      data: [
        { __name__: 'http_requests_total', instance: 'c', job: 'db' },
        { __name__: 'up', instance: 'a', job: 'api' },
        { __name__: 'up', instance: 'c', job: 'db' },
      ],
    });
  });

  test('start and end restrict to series with samples in the window', async () => {
    const storage = (await import('./helpers.js')).fixtureStorage(`load 1m\n  early 1 1 _ _ _\n  late _ _ _ 1 1\n`);
    const h2 = api({ storage });
    const r = await call(h2, '/api/v1/series', { 'match[]': '{__name__=~"early|late"}', start: '150', end: '400' });
    expect(r.body.data).toEqual([{ __name__: 'late' }]);
  });

  test('no match[] and empty-matching selectors are bad_data', async () => {
    expect((await call(h, '/api/v1/series')).body).toEqual({ status: 'error', errorType: 'bad_data', error: 'no match[] parameter provided' });
    const r = await call(h, '/api/v1/series', { 'match[]': '{job=~".*"}' });
    expect([r.status, r.body.error]).toEqual([400, 'invalid parameter "match[]": match[] must contain at least one non-empty matcher']);
  });

  test('limit truncates with a warning', async () => {
    const r = await call(h, '/api/v1/series', { 'match[]': 'http_requests_total', limit: '1' }, 'POST');
    expect(r.body.data).toHaveLength(1);
    expect(r.body.warnings).toEqual(['results truncated due to limit']);
  });
});

describe('/api/v1/labels and label values', () => {
  const h = api();

  test('all label names, sorted', async () => {
    expect((await call(h, '/api/v1/labels')).body.data).toEqual(['__name__', 'instance', 'job']);
  });

  test('label names of matching series', async () => {
    const r = await call(h, '/api/v1/labels', { 'match[]': '{instance="zzz"}' });
    expect(r.body.data).toEqual([]);
  });

  test('values of a label, with match[] and limit', async () => {
    expect((await call(h, '/api/v1/label/job/values')).body.data).toEqual(['api', 'db']);
    expect((await call(h, '/api/v1/label/__name__/values')).body.data).toEqual(['http_requests_total', 'up']);
    expect((await call(h, '/api/v1/label/instance/values', { 'match[]': 'up' })).body.data).toEqual(['a', 'c']);
    const lim = await call(h, '/api/v1/label/instance/values', { limit: '2' });
    expect([lim.body.data, lim.body.warnings]).toEqual([['a', 'b'], ['results truncated due to limit']]);
  });

  test('U__ escaped names in the path', async () => {
    expect(unescapeLabelName('U__my_2e_label__x')).toBe('my.label_x');
    expect(unescapeLabelName('job')).toBe('job');
    const storage = (await import('./helpers.js')).fixtureStorage('load 1m\n  {"my.metric", "a.b"="v"} 1\n');
    const r = await call(api({ storage }), '/api/v1/label/U__a_2e_b/values');
    expect(r.body.data).toEqual(['v']);
  });

  test('a label name that is not valid UTF-8 is bad_data', async () => {
    const r = await call(h, '/api/v1/label/%ED%A0%80/values');
    expect(r.status).toBe(400);
  });
});

describe('/api/v1/metadata', () => {
  const text = `# HELP http_requests_total Requests\\nserved.
# TYPE http_requests_total counter
http_requests_total{job="a"} 1
# TYPE temp gauge
# UNIT temp celsius
temp 3
# EOF
`;
  const meta = metadataFromExposition([text]);
  const h = api({ metadata: meta });

  test('from TYPE, HELP and UNIT lines', async () => {
    expect((await call(h, '/api/v1/metadata')).body.data).toEqual({
      http_requests_total: [{ type: 'counter', help: 'Requests\nserved.', unit: '' }],
      temp: [{ type: 'gauge', help: '', unit: 'celsius' }],
    });
  });

  test('metric and limit parameters', async () => {
    expect(Object.keys((await call(h, '/api/v1/metadata', { metric: 'temp' })).body.data)).toEqual(['temp']);
    expect((await call(h, '/api/v1/metadata', { limit: '0' })).body.data).toEqual({});
    expect((await call(h, '/api/v1/metadata', { limit: 'x' })).body.error).toBe('limit must be a number');
  });
});

describe('/api/v1/status/tsdb', () => {
  test('head stats and cardinality over every series', async () => {
    const r = await call(api(), '/api/v1/status/tsdb', { limit: '2' });
    expect(r.body.data).toEqual({
      headStats: { numSeries: 5, numLabelPairs: 7, chunkCount: 0, minTime: 0, maxTime: 600000 },
      seriesCountByMetricName: [{ name: 'http_requests_total', value: 3 }, { name: 'up', value: 2 }],
      labelValueCountByLabelName: [{ name: 'instance', value: 3 }, { name: '__name__', value: 2 }],
      memoryInBytesByLabelName: [{ name: '__name__', value: 21 }, { name: 'job', value: 5 }],
      seriesCountByLabelValuePair: [{ name: '__name__=http_requests_total', value: 3 }, { name: 'job=api', value: 3 }],
    });
  });
});
