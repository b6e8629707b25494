// Runs the case tables of Prometheus's own model/histogram tests (float_histogram_test.go, read
// from a Prometheus checkout or git mirror at run time) against our FloatHistogram, converting the
// Go composite literals to JavaScript on the fly. Nothing of Prometheus is stored here.
//
//   npm run build && node tools/differential/histogram-go-tables.mjs [--repo PATH] [--rev REV] [-v]
//
// PATH defaults to /work/.mirror/prometheus+prometheus/repo (a bare mirror: read with git show).
// Prints one line per test table: cases passed / run, and every failing case with what differed.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FloatHistogram } from '../../dist/src/histogram/float-histogram.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const repo = opt('--repo', '/work/.mirror/prometheus+prometheus/repo');
const rev = opt('--rev', 'HEAD');
const verbose = args.includes('-v');
const FILE = 'model/histogram/float_histogram_test.go';
const source = existsSync(join(repo, FILE))
  ? readFileSync(join(repo, FILE), 'utf8')
  : execFileSync('git', ['-C', repo, 'show', `${rev}:${FILE}`], { encoding: 'utf8', maxBuffer: 1 << 26 });

/** The text of `func Name(` up to the next top-level func. */
function funcBody(name) {
  const start = source.indexOf(`\nfunc ${name}(`);
  if (start < 0) throw new Error(`no ${name} in ${FILE}`);
  const end = source.indexOf('\nfunc ', start + 1);
  return source.slice(start, end < 0 ? undefined : end);
}

/** Index of the bracket closing the one at `open` (strings and comments skipped). */
function matching(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === '`') {
      const q = ch;
      for (i++; text[i] !== q; i++) if (q === '"' && text[i] === '\\') i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  throw new Error('unbalanced braces');
}

/** Go composite-literal text converted to a JavaScript expression. */
function toJs(go) {
  let t = go
    .replace(/\/\/[^\n]*/g, '')
    .replace(/math\.Inf\(\+?1\)/g, 'Infinity').replace(/math\.Inf\(-1\)/g, '-Infinity')
    .replace(/math\.NaN\(\)/g, 'NaN').replace(/math\.MaxFloat64/g, 'Number.MAX_VALUE')
    .replace(/math\.Sqrt\(/g, 'Math.sqrt(').replace(/\bCustomBucketsSchema\b/g, '-53')
    .replace(/\bUnknownCounterReset\b/g, "'unknown'").replace(/\bNotCounterReset\b/g, "'not_reset'")
    .replace(/\bCounterReset\b/g, "'reset'").replace(/\bGaugeType\b/g, "'gauge'")
    .replace(/\bnil\b/g, 'undefined').replace(/\bint32\(/g, '(').replace(/\buint32\(/g, '(');
  // Literals: `Type{` → object or array; wrap FloatHistogram literals in H(...).
  let out = '';
  const stack = [];
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (ch === '"' || ch === '`') {
      const j = t.indexOf(ch, i + 1);
      out += JSON.stringify(t.slice(i + 1, j));
      i = j;
      continue;
    }
    if (ch === '{') {
      const m = /(&?\[\]\*?[\w[\]]+|&?FloatHistogram|Bucket\[float64\]|Span)\s*$/.exec(out);
      const type = m ? m[1] : '';
      if (m) out = out.slice(0, m.index);
      const rest = t.slice(i + 1).trimStart();
      const keyed = /^[A-Za-z_]\w*\s*:/.test(rest) || rest.startsWith('}');
      if (type.startsWith('[]') || type.startsWith('&[]')) { out += '['; stack.push(']'); }
      else if (/FloatHistogram$/.test(type)) { out += 'H({'; stack.push('})'); }
      else if (keyed && type !== '') { out += '{'; stack.push('}'); }
      else if (keyed && rest.startsWith('}')) { out += '{'; stack.push('}'); }
      else if (keyed) { out += '({'; stack.push('})'); }
      else { out += '['; stack.push(']'); }
      continue;
    }
    if (ch === '}') { out += stack.pop(); continue; }
    out += ch;
  }
  return out.replace(/\b([A-Z]\w*)\s*:/g, (_, k) => `${k[0].toLowerCase()}${k.slice(1)}:`);
}

const spanOf = (s) => (Array.isArray(s) ? { offset: s[0], length: s[1] } : { offset: s.offset ?? 0, length: s.length ?? 0 });
function H(o) {
  return new FloatHistogram({
    ...o,
    positiveSpans: (o.positiveSpans ?? []).map(spanOf),
    negativeSpans: (o.negativeSpans ?? []).map(spanOf),
    positiveBuckets: o.positiveBuckets ?? [],
    negativeBuckets: o.negativeBuckets ?? [],
  });
}

/** The cases of the table in `name` as objects keyed by the struct's field names. */
function cases(name) {
  const body = funcBody(name);
  const m = /:= (map\[string\])?\[?\]?struct \{/.exec(body);
  const structOpen = body.indexOf('{', m.index);
  const structClose = matching(body, structOpen);
  const fields = [];
  for (const line of body.slice(structOpen + 1, structClose).split('\n')) {
    const f = /^\s*(\w+(?:\s*,\s*\w+)*)\s+\S+/.exec(line.replace(/\/\/.*/, ''));
    if (f) for (const n of f[1].split(',')) fields.push(n.trim().replace(/^./, (c) => c.toLowerCase()));
  }
  const listOpen = structClose + 1;
  const listClose = matching(body, listOpen);
  const list = body.slice(listOpen + 1, listClose);
  const out = [];
  for (let i = 0; i < list.length; i++) {
    const keyMatch = /^\s*"([^"]*)"\s*:\s*$/.exec(list.slice(Math.max(0, list.lastIndexOf(',', i) + 1, list.lastIndexOf('}', i) + 1), i));
    if (list[i] !== '{') {
      if (list[i] === '"' ) i = list.indexOf('"', i + 1);
      continue;
    }
    const close = matching(list, i);
    const inner = list.slice(i + 1, close);
    const keyed = /^\s*[A-Za-z_]\w*\s*:/.test(inner.replace(/\/\/[^\n]*/g, ''));
    // eslint-disable-next-line no-new-func
    const value = new Function('H', `return ${keyed ? `({${toJs(inner)}})` : `[${toJs(inner)}]`};`)(H);
    const c = keyed ? value : Object.fromEntries(fields.map((f, k) => [f, value[k]]));
    if (keyMatch && c.name === undefined) c.name = keyMatch[1];
    out.push(c);
    i = close;
  }
  return out;
}

/** What differs between two histograms, structurally (hint included), or '' when nothing. */
function diff(a, b) {
  if (!a || !b) return a === b ? '' : `${a} vs ${b}`;
  // As Go's require.Equal: floats by ==, so 0 equals -0 (and NaN equals nothing but NaN here).
  const same = (x, y) => x === y || (x !== x && y !== y);
  const d = [];
  for (const k of ['counterResetHint', 'schema', 'zeroThreshold', 'zeroCount', 'count', 'sum']) if (!same(a[k], b[k])) d.push(`${k}: ${a[k]} vs ${b[k]}`);
  for (const k of ['positiveSpans', 'negativeSpans']) {
    const x = JSON.stringify(a[k].map(spanOf));
    const y = JSON.stringify(b[k].map(spanOf));
    if (x !== y) d.push(`${k}: ${x} vs ${y}`);
  }
  for (const k of ['positiveBuckets', 'negativeBuckets', 'customValues']) {
    const x = a[k] ?? [];
    const y = b[k] ?? [];
    if (x.length !== y.length || x.some((v, i) => !same(v, y[i]))) d.push(`${k}: [${x}] vs [${y}]`);
  }
  return d.join('; ');
}

const tables = [];
function table(name, run) {
  let passed = 0;
  const failures = [];
  let all;
  try {
    all = cases(name);
  } catch (e) {
    tables.push({ name, passed: 0, total: 0, failures: [`could not read the table: ${e.message}`] });
    return;
  }
  for (const c of all) {
    let problem;
    try {
      problem = run(c);
    } catch (e) {
      problem = `threw ${e.message}`;
    }
    if (problem) failures.push(`${c.name ?? '(unnamed)'}: ${problem}`);
    else passed++;
  }
  tables.push({ name, passed, total: all.length, failures });
}

function addCase(c, sub) {
  const problems = [];
  const orders = sub ? [[c.in1, c.in2]] : [[c.in1, c.in2], [c.in2, c.in1]];
  for (const [x, y] of orders) {
    for (const kahan of sub ? [false] : [false, true]) {
      const a = x.copy();
      const b = y.copy();
      let r;
      try {
        if (kahan) {
          r = a.kahanAdd(b, undefined);
          a.add(r.comp);
        } else {
          r = sub ? a.sub(b) : a.add(b);
        }
      } catch (e) {
        if (c.expErrMsg && e.message === c.expErrMsg) continue;
        problems.push(`${kahan ? 'kahanAdd' : sub ? 'sub' : 'add'} threw ${e.message}`);
        continue;
      }
      if (c.expErrMsg) problems.push(`expected error ${c.expErrMsg}`);
      if (r.counterResetCollision !== !!c.expCounterResetCollision) problems.push(`collision ${r.counterResetCollision}`);
      if (r.nhcbBoundsReconciled !== !!c.expNHCBBoundsReconciled) problems.push(`reconciled ${r.nhcbBoundsReconciled}`);
      if (c.expected) {
        const d = diff(a.compact(0), c.expected.copy().compact(0));
        if (d) problems.push(`${kahan ? 'kahanAdd' : sub ? 'sub' : 'add'}${x === c.in2 ? ' (swapped)' : ''}: ${d}`);
      }
    }
  }
  return problems.join(' | ');
}

table('TestFloatHistogramAdd', (c) => addCase(c, false));
table('TestKahanAddWithCompHistogram', (c) => {
  const a = c.in1.copy();
  let r;
  try {
    r = a.kahanAdd(c.in2.copy(), c.comp?.copy());
    a.add(r.comp);
  } catch (e) {
    return c.expErrMsg && e.message === c.expErrMsg ? '' : `threw ${e.message}`;
  }
  if (c.expErrMsg) return `expected error ${c.expErrMsg}`;
  if (r.counterResetCollision !== !!c.expCounterResetCollision) return `collision ${r.counterResetCollision}`;
  if (r.nhcbBoundsReconciled !== !!c.expNHCBBoundsReconciled) return `reconciled ${r.nhcbBoundsReconciled}`;
  return c.expectedSum ? diff(a.compact(0), c.expectedSum.copy().compact(0)) : '';
});
table('TestFloatHistogramSub', (c) => addCase(c, true));
table('TestFloatHistogramMul', (c) => diff(c.in.copy().mul(c.scale), c.expected));
table('TestFloatHistogramDiv', (c) => diff(c.fh.copy().div(c.s), c.expected));
table('TestFloatHistogramDetectReset', (c) => (c.current.detectReset(c.previous) === c.resetExpected ? '' : `got ${!c.resetExpected}`));
table('TestFloatHistogramCompact', (c) => diff(c.in.copy().compact(c.maxEmptyBuckets), c.expected));
table('TestFloatHistogramCopyToSchema', (c) => diff(c.in.copyToSchema(c.targetSchema), c.expected));
table('TestFloatHistogramString', (c) => (c.fh.string() === c.expected ? '' : `got ${c.fh.string()}`));
table('TestFloatHistogramReduceResolution', (c) => {
  const h = c.origin.copy();
  try {
    h.reduceResolution(c.targetSchema);
  } catch (e) {
    return c.errorMsg ? '' : `threw ${e.message}`;
  }
  return c.errorMsg ? `expected error ${c.errorMsg}` : diff(h, c.target);
});
const bucketList = (it) => [...it].map((b) => `${b.lowerInclusive ? '[' : '('}${b.lower},${b.upper}${b.upperInclusive ? ']' : ')'}:${b.count}#${b.index}`).join(' ');
const expBuckets = (l) => (l ?? []).map((b) => `${b.lowerInclusive ? '[' : '('}${b.lower ?? 0},${b.upper ?? 0}${b.upperInclusive ? ']' : ')'}:${b.count ?? 0}#${b.index ?? 0}`).join(' ');
table('TestFloatCustomBucketsIterators', (c) => {
  const got = bucketList(c.h.positiveBucketIterator());
  const want = expBuckets(c.expPositiveBuckets);
  return got === want ? '' : `got ${got}, want ${want}`;
});
table('TestFloatBucketIteratorTargetSchema', (c) => {
  // Prometheus's test iterates in schema −1.
  const p = bucketList(c.h.mergedBucketIterator(true, 0, -1));
  const n = bucketList(c.h.mergedBucketIterator(false, 0, -1));
  const wp = expBuckets(c.expPositiveBuckets);
  const wn = expBuckets(c.expNegativeBuckets);
  return p === wp && n === wn ? '' : `got ${p} / ${n}, want ${wp} / ${wn}`;
});

let failed = 0;
for (const t of tables) {
  console.log(`${t.name}: ${t.passed}/${t.total}`);
  failed += t.failures.length;
  for (const f of verbose ? t.failures : t.failures.slice(0, 5)) console.log(`  ✗ ${f}`);
  if (!verbose && t.failures.length > 5) console.log(`  … ${t.failures.length - 5} more (-v)`);
}
process.exitCode = failed > 0 ? 1 : 0;
