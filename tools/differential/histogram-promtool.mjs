// Compares our native-histogram estimators (histogram_quantile, histogram_fraction,
// histogram_stddev, histogram_stdvar) and arithmetic (+, -, * and / by scalars, sum) with a real
// Prometheus, through `promtool test rules`: the random histograms go in as `input_series` in the
// `{{…}}` notation, every query expects nothing, and promtool's failure report prints what
// Prometheus computed at full precision.
//
//   npm run build && node tools/differential/histogram-promtool.mjs [--seed N] [--histograms N] [--promtool PATH] [-v]
//
// Exits 0 when every value agrees to the bit, 1 otherwise, and prints each disagreement.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FloatHistogram } from '../../dist/src/histogram/float-histogram.js';
import { histogramFraction, histogramQuantile, histogramStdDev, histogramVariance } from '../../dist/src/histogram/quantile.js';
import { findPrometheus, findPromtool, versionOf } from './prometheus.mjs';
import { Rng } from './rng.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const seed = Number(opt('--seed', 1));
const n = Number(opt('--histograms', 60));
const verbose = args.includes('-v');
const prometheus = findPrometheus(undefined);
const promtool = opt('--promtool', prometheus ? findPromtool(prometheus) : null);
if (!promtool) {
  console.log('histogram-promtool: skipped, no promtool found');
  process.exit(0);
}

const rng = new Rng(seed);
const count = () => rng.weighted([[6, rng.int(0, 9)], [2, rng.int(0, 400) / 4], [1, 0]]);

/** A random histogram as the spec both sides are built from. */
function randomSpec(i) {
  if (rng.chance(0.3)) {
    const bounds = [];
    let b = rng.pick([-20, -3, 0, 0.5, 1, 5]);
    for (let k = rng.int(1, 6); k > 0; k--) bounds.push((b += rng.pick([0.25, 1, 2.5, 10, 100])));
    const buckets = Array.from({ length: rng.int(1, bounds.length + 1) }, count);
    const total = buckets.reduce((s, v) => s + v, 0);
    return { schema: -53, customValues: bounds, offset: rng.int(0, bounds.length + 1 - buckets.length), buckets, nBuckets: [], zeroCount: 0, zeroThreshold: 0, count: total, sum: rng.int(-100, 1000) / 8 };
  }
  const buckets = Array.from({ length: rng.int(0, 8) }, count);
  const nBuckets = rng.chance(0.4) ? Array.from({ length: rng.int(1, 6) }, count) : [];
  const zeroCount = rng.chance(0.5) ? count() : 0;
  const total = [...buckets, ...nBuckets].reduce((s, v) => s + v, zeroCount);
  const nanObs = i % 9 === 4 ? rng.int(1, 5) : 0;
  return {
    schema: rng.int(-2, 8), zeroThreshold: rng.pick([0, 0.001, 0.01]), zeroCount,
    offset: rng.int(-4, 4), buckets, nOffset: rng.int(-4, 4), nBuckets,
    count: total + nanObs, sum: nanObs ? NaN : rng.int(-1000, 1000) / 8,
  };
}

/**
 * Linear interpolation inside a bucket as Prometheus 3.5 did it for histogram_fraction:
 * rank + count·(v − lower)/(upper − lower) (main divides first since e96eacb49c, v3.14, which can
 * differ in the last bits) with no special case for the open-ended first NHCB bucket (main's
 * #17424, v3.9; 3.5 gives NaN there). Exponential interpolation is the same in both.
 */
const linear35 = (b, v, rank) => rank + (b.count * (v - b.lower)) / (b.upper - b.lower);

/** A histogram in promtool's `{{…}}` output, as plain fields (one span per side, as Prometheus prints it). */
function parseNotation(text) {
  const f = {};
  for (const m of text.replace(/^\{\{|\}\}$/g, '').matchAll(/(\w+):(\[[^\]]*\]|\S+)/g)) {
    f[m[1]] = m[2].startsWith('[') ? m[2].slice(1, -1).split(' ').filter(Boolean).map(Number) : m[2];
  }
  const num = (x) => (x === undefined ? 0 : x === '+Inf' || x === 'Inf' ? Infinity : x === '-Inf' ? -Infinity : Number(x));
  return {
    schema: num(f.schema), count: num(f.count), sum: num(f.sum), zeroCount: num(f.z_bucket), zeroThreshold: num(f.z_bucket_w),
    offset: num(f.offset), buckets: f.buckets ?? [], nOffset: num(f.n_offset), nBuckets: f.n_buckets ?? [], customValues: f.custom_values,
  };
}

/** Our histogram in the same plain form: compacted into one span per side, as TestExpression does. */
function plain(h) {
  const c = h.copy().compact(Number.MAX_SAFE_INTEGER);
  return {
    schema: c.schema, count: c.count, sum: c.sum, zeroCount: c.zeroCount, zeroThreshold: c.zeroThreshold,
    offset: c.positiveSpans[0]?.offset ?? 0, buckets: c.positiveBuckets, nOffset: c.negativeSpans[0]?.offset ?? 0, nBuckets: c.negativeBuckets,
    customValues: c.usesCustomBuckets() ? c.customValues : undefined,
  };
}

/** What differs between two plain histograms (numbers compared exactly, NaN equal to NaN). */
function plainDiff(a, b) {
  const same = (x, y) => x === y || (Number.isNaN(x) && Number.isNaN(y));
  const d = [];
  for (const k of ['schema', 'count', 'sum', 'zeroCount', 'zeroThreshold']) if (!same(a[k], b[k])) d.push(`${k} ${a[k]} vs ${b[k]}`);
  for (const [k, o] of [['buckets', 'offset'], ['nBuckets', 'nOffset']]) {
    if (a[k].length !== b[k].length || a[k].some((v, i) => !same(v, b[k][i])) || (a[k].length > 0 && a[o] !== b[o])) d.push(`${k} ${a[o]}:[${a[k]}] vs ${b[o]}:[${b[k]}]`);
  }
  if (JSON.stringify(a.customValues ?? []) !== JSON.stringify(b.customValues ?? [])) d.push(`custom_values [${a.customValues}] vs [${b.customValues}]`);
  return d.join('; ');
}

/**
 * Runs `promtool test rules` on `series` ([name with labels, `{{…}}` value]) and `exprs`, each
 * expecting nothing, and returns what Prometheus computed: expr → (series key → value text), the
 * key being the number in the series' `key` label (`i` or `g`).
 */
function runPromtool(series, exprs, key) {
  const dir = mkdtempSync(join(tmpdir(), 'histogram-promtool-'));
  try {
    const yaml = [
      'tests:', '  - interval: 1m', '    input_series:',
      ...series.flatMap(([name, value]) => [`      - series: '${name}'`, `        values: '${value}x1'`]),
      '    promql_expr_test:',
      ...exprs.flatMap((e) => [`      - expr: '${e}'`, '        eval_time: 1m', '        exp_samples: []']),
    ].join('\n');
    writeFileSync(join(dir, 'tests.yml'), `${yaml}\n`);
    const r = spawnSync(promtool, ['test', 'rules', join(dir, 'tests.yml')], { encoding: 'utf8', maxBuffer: 1 << 26 });
    // Blocks: `expr: "…", time: 1m,` … `got: {i="0"} 1.5E+00, {i="1"} …` (or `{{…}}` histograms).
    const got = new Map();
    for (const m of `${r.stdout}${r.stderr}`.matchAll(/expr: "((?:[^"\\]|\\.)*)", time: [^\n]*\n[^\n]*\n\s*got: ([^\n]*)/g)) {
      const values = new Map();
      const sample = new RegExp(`\\{(?:__name__="\\w+", )?${key}="(\\d+)"\\} (\\{\\{[^}]*\\}\\}|[^,\\s]+)`, 'g');
      for (const v of m[2].matchAll(sample)) values.set(Number(v[1]), v[2]);
      got.set(JSON.parse(`"${m[1]}"`), values);
    }
    return got;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A spec without empty buckets inside its spans and without NaN observations: Prometheus 3.5's
 * TSDB can store histograms with empty buckets wrongly (#16893, the buckets come back shifted).
 */
function solid(s) {
  const fill = (b) => b.map((v) => v || 1);
  const buckets = fill(s.buckets);
  const nBuckets = fill(s.nBuckets);
  const count = [...buckets, ...nBuckets].reduce((t, v) => t + v, s.zeroCount);
  return { ...s, buckets, nBuckets, count, sum: Number.isNaN(s.sum) ? 1 : s.sum };
}

/**
 * Histogram arithmetic through the engine: pairs x{g}, y{g} of random histograms (mostly of the same
 * kind, exponential pairs of different schemas and zero thresholds) with `x + y`, `x - y`,
 * `x * 2.5`, `x / 3`, `x / 0` and `sum by (g) ({__name__=~"x|y"})`, emulated as Prometheus 3.5's
 * engine calls the histogram methods (copy, add/sub/mul/div, compact(0); sum adds in label order
 * without Kahan compensation in 3.5). Returns the number of values compared.
 */
function compareOps(disagreements, knowns) {
  const pairs = Array.from({ length: Math.max(10, Math.floor(n / 2)) }, (_, g) => {
    const x = randomSpec(g);
    let y = randomSpec(g + 1);
    for (let k = 0; k < 5 && rng.chance(0.9) && (y.schema === -53) !== (x.schema === -53); k++) y = randomSpec(g + 1);
    return [x, y].map(solid);
  });
  const ops = [
    { expr: 'x + y', ours: (x, y) => { const r = x.copy(); r.add(y); return r.compact(0); } },
    { expr: 'x - y', ours: (x, y) => { const r = x.copy(); r.sub(y); return r.compact(0); } },
    { expr: 'x * 2.5', ours: (x) => x.copy().mul(2.5).compact(0) },
    { expr: 'x / 3', ours: (x) => x.copy().div(3).compact(0) },
    { expr: 'x / 0', ours: (x) => x.copy().div(0).compact(0) },
    { expr: 'sum by (g) ({__name__=~"x|y"})', ours: (x, y) => { const r = x.copy(); r.add(y); return r.compact(0); } },
  ];
  const label = (g) => String(g).padStart(3, '0');
  const got = runPromtool(
    pairs.flatMap(([x, y], g) => [[`x{g="${label(g)}"}`, notation(x)], [`y{g="${label(g)}"}`, notation(y)]]),
    ops.map((q) => q.expr), 'g',
  );
  {
    let compared = 0;
    for (const q of ops) {
      const theirs = got.get(q.expr) ?? new Map();
      pairs.forEach(([xs, ys], g) => {
        compared++;
        const text = theirs.get(g);
        let mine;
        try {
          mine = plain(q.ours(histogramOf(xs), histogramOf(ys)));
        } catch {
          mine = undefined; // mixed exponential and custom buckets: Prometheus drops the result too
        }
        const want = text === undefined ? undefined : parseNotation(text);
        if (!want && !mine) return;
        if (!want && xs.schema === -53 && ys.schema === -53 && q.expr.includes('y') && JSON.stringify(xs.customValues) !== JSON.stringify(ys.customValues)) {
          knowns.push(`${q.expr} on NHCB with other bounds: 3.5 gives no result, main reconciles the bounds (since 3.8)`);
          return;
        }
        let d = !want || !mine ? `${want ? 'only Prometheus' : 'only ours'} has a result` : plainDiff(want, mine);
        if (d && want && q.expr.startsWith('sum')) {
          // promtool's storage hands the two series over in either order, and addition is not
          // commutative at the edges (buckets inside the other's zero bucket): try y + x too.
          try {
            if (!plainDiff(want, plain(q.ours(histogramOf(ys), histogramOf(xs))))) d = '';
          } catch {
            // keep the difference
          }
        }
        if (d) disagreements.push(`${q.expr} on x=${notation(xs)} y=${notation(ys)}: ${d}`);
      });
    }
    return compared;
  }
}

/** Why Prometheus 3.5's value may rightly differ from ours (main's), or '' when it should not. */
function knownDifference(expr, s, theirs) {
  const m = /^histogram_fraction\((\S+), (\S+), h\)$/.exec(expr);
  if (!m) return '';
  const num = (x) => (x === 'Inf' ? Infinity : x === '-Inf' ? -Infinity : Number(x));
  const old = histogramFraction(num(m[1]), num(m[2]), histogramOf(s), linear35).value;
  return Object.is(old, theirs) || (Number.isNaN(old) && Number.isNaN(theirs)) ? 'as 3.5 computes it; main changed the linear (NHCB, zero bucket) interpolation (e96eacb49c, #17424)' : '';
}

const fmt = (v) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Inf' : v === -Infinity ? '-Inf' : String(v));
function notation(s) {
  const p = [`schema:${s.schema}`, `count:${fmt(s.count)}`, `sum:${fmt(s.sum)}`];
  if (s.zeroCount) p.push(`z_bucket:${s.zeroCount}`);
  if (s.zeroThreshold) p.push(`z_bucket_w:${s.zeroThreshold}`);
  if (s.customValues) p.push(`custom_values:[${s.customValues.join(' ')}]`);
  if (s.buckets.length) p.push(`offset:${s.offset}`, `buckets:[${s.buckets.join(' ')}]`);
  if (s.nBuckets.length) p.push(`n_offset:${s.nOffset}`, `n_buckets:[${s.nBuckets.join(' ')}]`);
  return `{{${p.join(' ')}}}`;
}
const histogramOf = (s) => new FloatHistogram({
  schema: s.schema, zeroThreshold: s.zeroThreshold, zeroCount: s.zeroCount, count: s.count, sum: s.sum,
  customValues: s.customValues,
  positiveSpans: s.buckets.length ? [{ offset: s.offset, length: s.buckets.length }] : [], positiveBuckets: s.buckets.slice(),
  negativeSpans: s.nBuckets.length ? [{ offset: s.nOffset, length: s.nBuckets.length }] : [], negativeBuckets: s.nBuckets.slice(),
});

const specs = Array.from({ length: n }, (_, i) => randomSpec(i));
const queries = [];
for (const q of [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1]) queries.push({ expr: `histogram_quantile(${q}, h)`, ours: (h) => histogramQuantile(q, h).value });
for (const [lo, hi] of [[-Infinity, 0], [0, Infinity], [0, 1.5], [-2, 3], [0.001, 0.5], [1, 6], [-7.5, -0.25], [2.5, 30], [-Infinity, 10]]) {
  queries.push({ expr: `histogram_fraction(${fmt(lo)}, ${fmt(hi)}, h)`, ours: (h) => histogramFraction(lo, hi, h).value });
}
queries.push({ expr: 'histogram_stddev(h)', ours: histogramStdDev }, { expr: 'histogram_stdvar(h)', ours: histogramVariance });

{
  const raw = runPromtool(specs.map((sp, i) => [`h{i="${i}"}`, notation(sp)]), queries.map((q) => q.expr), 'i');
  const num = (t) => (t === '+Inf' ? Infinity : t === '-Inf' ? -Infinity : Number(t));
  const got = new Map([...raw].map(([e, m]) => [e, new Map([...m].map(([k, t]) => [k, num(t)]))]));
  let compared = 0;
  const disagreements = [];
  const knowns = [];
  for (const q of queries) {
    const theirs = got.get(q.expr);
    if (!theirs) {
      disagreements.push(`${q.expr}: no result from promtool`);
      continue;
    }
    specs.forEach((s, i) => {
      const want = theirs.get(i);
      const mine = q.ours(histogramOf(s));
      compared++;
      if (want === undefined && Number.isNaN(mine)) return; // promtool leaves NaN out? keep both sides honest below
      if (!(Object.is(want, mine) || (Number.isNaN(want) && Number.isNaN(mine)) || (want === 0 && mine === 0))) {
        const line = `${q.expr} on ${notation(s)}: Prometheus ${want}, ours ${mine}`;
        const known = knownDifference(q.expr, s, want);
        if (known) knowns.push(`${line} — ${known}`);
        else disagreements.push(line);
      }
    });
  }
  const opsCompared = compareOps(disagreements, knowns);
  console.log(`histogram-promtool: ${versionOf(promtool)}; seed ${seed}: ${compared} estimator values (${specs.length} histograms × ${queries.length} queries) and ${opsCompared} arithmetic results; ${disagreements.length} disagree, ${knowns.length} differ as Prometheus main differs from 3.5`);
  for (const d of verbose ? knowns : knowns.slice(0, 5)) console.log(`  ~ ${d}`);
  if (!verbose && knowns.length > 5) console.log(`  … ${knowns.length - 5} more known (-v)`);
  for (const d of verbose ? disagreements : disagreements.slice(0, 20)) console.log(`  ✗ ${d}`);
  if (!verbose && disagreements.length > 20) console.log(`  … ${disagreements.length - 20} more (-v)`);
  process.exitCode = disagreements.length > 0 ? 1 : 0;
}
