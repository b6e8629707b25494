// One diagnostic type: check(), lintQuery() and checkText() all return Diagnostic objects with the
// same fields, and a problem inside a query carries its UTF-16 range for editors.
import { describe, expect, test } from 'vitest';
import { check, checkText, lintQuery, type Diagnostic } from '../../src/index.js';
import { jsonReport } from '../../src/check/report.js';

describe('Diagnostic', () => {
  test('check() gives syntax errors as Diagnostics with a range', () => {
    const q = 'sum(rate(x[5m]) by (job)) +';
    const [d, ...rest] = check(q);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ file: '<query>', severity: 'error', rule: 'syntax', line: 1, column: 17 });
    expect(d.message).toBe('1:17: parse error: unexpected <by> in aggregation');
    expect(d.query).toEqual({ text: q, line: 1, column: 17, start: 16, end: 18 });
    expect(q.slice(d.query!.start, d.query!.end)).toBe('by');
    expect(check('sum(up)')).toEqual([]);
  });

  test('check() runs no lint rules; lintQuery() does, with the same shape', () => {
    const q = 'rate(queue_depth[5m])';
    expect(check(q)).toEqual([]);
    const [w] = lintQuery(q);
    expect(w).toMatchObject({ severity: 'warning', rule: 'rate-on-gauge', file: '<query>', line: 1, column: 6 });
    expect(w.query).toEqual({ text: q, line: 1, column: 6, start: 5, end: 16 });
    expect(q.slice(w.query!.start, w.query!.end)).toBe('queue_depth');
  });

  test('positions count characters in the query, Prometheus\'s column counts UTF-8 bytes', () => {
    const q = '{a="é"} +';
    const [d] = check(q);
    expect([d.column, d.query?.column, d.query?.start]).toEqual([10, 11, 9]);
  });

  test('checkText gives the same Diagnostics, placed in the file', () => {
    const text = '\n\nsum(rate(x[5m]) by (job)) +\n';
    const [d] = checkText('q.promql', text).problems;
    const [fromCheck] = check('sum(rate(x[5m]) by (job)) +');
    expect(d).toEqual({ ...fromCheck, file: 'q.promql', line: 3 } satisfies Diagnostic);
  });

  test('the JSON report keeps its documented fields (no range)', () => {
    const problems = checkText('q.promql', 'rate(x)\n').problems;
    const doc = JSON.parse(jsonReport(problems, { files: 1, queries: 1, errors: 1, warnings: 0 } as never));
    expect(Object.keys(doc.problems[0])).toEqual(['file', 'line', 'column', 'severity', 'rule', 'message', 'query']);
    expect(Object.keys(doc.problems[0].query)).toEqual(['text', 'line', 'column']);
  });
});
