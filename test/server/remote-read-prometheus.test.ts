// A real Prometheus (each installed one: 3.5.3, Debian's 2.42) reading our fixture through
// `remote_read` from `promql serve` answers as promql-ts does (tools/differential/serve/remote-read.mjs).
import { existsSync } from 'node:fs';
import { expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs tool without type declarations
import { runRemoteReadComparison } from '../../tools/differential/serve/remote-read.mjs';
// @ts-expect-error: as above
import { findPrometheus } from '../../tools/differential/prometheus.mjs';

const binaries = [...new Set([findPrometheus(), '/opt/prometheus-3.5.3/usr/bin/prometheus', '/usr/bin/prometheus'].filter((p) => p && existsSync(p)))];
if (binaries.length === 0) console.warn('remote-read check skipped: no prometheus binary (apt-get install prometheus)');

test.skipIf(binaries.length === 0).each(binaries)('Prometheus at %s, reading us remotely, agrees with us', async (bin: string) => {
  const out = await runRemoteReadComparison({ prometheus: bin });
  const bad = out.results.filter((r: { same: boolean }) => !r.same);
  expect(bad).toEqual([]);
  // The answers carry data: every query but none has a non-empty result.
  const empty = out.results.filter((r: { ours: { body: { data: { result: unknown[] } } } }) => r.ours.body.data.result.length === 0);
  expect(empty).toEqual([]);
  expect(out.results.length).toBeGreaterThanOrEqual(12);
});
