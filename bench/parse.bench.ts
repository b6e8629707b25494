// Parse throughput of promql-ts (full typed AST, checked) against @prometheus-io/lezer-promql
// (`parser.parse(text)`, its syntax tree) on the same queries: the realistic corpus, its short
// queries (≤ 45 characters, where per-parse setup dominates) and long ones (the realistic
// queries joined into ~400-character expressions). Prints queries/s for each and the ratio, after
// both have warmed up on all three.
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

/** CPU milliseconds (user + system) of this process so far. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Queries per CPU second of `fn` over `queries`: whole rounds for at least `ms` of CPU time. */
function measure(queries: readonly string[], fn: (q: string) => unknown, ms = 400): number {
  let rounds = 0;
  const start = cpuMs();
  let elapsed = 0;
  while (elapsed < ms) {
    for (const q of queries) fn(q);
    rounds++;
    elapsed = cpuMs() - start;
  }
  return (rounds * queries.length) / (elapsed / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(10);
const ROUNDS = 7;
const corpora = [['realistic', realistic], ['short', short], ['long', long]] as const;
console.log(`parse: queries per CPU second, median of ${ROUNDS} alternating rounds (the ratio is the median of the rounds' ratios)`);
// Both parsers warm up on every corpus before any is measured: the JIT's compiler threads count
// in this process's CPU time, so without this the corpus measured first pays for compiling most
// of each parser's code (steady-state throughput is what is compared).
for (let pass = 0; pass < 2; pass++) {
  for (const [, queries] of corpora) {
    measure(queries, (q) => parse(q), 200);
    measure(queries, (q) => lezer.parse(q), 200);
  }
}
for (const [name, queries] of corpora) {
  const chars = queries.reduce((n, q) => n + q.length, 0) / queries.length;
  measure(queries, (q) => parse(q), 300); // warm-up
  measure(queries, (q) => lezer.parse(q), 300);
  const ours: number[] = [];
  const theirs: number[] = [];
  const ratios: number[] = [];
  // Alternated, so that both see the same machine load.
  for (let r = 0; r < ROUNDS; r++) {
    ours.push(measure(queries, (q) => parse(q)));
    theirs.push(measure(queries, (q) => lezer.parse(q)));
    ratios.push(ours[r] / theirs[r]);
  }
  console.log(`${name.padEnd(9)} ${String(queries.length).padStart(3)} queries, ${chars.toFixed(0).padStart(3)} chars avg: ` +
    `promql-ts ${fmt(median(ours))} q/s, lezer-promql ${fmt(median(theirs))} q/s, ratio ${median(ratios).toFixed(2)}x`);
}
