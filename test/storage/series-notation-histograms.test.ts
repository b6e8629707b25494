// The series notation's histogram items: `{{…}}`, `{{…}}xN`, `{{A}}+{{B}}xN`, `{{A}}-{{B}}xN`,
// mixed with floats, `_` and `stale` on one line, as promqltest's `load` reads them.
import { describe, expect, it } from 'vitest';
import { parseValues, SeriesNotationError, type SeriesPoint } from '../../src/storage/series-notation.js';
import { formatHistogramLiteral } from '../../src/histogram/literal.js';

const show = (ps: SeriesPoint[]): string[] => ps.map((p) => {
  if (p.kind === 'histogram') return formatHistogramLiteral(p.histogram) + (p.hintSet ? '!' : '');
  if (p.kind === 'omitted') return '_';
  return p.stale ? 'stale' : String(p.value);
});

describe('histogram items in series values', () => {
  it('mixes histograms with floats, blanks and staleness markers', () => {
    expect(show(parseValues(' 1 {{sum:2 count:1}} _ stale {{}}x1 3x1'))).toEqual(
      ['1', '{{count:1 sum:2}}', '_', 'stale', '{{}}', '{{}}', '3', '3'],
    );
  });

  it('expands {{A}}+{{B}}xN by repeated histogram addition', () => {
    expect(show(parseValues('{{schema:0 sum:1 count:2 buckets:[1 1]}}+{{schema:0 sum:0.5 count:1 buckets:[0 1]}}x2'))).toEqual([
      '{{count:2 sum:1 buckets:[1 1]}}',
      '{{count:3 sum:1.5 buckets:[1 2]}}',
      '{{count:4 sum:2 buckets:[1 3]}}',
    ]);
  });

  it('expands {{A}}-{{B}}xN by repeated subtraction, A\'s hint flag from B', () => {
    expect(show(parseValues('{{count:10 sum:10}}-{{count:3 sum:1 counter_reset_hint:gauge}}x2'))).toEqual([
      // As Go's Sub: unknown with gauge gives gauge.
      '{{count:10 sum:10}}!', '{{count:7 sum:9 counter_reset_hint:gauge}}!', '{{count:4 sum:8 counter_reset_hint:gauge}}!',
    ]);
  });

  it('lowers the schema of the sum to the increment\'s', () => {
    const [, second] = parseValues('{{schema:0 count:1 buckets:[1]}}+{{schema:1 count:1 buckets:[1]}}x1');
    expect(second.kind === 'histogram' && second.histogram.schema).toBe(0);
  });

  it.each([
    ['{{schema:1 count:1}}+{{schema:0 count:1}}x1', 'error combining histograms: cannot merge from schema 0 to 1', 1],
    ['{{count:1}}+{{count:1}}', 'a histogram increment needs a repetition count: {{count:1}}+{{count:1}}', 24],
    ['1 {{count:1}}y', 'unexpected "y" after a histogram value', 14],
    ['{{count:1}}+5x2', 'a histogram literal starts with "{{"', 13],
    ['{{sum:1 sum:2}}', 'duplicate key "sum" in histogram', 9],
    ['{{schema:-53 count:1}}+{{schema:0 count:1}}x1', 'error combining histograms: cannot apply this operation on histograms with a mix of exponential and custom bucket schemas', 1],
  ])('rejects %s', (text, message, column) => {
    const err = (() => {
      try {
        return parseValues(text);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SeriesNotationError);
    expect(err).toMatchObject({ message, column });
  });

  it('accepts x0 even when the schemas would not combine (nothing is combined)', () => {
    expect(parseValues('{{schema:1}}+{{schema:0}}x0')).toHaveLength(1);
  });
});
