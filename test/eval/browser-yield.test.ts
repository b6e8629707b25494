// A long query in headless Chromium (Debian's `chromium`, driven by playwright-core), the main
// entry bundled for browsers: its pauses go through messages rather than `setTimeout(0)` (which
// a browser holds back at least 4 ms once nested), timers keep running while it evaluates, and
// it answers what Node answers. Skipped, with a message, when Chromium or the build is absent.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
const ENTRY = fileURLToPath(new URL('../../dist/src/index.js', import.meta.url));
const missing = !CHROMIUM ? 'no chromium (apt-get install chromium, or set CHROMIUM_PATH)' : !existsSync(ENTRY) ? 'no build (npm run build)' : null;
if (missing) console.warn(`browser evaluation test skipped: ${missing}`);

/** Runs in the page (and in Node): 1,500 series of 2 h at 15 s, then a query of many slices. */
async function longQuery(lib: typeof import('../../src/index.js')): Promise<{ series: number; first: number[]; last: number[]; ticks: number; longestWait: number; zeroTimeouts: number }> {
  const storage = new lib.MemoryStorage();
  for (let i = 0; i < 1500; i++) {
    const points = [];
    for (let t = 0; t <= 7_200_000; t += 15_000) points.push({ t, v: ((t / 15_000) * 7 + i * 13) % 101 });
    storage.add({ __name__: 'x', series: String(i) }, points);
  }
  const engine = new lib.Engine({ storage });
  // Timers made with no delay while the query runs: what a pause by `setTimeout(0)` would make.
  let zeroTimeouts = 0;
  const realTimeout = globalThis.setTimeout;
  const counting = (fn: () => void, ms?: number) => {
    if (!ms) zeroTimeouts++;
    return realTimeout(fn, ms);
  };
  globalThis.setTimeout = counting as typeof setTimeout;
  let ticks = 0;
  let longestWait = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longestWait = Math.max(longestWait, now - last);
    last = now;
    ticks++;
  }, 10);
  try {
    const r = await engine.rangeQuery('quantile_over_time(0.5, x[30m])', 0, 7_200_000, 15_000);
    if (r.resultType !== 'matrix') throw new Error(r.resultType);
    return { series: r.result.length, first: r.result[0].values.slice(0, 5), last: r.result.at(-1)!.values.slice(-5), ticks, longestWait, zeroTimeouts };
  } finally {
    clearInterval(ticker);
    globalThis.setTimeout = realTimeout;
  }
}

describe.skipIf(missing !== null)('evaluation in a browser', () => {
  let browser: Browser;
  let bundle: string;

  beforeAll(async () => {
    const { build } = await import('esbuild');
    const out = await build({ entryPoints: [ENTRY], bundle: true, platform: 'browser', format: 'iife', globalName: 'promql', write: false, logLevel: 'silent' });
    bundle = out.outputFiles[0].text;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('a long query pauses by messages, lets a ticker run and answers as in Node', async () => {
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle });
    const inPage = await page.evaluate(`(${longQuery.toString()})(globalThis.promql)`) as Awaited<ReturnType<typeof longQuery>>;
    await page.close();
    const inNode = await longQuery(await import('../../dist/src/index.js'));
    expect(inPage.series).toBe(1500);
    expect({ first: inPage.first, last: inPage.last }).toEqual({ first: inNode.first, last: inNode.last });
    // Evaluation paused many times (its slices are 5 ms) and never through a zero-delay timer.
    expect(inPage.zeroTimeouts).toBe(0);
    expect(inPage.ticks).toBeGreaterThan(3);
    // A generous bound: a paused query lets a 10 ms ticker run every few slices.
    expect(inPage.longestWait).toBeLessThan(250);
  }, 120_000);
});
