// explain() and analyze(): the plan text against golden files, the JSON tree's shape, and the
// per-node statistics of an analysed run. `UPDATE_GOLDEN=1 npx vitest run test/eval/explain.test.ts`
// rewrites the golden files under test/fixtures/explain/.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Engine, MemoryStorage, type ExplainNode, type RangeSpec } from '../../src/index.js';
import { loadTestSeries } from '../../src/storage/load-series.js';
import { explainingText, explainingTree, explainText } from '../../src/eval/explain.js';
import { preparing } from '../../src/eval/prepare.js';
import { parse } from '../../src/parser/parse.js';
import { runToEnd } from '../../src/util/deep.js';
import { runCountingPauses as steps } from '../support/pausable.js';

const GOLDEN = new URL('../fixtures/explain/', import.meta.url).pathname;
const T = 3_600_000;
const RANGE: RangeSpec = { start: T, end: T + 600_000, step: 60_000 };

function golden(name: string, actual: string): void {
  const path = `${GOLDEN}${name}.txt`;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  if (!existsSync(path)) throw new Error(`missing golden file ${path}: run with UPDATE_GOLDEN=1 to write it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** Every node of a tree, parents before children. */
function nodes(root: ExplainNode): ExplainNode[] {
  const all: ExplainNode[] = [];
  const todo = [root];
  while (todo.length > 0) {
    const n = todo.pop()!;
    all.push(n);
    todo.push(...n.children);
  }
  return all;
}

const engine = new Engine({ storage: new MemoryStorage(), parser: { experimentalFunctions: true } });

const CASES: [name: string, query: string, at: number | RangeSpec][] = [
  ['selector', 'up{job="api"}', T],
  ['rate', 'rate(http_requests_total{code=~"5.."}[5m])', T],
  ['sum-by-range', 'sum by (job) (rate(http_requests_total[5m]))', RANGE],
  ['group-left', 'node_cpu_seconds_total * on (instance) group_left (version) node_build_info', T],
  ['subquery-at-offset', 'max_over_time(rate(x[1m])[10m:30s] @ 1800 offset 5m)', T],
  ['step-invariant-range', 'x - scalar(sum(y @ 1200))', RANGE],
  ['step-invariant-start', 'x / on () group_left sum(x @ start())', RANGE],
  ['info', 'info(rate(http_requests_total[5m]), {version=~".+"})', T],
  ['unary-offset-bool', '-x offset 1m > bool 2', RANGE],
];

describe('explain() text', () => {
  test.each(CASES)('%s: %s', (name, query, at) => {
    golden(name, engine.explain(query, at).text + '\n');
  });
});

describe('explain() tree', () => {
  test.each(CASES)('%s is JSON-able, ids unique, positions inside the query', (_name, query, at) => {
    const { plan, text } = engine.explain(query, at);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    const all = nodes(plan);
    expect(new Set(all.map((n) => n.id)).size).toBe(all.length);
    expect(text.split('\n')).toHaveLength(all.length);
    for (const n of all) {
      expect(n.stats).toBeUndefined();
      expect(0 <= n.pos.start && n.pos.start < n.pos.end && n.pos.end <= query.length).toBe(true);
      expect(n.grid.steps).toBeGreaterThanOrEqual(1);
      expect(n.window !== undefined).toBe(n.operator === 'vectorSelector' || n.operator === 'matrixSelector');
      expect(n.subquery !== undefined).toBe(n.operator === 'subquery');
    }
  });

  test('a range selector: its source, window and grid', () => {
    const q = 'sum by (job) (rate(http_requests_total[5m] offset 1m))';
    const { plan } = engine.explain(q, RANGE);
    expect(plan).toMatchObject({ operator: 'aggregate', detail: 'sum by (job)', grid: { start: T, end: T + 600_000, step: 60_000, steps: 11 } });
    const sel = plan.children[0].children[0];
    expect(sel.operator).toBe('matrixSelector');
    expect(q.slice(sel.pos.start, sel.pos.end)).toBe('http_requests_total[5m] offset 1m');
    expect(sel.window).toEqual({ start: T - 360_000 + 1, end: T + 540_000, range: 300_000, offset: 60_000, at: null });
  });

  test('a subquery: range, step, offset and @ (ms), and its children on the inner grid', () => {
    const { plan } = engine.explain('max_over_time(rate(x[1m])[10m:30s] @ 1800 offset 5m)', T);
    const sq = nodes(plan).find((n) => n.operator === 'subquery')!;
    expect(sq.subquery).toEqual({ range: 600_000, step: 30_000, offset: 300_000, at: 1_800_000 });
    expect(sq.children[0].grid).toEqual({ start: 930_000, end: 1_500_000, step: 30_000, steps: 20 });
  });

  test('explain() does not touch storage', () => {
    const storage = { select: () => { throw new Error('select called'); } };
    expect(new Engine({ storage }).explain('sum(rate(x[5m]))', T).plan.operator).toBe('aggregate');
  });
});

describe('analyze()', () => {
  const storage = new MemoryStorage();
  loadTestSeries(storage, 'load 1m\n  x{a="1"} 0+1x20\n  x{a="2"} 0+2x20\n  y 5x20\n');
  const e = new Engine({ storage });

  test('instant query: the result as instantQuery gives it, stats on every node', async () => {
    // irate: a sum over rate would compute it within itself (fused), leaving the call no run.
    const a = await e.analyze('sum(irate(x[5m]))', 600_000);
    const plain = await e.instantQuery('sum(irate(x[5m]))', 600_000);
    expect(a.result.result).toEqual(plain.result);
    expect(a.result.stats?.samples.totalQueryableSamples).toBe(10);
    for (const n of nodes(a.plan)) {
      expect(n.stats!.evaluations).toBeGreaterThanOrEqual(1);
      expect(n.stats!.totalMs).toBeGreaterThanOrEqual(n.stats!.selfMs);
    }
    const sel = a.plan.children[0].children[0];
    expect(sel.stats).toMatchObject({ evaluations: 1, series: 2, samples: 10 });
    expect(a.plan.stats).toMatchObject({ series: 1, samples: 1 });
    expect(a.longestBlockMs).toBeGreaterThanOrEqual(0);
    expect(a.text).toMatch(/^\[aggregate\] sum #2 @600000 \{evaluations: 1, time: [\d.]+ms \(self [\d.]+ms\), series: 1, samples: 1, peak samples: \d+\}\n/);
  });

  test('range query: samples over all steps, the step-invariant subtree evaluated once', async () => {
    const a = await e.analyze('x - scalar(y @ 60)', { start: 0, end: 600_000, step: 60_000 });
    expect(a.result.resultType).toBe('matrix');
    const all = nodes(a.plan);
    const x = all.find((n) => n.detail === 'x')!;
    expect(x.stats!.samples).toBe(22);
    const inv = all.find((n) => n.operator === 'stepInvariant')!;
    expect(inv.children[0].stats!.evaluations).toBe(1);
    expect(a.result.stats!.samples.peakSamples).toBeGreaterThanOrEqual(22);
  });

  test('a failing query rejects as the plain query does', async () => {
    const small = new Engine({ storage, maxSamples: 5 });
    await expect(small.analyze('x[10m]', 600_000)).rejects.toThrow('query processing would load too many samples into memory in query execution');
  });
});

describe('the explanation of a huge plan, a piece at a time', () => {
  const chain = Array.from({ length: 3000 }, () => 'x').join(' + ');
  const range: RangeSpec = { start: 0, end: 60_000, step: 15_000 };


  test('tree and text come out as explain() gives them, with a pause every 1,024 nodes or lines', () => {
    const plan = runToEnd(preparing(parse(chain), {
      query: chain, ...range, lookbackDelta: 300_000, defaultSubqueryStep: () => 60_000, useStartTimestamps: false,
    }));
    const whole = new Engine({ storage: new MemoryStorage() }).explain(chain, range);
    const tree = steps(explainingTree(plan, chain, range));
    // Node by node (a deep comparison of a tree 3,000 levels deep would overflow the stack).
    const flat = (root: ExplainNode) => {
      const out: string[] = [];
      const todo = [root];
      while (todo.length > 0) {
        const { children, ...node } = todo.pop()!;
        out.push(JSON.stringify(node));
        todo.push(...children);
      }
      return out;
    };
    expect(flat(tree.value)).toEqual(flat(whole.plan));
    expect(tree.pauses).toBe(Math.floor(5999 / 1024));
    const text = steps(explainingText(tree.value));
    expect(text.value).toBe(whole.text);
    expect(text.pauses).toBe(Math.floor(5999 / 1024));
  });

  test('analyze() of a 3,000-term chain gives the text of its tree with the statistics of the run', async () => {
    const storage = new MemoryStorage();
    storage.add({ __name__: 'x' }, [{ t: 0, v: 1 }]);
    const a = await new Engine({ storage }).analyze(chain, range);
    expect(a.text).toBe(explainText(a.plan));
    expect(a.plan.stats?.evaluations).toBeGreaterThan(0);
    expect(a.text.split('\n')).toHaveLength(5999);
  });
});
