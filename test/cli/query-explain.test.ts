// `promql query --explain/--analyze/--stats/--timeout/--max-samples`, run in-process.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli } from './in-process.js';

const run = cli;
const dir = mkdtempSync(join(tmpdir(), 'promql-cli-explain-'));
const DATA = join(dir, 'data.series');
writeFileSync(DATA, 'load 1m\n  req_total{job="a", code="200"} 0+10x10\n  req_total{job="a", code="500"} 0+1x10\n  req_total{job="b", code="200"} 0+5x10\n');
const Q = 'sum by (job) (rate(req_total[5m]))';

describe('promql query --explain', () => {
  test('prints the plan text without evaluating (a sample limit it would break does not matter)', async () => {
    const r = await run('query', Q, '--data', DATA, '--time', '600', '--explain', '--max-samples', '1');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      '[aggregate] sum by (job) #2 @600000\n' +
      '└── [function] rate #1 @600000\n' +
      '    └── [matrixSelector] req_total[5m] #0 @600000 fetch 300001..600000\n',
    );
  });

  test('-o json prints {"status":"success","plan":…}', async () => {
    const r = await run('query', Q, '--data', DATA, '--start', '300', '--end', '600', '--step', '60', '--explain', '-o', 'json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['status', 'plan']);
    expect(j.plan).toMatchObject({
      operator: 'aggregate', detail: 'sum by (job)', grid: { start: 300_000, end: 600_000, step: 60_000, steps: 6 },
      children: [{ operator: 'function', detail: 'rate', children: [{ operator: 'matrixSelector', window: { start: 1, end: 600_000, range: 300_000, offset: 0, at: null } }] }],
    });
    expect(j.plan.stats).toBeUndefined();
  });

  test('a query error is exit 1 with the error envelope', async () => {
    const r = await run('query', 'sum(', '--data', DATA, '--explain', '-o', 'json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ status: 'error', errorType: 'bad_data', error: '1:5: parse error: unclosed left parenthesis' });
  });
});

describe('promql query --analyze and --stats', () => {
  test('table: the result, a blank line, the analysed plan; the stats block on stderr', async () => {
    const r = await run('query', Q, '--data', DATA, '--time', '600', '--analyze', '--stats');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual(['{job="a"} 0.18333333333333332', '{job="b"} 0.08333333333333333', '']);
    expect(lines[3]).toMatch(/^\[aggregate\] sum by \(job\) #2 @600000 \{evaluations: 1, time: [\d.]+ms \(self [\d.]+ms\), series: 2, samples: 2, peak samples: \d+\}$/);
    expect(lines[5]).toMatch(/^ {4}└── \[matrixSelector\] req_total\[5m\] #0 @600000 fetch 300001\.\.600000 \{evaluations: 1, .*series: 3, samples: 15, /);
    expect(lines[6]).toMatch(/^longest run without yielding: [\d.]+ms$/);
    expect(r.stderr).toMatch(/^stats: evalTotalTime [\d.]+ms, queryPreparationTime [\d.]+ms, innerEvalTime [\d.]+ms\nstats: totalQueryableSamples 15, peakSamples \d+\n$/);
  });

  test('json: the API envelope with data.stats, then "analysis": { plan, longestBlockMs }', async () => {
    const r = await run('query', Q, '--data', DATA, '--time', '600', '--analyze', '--stats', '-o', 'json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['status', 'data', 'analysis']);
    expect(Object.keys(j.data)).toEqual(['resultType', 'result', 'stats']);
    expect(j.data.stats.samples.totalQueryableSamples).toBe(15);
    expect(Object.keys(j.analysis)).toEqual(['plan', 'longestBlockMs']);
    expect(j.analysis.plan.stats).toMatchObject({ evaluations: 1, series: 2, samples: 2 });
    expect(j.analysis.plan.children[0].children[0].stats).toMatchObject({ evaluations: 1, series: 3, samples: 15 });
  });

  test('--stats alone: data.stats in json, nothing else added', async () => {
    const r = await run('query', 'sum(req_total)', '--data', DATA, '--start', '0', '--end', '120', '--step', '60', '--stats', '-o', 'json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['status', 'data']);
    expect(Object.keys(j.data.stats.timings)).toEqual(['evalTotalTime', 'resultSortTime', 'queryPreparationTime', 'innerEvalTime', 'execQueueTime', 'execTotalTime']);
    expect(j.data.stats.samples).toMatchObject({ totalQueryableSamples: 9 });
  });
});

describe('promql query limits', () => {
  test('--timeout: a query past it fails with exit 1 and errorType timeout', async () => {
    const r = await run('query', 'count_over_time(vector(1)[100d:1s])', '--data', DATA, '--timeout', '100ms', '-o', 'json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'error', errorType: 'timeout', error: expect.stringMatching(/^query timed out in (expression evaluation|query preparation)$/) });
  });

  test('--max-samples: exit 1 with Prometheus\'s message', async () => {
    const r = await run('query', 'count_over_time(req_total[5m])', '--data', DATA, '--time', '600', '--max-samples', '10');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('promql: query processing would load too many samples into memory in query execution\n');
  });

  test.each([
    [['--timeout', '0'], '--timeout must be a positive duration (30s, 1m30s, 0.5) or inf, got "0"'],
    [['--timeout', 'soon'], '--timeout must be a positive duration (30s, 1m30s, 0.5) or inf, got "soon"'],
    [['--max-samples', '0'], '--max-samples must be a positive integer, got "0"'],
    [['--max-samples', '1e3'], '--max-samples must be a positive integer, got "1e3"'],
    [['--explain', '--analyze'], '--explain and --analyze cannot be combined'],
    [['--explain', '--stats'], '--stats needs an evaluation; it cannot be combined with --explain'],
  ])('bad flags %j: exit 2', async (flags, message) => {
    const r = await run('query', 'req_total', '--data', DATA, ...flags);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`promql: query: ${message}\n`);
  });

  test('--timeout inf and a generous --max-samples evaluate normally', async () => {
    const r = await run('query', 'sum(req_total)', '--data', DATA, '--time', '600', '--timeout', 'inf', '--max-samples', '1000');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('{} 160\n');
  });
});
