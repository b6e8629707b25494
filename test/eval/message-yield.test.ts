// The pause browsers and workers use (no setImmediate there): a message through a channel of its
// own, which resolves a macrotask later and leaves no open port behind.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { messageYield } from '../../src/eval/context.js';

describe('messageYield', () => {
  test('resolves after the microtasks queued before it, pauses in order', async () => {
    const seen: string[] = [];
    const a = messageYield().then(() => seen.push('a'));
    const b = messageYield().then(() => seen.push('b'));
    await Promise.resolve().then(() => seen.push('microtask'));
    await Promise.all([a, b]);
    expect(seen).toEqual(['microtask', 'a', 'b']);
  });

  test('leaves nothing that keeps a process running', () => {
    const context = fileURLToPath(new URL('../../dist/src/eval/context.js', import.meta.url));
    const script = `const m = await import(${JSON.stringify(context)}); for (let i = 0; i < 3; i++) await m.messageYield(); console.log('yielded');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toBe('yielded');
    expect(r.status).toBe(0);
  });
});
