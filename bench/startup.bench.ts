// Start-up of the `promql` command line: the median of 20 runs of `promql check one-file.promql`
// and `promql format 'up'` (wall and CPU time), beside `node -e 0` and promtool when installed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeRun, findPromtool, medianRun } from './process-timing.js';

const RUNS = Number(process.env.STARTUP_RUNS ?? 20);
// dist/bench/startup.bench.js → dist/src/bin/promql.js
const cli = fileURLToPath(new URL('../src/bin/promql.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'promql-startup-'));
const file = join(dir, 'one-file.promql');
writeFileSync(file, 'sum by (job) (rate(http_requests_total{job=~"api|web", code!="200"}[5m]))\n');
const ruleFile = join(dir, 'rules.yml');
writeFileSync(ruleFile, 'groups:\n- name: g\n  rules:\n  - record: job:http:rate5m\n    expr: sum by (job) (rate(http_requests_total[5m]))\n');

const rows: [string, string, readonly string[]][] = [
  ['node -e 0 (the floor)', process.execPath, ['-e', '0']],
  ['promql check one-file.promql', process.execPath, [cli, 'check', file]],
  ["promql format 'up'", process.execPath, [cli, 'format', 'up']],
  ['promql check rules.yml', process.execPath, [cli, 'check', ruleFile]],
  ['promql --help', process.execPath, [cli, '--help']],
];
const promtool = findPromtool();
if (promtool) rows.push(['promtool check rules rules.yml', promtool, ['check', 'rules', ruleFile]]);

console.log(`start-up: median of ${RUNS} runs each`);
try {
  for (const [name, cmd, args] of rows) console.log(`${name.padEnd(34)} ${describeRun(medianRun(RUNS, cmd, args))}`);
  if (!promtool) console.log('promtool not found (set PROMTOOL): its row is skipped');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
