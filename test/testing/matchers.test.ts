// The promql matchers and helpers: what passes, and the readable messages when they fail.
import { describe, expect, test } from 'vitest';
import '../../src/testing/vitest-setup.js';
import { evaluate, series, seriesEvery, seriesFromFiles, toEqualMatrix, toEqualVector, toHaveAnnotations } from '../../src/testing/index.js';
import { DataError, OptionsError } from '../../src/errors.js';

const storage = series`
  load 1m
    up{job="api", instance="a"} 1 1 0
    up{job="db", instance="b"} 1 NaN 1
`;

describe('toEqualVector', () => {
  test('compares by label set, in either notation, NaN equal to NaN', async () => {
    const r = await evaluate(storage, 'up', { at: 120_000 });
    expect(toEqualVector(r, [{ labels: 'up{instance="b", job="db"}', value: 1 }, { labels: { __name__: 'up', job: 'api', instance: 'a' }, value: 0 }]).pass).toBe(true);
    expect(toEqualVector(r, 'up{job="db", instance="b"} 1\nup{job="api", instance="a"} 0').pass).toBe(true);
    const nan = await evaluate(storage, 'up{job="db"}', { at: 60_000 });
    expect(toEqualVector(nan, 'up{job="db", instance="b"} NaN').pass).toBe(true);
  });

  test('a failure shows missing, unexpected and differing samples', async () => {
    const r = await evaluate(storage, 'up', { at: 120_000 });
    const m = toEqualVector(r, 'up{job="api", instance="a"} 1\nup{job="web", instance="c"} 1');
    expect(m.pass).toBe(false);
    expect(m.message()).toBe([
      'vector differs (- expected, + received):',
      '  - {__name__="up", instance="a", job="api"} 1',
      '  + {__name__="up", instance="a", job="api"} 0',
      '  - {__name__="up", instance="c", job="web"} 1   (missing)',
      '  + {__name__="up", instance="b", job="db"} 1   (unexpected)',
    ].join('\n'));
  });

  test('ordered comparison and wrong result types', async () => {
    const sorted = await evaluate(storage, 'sort_desc(up)', { at: 0 });
    expect(toEqualVector(sorted, 'up{job="api", instance="a"} 1\nup{job="db", instance="b"} 1', { ordered: true }).pass).toBe(true);
    const scalar = await evaluate(storage, 'scalar(up{job="api"})', { at: 0 });
    expect(toEqualVector(scalar, []).message()).toBe('expected an instant vector result, got scalar');
  });
});

describe('toEqualMatrix and toHaveAnnotations', () => {
  test('range results compare point by point', async () => {
    const r = await evaluate(storage, 'up{job="api"}', { range: { start: 0, end: 120_000, step: 60_000 } });
    expect(toEqualMatrix(r, [{ labels: { __name__: 'up', job: 'api', instance: 'a' }, points: [[0, 1], [60_000, 1], [120_000, 0]] }]).pass).toBe(true);
    const m = toEqualMatrix(r, [{ labels: 'up{job="api", instance="a"}', points: [[0, 1], [60_000, 1], [120_000, 1]] }]);
    expect(m.message()).toContain('  - {__name__="up", instance="a", job="api"} 0:1 60000:1 120000:1\n  + {__name__="up", instance="a", job="api"} 0:1 60000:1 120000:0');
  });

  test('annotations by substring or regex, or none', async () => {
    const r = await evaluate(storage, 'histogram_quantile(2, up)', { at: 0 });
    expect(toHaveAnnotations(r, { warnings: [/quantile value should be between 0 and 1, got 2/, 'bucket label "le"'] }).pass).toBe(true);
    expect(toHaveAnnotations(r, { infos: [] }).pass).toBe(true);
    expect(toHaveAnnotations(r, { warnings: [] }).message()).toContain('expected no warnings, got:');
  });
});

describe('fixtures and times', () => {
  test('bad notation names the line; files load by extension', () => {
    expect(() => series`
      load 1m
        up{job="a" 1
    `).toThrow(DataError);
    const s = seriesFromFiles(new URL('../../examples/node.om', import.meta.url).pathname);
    expect(s.size).toBeGreaterThan(0);
  });

  test('seriesEvery takes the interval instead of a load line', async () => {
    const s = seriesEvery('15s')`
      http_requests_total{job="api"} 0+15x8
    `;
    expect(toEqualVector(await evaluate(s, 'rate(http_requests_total[1m])', { at: 120_000 }), '{job="api"} 1').pass).toBe(true);
  });

  test('times are ms or Dates; duration text (0.1) is an OptionsError', async () => {
    expect(await evaluate(storage, 'time()', { at: new Date(90_000) })).toEqualScalar(90);
    await expect(evaluate(storage, 'up', { at: '2m' as never })).rejects.toThrow('time must be a number of milliseconds or a Date, got "2m"');
    await expect(evaluate(storage, 'up', { range: { start: 0, end: 60_000, step: '1m' as never } })).rejects.toBeInstanceOf(OptionsError);
  });
});
