#!/usr/bin/env node
// Differential check of alert-template expansion: the same rule unit tests run by promtool and by
// `promql test`, the annotation values each prints compared one by one. See README.md here.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EDGE_TEMPLATES, KNOWN, LABEL_SERIES, LABEL_TEMPLATES, LITERAL_TEMPLATES, VALUE_EXPRS, VALUE_TEMPLATES } from './cases.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const cli = join(root, 'dist/src/bin/promql.js');

function findPromtool() {
  if (process.env.PROMTOOL) return process.env.PROMTOOL;
  const which = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : null;
}

const promtool = findPromtool();
if (!promtool || !existsSync(promtool)) {
  console.log('SKIP: promtool not found (set PROMTOOL=/path/to/promtool or put it on PATH); nothing compared.');
  process.exit(0);
}
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run \`npm run build\` first.`);
  process.exit(2);
}
const version = spawnSync(promtool, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
console.log(`promtool: ${version}`);
if (!/version 3\.5\./.test(version)) console.log('note: the expectations in test/rules were checked against promtool 3.5.3');

const dir = mkdtempSync(join(tmpdir(), 'tpl-diff-'));
const keep = process.argv.includes('--keep');
const verbose = process.argv.includes('--verbose');

/**
 * One suite is one rule file and one test file. Each alert carries its templates as annotations
 * c0, c1, …; the expectation (an annotation no template produces) never matches, so both tools
 * print the alerts they got, annotations included.
 */
function writeSuite(name, alerts, series = []) {
  const rules = { groups: [{ name, rules: alerts.map((a) => ({ alert: a.name, expr: a.expr, annotations: Object.fromEntries(a.templates.map((t, i) => [`c${i}`, t])) })) }] };
  const test = {
    rule_files: [`${name}.rules.yml`],
    evaluation_interval: '1m',
    tests: [{
      interval: '1m',
      input_series: series,
      alert_rule_test: alerts.map((a) => ({ eval_time: '0m', alertname: a.name, exp_alerts: [{ exp_annotations: { zz_never: 'x' } }] })),
    }],
  };
  // JSON is YAML: no YAML quoting questions for the templates.
  writeFileSync(join(dir, `${name}.rules.yml`), JSON.stringify(rules, null, 1));
  writeFileSync(join(dir, `${name}.test.yml`), JSON.stringify(test, null, 1));
  return `${name}.test.yml`;
}

/** Runs a tool in the suite directory; both tools of a suite run at the same time. */
function run(cmd, args) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: dir });
    let out = '';
    child.stdout.on('data', (b) => { out += b; });
    child.stderr.on('data', (b) => { out += b; });
    child.on('close', (status) => done({ status, out }));
  });
}

const both = (file) => Promise.all([run(promtool, ['test', 'rules', file]), run('node', [cli, 'test', file])]);

/** The `got:` annotations per alert and per annotation name, values as printed (Go-quoted). */
function gotAnnotations(out) {
  const res = new Map();
  const re = /alertname: (\S+), time: [^\n]*\n\s*exp:[\s\S]*?got:\[([\s\S]*?)\n\s*\]/g;
  for (const m of out.matchAll(re)) {
    const ann = /Annotations:\{(.*)\}$/m.exec(m[2]);
    const values = new Map();
    if (ann) for (const a of ann[1].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) values.set(a[1], a[2]);
    res.set(m[1], values);
  }
  return res;
}

let compared = 0;
const diffs = [];

const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

async function compareSuite(name, alerts, series) {
  if (only && !name.startsWith(only)) return;
  const file = writeSuite(name, alerts, series);
  const [theirs, ours] = await both(file);
  const t = gotAnnotations(theirs.out);
  const o = gotAnnotations(ours.out);
  if (t.size !== alerts.length || o.size !== alerts.length) {
    // Not every alert printed: a file that did not load, or a crash. Show both outputs' heads.
    const same = theirs.out.trim() === ours.out.trim();
    if (!same || verbose) diffs.push({ suite: name, template: alerts.flatMap((a) => a.templates).join(' ; '), promtool: theirs.out.trim().slice(0, 600), ours: ours.out.trim().slice(0, 600) });
    compared++;
    return;
  }
  for (const a of alerts) {
    a.templates.forEach((tmpl, i) => {
      compared++;
      const x = t.get(a.name).get(`c${i}`);
      const y = o.get(a.name).get(`c${i}`);
      if (x !== y) diffs.push({ suite: name, alert: `${a.name} (${a.expr})`, template: tmpl, promtool: x, ours: y });
    });
  }
}

await compareSuite('values', VALUE_EXPRS.map((expr, i) => ({ name: `V${i}`, expr, templates: VALUE_TEMPLATES })));
await compareSuite('literals', [{ name: 'L', expr: 'vector(1.5)', templates: LITERAL_TEMPLATES }]);
await compareSuite('labels', [
  { name: 'Named', expr: 'm', templates: LABEL_TEMPLATES },
  { name: 'Unnamed', expr: 'm * 1', templates: LABEL_TEMPLATES },
  { name: 'Up', expr: 'up', templates: LABEL_TEMPLATES },
], LABEL_SERIES);
for (const [i, tmpl] of EDGE_TEMPLATES.entries()) await compareSuite(`edge${i}`, [{ name: 'E', expr: 'vector(1)', templates: [tmpl] }]);

/**
 * Empty annotation values: whether an expectation that leaves out (or spells out) an annotation
 * that expanded to "" passes, and the text of the failure. Compared as whole outputs.
 */
async function compareWhole(name, annotations, expected) {
  if (only && !name.startsWith(only)) return;
  const rules = { groups: [{ name, rules: [{ alert: 'A', expr: 'vector(1)', annotations }] }] };
  const test = { rule_files: [`${name}.rules.yml`], evaluation_interval: '1m', tests: [{ interval: '1m', input_series: [], alert_rule_test: [{ eval_time: '0m', alertname: 'A', exp_alerts: [{ exp_annotations: expected }] }] }] };
  writeFileSync(join(dir, `${name}.rules.yml`), JSON.stringify(rules));
  writeFileSync(join(dir, `${name}.test.yml`), JSON.stringify(test));
  const [theirs, ours] = await both(`${name}.test.yml`);
  // Compare the status and the FAILED block (the summary lines are worded per tool).
  const block = (s) => (/ {2}FAILED:[\s\S]*?\n\s*\]\n?/.exec(s)?.[0] ?? '').trim();
  compared++;
  if (theirs.status !== ours.status || block(theirs.out) !== block(ours.out)) {
    diffs.push({ suite: name, template: JSON.stringify({ annotations, expected }), promtool: `exit ${theirs.status}\n${block(theirs.out)}`, ours: `exit ${ours.status}\n${block(ours.out)}` });
  }
}

await compareWhole('empty-left-out', { a: 'x', b: '{{ "" }}', c: '' }, { a: 'x' });
await compareWhole('empty-spelled-out', { a: 'x', b: '{{ "" }}', c: '' }, { a: 'x', b: '', c: '' });
await compareWhole('empty-expected-only', { a: 'x' }, { a: 'x', b: '' });
await compareWhole('empty-mismatch', { a: 'x', b: '{{ $labels.nope }}' }, { a: 'y' });

const known = diffs.filter((d) => KNOWN.has(d.template));
const unknown = diffs.filter((d) => !KNOWN.has(d.template));
console.log(`${compared} comparisons, ${unknown.length} differences, ${known.length} known`);
for (const d of known) console.log(`known: ${d.template} (${KNOWN.get(d.template)})`);
for (const d of unknown) {
  console.log(`\n[${d.suite}]${d.alert ? ` ${d.alert}` : ''} ${d.template}\n  promtool: ${d.promtool}\n  ours:     ${d.ours}`);
}
if (keep) console.log(`\nfiles kept in ${dir}`);
else rmSync(dir, { recursive: true, force: true });
process.exit(unknown.length ? 1 : 0);
