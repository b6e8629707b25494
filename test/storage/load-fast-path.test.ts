// The exposition loader's fast path (series guessed from the previous line, plain decimals read in
// place) must load exactly what the full parser loads, and fail with the same errors at the same
// places; and large inputs load whole.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { MemoryStorage } from '../../src/storage/memory.js';
import { loadExposition, parseExpositionFloat } from '../../src/storage/load-exposition.js';
import { plainFloat } from '../../src/storage/exposition-scan.js';
import { labelsToObject } from '../../src/storage/labels.js';
import { parseValues } from '../../src/storage/series-notation.js';
import { parsePromNumber } from '../../src/util/go-numbers.js';

const all = (s: MemoryStorage) => s.select({ matchers: [], start: -1e15, end: 1e15 })
  .map((x) => ({ labels: labelsToObject(x.labels), t: Array.from(x.timestamps), v: Array.from(x.values) }));

/** What Prometheus's parsers make of a value token, or null when they refuse it. */
function reference(tok: string): number | null {
  try {
    return parseExpositionFloat(tok);
  } catch {
    return null;
  }
}

describe('plain decimals read in place', () => {
  test('agree with the full parser on any string of digits, dots, signs and exponents', () => {
    fc.assert(fc.property(fc.stringMatching(/^[-+0-9.eE]{1,24}$/), (tok) => {
      const fast = plainFloat(tok, 0, tok.length);
      if (Number.isNaN(fast)) return; // left to the full parser
      expect(Object.is(fast, reference(tok))).toBe(true);
    }), { numRuns: 3000 });
  });

  test('read every double as JavaScript and Go write it, exactly', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 2 }), (x, form) => {
      const tok = form === 0 ? String(x) : form === 1 ? x.toExponential() : x.toFixed(Math.abs(x) < 1e15 ? 6 : 0);
      const fast = plainFloat(tok, 0, tok.length);
      expect(Object.is(fast, reference(tok))).toBe(true);
    }), { numRuns: 3000 });
  });

  test.each(['', '.', '-', '+', 'e5', '1e', '1.2.3', '--1', '1e+', 'NaN', 'Inf', '0x10', '1_0', '1e400'])('%j is left to the full parser', (tok) => {
    expect(plainFloat(tok, 0, tok.length)).toBeNaN();
  });
});

describe('the loader over shuffled scrapes', () => {
  const name = fc.constantFrom('up', 'm_total', 'm', 'http_requests_total', 'a:b');
  const value = fc.oneof(fc.constantFrom('x', 'a"b', 'back\\slash', 'new\nline', 'ünïcödé', ' sp ace', '}', '{,='), fc.string({ maxLength: 8 }));
  const series = fc.uniqueArray(fc.record({ name, job: value, inst: fc.constantFrom('', '1', '2') }), {
    minLength: 1, maxLength: 6, selector: (s) => `${s.name}|${s.job}|${s.inst}`,
  });
  const quote = (s: string) => JSON.stringify(s).replace(/\\u[0-9a-f]{4}/g, (u) => JSON.parse(`"${u}"`));
  const write = (s: { name: string; job: string; inst: string }, style: number) => {
    const pairs = [`job=${quote(s.job)}`, ...(s.inst ? [`inst=${quote(s.inst)}`] : [])];
    if (style === 0) return `${s.name}{${pairs.join(',')}}`;
    if (style === 1) return `{${quote(s.name)}, ${pairs.join(', ')}}`;
    return `${s.name}{${pairs.reverse().join(',')},}`;
  };

  test('loads what was written, however the lines are ordered and spelled', () => {
    fc.assert(fc.property(
      series, fc.integer({ min: 1, max: 5 }), fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
      fc.array(fc.constantFrom('1', '-0.5', '1e3', '+Inf', 'NaN', '12345678901234567', '0.1', '7.25e-3'), { minLength: 30, maxLength: 30 }),
      fc.boolean(),
      (ss, scrapes, noise, tokens, om) => {
        const lines: string[] = [];
        const expected = new Map<string, { t: number[]; v: number[] }>();
        let r = 0;
        const rnd = () => noise[r++ % noise.length];
        for (let j = 0; j < scrapes; j++) {
          // Each scrape in its own order, one spelling per series (labels in any order, a
          // trailing comma, quoted names), blanks of any width.
          const order = ss.map((_, i) => i).sort((a, b) => ((a * 7 + j * rnd()) % 5) - ((b * 7 + j * rnd()) % 5));
          for (const i of order) {
            const tok = tokens[(i + j * 3) % tokens.length];
            const t = j * 15_000 + i;
            const gap = rnd() % 3 === 0 ? ' \t ' : ' ';
            lines.push(`${write(ss[i], (i + (rnd() % 2)) % 3)}${gap}${tok}${gap}${om ? t / 1000 : t}`);
            const key = JSON.stringify(ss[i]);
            const e = expected.get(key) ?? { t: [], v: [] };
            e.t.push(t);
            e.v.push(parseExpositionFloat(tok));
            expected.set(key, e);
          }
          if (rnd() % 4 === 0) lines.push(rnd() % 2 ? '' : '# HELP m something');
        }
        const s = new MemoryStorage();
        const n = loadExposition(s, lines.join('\n') + (om ? '\n# EOF\n' : '\n'), { format: om ? 'openmetrics' : 'text' });
        expect(n).toBe(ss.length * scrapes);
        const got = all(s);
        expect(got.length).toBe(ss.length);
        for (const x of ss) {
          const labels: Record<string, string> = { __name__: x.name, ...(x.job ? { job: x.job } : {}), ...(x.inst ? { inst: x.inst } : {}) };
          const g = got.find((y) => JSON.stringify(y.labels) === JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)))));
          expect(g).toBeDefined();
          expect(g!.t).toEqual(expected.get(JSON.stringify(x))!.t);
          expect(g!.v).toEqual(expected.get(JSON.stringify(x))!.v);
        }
      },
    ), { numRuns: 300 });
  });

  test.each([
    // A known series whose value or timestamp the fast path does not read: the full parser's error, at its place.
    ['a 1 1\na 1e400 2\n# EOF\n', 'f.om:2:3: invalid value "1e400": strconv.ParseFloat: parsing "1e400": value out of range'],
    ['a{b="1"} 1 1\na{b="1"} 2 1_0\n# EOF\n', 'f.om:2:12: invalid timestamp "1_0": unsupported character in float'],
    ['a{b="1"} 1 1\na{b="1"}x 2 3\n# EOF\n', 'f.om:2:9: expected a space before the value'],
    ['a 1 1\na 2 3 4\n# EOF\n', 'f.om:2:7: unexpected "4" after the sample'],
    ['a 1 1\na 2\n# EOF\n', 'f.om:2:4: sample has no timestamp (fixtures need explicit timestamps)'],
    // Order checks on the fast path, and across spellings of one series.
    ['a 1 1\na 2 1\n# EOF\n', 'f.om:2:5: duplicate sample for timestamp 1000 ms: the series already has one at line 1'],
    ['a{b="1"} 1 2\n{"a",b="1"} 2 1\n# EOF\n', 'f.om:2:15: out-of-order sample: timestamp 1000 ms is before the series\' sample at 2000 ms (line 1)'],
  ])('%j fails as the full parser says', (text, message) => {
    expect(() => loadExposition(new MemoryStorage(), text, { format: 'openmetrics', file: 'f.om' })).toThrow(message);
  });

  test('a bare name is not taken for a longer name or a braced section', () => {
    const s = new MemoryStorage();
    loadExposition(s, 'm 1 1\nm_total 2 1\nm{a="1"} 3 1\nm 4 2\nm_total 5 2\nm{a="1"} 6 2\n', { format: 'text' });
    expect(all(s).map((x) => [x.labels, x.v])).toEqual([
      [{ __name__: 'm' }, [1, 4]],
      [{ __name__: 'm', a: '1' }, [3, 6]],
      [{ __name__: 'm_total' }, [2, 5]],
    ]);
  });

  test('the guess never crosses a # TYPE line (le is normalised per type)', () => {
    const s = new MemoryStorage();
    loadExposition(s, 'h_bucket{le="1"} 1 1\n# TYPE h histogram\nh_bucket{le="1"} 2 2\n', { format: 'text' });
    expect(all(s).map((x) => [x.labels, x.v])).toEqual([
      [{ __name__: 'h_bucket', le: '1' }, [1]],
      [{ __name__: 'h_bucket', le: '1.0' }, [2]],
    ]);
  });

  test('the format is OpenMetrics when a line is # EOF, else text', () => {
    const om = new MemoryStorage();
    loadExposition(om, 'a 1 2\n# EOF\n');
    expect(all(om)[0].t).toEqual([2000]);
    const text = new MemoryStorage();
    loadExposition(text, 'a 1 2\n');
    expect(all(text)[0].t).toEqual([2]);
  });
});

describe('large inputs', () => {
  test('a 5 MB label value with escapes loads whole, twice in a row', () => {
    const unit = 'abc"de\\f\ng';
    const raw = unit.repeat(500_000);
    const written = raw.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    expect(written.length).toBeGreaterThan(5_000_000);
    const s = new MemoryStorage();
    const n = loadExposition(s, `big{v="${written}",w="1"} 1 1000\nbig{v="${written}",w="1"} 2 2000\n`, { format: 'text' });
    expect(n).toBe(2);
    const [x] = s.select({ matchers: [], start: 0, end: 3000 });
    expect(x.labels.find((l) => l.name === 'v')!.value === raw).toBe(true);
    expect(Array.from(x.values)).toEqual([1, 2]);
  });

  test('an unterminated huge value fails at the end of its line', () => {
    const v = 'x'.repeat(3_000_000);
    expect(() => loadExposition(new MemoryStorage(), `a{b="${v}\n`, { format: 'text', file: 'f.prom' }))
      .toThrow(`f.prom:1:${v.length + 6}: unterminated string`);
  });
});

describe('series notation: lone numbers read the fast way', () => {
  test('agree with PromQL number tokens (octal 010, +0 for -0, Go floats)', () => {
    fc.assert(fc.property(fc.stringMatching(/^[-+]?[0-9.eE]{1,18}$/), (tok) => {
      let points;
      try {
        points = parseValues(tok);
      } catch {
        return; // refused either way: the full path's error
      }
      expect(points).toHaveLength(1);
      const p = points[0] as { kind: string; value: number };
      expect(p.kind).toBe('float');
      expect(Object.is(p.value, parsePromNumber(tok.replace(/^\+/, '')))).toBe(true);
    }), { numRuns: 3000 });
  });

  test.each([['010', 8], ['-0', 0], ['0', 0], ['-0.0', -0], ['1e3', 1000], ['123456789012345678', 123456789012345680], ['+.5', 0.5]])('%s is %d', (tok, v) => {
    expect(Object.is((parseValues(tok)[0] as { value: number }).value, v)).toBe(true);
  });
});
