// The side-by-side benchmark's parts that need no Prometheus: its fixture (deterministic, loadable
// by our OpenMetrics loader, histograms consistent), its query set and its agreement check.
import { describe, expect, test, vi } from 'vitest';
// @ts-expect-error: plain ES modules of the tool, no type declarations.
import { writeFloatFixture, FIXTURE_START, BUCKETS } from '../../bench/vs-prometheus/fixture.mjs';
// @ts-expect-error: as above.
import { generateHistograms, NH_METRIC } from '../../bench/vs-prometheus/fixture-histograms.mjs';
// @ts-expect-error: as above.
import { HEAVY_QUERIES } from '../../bench/vs-prometheus/queries.mjs';
// @ts-expect-error: as above.
import { compareMatrices, close } from '../../bench/vs-prometheus/compare.mjs';
// @ts-expect-error: as above.
import { summarise, reportLines } from '../../bench/vs-prometheus/report.mjs';
// @ts-expect-error: as above.
import { replyEnds, settle, statsOf, statsOfEnds } from '../../bench/vs-prometheus/prometheus.mjs';
// @ts-expect-error: as above.
import { collectHarnessGarbage, longestBlock, measureOurs } from '../../bench/vs-prometheus/measure.mjs';
import { spawn } from 'node:child_process';
import { Engine, MemoryStorage, loadExposition, parse } from '../../src/index.js';

const SMALL = { hours: 0.5, stepMs: 15_000, instances: 2, seed: 1 };

function floatText(shape = SMALL): { text: string; series: number; samples: number } {
  let text = '';
  const counts = writeFloatFixture((s: string) => {
    text += s;
  }, shape);
  return { text, ...counts };
}

interface Wire {
  count: number;
  sum: number;
  positiveSpans: { offset: number; length: number }[];
  positiveBuckets: number[];
}
interface NhSeries {
  labels: Record<string, string>;
  points: { t: number; h: Wire }[];
}

const matrix = (series: { metric: Record<string, string>; values?: [number, string][]; histograms?: [number, unknown][] }[]) => ({ resultType: 'matrix', result: series });

describe('vs-prometheus fixture', () => {
  test('the float fixture is deterministic, ends with # EOF and loads whole with our loader', () => {
    const a = floatText();
    expect(floatText().text).toBe(a.text);
    expect(floatText({ ...SMALL, seed: 2 }).text).not.toBe(a.text);
    expect(a.text.endsWith('# EOF\n')).toBe(true);
    // 2 instances × 4 jobs × 54 series per target, 120 samples each.
    expect(a.series).toBe(8 * 54);
    expect(a.samples).toBe(a.series * 120);
    const storage = new MemoryStorage();
    expect(loadExposition(storage, a.text, { format: 'openmetrics' })).toBe(a.samples);
    expect(storage.size).toBe(a.series);
  });

  test('classic buckets are cumulative at every step and the info metric is 1', async () => {
    const storage = new MemoryStorage();
    loadExposition(storage, floatText().text, { format: 'openmetrics' });
    const engine = new Engine({ storage });
    const t = FIXTURE_START + 20 * 60_000;
    const r = await engine.instantQuery('bench_request_duration_seconds_bucket{job="db",instance="db-1:9100",method="GET"}', t);
    if (r.resultType !== 'vector') throw new Error(`expected a vector, got ${r.resultType}`);
    const byLe = new Map(r.result.map((s) => [s.labels.find((l) => l.name === 'le')!.value, s.value]));
    const counts: number[] = BUCKETS.map((le: string) => byLe.get(le));
    expect(counts.every((c) => typeof c === 'number')).toBe(true);
    expect(counts.every((c, i) => i === 0 || c >= counts[i - 1])).toBe(true);
    expect(counts[counts.length - 1]).toBeGreaterThan(counts[0]);
    const info = await engine.instantQuery('count(bench_build_info == 1)', t);
    expect(info.resultType === 'vector' && info.result.map((s) => s.value)).toEqual([8]);
  });

  test('native histograms: deterministic, sorted by labels, counts add up, resets only by dropping', () => {
    const a = generateHistograms(SMALL);
    expect(JSON.stringify(generateHistograms(SMALL))).toBe(JSON.stringify(a));
    expect(a.series.length).toBe(32);
    expect(a.samples).toBe(32 * 120);
    const keys = a.series.map((s: NhSeries) => JSON.stringify(Object.entries(s.labels).sort()));
    expect(keys).toEqual([...keys].sort());
    for (const s of a.series as NhSeries[]) {
      expect(s.labels.__name__).toBe(NH_METRIC);
      let prev = 0;
      for (const { h } of s.points) {
        // No zero bucket: the buckets hold every observation; spans cover exactly the buckets.
        expect(h.positiveBuckets.reduce((x, y) => x + y, 0)).toBe(h.count);
        expect(h.positiveSpans.reduce((x, sp) => x + sp.length, 0)).toBe(h.positiveBuckets.length);
        expect(h.positiveBuckets.every((c) => c > 0)).toBe(true);
        // A counter restarts from its baseline of 300 observations, never from near zero.
        expect(h.count).toBeGreaterThanOrEqual(h.count < prev ? 300 : prev);
        prev = h.count;
      }
    }
  });
});

describe('vs-prometheus queries', () => {
  test('at least 15, uniquely named, and all parse', () => {
    expect(HEAVY_QUERIES.length).toBeGreaterThanOrEqual(15);
    const names = HEAVY_QUERIES.map((q: { name: string }) => q.name);
    expect(new Set(names).size).toBe(names.length);
    for (const { query } of HEAVY_QUERIES) expect(() => parse(query)).not.toThrow();
  });
});

describe('vs-prometheus agreement check', () => {
  const a = matrix([{ metric: { job: 'x' }, values: [[1, '1.5'], [2, 'NaN'], [3, '+Inf']] }]);

  test('identical answers agree, bit for bit', () => {
    expect(compareMatrices(a, a)).toMatchObject({ agree: true, series: [1, 1], points: 3, exact: 3 });
  });

  test.each([
    ['a value within 1e-9', '1.5000000000001', true],
    ['a value off by 1e-6', '1.5000015', false],
    ['NaN against a number', '2', false],
  ])('%s', (_, v, agree) => {
    const b = matrix([{ metric: { job: 'x' }, values: [[1, v], [2, 'NaN'], [3, '+Inf']] }]);
    const c = matrix([{ metric: { job: 'x' }, values: [[1, '1.5'], [2, v], [3, '+Inf']] }]);
    expect(compareMatrices(a, b).agree).toBe(agree);
    if (v === '2') expect(compareMatrices(a, c).agree).toBe(false);
  });

  test('a missing series, a missing point and an extra point disagree', () => {
    expect(compareMatrices(a, matrix([])).problems[0]).toMatch(/only in Prometheus/);
    const fewer = matrix([{ metric: { job: 'x' }, values: [[1, '1.5'], [2, 'NaN']] }]);
    expect(compareMatrices(a, fewer).agree).toBe(false);
    expect(compareMatrices(fewer, a).problems[0]).toMatch(/only we have/);
    expect(compareMatrices(a, matrix([{ metric: { job: 'y' }, values: [[1, '1.5'], [2, 'NaN'], [3, '+Inf']] }])).agree).toBe(false);
  });

  test('histogram points compare count, sum and buckets to the tolerance', () => {
    const h = (count: string, bucket: string) => matrix([{ metric: {}, histograms: [[1, { count, sum: '3', buckets: [[0, '0.5', '1', bucket]] }]] }]);
    expect(compareMatrices(h('4', '4'), h('4', '4.000000000001')).agree).toBe(true);
    expect(compareMatrices(h('4', '4'), h('4', '3')).agree).toBe(false);
    expect(compareMatrices(h('4', '4'), h('5', '4')).agree).toBe(false);
  });

  test('close: relative tolerance, infinities and NaN', () => {
    expect(close(1e300, 1e300 * (1 + 1e-10))).toBe(true);
    expect(close(0, 1e-300)).toBe(false);
    expect(close(Infinity, Infinity)).toBe(true);
    expect(close(Infinity, -Infinity)).toBe(false);
    expect(close(NaN, NaN)).toBe(true);
  });
});

describe('vs-prometheus report', () => {
  const row = (name: string, ratio: number | null, agree = true) => ({
    name, query: `q_${name}`, series: [3, agree ? 3 : 2], points: 10, exactPoints: 9, agree, problems: agree ? [] : ['series {} only in Prometheus'],
    prometheusExecMs: ratio === null ? null : 100 * ratio, prometheusHttpMs: 120, oursMs: ratio === null ? null : 100, oursExecMs: 99, ratio,
    prometheusCpuMs: ratio === null ? null : 300, oursCpuMs: ratio === null ? null : 150 * ratio, cpuRatio: ratio === null ? null : 2 / ratio,
    oursFaults: ratio === null ? null : 12, oursGcMs: ratio === null ? null : 1.25,
    oursLongestBlockMs: ratio === null ? null : 10 * ratio,
  });

  test('median and worst ratio over the timed queries; disagreements named', () => {
    const rows = [row('a', 2), row('b', 0.5), row('c', 4, false), row('d', null, false), row('e', 3)];
    expect(summarise(rows)).toEqual({
      timedQueries: 4, medianRatio: 2.5, worstRatio: 0.5, worstQuery: 'b', disagreements: ['c', 'd'],
      medianCpuRatio: (1 + 2 / 3) / 2, worstCpuRatio: 0.5, worstCpuQuery: 'c',
      longestBlockMs: 40, longestBlockQuery: 'c',
    });
  });

  test('the report shows every query, the summary and the disagreements', () => {
    const rows = [row('a', 2), row('c', 4, false)];
    const text = reportLines(rows, summarise(rows), {
      loading: { oursLoadMs: 2000, oursSamplesPerSecond: 1.25e6, heapBytesPerSample: 20.5, promtoolBackfillMs: 1500 }, omBytes: 250e6,
      loadAverage: { start: [1, 2, 3], end: [4, 5, 6] },
    }).join('\n');
    expect(text).toMatch(/^a +3 +200 +120 +100 +99 +2\.00× +300 +300 +1\.00× +12 +1\.3 +20 +agree \(9\/10 points bit-identical\)$/m);
    expect(text).toContain('our longest event-loop wait (a 1 ms ticker over 3 untimed runs of each query): 40 ms (c)');
    expect(text).toMatch(/^c .* DISAGREE$/m);
    expect(text).toContain('median 3.00×, worst 2.00× (a) over 2 queries');
    expect(text).toContain('in CPU time (Prometheus\'s process, HTTP and JSON encoding included, over ours): median 0.75×, worst 0.50× (c)');
    expect(text).toContain('ours 1.25 M samples/s (2.00 s for 250 MB), promtool backfill 1.50 s; MemoryStorage 20.5 bytes per float sample');
    expect(text).toContain('1 query disagrees');
    expect(text).toContain('series {} only in Prometheus');
  });
});

describe('timed replies', () => {
  const stats = { timings: { execTotalTime: 0.25 }, samples: { totalQueryableSamples: 7 } };
  const data = { resultType: 'matrix', result: [{ metric: { job: 'a' }, values: [[1, '2']] }], stats };

  test('only the stats of a successful reply are read', () => {
    expect(statsOf(JSON.stringify({ status: 'success', data }))).toEqual({ status: 'success', data: { stats } });
  });

  test('a reply with infos or an error is read whole', () => {
    const withInfos = { status: 'success', data, infos: ['PromQL info: x'] };
    expect(statsOf(JSON.stringify(withInfos))).toEqual(withInfos);
    const failed = { status: 'error', errorType: 'bad_data', error: 'parse error' };
    expect(statsOf(JSON.stringify(failed))).toEqual(failed);
  });

  test('a large reply is read as bytes, keeping its first chunk and its end, whose stats are found', async () => {
    // 3 MB of result in 64 KiB chunks, then the stats and infos after `data`.
    const result = Array.from({ length: 40_000 }, (_, i) => ({ metric: { job: `j${i}`, s: '{}é' }, values: [[i, '1.5']] }));
    const text = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result, stats }, infos: ['info with } and {'] });
    const bytes = new TextEncoder().encode(text);
    expect(bytes.byteLength).toBeGreaterThan(2 << 20);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let at = 0; at < bytes.byteLength; at += 65_536) c.enqueue(bytes.slice(at, at + 65_536));
        c.close();
      },
    });
    const ends = await replyEnds(stream);
    expect(ends.whole).toBeNull();
    expect(ends.tail.length).toBeLessThan(200_000);
    expect(statsOfEnds(ends.head, ends.tail)).toEqual({ status: 'success', data: { stats } });
    expect(() => statsOfEnds('{"status":"error"', ends.tail)).toThrow();
    // A small reply stays whole.
    const small = await replyEnds(new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new TextEncoder().encode('{"status":"error"}')); c.close(); } }));
    expect(small.whole).toBe('{"status":"error"}');
  });

  test('settle: an idle process is found quiet, a missing one is not waited for', async () => {
    expect(await settle(2 ** 22 + 12_345)).toBe(0);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      // Well below the cap: the wait ended because the CPU time stopped moving, not at maxMs.
      expect(await settle(child.pid!, 30, 10_000)).toBeLessThan(10_000);
    } finally {
      child.kill();
    }
  });
});

describe('our side timed alone', () => {
  test('one untimed run, then each timed run with wall, CPU and engine time', async () => {
    const storage = new MemoryStorage();
    for (let t = 0; t <= 3_600_000; t += 15_000) storage.append({ __name__: 'm', job: 'a' }, t, t / 1000);
    const engine = new Engine({ storage });
    let calls = 0;
    const counting = { rangeQuery: (...a: Parameters<Engine['rangeQuery']>) => (calls++, engine.rangeQuery(...a)) };
    const runs = await measureOurs(counting, 'rate(m[5m])', { start: 600_000, end: 3_600_000, step: 15_000 }, 3);
    // Without --expose-gc (as vitest runs) nothing is collected and no recovery run follows.
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
    expect(calls).toBe(1 + 3);
    for (const k of ['ms', 'cpuMs', 'execMs'] as const) expect(runs[k]).toHaveLength(3);
    runs.ms.forEach((ms: number, i: number) => {
      expect(runs.execMs[i]).toBeGreaterThanOrEqual(0);
      expect(runs.execMs[i]).toBeLessThanOrEqual(ms);
    });
  });
});

describe('our longest event-loop wait', () => {
  test('a query that blocks the event loop for 40 ms in one piece is seen at least that long', async () => {
    let runs = 0;
    const blocking = {
      async rangeQuery() {
        runs++;
        const t0 = performance.now();
        while (performance.now() - t0 < 40);
      },
    };
    expect(await longestBlock(blocking, 'm', { start: 0, end: 60_000, step: 15_000 })).toBeGreaterThanOrEqual(40);
    expect(runs).toBe(3);
  });
});

describe('after the forced collection', () => {
  test('our side runs untimed at least three times for at least 200 ms, then, for runs of 1 ms or less, until 5,000 runs or 2 s', async () => {
    const g = globalThis as { gc?: unknown };
    const had = g.gc;
    let collections = 0;
    g.gc = () => collections++;
    // A clock that only the runs move, each by `duration` ms: the count depends on no real timing.
    let clock = 0;
    let duration = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    try {
      const counting = { calls: 0, async rangeQuery() { this.calls++; clock += duration; } };
      const range = { start: 0, end: 60_000, step: 15_000 };
      duration = 1000;
      expect(await collectHarnessGarbage(counting, 'm', range)).toBe(3);
      duration = 150;
      expect(await collectHarnessGarbage(counting, 'm', range)).toBe(3);
      duration = 30;
      expect(await collectHarnessGarbage(counting, 'm', range)).toBe(7);
      duration = 2;
      expect(await collectHarnessGarbage(counting, 'm', range)).toBe(100);
      duration = 1;
      expect(await collectHarnessGarbage(counting, 'm', range)).toBe(2000);
      duration = 0.1;
      expect(await collectHarnessGarbage(counting, 'm', range)).toBe(5000);
      expect(counting.calls).toBe(3 + 3 + 7 + 100 + 2000 + 5000);
      expect(collections).toBe(6);
    } finally {
      now.mockRestore();
      g.gc = had;
    }
  });
});
