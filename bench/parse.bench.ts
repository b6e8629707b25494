// Parse throughput of promql-ts (full typed AST, checked) against @prometheus-io/lezer-promql
// (`parser.parse(text)`, its syntax tree) on the same queries: the realistic corpus, its short
// queries (≤ 45 characters, where per-parse setup dominates) and long ones (the realistic
// queries joined into ~400-character expressions). Prints queries/s for each and the ratio.
import { readFileSync } from 'node:fs';
import { parser as lezer } from '@prometheus-io/lezer-promql';
import { parse } from '../src/index.js';

const realistic = readFileSync(new URL('../../test/fixtures/realistic-queries.txt', import.meta.url), 'utf8')
  .split('\n').filter((q) => q.trim() !== '');
const short = realistic.filter((q) => q.length <= 45);
// Realistic queries joined by operators to ~400 characters (the few joins that are not valid,
// e.g. a set operator on a scalar, are left out).
const long: string[] = [];
for (let i = 0; long.length < 40; i++) {
  let q = `(${realistic[i % realistic.length]})`;
  for (let j = 1; q.length < 400; j++) q += ` ${['+', 'or', '/ on(job)', 'and', '*'][j % 5]} (${realistic[(i * 7 + j) % realistic.length]})`;
  try {
    parse(q);
    long.push(q);
  } catch {
    // not a valid combination
  }
}

/** Queries per second of `fn` over `queries` (warm-up first, then ~2 s of rounds). */
function measure(queries: readonly string[], fn: (q: string) => unknown): number {
  for (let i = 0; i < 100; i++) for (const q of queries) fn(q);
  let rounds = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 2e9) {
    for (const q of queries) fn(q);
    rounds++;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  return (rounds * queries.length) / (elapsed / 1e9);
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(10);
for (const [name, queries] of [['realistic', realistic], ['short', short], ['long', long]] as const) {
  const chars = queries.reduce((n, q) => n + q.length, 0) / queries.length;
  // Alternated, twice each, so that both see the same machine load.
  const ours = [measure(queries, (q) => parse(q))];
  const theirs = [measure(queries, (q) => lezer.parse(q))];
  ours.push(measure(queries, (q) => parse(q)));
  theirs.push(measure(queries, (q) => lezer.parse(q)));
  const o = Math.max(...ours);
  const t = Math.max(...theirs);
  console.log(`${name.padEnd(9)} ${String(queries.length).padStart(3)} queries, ${chars.toFixed(0).padStart(3)} chars avg: ` +
    `promql-ts ${fmt(o)} q/s, lezer-promql ${fmt(t)} q/s, ratio ${(o / t).toFixed(2)}x`);
}
