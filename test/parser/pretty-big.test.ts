// The pretty form of long operator chains: each binary node splits, its left operand one level
// deeper, so a chain of n terms starts n - 1 levels in (as promtool prints it).
import { describe, expect, test } from 'vitest';
import { format } from '../../src/parser/format.js';

/** Term i: long enough that any two of them joined by an operator exceed a line. */
const term = (i: number) => `metric_with_a_rather_long_name_number_${i}{job="some-service"}`;

/** The expected pretty text of `t0 op t1 op … op t(n-1)` (left-associative), built line by line. */
function expectedChain(n: number, op: string): string {
  const pad = (level: number) => '  '.repeat(level);
  const lines = [pad(n - 1) + term(0)];
  for (let k = 1; k < n; k++) lines.push(pad(n - 1 - k) + op, pad(n - k) + term(k));
  return lines.join('\n');
}

describe('pretty-printing long chains', () => {
  test.each([2, 3, 17])('a %i-term chain', (n) => {
    const q = Array.from({ length: n }, (_, i) => term(i)).join(' + ');
    expect(format(q, { pretty: true })).toBe(expectedChain(n, '+'));
  });

  test('a 2,048-term chain has the expected shape', () => {
    const q = Array.from({ length: 2048 }, (_, i) => term(i)).join(' or ');
    const out = format(q, { pretty: true });
    expect(out).toBe(expectedChain(2048, 'or'));
    expect(out.split('\n')).toHaveLength(2 * 2048 - 1);
  });

  test('short inner operands stay on one line', () => {
    const q = Array.from({ length: 40 }, (_, i) => `m${i}`).join(' * ');
    const lines = format(q, { pretty: true }).split('\n');
    // The innermost binary that fits 100 bytes is printed on one line, 1 level in from its parent.
    expect(lines[0].trim().startsWith('m0 * m1 * ')).toBe(true);
    expect(lines.at(-1)).toBe('  m39');
    expect(lines.at(-2)).toBe('*');
  });
});
