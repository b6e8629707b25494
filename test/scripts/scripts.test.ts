// Our own promqltest scripts (test/scripts/*.test) must all pass.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runTestScript } from '../../src/promqltest/runner.js';

const dir = new URL('./', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.test'));

describe('own promqltest scripts', () => {
  test.each(files)('%s', async (file) => {
    const r = await runTestScript(readFileSync(new URL(file, dir), 'utf8'), { file });
    expect(r.failures).toEqual([]);
    expect(r.passed).toBeGreaterThan(5);
  });
});
