// The query page in headless Chromium (Debian's `chromium`, driven by playwright-core): type a
// query, see the graph (screenshot written to .scratch/page/) and the table; an invalid query
// shows the error at its position. Skipped, with a message, when Chromium or the bundle is absent.
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveNode, directoryStaticFiles } from '../../src/server/node.js';
import { api } from './helpers.js';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
const PAGE = fileURLToPath(new URL('../../dist/web/', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../.scratch/page/', import.meta.url));
const missing = !CHROMIUM ? 'no chromium (apt-get install chromium, or set CHROMIUM_PATH)' : !existsSync(`${PAGE}index.html`) ? 'no page bundle (npm run build)' : null;
if (missing) console.warn(`query page test skipped: ${missing}`);

describe.skipIf(missing !== null)('query page', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    server = await serveNode(api({ staticFiles: directoryStaticFiles(PAGE), now: () => 600_000 }), { port: 0 });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((r) => server ? server.close(r) : r(null));
  });

  async function typeQuery(q: string): Promise<void> {
    const editor = page.locator('#editor .cm-content');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await editor.pressSequentially(q, { delay: 5 });
    await page.keyboard.press('Escape'); // close completion
  }

  test('a range query draws a graph; the table shows the instant result', async () => {
    const errors: string[] = [];
    const elsewhere: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Works offline: every request the page makes goes to this server.
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) elsewhere.push(r.url());
    });
    await page.goto(base);
    // The range defaults to the data's span (10 minutes of fixture).
    await expect.poll(() => page.locator('#data-range').textContent()).toContain('1970-01-01T00:10:00.000Z');
    await typeQuery('sum by (job) (rate(http_requests_total[2m]))');
    await page.click('#run');
    await page.waitForSelector('#graph canvas');
    await expect.poll(() => page.locator('#legend span').allTextContents()).toEqual(['{job="api"}', '{job="db"}']);
    const shot = `${SHOTS}graph.png`;
    await page.screenshot({ path: shot });
    console.log(`query page screenshot: ${shot}`);
    await page.click('#tab-table');
    await expect.poll(() => page.locator('#table tbody tr').allTextContents()).toEqual(['{job="api"}0.5', '{job="db"}0.08333333333333333']);
    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
  });

  test('the editor completes metric names from our /api/v1 endpoints', async () => {
    const editor = page.locator('#editor .cm-content');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await editor.pressSequentially('http_req', { delay: 20 });
    const options = page.locator('.cm-tooltip-autocomplete li');
    await expect.poll(() => options.allTextContents(), { timeout: 10_000 }).toContainEqual(expect.stringContaining('http_requests_total'));
    await page.keyboard.press('Escape');
  });

  test('an invalid query shows the error at its position', async () => {
    await typeQuery('rate(http_requests_total[5m]) + * 2');
    await page.click('#run');
    await page.waitForSelector('#error:not([hidden])');
    const text = await page.locator('#error-text').textContent();
    expect(text).toContain('invalid parameter "query": 1:');
    // The caret sits under the column our checker reports, with its message.
    const [line, caret, message] = text!.split('\n');
    expect(line).toBe('rate(http_requests_total[5m]) + * 2');
    const col = Number(/^invalid parameter "query": 1:(\d+): parse error: /.exec(message)![1]);
    expect(caret).toBe(`${' '.repeat(col - 1)}^`);
    // …and the editor marks it inline.
    await page.waitForSelector('#editor .cm-lintRange-error');
    await page.screenshot({ path: `${SHOTS}error.png` });
  });
});
