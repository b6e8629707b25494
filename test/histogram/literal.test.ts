import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';
import { formatHistogramLiteral, parseHistogram, parseHistogramLiteral } from '../../src/histogram/literal.js';

const plain = (h: FloatHistogram) => ({ ...h });

describe('parsing the {{…}} literal', () => {
  it('reads every key into the histogram fields', () => {
    const h = parseHistogram('{{schema:-2 sum:-1.5 count:10 z_bucket:2 z_bucket_w:0.001 buckets:[1 0 3] offset:-3 n_buckets:[4] n_offset:2 counter_reset_hint:gauge}}');
    expect(plain(h)).toEqual(plain(new FloatHistogram({
      schema: -2, sum: -1.5, count: 10, zeroCount: 2, zeroThreshold: 0.001,
      positiveSpans: [{ offset: -3, length: 3 }], positiveBuckets: [1, 0, 3],
      negativeSpans: [{ offset: 2, length: 1 }], negativeBuckets: [4], counterResetHint: 'gauge',
    })));
  });

  it('gives the empty schema-0 histogram for {{}} and {{ }}', () => {
    for (const t of ['{{}}', '{{ }}']) expect(plain(parseHistogram(t))).toEqual(plain(new FloatHistogram()));
  });

  it('takes keys in any case, Inf and NaN, underscores and leading-zero octal as Prometheus does', () => {
    const h = parseHistogram('{{SUM:NaN Count:1_000 Z_BUCKET:-Inf schema:010}}');
    expect(h.sum).toBeNaN();
    expect(h.count).toBe(1000);
    expect(h.zeroCount).toBe(-Infinity);
    expect(h.schema).toBe(10);
    expect(parseHistogram('{{sum:010}}').sum).toBe(8);
  });

  it('reads custom bounds and says whether the hint was written', () => {
    const r = parseHistogramLiteral('{{schema:-53 custom_values:[0.5 1 Inf] buckets:[1 2]}}');
    expect(r.histogram.customValues).toEqual([0.5, 1, Infinity]);
    expect(r.hintSet).toBe(false);
    expect(parseHistogramLiteral('{{counter_reset_hint:unknown}}').hintSet).toBe(true);
  });

  it('stops right after the closing braces', () => {
    const text = 'm {{sum:1}}+{{sum:2}}x3';
    expect(parseHistogramLiteral(text, 2).end).toBe(11);
  });

  it.each([
    ['{{sum:1 sum:2}}', 'duplicate key "sum" in histogram', 8],
    ['{{sum:1 SUM:2}}', 'duplicate key "sum" in histogram', 8],
    ['{{foo:1}}', 'bad histogram descriptor found: "foo"', 2],
    ['{{sum 1}}', 'missing `:` for histogram descriptor', 5],
    ['{{sum:+1}}', 'unexpected "+" in histogram description, expected a number for sum', 6],
    ['{{z_bucket_w:-1}}', 'unexpected "-" in histogram description, expected a number for z_bucket_w', 13],
    ['{{schema:1.5}}', 'invalid integer "1.5" in histogram description', 9],
    ['{{buckets:[]}}', 'unexpected "]" in histogram description, expected a bucket count', 11],
    ['{{buckets:[ 1]}}', 'unexpected " " in histogram description, expected a bucket count', 11],
    ['{{counter_reset_hint:maybe}}', 'bad counter_reset_hint: expected one of unknown, reset, not_reset, gauge', 21],
    ['{{sum:1', 'unexpected end of input in histogram description, expected "}}"', 7],
    ['{{sum:1count:2}}', 'unexpected "c" in histogram description, expected a space', 7],
    ['{{sum:1.2.3}}', 'unexpected "." in histogram description, expected a space', 9],
  ])('rejects %s', (text, message, index) => {
    expect(() => parseHistogram(text)).toThrow(expect.objectContaining({ name: 'HistogramLiteralError', message, index }));
  });
});

describe('printing the literal as Go\'s TestExpression', () => {
  it.each([
    [new FloatHistogram(), '{{}}'],
    [new FloatHistogram({ schema: 3, count: 1e6, sum: 0.00001, zeroCount: 2, zeroThreshold: 1e-128 }),
      '{{schema:3 count:1e+06 sum:1e-05 z_bucket:2 z_bucket_w:1e-128}}'],
    [new FloatHistogram({ counterResetHint: 'not_reset', positiveSpans: [{ offset: 1, length: 2 }, { offset: 2, length: 1 }], positiveBuckets: [0, 1, 4] }),
      '{{counter_reset_hint:not_reset offset:2 buckets:[1 0 0 4]}}'],
    [new FloatHistogram({ schema: -53, customValues: [1, 2.5], positiveSpans: [{ offset: 0, length: 3 }], positiveBuckets: [1, 2, 0], count: 3 }),
      '{{schema:-53 count:3 custom_values:[1 2.5] buckets:[1 2]}}'],
    [new FloatHistogram({ negativeSpans: [{ offset: -2, length: 1 }], negativeBuckets: [3], sum: -Infinity }),
      '{{sum:-Inf n_offset:-2 n_buckets:[3]}}'],
  ])('%#', (h, text) => {
    expect(formatHistogramLiteral(h)).toBe(text);
  });

  const count = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1e9, noNaN: true }));
  const bucketRun = fc.array(count, { minLength: 1, maxLength: 6 }).map((bs) => {
    bs[0] ||= 1;
    bs[bs.length - 1] ||= 1;
    return bs;
  });
  const side = fc.option(fc.tuple(fc.integer({ min: -20, max: 20 }), bucketRun), { nil: undefined });
  const histogram = fc.record({
    schema: fc.integer({ min: -4, max: 8 }),
    count, sum: fc.double({ noDefaultInfinity: true, noNaN: true }).filter((x) => !Object.is(x, -0)),
    zeroCount: count, zeroThreshold: fc.double({ min: 0, max: 1, noNaN: true }),
    counterResetHint: fc.constantFrom('unknown', 'reset', 'not_reset', 'gauge' as const),
    pos: side, neg: side,
  }).map((r) => new FloatHistogram({
    schema: r.schema, count: r.count, sum: r.sum, zeroCount: r.zeroCount, zeroThreshold: r.zeroThreshold,
    counterResetHint: r.counterResetHint,
    positiveSpans: r.pos ? [{ offset: r.pos[0], length: r.pos[1].length }] : [], positiveBuckets: r.pos?.[1] ?? [],
    negativeSpans: r.neg ? [{ offset: r.neg[0], length: r.neg[1].length }] : [], negativeBuckets: r.neg?.[1] ?? [],
  }));

  it('parses back what it prints: parse(format(h)) = h', () => {
    fc.assert(fc.property(histogram, (h) => {
      expect(plain(parseHistogram(formatHistogramLiteral(h)))).toEqual(plain(h));
    }));
  });
});
