// The Node adapter: request bodies stream into the handler, a client that goes away aborts the
// request's signal (so the query stops), a throwing handler gives a 500 without a stack trace.
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { createPrometheusAPI } from '../../src/server/api.js';
import { serveNode, directoryStaticFiles } from '../../src/server/node.js';
import type { SelectRequest, Storage } from '../../src/storage/types.js';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function withServer(handler: (r: Request) => Promise<Response>, go: (base: string) => Promise<void>): Promise<void> {
  const server = await serveNode(handler, { port: 0, onError: () => {} });
  try {
    await go(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test('a client going away aborts the storage read of its query', async () => {
  let seen: AbortSignal | undefined;
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => (onAbort = resolve));
  const storage: Storage = {
    select(req: SelectRequest) {
      seen = req.signal;
      return new Promise((_, reject) => req.signal?.addEventListener('abort', () => {
        onAbort();
        reject(new Error('aborted'));
      }));
    },
  };
  await withServer(createPrometheusAPI({ storage }), async (base) => {
    const ac = new AbortController();
    const answer = fetch(`${base}/api/v1/query?query=up&time=1`, { signal: ac.signal }).catch(() => 'gone');
    await new Promise((r) => setTimeout(r, 200));
    ac.abort();
    expect(await answer).toBe('gone');
    await Promise.race([aborted, new Promise((r) => setTimeout(r, 5000))]);
  });
  expect(seen?.aborted).toBe(true);
});

test('form bodies stream in; a throwing handler is a plain 500', async () => {
  await withServer(createPrometheusAPI({ storage: { select: () => [] } }), async (base) => {
    const r = await fetch(`${base}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: '1+1', time: '2' }) });
    expect(await r.json()).toEqual({ status: 'success', data: { resultType: 'scalar', result: [2, '2'] } });
  });
  await withServer(async () => {
    throw new Error('boom');
  }, async (base) => {
    const r = await fetch(`${base}/`);
    expect([r.status, await r.text()]).toEqual([500, 'internal server error\n']);
  });
});

test('directory files: served by real path; a symlink out of the directory is not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'promql-static-'));
  mkdirSync(join(dir, 'web'));
  writeFileSync(join(dir, 'web', 'index.html'), 'page');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  symlinkSync(join(dir, 'secret.txt'), join(dir, 'web', 'leak.txt'));
  const files = directoryStaticFiles(join(dir, 'web'));
  expect(new TextDecoder().decode((await files.get('index.html'))!.body)).toBe('page');
  expect(await files.get('leak.txt')).toBeNull();
  expect(await files.get('../secret.txt')).toBeNull();
});
