#!/usr/bin/env node
// Differential check of rule-file input handling: the same rule files through `promtool check
// rules` and `promql check`, and the same rule tests through `promtool test rules` and
// `promql test`: YAML anchors, aliases and merge keys, and invalid UTF-8 of every kind Go's YAML
// reader distinguishes. Usage: npm run build && node tools/differential/check-rules.mjs [--prometheus PATH]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findPrometheus, findPromtool, versionOf } from './prometheus.mjs';

const { values: args } = parseArgs({ options: { prometheus: { type: 'string' } } });
const prometheus = findPrometheus(args.prometheus);
const promtool = prometheus && findPromtool(prometheus);
if (!promtool) {
  console.log('check-rules differential: skipped, no promtool found (see tools/differential/README.md)');
  process.exit(0);
}
const BIN = resolve(new URL('../../dist/src/bin/promql.js', import.meta.url).pathname);
const dir = mkdtempSync(join(tmpdir(), 'promql-diff-rules-'));
const RULES = 'groups:\n- name: g\n  rules:\n';

/** Rule files: name → bytes. */
const ruleFiles = {
  'anchors.yml': `${RULES}  - alert: A\n    expr: &e up == 0\n    labels: &l {team: web, severity: page}\n  - alert: B\n    expr: *e\n    labels:\n      <<: *l\n      severity: warn\n  - record: r\n    expr: sum(up)\n    labels: *l\n`,
  'merge-list.yml': `${RULES}  - alert: A\n    expr: up\n    labels: &a {x: "1"}\n    annotations: &b {y: "2"}\n  - alert: B\n    expr: up\n    labels:\n      <<: [*a, *b]\n`,
  'merge-rule.yml': `${RULES}  - &base\n    alert: A\n    expr: up == 0\n    for: 5m\n  - <<: *base\n    alert: B\n`,
  'merge-unknown-field.yml': `${RULES}  - alert: A\n    <<: {expr: up, bogus: 1}\n`,
  'alias-undefined.yml': `${RULES}  - alert: A\n    expr: *nothing\n`,
  'latin1-trailing.yml': Buffer.concat([Buffer.from(`${RULES}  - alert: A\n    expr: up\n    annotations:\n      summary: "caf`), Buffer.from([0xe9]), Buffer.from(' down"\n')]),
  'latin1-leading.yml': Buffer.concat([Buffer.from(`${RULES}  - alert: A\n    expr: up # `), Buffer.from([0xff]), Buffer.from('\n')]),
  'overlong.yml': Buffer.concat([Buffer.from('groups: []\n# '), Buffer.from([0xc0, 0x80]), Buffer.from('\n')]),
  'surrogate.yml': Buffer.concat([Buffer.from('groups: []\n# '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\n')]),
  'incomplete.yml': Buffer.concat([Buffer.from('groups: []\n# '), Buffer.from([0xe9])]),
  'utf8-ok.yml': `${RULES}  - alert: Température\n    expr: up\n    annotations: {summary: "✓ 😀"}\n`,
};
/** Rule tests: name → text (they use the rule files above). */
const ruleTests = {
  'anchors.test.yml': "rule_files: [anchors.yml]\ntests:\n- interval: 1m\n  input_series:\n  - series: 'up{job=\"a\"}'\n    values: '0+0x10'\n  alert_rule_test:\n  - eval_time: 10m\n    alertname: B\n    exp_alerts:\n    - exp_labels: &l {job: a, team: web, severity: warn}\n  - eval_time: 11m\n    alertname: B\n    exp_alerts:\n    - exp_labels:\n        <<: *l\n",
  // yaml.v2 strict decoding (promtool's rule tests) refuses a key a merge also sets.
  'merge-override.test.yml': "rule_files: [anchors.yml]\ntests:\n- interval: 1m\n  input_series:\n  - series: 'up{job=\"a\"}'\n    values: '0+0x10'\n  alert_rule_test:\n  - eval_time: 10m\n    alertname: B\n    exp_alerts:\n    - exp_labels: &l {job: a, team: web, severity: warn}\n  - eval_time: 10m\n    alertname: A\n    exp_alerts:\n    - exp_labels: {<<: *l, severity: page}\n",
  'merge-rule.test.yml': "rule_files: [merge-rule.yml]\ntests:\n- interval: 1m\n  input_series:\n  - series: 'up{job=\"a\"}'\n    values: '0+0x10'\n  alert_rule_test:\n  - eval_time: 10m\n    alertname: B\n    exp_alerts:\n    - exp_labels: {job: a}\n",
  // A plain `0x10` is a YAML integer; Go reads the scalar's text into the string field.
  'unquoted-values.test.yml': "rule_files: [merge-rule.yml]\ntests:\n- interval: 1m\n  input_series:\n  - series: up{job=\"a\"}\n    values: 0x10\n  alert_rule_test:\n  - eval_time: 10m\n    alertname: B\n    exp_alerts:\n    - exp_labels: {job: a}\n",
};
/** Disagreements known and left to the rule-test runner (src/rules/unit-test.ts), with the reason. */
const KNOWN = {
  'merge-override.test.yml': 'promql test accepts a key beside a merge that sets it (promql check reports it)',
  'unquoted-values.test.yml': 'promql test reads a plain `values: 0x10` as the YAML integer 16 (promql check reads it as promtool does)',
};
for (const [name, content] of Object.entries({ ...ruleFiles, ...ruleTests })) writeFileSync(join(dir, name), content);

const run = (bin, argv) => spawnSync(bin, argv, { encoding: 'utf8', cwd: dir });
const utf8Reason = (s) => /yaml: ((?:invalid|incomplete)[^\n]*?)(?:\n|$)/.exec(s)?.[1] ?? null;
let disagreements = 0;
console.log(`check-rules differential against ${versionOf(promtool)}`);
for (const name of Object.keys(ruleFiles)) {
  const theirs = run(promtool, ['check', 'rules', name]);
  const ours = run('node', [BIN, 'check', '--disable', 'rate-on-gauge,regex-could-be-equality', name]);
  const [tOk, oOk] = [theirs.status === 0, ours.status === 0];
  const [tWhy, oWhy] = [utf8Reason(theirs.stdout + theirs.stderr), utf8Reason(ours.stdout + ours.stderr)];
  const agree = tOk === oOk && tWhy === oWhy;
  if (!agree) disagreements++;
  console.log(`${agree ? 'agree   ' : 'DISAGREE'} check ${name}: promtool ${tOk ? 'ok' : 'fails'}${tWhy ? ` (${tWhy})` : ''}, promql ${oOk ? 'ok' : 'fails'}${oWhy ? ` (${oWhy})` : ''}`);
  if (!agree) console.log(`  promtool: ${(theirs.stdout + theirs.stderr).trim().replace(/\n/g, '\n            ')}\n  promql:   ${(ours.stdout + ours.stderr).trim().replace(/\n/g, '\n            ')}`);
}
for (const name of Object.keys(ruleTests)) {
  const theirs = run(promtool, ['test', 'rules', name]);
  const ours = run('node', [BIN, 'test', name]);
  const checked = run('node', [BIN, 'check', '--disable', 'rate-on-gauge', name]);
  // Agreement: promtool passes exactly when our runner passes and check finds no error.
  const agree = (theirs.status === 0) === (ours.status === 0 && checked.status === 0);
  const known = !agree && KNOWN[name];
  if (!agree && !known) disagreements++;
  console.log(`${agree ? 'agree   ' : known ? 'KNOWN   ' : 'DISAGREE'} test ${name}: promtool ${theirs.status === 0 ? 'passes' : 'fails'}, promql test ${ours.status === 0 ? 'passes' : 'fails'}, promql check ${checked.status === 0 ? 'clean' : 'reports errors'}`);
  if (known) console.log(`  known: ${known}`);
  else if (!agree) console.log(`  promtool: ${(theirs.stdout + theirs.stderr).trim()}\n  promql:   ${(ours.stdout + ours.stderr).trim()}\n  check:    ${(checked.stdout + checked.stderr).trim()}`);
}
console.log(`${disagreements} disagreement(s)`);
process.exitCode = disagreements > 0 ? 1 : 0;
