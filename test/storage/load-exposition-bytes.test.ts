// Exposition input given as UTF-8 bytes (a file read without decoding) must load exactly what its
// decoded text loads: the same series, labels, values bit for bit, timestamps, the same detected
// format, and the same errors at the same line and column (columns count chars, not bytes).
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { MemoryStorage } from '../../src/storage/memory.js';
import { detectFormat, loadExposition, type ExpositionOptions } from '../../src/storage/load-exposition.js';
import { labelsToObject } from '../../src/storage/labels.js';
import { plainFloat } from '../../src/storage/exposition-scan.js';

/** Everything a load leaves: each series' labels, timestamps and the bits of its values; or the error. */
function outcome(input: string | Uint8Array, options: ExpositionOptions): unknown {
  const s = new MemoryStorage();
  try {
    const n = loadExposition(s, input, options);
    const series = s.select({ matchers: [], start: -1e15, end: 1e15 }).map((x) => ({
      labels: labelsToObject(x.labels),
      t: Array.from(x.timestamps),
      bits: Array.from(new Uint32Array(Float64Array.from(x.values).buffer)),
    }));
    return { n, series };
  } catch (e) {
    return { error: String(e) };
  }
}

const utf8 = new TextEncoder();
/** What Node's `readFileSync(file, 'utf8')` makes of the bytes. */
const decoded = (b: Uint8Array) => Buffer.from(b).toString('utf8');

const name = fc.constantFrom('up', 'm_total', 'h_bucket', 'q', 'a:b', 'é', '9x');
const labelValue = fc.oneof(
  fc.constantFrom('x', 'a\\"b', 'back\\\\slash', 'new\\nline', 'ünïcödé', '日本', '😀', ' sp ace', '}', '{,=', '1', '0.5', '+Inf', 'bad\\q'),
  fc.string({ maxLength: 6 }).map((s) => s.replace(/["\\\n]/g, '_')),
);
const labelSet = fc.tuple(name, fc.array(fc.tuple(fc.constantFrom('job', 'le', 'quantile', 'ü', '"q"'), labelValue), { maxLength: 3 }));
const number = fc.constantFrom('1', '-0', '0.1', '1e3', '7.25e-3', '12345678901234567', '+Inf', '-Inf', 'NaN', 'nan', '0x10', '1_0', '1e400', '', 'x', '٣');
const stamp = fc.constantFrom('', '1', '2', '2', '10', '1.5', '-3', '1e3', '99999999999999999', 'x');
const line = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(labelSet, number, stamp, fc.constantFrom('', ' # {a="1"} 1', ' # {ä="😀"} 1 2', '  ', ' x')).map(([[n, ls], v, t, tail]) => {
    const braces = ls.length ? `{${ls.map(([k, x]) => `${k}="${x}"`).join(',')}}` : '';
    return `${n}${braces} ${v}${t ? ` ${t}` : ''}${tail}`;
  }) },
  { weight: 2, arbitrary: fc.constantFrom('', '# HELP up some ü text', '# TYPE h histogram', '# TYPE q summary', '# TYPE up gauge', '# UNIT up seconds', '# TYPE up bogus', '# random comment', '# EOF', '# EOF \u00a0', 'garbage ü', '{"a.b",c="d"} 1 1', '\u2028# EOF') },
);

/** Bytes of joined lines, with now and then a CR before the newline or an invalid UTF-8 byte. */
const input = fc.tuple(fc.array(fc.tuple(line, fc.constantFrom('\n', '\n', '\n', '\r\n', '\n\xff', '\xc3\n')), { maxLength: 14 }), fc.boolean()).map(([ls, eof]) => {
  const parts: number[] = [];
  for (const [l, sep] of ls) {
    parts.push(...utf8.encode(l));
    for (const ch of sep) parts.push(ch.charCodeAt(0));
  }
  if (eof) parts.push(...utf8.encode('# EOF\n'));
  return Uint8Array.from(parts);
});

describe('bytes load as their decoded text', () => {
  test('any mix of lines, spellings, comments, exemplars, CRs and invalid bytes: same outcome', () => {
    fc.assert(fc.property(input, fc.constantFrom(undefined, 'openmetrics', 'text'), fc.constantFrom(undefined, 5000), fc.boolean(), (bytes, format, defaultTimestamp, lenient) => {
      const o: ExpositionOptions = { file: 'f', format, defaultTimestamp, lenient };
      expect(outcome(bytes, o)).toEqual(outcome(decoded(bytes), o));
      expect(detectFormat(bytes)).toBe(detectFormat(decoded(bytes)));
    }), { numRuns: 1500 });
  });

  test('a series repeated line after line, some with non-ASCII labels: same outcome, errors at char columns', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('a{b="ü"}', 'a{b="x"}', 'a', '{"ä"}'), fc.integer({ min: 0, max: 4 }), fc.boolean()), { minLength: 1, maxLength: 30 }), fc.boolean(), (rows, exemplar) => {
      // Without a timestamp (the default one then) a duplicate's column is the line's end.
      const text = rows.map(([s, t, stamped]) => `${s} 1${stamped ? ` ${t}` : ''}${exemplar ? ' # {ü="1"} 1' : ''}`).join('\n') + '\n# EOF\n';
      const bytes = utf8.encode(text);
      for (const o of [{ file: 'f' }, { file: 'f', lenient: true }, { file: 'f', defaultTimestamp: 3000 }] as ExpositionOptions[]) {
        expect(outcome(bytes, o)).toEqual(outcome(text, o));
      }
    }), { numRuns: 500 });
  });

  test.each([
    ['a{b="ü"} 1 1\na{b="ü"} 2 1\n# EOF\n', 'f:2:12: duplicate sample for timestamp 1000 ms: the series already has one at line 1'],
    ['a 1 1\na 2 1\n# EOF\n', 'f:2:5: duplicate sample for timestamp 1000 ms: the series already has one at line 1'],
    ['a{b="ü"} 1 # {ü="x"} 1\na{b="ü"} 2 # {ü="x"} 1\n', 'f:2:23: duplicate sample for timestamp 5 ms: the series already has one at line 1'],
    ['a 1 # {ü="x"} 1\na 2 # {ü="x"} 1\n', 'f:2:16: duplicate sample for timestamp 5 ms: the series already has one at line 1'],
  ])('%j fails at the column of its text', (text, message) => {
    for (const input of [text, utf8.encode(text)]) {
      expect(() => loadExposition(new MemoryStorage(), input, { file: 'f', defaultTimestamp: 5 })).toThrow(message);
    }
  });

  test('a 3 MB label value in bytes loads whole and linearly', () => {
    const v = 'ü"'.repeat(1_500_000).replace(/"/g, '\\"');
    const bytes = utf8.encode(`big{v="${v}"} 1 1000\nbig{v="${v}"} 2 2000\n`);
    const s = new MemoryStorage();
    expect(loadExposition(s, bytes, { format: 'text' })).toBe(2);
    const [x] = s.select({ matchers: [], start: 0, end: 3000 });
    expect(x.labels.find((l) => l.name === 'v')!.value === 'ü"'.repeat(1_500_000)).toBe(true);
  });
});

describe('plain decimals with 16 and more digits read in place', () => {
  const same = (tok: string) => {
    const fast = plainFloat(tok, 0, tok.length);
    expect(Object.is(fast, Number(tok)), `${tok}: ${fast} ≠ ${Number(tok)}`).toBe(true);
    expect(Object.is(plainFloat(utf8.encode(tok), 0, tok.length), fast)).toBe(true);
  };

  test.each(['9007199254740991', '9007199254740992', '9007199254740993', '90071992547409.93', '0.9007199254740993', '-900719925474099.3', '9007199254740995', '0.000000000000000000001', '00000000000000000000012.5', '1234567890123456.7'])('%s is what Number reads', same);

  test('any digits around a dot, up to 19 of them and 22 after it: what Number reads', () => {
    fc.assert(fc.property(fc.stringMatching(/^-?[0-9]{1,19}(\.[0-9]{0,22})?$/), same), { numRuns: 5000 });
  });

  test('mantissas near 2^53: what Number reads', () => {
    fc.assert(fc.property(fc.bigInt({ min: 2n ** 53n - 50n, max: 2n ** 53n + 50n }), fc.integer({ min: 0, max: 16 }), (m, dot) => {
      const digits = m.toString();
      same(dot === 0 ? digits : `${digits.slice(0, digits.length - dot)}.${digits.slice(digits.length - dot)}`);
    }), { numRuns: 2000 });
  });
});
