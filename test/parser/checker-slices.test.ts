// The checker's two ways through a tree: plain recursion (checkExpr on ordinary trees) and the
// slices it falls back to for deep ones (checkInSlices). On any tree, well-typed or not, both
// report the same problems in the same order and give the same type, whatever the slice interval.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkExpr, checkInSlices } from '../../src/parser/checker.js';
import { parseWithDiagnostics } from '../../src/parser/parse.js';
import type { Expr, Pos } from '../../src/parser/ast.js';

/** Query text mixing operand types freely, so that many trees have type errors at several depths. */
const query: fc.Arbitrary<string> = fc.letrec<{ q: string }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('up', '1', '"s"', 'up[5m]', 'rate(up[5m])', 'time()', '{a=""}', 'foo{__name__="x"}', 'info(up, {a="b"})'),
    tie('q').map((a) => `(${a})`),
    tie('q').map((a) => `-${a}`),
    tie('q').map((a) => `rate(${a})`),
    tie('q').map((a) => `abs(${a})`),
    tie('q').map((a) => `sum by (x) (${a})`),
    tie('q').map((a) => `(${a})[5m:]`),
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => `topk(${a}, ${b})`),
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => `count_values(${a}, ${b})`),
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => `clamp_min(${a}, ${b})`),
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => `info(${a}, ${b})`),
    fc.tuple(tie('q'), fc.constantFrom('+', '==', 'and', '/ on(a) group_left(a)', '> bool', 'or ignoring(b)'), tie('q'))
      .map(([a, op, b]) => `${a} ${op} ${b}`),
  ),
})).q;

/** The problems and type of one checker run. */
function run(f: (e: Expr, err: (m: string, p: Pos) => void) => unknown, e: Expr) {
  const problems: [string, Pos][] = [];
  const type = f(e, (m, p) => problems.push([m, p]));
  return { type, problems };
}

describe('checking in slices', () => {
  test('reports what plain recursion reports, in the same order, at any slice interval', () => {
    let withProblems = 0;
    fc.assert(fc.property(query, fc.integer({ min: 1, max: 4 }), (q, interval) => {
      const { expr } = parseWithDiagnostics(q, { experimentalFunctions: true });
      if (expr === null) return;
      const whole = run(checkExpr, expr);
      if (whole.problems.length > 0) withProblems++;
      expect(run((e, err) => checkInSlices(e, err, interval), expr)).toEqual(whole);
    }), { numRuns: 600 });
    // The property is about problems: make sure many cases had some.
    expect(withProblems).toBeGreaterThan(100);
  });

  test('a tree deeper than the recursion limit is checked in slices, with every problem in order', () => {
    // 3,000 nested calls of abs() around a string: one problem per level, the innermost first.
    const depth = 3000;
    const q = 'abs('.repeat(depth) + '"s"' + ')'.repeat(depth);
    const { expr, diagnostics } = parseWithDiagnostics(q);
    expect(expr).not.toBeNull();
    expect(diagnostics).toHaveLength(1);
    const whole = run(checkExpr, expr!);
    expect(whole.type).toBe('vector');
    expect(whole.problems).toHaveLength(1);
    expect(whole.problems[0][0]).toBe('expected type instant vector in call to function "abs", got string');
    expect(whole.problems[0][1]).toEqual({ start: 4 * depth, end: 4 * depth + 3 });
    // A unary minus on each level of a range: problems from the innermost out.
    const ranges = '-('.repeat(depth) + 'up[5m]' + ')'.repeat(depth);
    const deep = run(checkExpr, parseWithDiagnostics(ranges).expr!);
    expect(deep.problems).toHaveLength(depth);
    const starts = deep.problems.map(([, p]) => p.start);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(deep).toEqual(run((e, err) => checkInSlices(e, err, 7), parseWithDiagnostics(ranges).expr!));
  });
});
