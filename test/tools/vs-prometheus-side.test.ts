// Our side of the side-by-side benchmark in a process of its own (bench/vs-prometheus/our-side.mjs):
// it loads the fixture and answers the harness's requests as the in-process side does, and a
// dead process fails the requests instead of hanging them. Runs the built library (npm test builds).
import { afterAll, describe, expect, test } from 'vitest';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: plain ES modules of the tool, no type declarations.
import { DEFAULT_SHAPE, FIXTURE_START, writeFloatFixture } from '../../bench/vs-prometheus/fixture.mjs';
// @ts-expect-error: as above.
import { startOurSide } from '../../bench/vs-prometheus/our-side.mjs';

const shape = { ...DEFAULT_SHAPE, hours: 0.25, instances: 1 };
const work = mkdtempSync(join(tmpdir(), 'our-side-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fixture(): { omFile: string; samples: number } {
  const omFile = join(work, 'f.om');
  const fd = openSync(omFile, 'w');
  const counts = writeFloatFixture((s: string) => writeSync(fd, s), shape);
  closeSync(fd);
  return { omFile, samples: counts.samples };
}

const libUrl = new URL('../../dist/src/index.js', import.meta.url);
const range = { start: FIXTURE_START, end: FIXTURE_START + 0.25 * 3600_000 - 15_000, step: 15_000 };

describe('our side in its own process', () => {
  test('loads the fixture, answers, times runs and reports GC pauses; a dead process fails requests', async () => {
    const { omFile, samples } = fixture();
    const registered: { pid: number }[] = [];
    const ours = await startOurSide({ omFile, shape, expectedFloats: samples, maxSamples: 1e9, libUrl }, (s: { pid: number }) => registered.push(s));
    try {
      expect(registered.map((s) => s.pid)).toEqual([ours.side.pid]);
      expect(ours.side.pid).not.toBe(process.pid);
      expect(ours.loading.oursSamplesPerSecond).toBeGreaterThan(0);
      expect(ours.histograms.samples).toBeGreaterThan(0);
      const a = await ours.side.answer('sum by (job) (rate(bench_http_requests_total[5m]))', range);
      expect(a.ok).toBe(true);
      expect(a.data.resultType).toBe('matrix');
      expect(a.data.result.length).toBe(4);
      const bad = await ours.side.answer('sum(', range);
      expect(bad.ok).toBe(false);
      expect(bad.error).toMatch(/unexpected end of input|parse/i);
      expect(await ours.side.recover('up', range)).toBeGreaterThanOrEqual(3);
      // The minor collection before the quiet wait that precedes each timed run.
      await expect(ours.side.collect()).resolves.toBeUndefined();
      const t = await ours.side.timed('rate(bench_http_requests_total[5m])', range);
      expect(t.ms).toBeGreaterThan(0);
      expect(t.window[1]).toBeGreaterThan(t.window[0]);
      // The event loop's longest wait over untimed runs: a number of ms, at least a tick.
      const block = await ours.side.longestBlock('rate(bench_http_requests_total[5m])', range);
      expect(typeof block).toBe('number');
      expect(block).toBeGreaterThan(0);
      const gc = await ours.side.gcMs([t.window, [0, 0]]);
      expect(gc).toHaveLength(2);
      expect(gc[1]).toBe(0);
    } finally {
      ours.stop();
    }
    await expect(ours.side.answer('up', range)).rejects.toThrow(/exited/);
  }, 60_000);

  test('a load that fails rejects with the child’s error and leaves no process', async () => {
    const missing = join(work, 'missing.om');
    const registered: { pid: number; stop: () => void }[] = [];
    await expect(startOurSide({ omFile: missing, shape, expectedFloats: 1, maxSamples: 1e9, libUrl }, (s: { pid: number; stop: () => void }) => registered.push(s)))
      .rejects.toThrow(/our side: FileReadError: .*missing\.om: no such file/);
    const pid = registered[0].pid;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(() => process.kill(pid, 0)).toThrow();
  }, 60_000);
});
