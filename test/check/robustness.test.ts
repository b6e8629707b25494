// checkText never throws, whatever the input: every problem becomes a positioned Diagnostic.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { checkText } from '../../src/check/check.js';
import { formatRuleFile } from '../../src/check/format-rules.js';

const RUNS = Number(process.env.PROMQL_PROPERTY_RUNS ?? 200);

// Fragments that make inputs look like rule files and dashboards, mixed with arbitrary text.
const yamlish = fc.array(fc.oneof(
  fc.constantFrom('groups:\n', '- name: g\n', '  rules:\n', '  - record: x\n', '    expr: sum(up)\n', '    expr: |\n      rate(x[5m]\n',
    '  - alert: A\n', '    for: 5m\n', '    labels: {a: b}\n', '    annotations:\n      s: "{{ $value }}"\n', '&a ', '*a', '? ', ': ', '- - ', '"', "'", '\t', '{{'),
  fc.string({ maxLength: 12 }),
), { maxLength: 25 }).map((parts) => parts.join(''));

const jsonish = fc.array(fc.oneof(
  fc.constantFrom('{', '}', '[', ']', ',', ':', '"panels"', '"targets"', '"expr"', '"rate(x[$__rate_interval])"', '"${var}"', '"datasource"', '"rows"', '"libraryPanel"', '"model"', 'null', '1e400', '"\\u00e9"'),
  fc.string({ maxLength: 8 }),
), { maxLength: 40 }).map((parts) => parts.join(''));

describe('checkText robustness', () => {
  test.each([['rules', yamlish], ['dashboard', jsonish], ['promql', fc.string({ maxLength: 200 })]] as const)('%s input never throws', (format, arb) => {
    fc.assert(fc.property(arb, (text) => {
      const r = checkText(`f.${format}`, text, { format });
      for (const p of r.problems) {
        expect(p.line).toBeGreaterThanOrEqual(1);
        expect(p.column).toBeGreaterThanOrEqual(1);
        expect(typeof p.message).toBe('string');
      }
    }), { numRuns: RUNS });
  });

  test('formatRuleFile either formats or throws a plain Error with a message', () => {
    fc.assert(fc.property(yamlish, (text) => {
      try {
        formatRuleFile(text);
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).toMatch(/invalid YAML/);
      }
    }), { numRuns: RUNS });
  });
});
