// Conformance: Prometheus's own PromQL test scripts, read straight from ../shared/promqltest.
// Evals of unsupported features are skipped by skip-list.json (one reason each); every other eval
// must pass, and the pass count must not drop below threshold.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { runTestScript } from '../../src/promqltest/runner.js';
import { loadSkipList, skipFor } from '../../src/promqltest/skip-list.js';

const dir = new URL('../../../shared/promqltest/', import.meta.url);
const skipList = loadSkipList(readFileSync(new URL('./skip-list.json', import.meta.url), 'utf8'));
const threshold: { passed: number } = JSON.parse(readFileSync(new URL('./threshold.json', import.meta.url), 'utf8'));

describe.runIf(existsSync(fileURLToPath(dir)))('promqltest conformance', () => {
  const files = existsSync(fileURLToPath(dir)) ? readdirSync(dir).filter((f) => f.endsWith('.test')).sort() : [];
  let passed = 0;
  test.each(files)('%s', async (file) => {
    const r = await runTestScript(readFileSync(new URL(file, dir), 'utf8'), { file, skip: skipFor(skipList, file) });
    passed += r.passed;
    expect(r.failures.map((f) => `${f.line}: ${f.query}: ${f.message}`)).toEqual([]);
  });
  test('pass count does not drop', () => {
    expect(passed).toBeGreaterThanOrEqual(threshold.passed);
  });
});
