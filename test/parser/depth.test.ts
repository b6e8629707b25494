// Any nesting depth and chain length: parse, check, typeOf, format and pretty format handle
// 2,000 levels of every nesting construct and chains of 20,000 operands without a stack overflow,
// with the results (trees, positions, messages) that the same constructs give when shallow.
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { check, parse, parseWithDiagnostics } from '../../src/parser/parse.js';
import { format } from '../../src/parser/format.js';
import { typeOf } from '../../src/parser/types.js';
import { FRAGMENTS } from '../../src/parser/fragments.js';
import { childrenOf } from '../../src/parser/walk.js';
import type { Expr, ValueType } from '../../src/parser/ast.js';
import { ParseError } from '../../src/errors.js';
import { runDeep } from '../../src/util/deep.js';

const DEPTH = 2000;
const CHAIN = 20000;
const LEAF = 'leaf_metric';

const nest = (open: string, close: string, leaf = LEAF, n = DEPTH) => open.repeat(n) + leaf + close.repeat(n);

/** Opening and closing text of one level, for the mixed nesting. */
const LEVELS: [string, string][] = [
  ['(', ')'], ['abs(', ')'], ['sum by (x) (', ')'], ['-(', ')'], ['rate((', ')[5m:])'], ['topk(2, ', ')'],
  ['histogram_quantile(0.9, ', ')'], ['label_replace(', ', "a", "$1", "b", "(.*)")'], ['max_over_time((', ')[5m:1m])'],
  ['count without (y) (', ')'], ['min_over_time((', ')[10m:] offset 1m)'],
];

function mixed(n: number, levels = LEVELS): string {
  let open = '';
  let close = '';
  for (let i = 0; i < n; i++) {
    const [o, c] = levels[i % levels.length];
    open += o;
    close = c + close;
  }
  return open + LEAF + close;
}

/** Subqueries of parenthesised expressions (a subquery of a subquery is a type error). */
function subqueries(n: number): string {
  let q = LEAF;
  for (let i = 0; i < n; i++) q = `sum_over_time((${q})[5m:1m] offset 1m)`;
  return q;
}

/** `t0 op t1 op t2 …` with the operators taken in turn. */
function chain(ops: string[], n = CHAIN, term = (i: number) => `t${i}`): string {
  const parts = [term(0)];
  for (let i = 1; i < n; i++) parts.push(ops[(i - 1) % ops.length], term(i));
  return parts.join(' ');
}

/** The innermost operand: the selector named LEAF, or the number literal at the bottom. */
function innermost(root: Expr): Expr {
  const pending = [root];
  let e = root;
  while (pending.length > 0) {
    e = pending.pop()!;
    if (e.type === 'VectorSelector' && e.name === LEAF) return e;
    pending.push(...childrenOf(e));
  }
  return e;
}

/** [name, query (in canonical form unless a fourth entry gives it), type, canonical form]. */
const NESTED: [string, string, ValueType, string?][] = [
  ['parentheses', nest('(', ')'), 'vector'],
  ['unary minus', '-'.repeat(DEPTH) + LEAF, 'vector'],
  ['signed parentheses', nest('-(', ')'), 'vector'],
  ['function calls', nest('abs(', ')'), 'vector'],
  ['function calls with more arguments', nest('clamp(', ', 0, 1)'), 'vector'],
  ['aggregations', nest('sum(', ')'), 'vector'],
  ['aggregations with grouping', nest('sum by (x) (', ')'), 'vector'],
  ['aggregations with grouping after', nest('sum(', ') by (x)'), 'vector', nest('sum by (x) (', ')')],
  ['aggregations with a parameter', nest('topk(1, ', ')'), 'vector'],
  ['subqueries', subqueries(DEPTH), 'vector'],
  ['range functions of subqueries', nest('max_over_time(', '[5m:1m])'), 'vector'],
  ['parenthesised scalars', nest('(', ')', '1'), 'scalar'],
  ['a mix of all', mixed(DEPTH), 'vector'],
];

describe(`${DEPTH} levels of nesting`, () => {
  test.each(NESTED)('%s: check, parse, typeOf, positions, format, pretty format', (_, q, type, canonical = q) => {
    expect(check(q)).toEqual([]);
    const ast = parse(q);
    expect(typeOf(ast)).toBe(type);
    expect(ast.pos).toEqual({ start: 0, end: q.length });
    const leaf = innermost(ast);
    const at = q.indexOf(leaf.type === 'NumberLiteral' ? '1' : LEAF);
    expect(leaf.pos.start).toBe(at);
    expect(format(ast)).toBe(canonical);
    expect(format(format(ast, { pretty: true }))).toBe(canonical);
  });

  test('duration parentheses: 300 levels parse; past the stack, a positioned ParseError', () => {
    // Not cut into fragments (see README): about 500 levels fit in Node's default stack.
    const q = `x[${nest('(', ')', '5m', 300)}]`;
    expect(check(q, { durationExpressions: true })).toEqual([]);
    expect(format(q, { durationExpressions: true })).toBe('x[(5m)]');
    const tooDeep = `x[${nest('(', ')', '5m', 5000)}]`;
    expect(check(tooDeep, { durationExpressions: true }).map((d) => d.text))
      .toEqual(['1:5002: parse error: expression nested too deeply']);
  });
});

const CHAINS: [string, string, ValueType][] = [
  ['or', chain(['or']), 'vector'],
  ['and, unless', chain(['and', 'unless']), 'vector'],
  ['+', chain(['+']), 'vector'],
  ['^ (right-associative)', chain(['^']), 'vector'],
  ['atan2', chain(['atan2']), 'vector'],
  ['mixed precedence', chain(['+', '*', '^', '==', 'and', 'or', '-', '/', 'unless', '%', 'atan2', '>', '<=', '!=', '^']), 'vector'],
  ['with modifiers', chain(['+ on (a)', '* ignoring (b) group_left (c)', '> bool', 'or on (d)', '/ on (e) group_right ()']), 'vector'],
  ['signed operands of ^', chain(['^'], CHAIN, (i) => (i % 2 ? `-t${i}` : `t${i}`)), 'vector'],
  ['scalars', chain(['+', '*', '-', '/', '^', '%', 'atan2'], CHAIN, () => '2'), 'scalar'],
];

describe(`chains of ${CHAIN} operands`, () => {
  test.each(CHAINS)('%s: check, parse, typeOf, format', (_, q, type) => {
    expect(check(q)).toEqual([]);
    const ast = parse(q);
    expect(typeOf(ast)).toBe(type);
    expect(ast.pos).toEqual({ start: 0, end: q.length });
    expect(format(ast)).toBe(q);
  });

  test('^ is right-associative and binds tighter than a sign, at any length', () => {
    const ast = parse(chain(['^'], 5000, (i) => (i === 1 ? '-t1' : `t${i}`)));
    // t0 ^ -(t1 ^ (t2 ^ …)): the sign takes the whole rest of the chain.
    expect(ast.type === 'BinaryExpr' && ast.rhs.type).toBe('UnaryExpr');
  });

  test('pretty format of a 3,000-operand chain', () => {
    const q = chain(['+', 'or', '*'], 3000);
    expect(format(format(q, { pretty: true }))).toBe(q);
  });

  test('pretty format of a chain too deep for a JS string is a positioned ParseError', () => {
    // Prometheus indents each level of the left-deep tree: about 800 MB of text, beyond V8's
    // longest string (2^29 - 24 characters).
    const q = `\n${chain(['or'])}`;
    let error: unknown;
    try {
      format(q, { pretty: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toBe('2:1: parse error: expression nested too deeply');
  });
});

describe('errors deep inside', () => {
  // One level per line, so that positions are checked as line:col; compared with the same error
  // two levels deep (its lines shifted).
  const deep = (inner: string, open: string, n: number) => `${`${open}\n`.repeat(n)}${inner}\n${')'.repeat(n)}`;
  const where = (q: string, shift: number) =>
    check(q).map((d) => ({ message: d.message, line: d.line + shift, column: d.column }));

  const INNER = [
    'x{a="é"} +', 'rate(x{a="é"}[5m)', 'x{a="é"', 'nosuch(x)', 'x offset 1m offset 2m', '"unterminated',
    '1 > 2', 'x y', 'rate(x[5m], )', 'sum by (a,, b) (x)', 'x[5m] offset', 'x @ 1 @ 2', 'x{a="é"}[5m] + on(a) group_left (',
  ];
  const OPEN = ['sum by (job) (', 'abs(', '(', 'topk(3,', '-('];
  // Each error under one kind of level, in turn; a range vector is an error at every level of `(`
  // and `-(`, so only under the others.
  const CASES = [...INNER.map((inner, i) => [OPEN[i % OPEN.length], inner]),
    ...['sum by (job) (', 'abs(', 'topk(3,'].map((open) => [open, 'x{a="é"}[5m]'])];

  test.each(CASES)('%s … %s', (open, inner) => {
    const expected = where(deep(inner, open, 2), DEPTH - 2);
    expect(expected.length).toBeGreaterThan(0);
    expect(where(deep(inner, open, DEPTH), 0)).toEqual(expected);
  });

  test('a type error at the bottom of 2,000 aggregations', () => {
    expect(check(deep('x[5m]', 'sum by (job) (', DEPTH))[0].text)
      .toBe(`${DEPTH + 1}:1: parse error: expected type instant vector in aggregation expression, got range vector`);
  });

  test('an unclosed parenthesis 2,000 levels down', () => {
    const q = nest('abs(', ')').slice(0, -1);
    expect(check(q).map((d) => d.text)).toEqual([`1:${q.length + 1}: parse error: unclosed left parenthesis`]);
  });

  test('a parse error is a ParseError, never a RangeError', () => {
    expect(() => parse(nest('(', ')', 'x +'))).toThrow(ParseError);
  });
});

describe('fragments give the results of a flat parse', () => {
  const saved = FRAGMENTS.depth;
  afterEach(() => {
    FRAGMENTS.depth = saved;
  });

  // Shallow queries (a flat parse fits the stack) cut into fragments every few levels.
  const level = fc.oneof(
    fc.constantFrom(...LEVELS),
    fc.constantFrom<[string, string]>(['-', ''], ['', ' + b'], ['', ' or on (a) c'], ['2 ^ ', ''], ['', ' * ignoring (x) d']),
  );
  const junk = fc.constantFrom('(', ')', ',', '+', 'by (', '[', ']', '{', '}', 'offset', '5m', '@', 'sum', ':', 'on(',
    ')(', 'x{', 'step(', '"', ', ,', 'bool', 'group_left(');
  const query = fc.tuple(fc.array(level, { minLength: 5, maxLength: 60 }), fc.option(fc.tuple(fc.nat(), junk, fc.nat(2))))
    .map(([levels, mutation]) => {
      let q = mixed(levels.length, levels);
      if (mutation) {
        const [at, text, how] = mutation;
        const i = at % (q.length + 1);
        q = how === 0 ? q.slice(0, i) + text + q.slice(i) : how === 1 ? q.slice(0, i) + text + q.slice(i + 1) : q.slice(0, i);
      }
      return q;
    });

  test('same problems, same tree', () => {
    fc.assert(fc.property(query, fc.integer({ min: 2, max: 8 }), (q, depth) => {
      FRAGMENTS.depth = Infinity;
      const flat = parseWithDiagnostics(q);
      FRAGMENTS.depth = depth;
      const cut = parseWithDiagnostics(q);
      expect(cut.diagnostics).toEqual(flat.diagnostics);
      if (flat.diagnostics.length === 0) expect(format(cut.expr!)).toBe(format(flat.expr!));
    }), { numRuns: 200 });
  });

  test('deep random nesting: canonical round trip, no problems, pretty format', () => {
    const levels = fc.array(fc.constantFrom(...LEVELS), { minLength: 150, maxLength: 400 });
    fc.assert(fc.property(levels, (ls) => {
      const q = mixed(ls.length, ls);
      expect(check(q)).toEqual([]);
      expect(format(q)).toBe(q);
      expect(format(format(q, { pretty: true }))).toBe(q);
    }), { numRuns: 15 });
  });
});

describe('runDeep', () => {
  // A recursive sum over a nested list, logging visits: the order of plain recursion.
  type Tree = number | Tree[];
  function run(tree: Tree, log: string[]): number {
    return runDeep<Tree, number>(tree, function* (t) {
      if (typeof t === 'number') return t;
      log.push('enter');
      let sum = 0;
      for (const c of t) {
        const r = yield c;
        log.push(`child ${r}`);
        sum += r;
      }
      return sum;
    });
  }

  test('steps see their sub-results in order, with side effects in recursion order', () => {
    const log: string[] = [];
    expect(run([1, [2, 3], 4], log)).toBe(10);
    expect(log).toEqual(['enter', 'child 1', 'enter', 'child 2', 'child 3', 'child 5', 'child 4']);
  });

  test('200,000 levels', () => {
    let t: Tree = 1;
    for (let i = 0; i < 200_000; i++) t = [t];
    expect(run(t, [])).toBe(1);
  });

  test('leaves answered without a step', () => {
    const leaf = (t: Tree) => (typeof t === 'number' ? t * 10 : undefined);
    expect(runDeep<Tree, number>([1, [2]], function* (t) {
      let sum = 0;
      for (const c of t as Tree[]) sum += yield c;
      return sum;
    }, leaf)).toBe(30);
  });
});
