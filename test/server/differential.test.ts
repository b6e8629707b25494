// promtool and raw API requests against `promql serve` and against a real Prometheus over the
// same backfilled data (tools/differential/serve). Needs a Prometheus 3.x binary: with none, or
// with Debian's 2.42 (whose windows, functions and messages differ), the test is skipped.
import { expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs tool without type declarations
import { runServeComparison } from '../../tools/differential/serve/run.mjs';
// @ts-expect-error: as above
import { findPrometheus, versionOf } from '../../tools/differential/prometheus.mjs';

interface Result { kind: string; case: unknown; same: boolean; known?: string; theirs: unknown; ours: unknown }

const bin: string | null = findPrometheus();
const version: string = bin ? versionOf(bin) : '';
const usable = /version 3\./.test(version);
if (!usable) console.warn(`serve differential skipped: ${bin ? `${version} is not Prometheus 3.x` : 'no prometheus binary found'} (see tools/differential/README.md)`);
const out: { results: Result[] } | null = usable ? await runServeComparison({ prometheus: bin }) : null;

test.skipIf(!out)('promtool and the API agree with a real Prometheus 3.x (or the difference is known)', () => {
  const bad = out!.results.filter((r) => !r.same && !r.known);
  expect(bad.map((r) => ({ case: r.case, prometheus: r.theirs, ours: r.ours }))).toEqual([]);
  expect(out!.results.filter((r) => r.kind === 'promtool').length).toBeGreaterThan(15);
  expect(out!.results.filter((r) => r.kind === 'api').length).toBeGreaterThan(20);
});
