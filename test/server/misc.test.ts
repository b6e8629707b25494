// Everything around the endpoints: format/parse_query, buildinfo, health, CORS, body limits,
// methods, static files and the path checks in front of them.
import { describe, expect, test } from 'vitest';
import { memoryStaticFiles, safeStaticPath } from '../../src/server/static.js';
import { api, call } from './helpers.js';

describe('format_query and parse_query', () => {
  const h = api();

  test('format_query pretty-prints', async () => {
    const r = await call(h, '/api/v1/format_query', { query: 'sum(rate(x[5m]))by(job)' });
    expect(r.body).toEqual({ status: 'success', data: 'sum by (job) (rate(x[5m]))' });
  });

  test('parse_query gives the tree in the shape of Prometheus translateAST', async () => {
    const r = await call(h, '/api/v1/parse_query', { query: 'rate(x{a="b"}[5m] offset 1m) > bool 2' });
    expect(r.body.data).toEqual({
      type: 'binaryExpr', op: '>', bool: true, matching: null,
      lhs: {
        type: 'call', func: { name: 'rate', argTypes: ['matrix'], variadic: 0, returnType: 'vector' },
        args: [{
          type: 'matrixSelector', name: 'x', range: 300000, rangeExpr: null, offset: 60000, offsetExpr: null,
          matchers: [{ name: 'a', value: 'b', type: '=' }, { name: '__name__', value: 'x', type: '=' }],
          timestamp: null, startOrEnd: null, anchored: false, smoothed: false,
        }],
      },
      rhs: { type: 'numberLiteral', val: '2' },
    });
  });

  test('vector matching and @ start()', async () => {
    const r = await call(h, '/api/v1/parse_query', { query: 'a * on(x) group_left(y) b @ start()' });
    expect(r.body.data.matching).toEqual({ card: 'many-to-one', labels: ['x'], on: true, include: ['y'], fillValues: { lhs: null, rhs: null } });
    expect([r.body.data.rhs.timestamp, r.body.data.rhs.startOrEnd]).toEqual([null, 'start']);
  });

  test('errors are bad_data on the query parameter', async () => {
    const r = await call(h, '/api/v1/format_query', { query: '1 +' });
    expect([r.status, r.body.errorType]).toEqual([400, 'bad_data']);
    expect(r.body.error).toMatch(/^invalid parameter "query": 1:4: parse error: /);
  });
});

describe('service endpoints', () => {
  test('ready, healthy and buildinfo', async () => {
    const h = api();
    expect((await call(h, '/-/ready')).text).toBe('Prometheus Server is Ready.\n');
    expect((await call(h, '/-/healthy')).text).toBe('Prometheus Server is Healthy.\n');
    expect((await call(h, '/api/v1/status/buildinfo')).body.data.version).toBe('3.5.0');
    let ready = false;
    const notYet = api({ ready: () => ready });
    expect((await call(notYet, '/-/ready')).status).toBe(503);
    ready = true;
    expect((await call(notYet, '/-/ready')).status).toBe(200);
  });

  test('unknown paths are 404, wrong methods 405', async () => {
    const h = api();
    expect((await call(h, '/api/v1/nope')).status).toBe(404);
    expect((await call(h, '/api/v1/metadata', {}, 'POST')).status).toBe(405);
    expect((await h(new Request('http://x/api/v1/query', { method: 'DELETE' }))).status).toBe(405);
  });

  test('CORS headers only for allowed origins', async () => {
    const h = api({ corsOrigin: 'https://grafana\\.example' });
    const ok = await h(new Request('http://x/api/v1/labels', { headers: { Origin: 'https://grafana.example' } }));
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://grafana.example');
    const no = await h(new Request('http://x/api/v1/labels', { headers: { Origin: 'https://grafana.example.evil' } }));
    expect(no.headers.get('access-control-allow-origin')).toBeNull();
    const none = await api()(new Request('http://x/api/v1/labels', { headers: { Origin: 'https://a' } }));
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('a body over the limit is 413 without being read whole', async () => {
    const h = api({ maxBodyBytes: 100 });
    const r = await call(h, '/api/v1/query', { query: `up${' '.repeat(200)}` }, 'POST');
    expect([r.status, r.body.errorType]).toEqual([413, 'bad_data']);
    expect(r.body.error).toBe('request body too large: more than 100 bytes');
  });
});

describe('static files', () => {
  test.each([
    ['/', 'index.html'], ['/assets/app.js', 'assets/app.js'],
    ['/../etc/passwd', null], ['/a/%2e%2e/b', null], ['/a//b', null], ['/a\\b', null], ['/%00', null], ['/%E0%A4%A', null], ['/./x', null],
  ])('safeStaticPath(%j) = %j', (p, want) => {
    expect(safeStaticPath(p)).toBe(want);
  });

  test('served with their content type; traversal never reaches the file system', async () => {
    const files = memoryStaticFiles({ 'index.html': '<!doctype html>', 'app.js': 'x' });
    const h = api({ staticFiles: files });
    const page = await h(new Request('http://x/'));
    expect([page.status, page.headers.get('content-type'), await page.text()]).toEqual([200, 'text/html; charset=utf-8', '<!doctype html>']);
    expect((await h(new Request('http://x/app.js'))).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // URL parsing resolves an encoded `..` before the handler sees the path: it stays inside the root.
    expect(new URL('http://x/a/%2e%2e/app.js').pathname).toBe('/app.js');
    expect((await h(new Request('http://x/%2e%2e%2f%2e%2e%2fetc/passwd'))).status).toBe(400);
    expect((await h(new Request('http://x/missing.js'))).status).toBe(404);
  });
});

describe('query_exemplars', () => {
  test('none for a valid request; parse and range errors as Prometheus words them', async () => {
    const h = api();
    expect((await call(h, '/api/v1/query_exemplars', { query: 'up', start: '0', end: '60' })).body).toEqual({ status: 'success', data: [] });
    const bad = await call(h, '/api/v1/query_exemplars', { query: 'up{', start: '0', end: '60' });
    expect([bad.status, bad.body.error]).toEqual([400, '1:4: parse error: unexpected end of input inside braces']);
    expect((await call(h, '/api/v1/query_exemplars', { query: 'up', start: '60', end: '0' })).body.error).toBe('end timestamp must not be before start timestamp');
  });
});

describe('construction', () => {
  test('with only an engine: queries work, listing endpoints say they need the storage', async () => {
    const { Engine } = await import('../../src/eval/engine.js');
    const { fixtureStorage } = await import('./helpers.js');
    const { createPrometheusAPI } = await import('../../src/server/api.js');
    const h = createPrometheusAPI({ engine: new Engine({ storage: fixtureStorage() }) });
    expect((await call(h, '/api/v1/query', { query: 'count(up)', time: '60' })).body.data.result).toEqual([{ metric: {}, value: [60, '2'] }]);
    const r = await call(h, '/api/v1/labels');
    expect([r.status, r.body.errorType]).toEqual([503, 'unavailable']);
    expect(r.body.error).toMatch(/needs the storage/);
    expect((await call(h, '/api/v1/read', {}, 'POST')).status).toBe(404);
    expect(() => createPrometheusAPI({})).toThrow(/needs \{ storage \} or \{ engine \}/);
  });

  test('CORS preflight is 204 with the allowed origin', async () => {
    const h = api({ corsOrigin: /https:\/\/a\.example/ });
    const r = await h(new Request('http://x/api/v1/query', { method: 'OPTIONS', headers: { Origin: 'https://a.example' } }));
    expect([r.status, r.headers.get('access-control-allow-methods')]).toEqual([204, 'GET, POST, OPTIONS']);
  });
});
