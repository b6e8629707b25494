// The loaded data checked against Prometheus's own expectations, without the engine: every
// upstream eval whose query is a bare selector (`m`, `m[5m]`, no offset or @) is answered straight
// from the storage the runner loads, and compared as the runner compares. Our own scripts that
// need the engine's histogram support (test/scripts/needs-engine) are checked the same way. This checks the
// `{{…}}` literal, its expansions, load_with_nhcb, the counter-reset hints read back and the
// histogram comparison against the expected values Prometheus's suite states.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { parseScript, type EvalCommand } from '../../src/promqltest/script.js';
import { loadCommand, newTestStorage } from '../../src/promqltest/runner.js';
import { compareResult } from '../../src/promqltest/compare.js';
import { parse } from '../../src/parser/parse.js';
import { PROMQLTEST_ENGINE_PRESET } from '../../src/eval/engine.js';
import type { MemoryStorage } from '../../src/storage/memory.js';
import type { Series } from '../../src/storage/types.js';
import type { MatrixSeries, QueryValue, VectorSample } from '../../src/eval/result.js';
import type { FloatHistogram } from '../../src/histogram/float-histogram.js';
import type { LabelMatcher } from '../../src/parser/ast.js';

const DIR = '/work/shared/promqltest/';
const LOOKBACK = 300_000;

type Sample = { t: number; v?: number; h?: FloatHistogram; stale: boolean };

function samples(s: Series): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < s.timestamps.length; i++) out.push({ t: s.timestamps[i], v: s.values[i], stale: !!s.stale?.[i] });
  const h = s.histograms;
  if (h) for (let i = 0; i < h.timestamps.length; i++) out.push({ t: h.timestamps[i], h: h.values[i], stale: false });
  return out.sort((a, b) => a.t - b.t);
}

function instant(st: MemoryStorage, matchers: readonly LabelMatcher[], t: number): VectorSample[] {
  const out: VectorSample[] = [];
  for (const s of st.select({ matchers, start: t - LOOKBACK + 1, end: t })) {
    const last = samples(s).pop();
    if (!last || last.stale) continue;
    out.push(last.h ? { labels: s.labels, t, value: 0, histogram: last.h } : { labels: s.labels, t, value: last.v! });
  }
  return out;
}

/** A bare selector's value, or null when the query is anything else. */
function answer(st: MemoryStorage, cmd: EvalCommand): QueryValue | null {
  let e;
  try {
    e = parse(cmd.query, PROMQLTEST_ENGINE_PRESET.parser);
  } catch {
    return null;
  }
  const plain = (x: typeof e): x is Extract<typeof e, { type: 'VectorSelector' }> =>
    x.type === 'VectorSelector' && !x.offset && x.offsetExpr === null && x.at === null && !x.anchored && !x.smoothed;
  if (plain(e)) {
    if (cmd.instant) return { resultType: 'vector', result: instant(st, e.matchers, cmd.evalTime) };
    const series = new Map<string, MatrixSeries & { timestamps: number[]; values: number[]; histograms: { timestamps: number[]; values: FloatHistogram[] } }>();
    for (let t = cmd.start; t <= cmd.end; t += cmd.step) {
      for (const s of instant(st, e.matchers, t)) {
        const k = JSON.stringify(s.labels);
        if (!series.has(k)) series.set(k, { labels: s.labels, timestamps: [], values: [], histograms: { timestamps: [], values: [] } });
        const m = series.get(k)!;
        if (s.histogram) {
          m.histograms.timestamps.push(t);
          m.histograms.values.push(s.histogram);
        } else {
          m.timestamps.push(t);
          m.values.push(s.value);
        }
      }
    }
    return { resultType: 'matrix', result: [...series.values()] };
  }
  if (e.type === 'MatrixSelector' && cmd.instant && plain(e.vectorSelector) && e.rangeExpr === null) {
    const t = cmd.evalTime;
    const result = st.select({ matchers: e.vectorSelector.matchers, start: t - e.range + 1, end: t }).map((s) => {
      const ss = samples(s).filter((x) => x.t > t - e.range && x.t <= t && !x.stale);
      const hs = ss.filter((x) => x.h);
      const fs = ss.filter((x) => !x.h);
      return {
        labels: s.labels, timestamps: fs.map((x) => x.t), values: fs.map((x) => x.v!),
        ...(hs.length ? { histograms: { timestamps: hs.map((x) => x.t), values: hs.map((x) => x.h!) } } : {}),
      };
    }).filter((s) => s.timestamps.length + (s.histograms?.timestamps.length ?? 0) > 0);
    return { resultType: 'matrix', result };
  }
  return null;
}

const OWN = new URL('../scripts/', import.meta.url).pathname;

describe('bare selectors of the upstream scripts, answered from the loaded storage', () => {
  const totals = { checked: 0, histograms: 0 };
  const files = [...readdirSync(DIR).filter((f) => f.endsWith('.test')).map((f) => DIR + f), OWN + 'histograms-storage.test'];
  test.each(files)('%s', (path) => {
    const file = path.split('/').pop()!;
    const failures: string[] = [];
    let checked = 0;
    let histograms = 0;
    let storage = newTestStorage();
    for (const cmd of parseScript(readFileSync(path, 'utf8'))) {
      if (cmd.kind === 'clear') storage = newTestStorage();
      else if (cmd.kind === 'load') loadCommand(storage, cmd);
      else if (!cmd.fail && cmd.expectString === null) {
        const r = answer(storage, cmd);
        if (!r) continue;
        checked++;
        if ([...cmd.expected.values()].some((e) => e.series.points.some((p) => p.kind === 'histogram'))) histograms++;
        const problem = compareResult(cmd, r);
        if (problem) failures.push(`${file}:${cmd.line}: ${cmd.query}: ${problem}`);
      }
    }
    expect(failures).toEqual([]);
    totals.checked += checked;
    totals.histograms += histograms;
  });

  afterAll(() => {
    // Guards against the harness silently checking nothing (counts as of Prometheus d15adb9: 53 evals, 16 expecting histograms).
    expect(totals.checked).toBeGreaterThan(45);
    expect(totals.histograms).toBeGreaterThan(12);
  });
});
