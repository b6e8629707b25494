// Prometheus 3.5.3's answers over the native-histogram differential data (seed 1), recorded by
// `run.mjs --record`, replayed against our engine without a Prometheus: every evaluation that
// agreed must still agree, every allowed 3.5-vs-main difference must stay allowed. Evaluations
// that disagreed are expected failures (F8, an engine finding) or skipped (storage artefacts).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
// @ts-expect-error: plain ES modules of the tool, no type declarations.
import { generateData } from '../../tools/differential/native-histograms/generate.mjs';
// @ts-expect-error: as above.
import { loadIntoOurs } from '../../tools/differential/native-histograms/load.mjs';
// @ts-expect-error: as above.
import { normaliseOurs, compareAnswers } from '../../tools/differential/native-histograms/compare.mjs';
import { Engine, MemoryStorage, STALE_NAN, labelsFrom, toPrometheusJSON } from '../../src/index.js';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';

interface Case {
  q: string;
  mode: 'instant' | 'range';
  params: { time?: number; start?: number; end?: number; step?: number };
  prometheus: unknown;
  verdict: 'agree' | 'allowed' | 'disagree';
  category?: string;
}

const recorded = JSON.parse(readFileSync(new URL('./seed1-prometheus-3.5.3.json', import.meta.url), 'utf8')) as {
  version: string; seed: number; lowStarts: boolean; cases: Case[];
};
const storage = new MemoryStorage();
loadIntoOurs(storage, generateData(recorded.seed, { lowStarts: recorded.lowStarts }), { FloatHistogram, labelsFrom, STALE_NAN });
const engine = new Engine({ storage, parser: { experimentalFunctions: true } });

async function ours(c: Case) {
  try {
    const p = c.params;
    const r = c.mode === 'instant' ? await engine.instantQuery(c.q, p.time!) : await engine.rangeQuery(c.q, p.start!, p.end!, p.step!);
    return normaliseOurs(toPrometheusJSON, r, null);
  } catch (e) {
    return normaliseOurs(toPrometheusJSON, null, e);
  }
}

const label = (c: Case) => `${c.q} (${c.mode} ${c.mode === 'instant' ? c.params.time : `${c.params.start}..${c.params.end}/${c.params.step}`})`;

describe(`native histograms: ${recorded.version} answers replayed`, () => {
  test('the recording covers histogram answers and the allowed differences', () => {
    const withBuckets = recorded.cases.filter((c) => c.verdict === 'agree' && JSON.stringify(c.prometheus).includes('"buckets"'));
    expect(withBuckets.length).toBeGreaterThan(50);
    expect(recorded.cases.some((c) => c.verdict === 'allowed')).toBe(true);
  });

  test.each(recorded.cases.filter((c) => c.verdict === 'agree').map((c) => [label(c), c] as const))('agrees: %s', async (_l, c) => {
    const v = compareAnswers(c.prometheus, await ours(c), c.q);
    expect(v.agree, JSON.stringify(v.diffs)).toBe(true);
  });

  // An allowed difference may turn into another allowed one when a finding is fixed (F8 turns the
  // reconciliation info of an outermost histogram_count into no annotation at all).
  test.each(recorded.cases.filter((c) => c.verdict === 'allowed').map((c) => [label(c), c] as const))('3.5 vs main: %s', async (_l, c) => {
    const v = compareAnswers(c.prometheus, await ours(c), c.q);
    expect(v.agree || v.allowed, JSON.stringify(v.diffs)).toBeTruthy();
  });

  // F8 (FINDINGS.md, fixed): under histogram_count/sum/avg the statistics decoding reads count and
  // sum only, without the NHCB bounds, so a layout change inside a rate window gives no
  // "mismatched custom buckets were reconciled" info, as in Prometheus.
  const f8 = (c: Case) => /histogram_(count|sum|avg)\(.*nhcb_bounds/.test(c.q) && !inSubquery(c);
  // Below a subquery main reads whole histograms (its stats decoding stops at subqueries since
  // 3.7, 0746f388b0); 3.5 still decoded statistics there, so only 3.5 lacks the info: the result
  // agrees and the annotations differ by exactly that, which the comparison allows.
  const inSubquery = (c: Case) => /\[\d+m:\d+m\]/.test(c.q);
  test.each(recorded.cases.filter((c) => c.verdict === 'disagree' && /nhcb_bounds/.test(c.q) && inSubquery(c)).map((c) => [label(c), c] as const))(
    '3.5 decodes statistics below a subquery, main does not: %s', async (_l, c) => {
      const v = compareAnswers(c.prometheus, await ours(c), c.q);
      expect(v.allowed).toMatch(/under a subquery/);
      expect(JSON.stringify(v.diffs)).toContain('mismatched custom buckets were reconciled');
    },
  );
  test.each(recorded.cases.filter((c) => c.verdict === 'disagree' && f8(c)).map((c) => [label(c), c] as const))(
    'F8, statistics decoding without NHCB bounds: %s', async (_l, c) => {
      const v = compareAnswers(c.prometheus, await ours(c), c.q);
      expect(v.agree, JSON.stringify(v.diffs)).toBe(true);
    },
  );

  // Storage-layout artefacts of a TSDB (F1, F2) and order effects (F3): not engine differences.
  test.skip.each(recorded.cases.filter((c) => c.verdict === 'disagree' && !f8(c) && !(/nhcb_bounds/.test(c.q) && inSubquery(c))).map((c) => [label(c), c] as const))(
    'Prometheus-side difference (FINDINGS.md F1-F3): %s', async (_l, c) => {
      expect(compareAnswers(c.prometheus, await ours(c), c.q).agree).toBe(true);
    },
  );
});
