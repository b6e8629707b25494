// Runs every compiled benchmark in dist/bench, one after another, each in a process of its own:
// in one shared process a benchmark ran in the heap and JIT state the ones before it left (the
// parser's throughput after the evaluation benchmarks was a fifth of its own).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = new URL('../dist/bench/', import.meta.url);
let failed = 0;
for (const f of readdirSync(dir).filter((f) => f.endsWith('.bench.js')).sort()) {
  console.log(`\n## ${f}`);
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL(f, dir))], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench: ${f} ${r.signal ? `ended by ${r.signal}` : `exited with code ${r.status}`}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
