// Big inputs, beside promtool when installed: a rule file whose expression holds a regex
// alternation of 1 M literals (~8 MB), pretty-formatting a 2,048-term chain, a `.prom` line with
// a 100 MB label value, and the memory the regex cache keeps after many large regexes.
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describeRun, findPromtool, runProcess } from './process-timing.js';
import { compileLabelRegex, MAX_CACHED_SOURCE_CHARS } from '../src/parser/regex-cache.js';

const ALTERNATIVES = Number(process.env.BIG_ALTERNATIVES ?? 1_000_000);
const CHAIN = Number(process.env.BIG_CHAIN ?? 2048);
const LABEL_MB = Number(process.env.BIG_LABEL_MB ?? 100);
const cli = fileURLToPath(new URL('../src/bin/promql.js', import.meta.url));
const promtool = findPromtool();
const dir = mkdtempSync(join(tmpdir(), 'promql-big-'));

function row(name: string, cmd: string, args: readonly string[]): void {
  console.log(`  ${name.padEnd(30)} ${describeRun(runProcess(cmd, args))}`);
}

try {
  const rules = join(dir, 'rules.yml');
  const alts = Array.from({ length: ALTERNATIVES }, (_, i) => `a${i + 1}`).join('|');
  writeFileSync(rules, `groups:\n- name: big\n  rules:\n  - record: big:up\n    expr: up{job=~"${alts}"}\n`);
  console.log(`rule file with a ${ALTERNATIVES.toLocaleString('en-US')}-alternative regex (${(statSync(rules).size / 1e6).toFixed(1)} MB):`);
  row('promql check rules.yml', process.execPath, [cli, 'check', rules]);
  if (promtool) row('promtool check rules rules.yml', promtool, ['check', 'rules', rules]);

  const chain = join(dir, 'chain.promql');
  writeFileSync(chain, Array.from({ length: CHAIN }, (_, i) => `metric_name_${i}{job="api"}`).join(' + ') + '\n');
  console.log(`pretty-formatting a ${CHAIN.toLocaleString('en-US')}-term chain (${(statSync(chain).size / 1e3).toFixed(0)} KB):`);
  row('promql format --pretty', process.execPath, [cli, 'format', '--pretty', chain]);
  if (promtool && process.env.BIG_PROMTOOL_PRETTY === '1') {
    row('promtool promql format', promtool, ['promql', '--experimental', 'format', Array.from({ length: CHAIN }, (_, i) => `metric_name_${i}{job="api"}`).join(' + ')]);
  } else {
    console.log('  promtool promql format          skipped (minutes: its formatter is cubic; BIG_PROMTOOL_PRETTY=1 runs it)');
  }

  const prom = join(dir, 'big.prom');
  const fd = openSync(prom, 'w');
  writeSync(fd, 'x{v="');
  const mb = 'a'.repeat(1 << 20);
  for (let i = 0; i < LABEL_MB; i++) writeSync(fd, mb);
  writeSync(fd, '"} 1\n');
  closeSync(fd);
  console.log(`a .prom line with a ${LABEL_MB} MB label value:`);
  row('promql query count(x) --data', process.execPath, [cli, 'query', 'count(x)', '--data', prom, '--time', '2024-01-01T00:00:00Z']);
  // promtool reads exposition text only from its standard input (it exits 3: "no help text").
  if (promtool) row('promtool check metrics', '/bin/sh', ['-c', `exec "$0" check metrics < "$1"`, promtool, prom]);
  rmSync(prom);

  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  const count = 40;
  for (let k = 0; k < count; k++) {
    // ~176 KB each; matching a value builds its set.
    const re = Array.from({ length: 25_000 }, (_, i) => `r${k}_${i}`).join('|');
    compileLabelRegex(re).matches(`r${k}_7`);
  }
  gc();
  const kept = (process.memoryUsage().heapUsed - before) / 1e6;
  console.log(`regex cache after ${count} distinct ~176 KB regexes (cap ${(MAX_CACHED_SOURCE_CHARS / 1e6).toFixed(0)} M source chars): ${kept.toFixed(1)} MB of heap kept`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
