// Parse throughput of promql-ts (full typed AST) against @prometheus-io/lezer-promql (its
// syntax tree) on the same realistic queries. Prints queries/s for each and the ratio.
import { readFileSync } from 'node:fs';
import { parser as lezer } from '@prometheus-io/lezer-promql';
import { parse } from '../src/index.js';

const queries = readFileSync(new URL('../../test/fixtures/realistic-queries.txt', import.meta.url), 'utf8')
  .split('\n').filter((q) => q.trim() !== '');

function measure(name: string, fn: (q: string) => unknown): number {
  for (let i = 0; i < 200; i++) for (const q of queries) fn(q); // warm-up
  let rounds = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 2e9) {
    for (const q of queries) fn(q);
    rounds++;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  const perSec = (rounds * queries.length) / (elapsed / 1e9);
  console.log(`${name.padEnd(28)} ${Math.round(perSec).toLocaleString('en-US').padStart(12)} queries/s`);
  return perSec;
}

console.log(`parse benchmark: ${queries.length} realistic queries`);
const ours = measure('promql-ts parse (typed AST)', (q) => parse(q));
const theirs = measure('lezer-promql parse (tree)', (q) => lezer.parse(q));
console.log(`ratio promql-ts / lezer: ${(ours / theirs).toFixed(2)}x`);
