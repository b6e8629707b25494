// Assertion helpers for query results, usable with any test runner: each returns
// `{ pass, message }` as `expect.extend` wants; `vitest-setup.ts` registers them with vitest.
import { almostEqual } from '../util/almost.js';
import { formatFloatF } from '../util/go-format.js';
import { formatLabels, labelsFrom, labelsKey, labelsToObject } from '../storage/labels.js';
import { parseMetric } from '../storage/series-notation.js';
import { parseGoFloat } from '../util/go-numbers.js';
import type { PlainResult, PlainSample, PlainSeries } from '../eval/result.js';
import { formatHistogramLiteral, parseHistogram } from '../histogram/literal.js';
import { parseMatrixText } from './matrix-text.js';

/** Matcher options: relative float tolerance (default 1e-6, as Prometheus's tests) and order. */
export interface MatchOptions {
  readonly tolerance?: number;
  /** Compare vector samples in order (as `eval_ordered`), not as a set. */
  readonly ordered?: boolean;
}

/**
 * An expected sample: labels as a record or in metric notation (`up{job="a"}`), and a float
 * `value` or a native `histogram` in the `{{…}}` notation (then `value` is ignored).
 */
export interface ExpectedSample {
  readonly labels: Readonly<Record<string, string>> | string;
  readonly value?: number;
  readonly histogram?: string;
}

/**
 * An expected range series: `[ms, value]` points in time order, a value being a number or a
 * native histogram in the `{{…}}` notation.
 */
export interface ExpectedSeries {
  readonly labels: Readonly<Record<string, string>> | string;
  readonly points: readonly (readonly [number, number | string])[];
}

/** Result of a matcher, as test runners' `expect.extend` expects. */
export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

const show = (labels: Record<string, string>) => formatLabels(labelsFrom(labels));
/** A value: a float, or a histogram as its normalised `{{…}}` literal. */
type Value = number | string;
const fmt = (v: Value) => (typeof v === 'string' ? v : formatFloatF(v));

/** An expected histogram literal as promtool prints it, so equal histograms compare equal as text. */
function normalHistogram(text: string): string {
  return formatHistogramLiteral(parseHistogram(text));
}

function labelsOf(l: Readonly<Record<string, string>> | string): Record<string, string> {
  return typeof l === 'string' ? labelsToObject(parseMetric(l.trim() || '{}')) : { ...l };
}

/** Parses `labels value` lines (`{job="api"} 5`, `h {{count:1}}`) into expected samples. */
function parseVectorText(text: string): ExpectedSample[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((line) => {
    const hist = /\s(\{\{[^}]*\}\})$/.exec(line);
    if (hist) return { labels: line.slice(0, hist.index), histogram: hist[1] };
    const at = line.lastIndexOf(' ');
    return { labels: line.slice(0, at), value: parseGoFloat(line.slice(at + 1)) };
  });
}

/**
 * Floats within the tolerance; histograms (as promtool compares them) by their printed literal;
 * a float never equals a histogram.
 */
function same(a: Value, b: Value, tolerance: number): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return almostEqual(a, b, tolerance);
}

const expectedValue = (e: ExpectedSample): Value => (e.histogram !== undefined ? normalHistogram(e.histogram) : e.value ?? 0);
const receivedValue = (g: PlainSample): Value => g.histogram ?? g.value;

/** A received series' floats and histograms as one time-ordered list of points. */
function receivedPoints(g: PlainSeries): [number, Value][] {
  return [...g.points, ...(g.histograms ?? [])].sort((a, b) => a[0] - b[0]);
}

/**
 * `expect(result).toEqualVector(expected)`: the same samples (by label set), float values within
 * tolerance, native histograms equal in the `{{…}}` notation (printed as promtool prints them).
 */
export function toEqualVector(received: PlainResult, expected: readonly ExpectedSample[] | string, opts: MatchOptions = {}): MatcherResult {
  const tolerance = opts.tolerance ?? 1e-6;
  if (received?.type !== 'vector') return { pass: false, message: () => `expected an instant vector result, got ${received?.type ?? String(received)}` };
  const exp = (typeof expected === 'string' ? parseVectorText(expected) : expected).map((e) => ({ labels: labelsOf(e.labels), value: expectedValue(e) }));
  const got = received.samples.map((g) => ({ labels: g.labels, value: receivedValue(g) }));
  const lines: string[] = [];
  let pass = true;
  if (opts.ordered) {
    for (let i = 0; i < Math.max(exp.length, got.length); i++) {
      const e = exp[i];
      const g = got[i];
      if (e && g && labelsKey(labelsFrom(e.labels)) === labelsKey(labelsFrom(g.labels)) && same(e.value, g.value, tolerance)) lines.push(`    ${show(g.labels)} ${fmt(g.value)}`);
      else {
        pass = false;
        if (e) lines.push(`  - ${show(e.labels)} ${fmt(e.value)}`);
        if (g) lines.push(`  + ${show(g.labels)} ${fmt(g.value)}`);
      }
    }
  } else {
    const byKey = new Map(got.map((g) => [labelsKey(labelsFrom(g.labels)), g]));
    const seen = new Set<string>();
    for (const e of exp) {
      const key = labelsKey(labelsFrom(e.labels));
      const g = byKey.get(key);
      seen.add(key);
      if (!g) {
        pass = false;
        lines.push(`  - ${show(e.labels)} ${fmt(e.value)}   (missing)`);
      } else if (!same(e.value, g.value, tolerance)) {
        pass = false;
        lines.push(`  - ${show(e.labels)} ${fmt(e.value)}`, `  + ${show(g.labels)} ${fmt(g.value)}`);
      } else lines.push(`    ${show(g.labels)} ${fmt(g.value)}`);
    }
    for (const g of got) {
      if (seen.has(labelsKey(labelsFrom(g.labels)))) continue;
      pass = false;
      lines.push(`  + ${show(g.labels)} ${fmt(g.value)}   (unexpected)`);
    }
  }
  return {
    pass,
    message: () => (pass
      ? `expected the vector not to equal:\n${lines.join('\n')}`
      : `vector differs (- expected, + received):\n${lines.join('\n')}`),
  };
}

/**
 * `expect(result).toEqualMatrix(expected)`: the same series, each with the same points. `expected`
 * is a list of series with `[ms, value]` points, or text in the series notation of
 * promqltest's `eval range` (`{code="200"} 1 2 3`, `0+10x5`, `_` for no point, `{{…}}`
 * histograms), value i being the point at the i-th step of the range `evaluate` ran.
 */
export function toEqualMatrix(received: PlainResult, expected: readonly ExpectedSeries[] | string, opts: MatchOptions = {}): MatcherResult {
  const tolerance = opts.tolerance ?? 1e-6;
  if (received?.type !== 'matrix') return { pass: false, message: () => `expected a range (matrix) result, got ${received?.type ?? String(received)}` };
  if (typeof expected === 'string' && !received.range) {
    return { pass: false, message: () => 'the series notation needs the query\'s range: compare a result of evaluate() with { range }, or give points as [ms, value]' };
  }
  const list = typeof expected === 'string' ? parseMatrixText(expected, received.range!) : expected;
  const pts = (p: readonly (readonly [number, Value])[]) => p.map(([t, v]) => `${t}:${fmt(v)}`).join(' ');
  const exp = list.map((e) => ({
    labels: labelsOf(e.labels), points: e.points.map(([t, v]): [number, Value] => [t, typeof v === 'string' ? normalHistogram(v) : v]),
  }));
  const received_ = received.series.map((s) => ({ labels: s.labels, points: receivedPoints(s) }));
  const byKey = new Map(received_.map((s) => [labelsKey(labelsFrom(s.labels)), s]));
  const lines: string[] = [];
  const seen = new Set<string>();
  let pass = true;
  for (const e of exp) {
    const key = labelsKey(labelsFrom(e.labels));
    seen.add(key);
    const g = byKey.get(key);
    const ok = g && g.points.length === e.points.length && g.points.every(([t, v], i) => t === e.points[i][0] && same(v, e.points[i][1], tolerance));
    if (ok) lines.push(`    ${show(e.labels)} ${pts(e.points)}`);
    else {
      pass = false;
      lines.push(`  - ${show(e.labels)} ${pts(e.points)}${g ? '' : '   (missing)'}`);
      if (g) lines.push(`  + ${show(g.labels)} ${pts(g.points)}`);
    }
  }
  for (const g of received_) {
    if (seen.has(labelsKey(labelsFrom(g.labels)))) continue;
    pass = false;
    lines.push(`  + ${show(g.labels)} ${pts(g.points)}   (unexpected)`);
  }
  return { pass, message: () => (pass ? `expected the matrix not to equal:\n${lines.join('\n')}` : `matrix differs (- expected, + received):\n${lines.join('\n')}`) };
}

/**
 * `expect(result).toEqualScalar(expected)`: a scalar result with this value, within tolerance
 * (NaN equals NaN). `expected` is a number or Go float text such as `"1e3"`, `"+Inf"`, `"NaN"`.
 */
export function toEqualScalar(received: PlainResult, expected: number | string, opts: MatchOptions = {}): MatcherResult {
  const want = typeof expected === 'string' ? parseGoFloat(expected.trim()) : expected;
  if (received?.type !== 'scalar') return { pass: false, message: () => `expected a scalar result, got ${received?.type ?? String(received)}` };
  const pass = almostEqual(want, received.value, opts.tolerance ?? 1e-6);
  return {
    pass,
    message: () => (pass
      ? `expected the scalar not to equal ${formatFloatF(want)}`
      : `scalar differs (- expected, + received):\n  - ${formatFloatF(want)}\n  + ${formatFloatF(received.value)}`),
  };
}

/** Expected annotations: each entry must match one annotation (substring or RegExp); `[]` means none. */
export interface ExpectedAnnotations {
  readonly warnings?: readonly (string | RegExp)[];
  readonly infos?: readonly (string | RegExp)[];
}

/** `expect(result).toHaveAnnotations({ warnings, infos })`. */
export function toHaveAnnotations(received: PlainResult, expected: ExpectedAnnotations): MatcherResult {
  const problems: string[] = [];
  for (const kind of ['warnings', 'infos'] as const) {
    const want = expected[kind];
    if (!want) continue;
    const have = received?.[kind] ?? [];
    if (want.length === 0 && have.length > 0) problems.push(`expected no ${kind}, got:\n${have.map((h) => `  + ${h}`).join('\n')}`);
    for (const w of want) {
      if (!have.some((h) => (typeof w === 'string' ? h.includes(w) : w.test(h)))) {
        problems.push(`missing ${kind.slice(0, -1)} matching ${String(w)}; ${kind}:\n${have.length ? have.map((h) => `    ${h}`).join('\n') : '    (none)'}`);
      }
    }
  }
  const pass = problems.length === 0;
  return { pass, message: () => (pass ? 'expected the annotations not to match' : problems.join('\n')) };
}

/** The matchers, keyed by name, for `expect.extend`. */
export const promqlMatchers = {
  toEqualVector(received: PlainResult, expected: readonly ExpectedSample[] | string, opts?: MatchOptions) {
    return toEqualVector(received, expected, opts);
  },
  toEqualMatrix(received: PlainResult, expected: readonly ExpectedSeries[] | string, opts?: MatchOptions) {
    return toEqualMatrix(received, expected, opts);
  },
  toEqualScalar(received: PlainResult, expected: number | string, opts?: MatchOptions) {
    return toEqualScalar(received, expected, opts);
  },
  toHaveAnnotations(received: PlainResult, expected: ExpectedAnnotations) {
    return toHaveAnnotations(received, expected);
  },
};
