// Compares our native-histogram estimators (histogram_quantile, histogram_fraction,
// histogram_stddev, histogram_stdvar) with a real Prometheus, through `promtool test rules`: the
// random histograms go in as `input_series` in the `{{…}}` notation, every query expects nothing,
// and promtool's failure report prints the values Prometheus computed at full precision.
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

/** Why Prometheus 3.5's value may rightly differ from ours (main's), or '' when it should not. */
function knownDifference(expr, s, theirs) {
  const m = /^histogram_fraction\((\S+), (\S+), h\)$/.exec(expr);
  if (!m || s.schema !== -53) return '';
  const num = (x) => (x === 'Inf' ? Infinity : x === '-Inf' ? -Infinity : Number(x));
  const old = histogramFraction(num(m[1]), num(m[2]), histogramOf(s), linear35).value;
  return Object.is(old, theirs) || (Number.isNaN(old) && Number.isNaN(theirs)) ? 'as 3.5 computes it; main changed the NHCB interpolation (e96eacb49c, #17424)' : '';
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

const dir = mkdtempSync(join(tmpdir(), 'histogram-promtool-'));
try {
  const yaml = [
    'tests:', '  - interval: 1m', '    input_series:',
    ...specs.flatMap((s, i) => [`      - series: 'h{i="${i}"}'`, `        values: '${notation(s)}x1'`]),
    '    promql_expr_test:',
    ...queries.flatMap((q) => [`      - expr: '${q.expr}'`, '        eval_time: 1m', '        exp_samples: []']),
  ].join('\n');
  writeFileSync(join(dir, 'tests.yml'), `${yaml}\n`);
  const r = spawnSync(promtool, ['test', 'rules', join(dir, 'tests.yml')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const out = `${r.stdout}${r.stderr}`;
  // Blocks: `expr: "…", time: 1m,` … `got: {i="0"} 1.5E+00, {i="1"} …`
  const got = new Map();
  for (const m of out.matchAll(/expr: "((?:[^"\\]|\\.)*)", time: [^\n]*\n[^\n]*\n\s*got: ([^\n]*)/g)) {
    const values = new Map();
    for (const s of m[2].matchAll(/\{i="(\d+)"\} (\S+?)(?:,|$)/g)) values.set(Number(s[1]), s[2] === '+Inf' ? Infinity : s[2] === '-Inf' ? -Infinity : Number(s[2]));
    got.set(JSON.parse(`"${m[1]}"`), values);
  }
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
  console.log(`histogram-promtool: ${versionOf(promtool)}; seed ${seed}, ${specs.length} histograms × ${queries.length} queries = ${compared} values, ${disagreements.length} disagree, ${knowns.length} differ as Prometheus main differs from 3.5`);
  for (const d of verbose ? knowns : knowns.slice(0, 5)) console.log(`  ~ ${d}`);
  if (!verbose && knowns.length > 5) console.log(`  … ${knowns.length - 5} more known (-v)`);
  for (const d of verbose ? disagreements : disagreements.slice(0, 20)) console.log(`  ✗ ${d}`);
  if (!verbose && disagreements.length > 20) console.log(`  … ${disagreements.length - 20} more (-v)`);
  process.exitCode = disagreements.length > 0 ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
