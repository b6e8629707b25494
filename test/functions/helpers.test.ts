// Unit tables for the numeric and text helpers behind the functions: classic bucket quantiles and
// fractions, natural sort order, Go regexp templates, least squares, Go float formatting.
import { describe, expect, test } from 'vitest';
import { RE2JS } from 're2js';
import { bucketFraction, bucketQuantile, type Bucket } from '../../src/functions/buckets.js';
import { naturalLess } from '../../src/functions/sort.js';
import { expandTemplate } from '../../src/functions/labels.js';
import { linearRegression } from '../../src/functions/rate.js';
import { goLog10, goLog2, sgn } from '../../src/functions/math.js';
import { goAcos, goAsin, goAtan, goAtan2, goCos, goMax, goMin, goPow, goSin, goTan } from '../../src/util/go-math.js';
import { formatFloatGPrec, formatOpenMetricsFloat } from '../../src/util/go-format.js';

const b = (...pairs: [number, number][]): Bucket[] => pairs.map(([upper, count]) => ({ upper, count }));

describe('bucketQuantile', () => {
  test.each([
    ['interpolates inside a bucket', 0.5, b([0.1, 5], [0.5, 15], [1, 20], [Infinity, 25]), 0.4],
    ['first bucket starts at 0', 0.1, b([0.1, 5], [0.5, 15], [Infinity, 25]), 0.05],
    ['rank in +Inf bucket gives the last finite bound', 0.99, b([1, 10], [2, 20], [Infinity, 30]), 2],
    ['first bucket with bound ≤ 0 returns the bound', 0.1, b([-1, 10], [0, 20], [Infinity, 30]), -1],
    ['unsorted input is sorted', 0.5, b([Infinity, 25], [0.5, 15], [0.1, 5]), 0.4],
    ['no +Inf bucket', 0.5, b([1, 10], [2, 20]), NaN],
    ['a single bucket', 0.5, b([Infinity, 10]), NaN],
    ['no observations', 0.5, b([1, 0], [Infinity, 0]), NaN],
    ['φ < 0', -0.5, b([1, 10], [Infinity, 10]), -Infinity],
    ['φ > 1', 1.5, b([1, 10], [Infinity, 10]), Infinity],
    ['φ NaN', NaN, b([1, 10], [Infinity, 10]), NaN],
  ])('%s', (_name, q, buckets, want) => {
    const got = bucketQuantile(q, buckets).value;
    if (Number.isNaN(want)) expect(got).toBeNaN();
    else expect(got).toBeCloseTo(want, 12);
  });

  test('merges equal bounds and reports forced monotonicity', () => {
    const r = bucketQuantile(0.5, b([1, 10], [2, 7], [2, 1], [3, 5], [Infinity, 12]));
    // 2 → 8 (< 10, forced to 10), 3 → 5 (forced to 10).
    expect(r.forced).toBe(true);
    expect([r.minBucket, r.maxBucket, r.maxDiff]).toEqual([2, 3, 5]);
    expect(r.value).toBeCloseTo(0.6, 12);
  });

  test('tiny relative differences are flattened silently', () => {
    const r = bucketQuantile(0.5, b([1, 10], [2, 10 - 1e-14], [Infinity, 20]));
    expect(r.forced).toBe(false);
  });
});

describe('bucketFraction', () => {
  test.each([
    [0, 0.5, 0.6],
    [0.1, 0.3, 0.2],
    [0.5, 0.1, 0],
    [-Infinity, Infinity, 1],
    [1, Infinity, 0.2],
  ])('between %s and %s', (lo, hi, want) => {
    expect(bucketFraction(lo, hi, b([0.1, 5], [0.5, 15], [1, 20], [Infinity, 25]))).toBeCloseTo(want, 12);
  });

  test('NaN bounds and empty histograms give NaN', () => {
    expect(bucketFraction(NaN, 1, b([1, 1], [Infinity, 2]))).toBeNaN();
    expect(bucketFraction(0, 1, b([1, 0], [Infinity, 0]))).toBeNaN();
    expect(bucketFraction(0, 1, b([1, 3]))).toBeNaN();
  });
});

describe('naturalLess', () => {
  test.each([
    ['node2', 'node10', true],
    ['node10', 'node2', false],
    ['a', 'b', true],
    ['a1b', 'a1c', true],
    ['x', 'x1', true],
    ['99999999999999999999', '1', false],
  ])('%s < %s is %s', (a, b2, want) => expect(naturalLess(a, b2)).toBe(want));
});

describe('expandTemplate (Go Regexp.Expand)', () => {
  const re = RE2JS.compile('^(?s:(?P<host>[a-z]+)-(\\d+))$');
  const m = re.matcher('web-12');
  m.matches();
  const groups = [m.group(0), m.group(1), m.group(2)];
  test.each([
    ['$1', 'web'],
    ['${2}x', '12x'],
    ['$2x', ''],
    ['$host/$2', 'web/12'],
    ['${host}', 'web'],
    ['$$1', '$1'],
    ['$', '$'],
    ['${1', '${1'],
    ['$9', ''],
    ['plain', 'plain'],
  ])('%s → %s', (t, want) => expect(expandTemplate(t, re, groups)).toBe(want));
});

describe('linearRegression', () => {
  const t = Float64Array.from([0, 60_000, 120_000, 180_000]);
  test('a straight line', () => {
    const [slope, intercept] = linearRegression(t, Float64Array.from([1, 2, 3, 4]), 0, 4, 0);
    expect(slope).toBeCloseTo(1 / 60, 15);
    expect(intercept).toBeCloseTo(1, 12);
  });
  test('constant values give slope 0, infinite ones NaN', () => {
    expect(linearRegression(t, Float64Array.from([5, 5, 5, 5]), 0, 4, 0)).toEqual([0, 5]);
    expect(linearRegression(t, Float64Array.from([Infinity, Infinity, Infinity, Infinity]), 0, 4, 0).every(Number.isNaN)).toBe(true);
  });
});

describe('Go math and formatting', () => {
  test('Go math to the last bit (values checked against Prometheus 3.5.3)', () => {
    expect(goLog2(1024)).toBe(10);
    expect(goLog2(0.125)).toBe(-3);
    expect(goLog10(1000)).toBe(3);
    expect(goLog10(289.47)).toBe(2.461603561121925);
    expect(goLog2(1.7712)).toBe(0.824727127232103);
    expect(goLog2(3)).toBe(1.5849625007211563);
    expect(goLog10(0.07)).toBe(-1.154901959985743);
    expect(goLog2(0)).toBe(-Infinity);
    expect(goLog2(-1)).toBeNaN();
  });
  test('Go Min/Max: infinities win over NaN', () => {
    expect(goMin(NaN, -Infinity)).toBe(-Infinity);
    expect(goMax(0.5, goMin(NaN, -Infinity))).toBe(0.5);
    expect(goMax(NaN, 1)).toBeNaN();
    expect(Object.is(goMin(0, -0), -0)).toBe(true);
    expect(Object.is(goMax(-0, 0), 0)).toBe(true);
  });

  test('sgn keeps zero and NaN', () => {
    expect(Object.is(sgn(-0), -0)).toBe(true);
    expect(sgn(NaN)).toBeNaN();
  });
  test.each([
    [0.91, '0.91'], [0.5, '0.5'], [12345, '1.2e+04'], [100, '1e+02'], [10, '10'], [0.000012, '1.2e-05'], [1.005, '1'],
  ])('two significant digits (Go %%.2g) of %s', (f, want) => expect(formatFloatGPrec(f, 2)).toBe(want));
  test.each([[1, '1.0'], [0.25, '0.25'], [1e-5, '1e-05'], [Infinity, '+Inf'], [1e21, '1e+21']])('FormatOpenMetricsFloat(%s)', (f, want) => {
    expect(formatOpenMetricsFloat(f)).toBe(want);
  });
});

describe('Go trigonometry to the last bit (values from Prometheus 3.5.3)', () => {
  test.each([
    ['sin', goSin, [0.3, 123.456, -3.7], [0.29552020666133955, -0.8039373685728238, 0.5298361409084934]],
    ['cos', goCos, [2.5, 1e6, 1.5707963267948966], [-0.8011436155469337, 0.9367521275331447, 6.123233995736757e-17]],
    ['tan', goTan, [123.456, 1.5707963267948966, -42.42], [1.3518050821917633, 16331239353195392, 117.65562425609255]],
    ['atan', goAtan, [0.3, -5.5, 1.7], [0.2914567944778671, -1.3909428270024182, 1.039072259536091]],
    ['asin', goAsin, [0.75, -0.2], [0.848062078981481, -0.20135792079033082]],
    ['acos', goAcos, [0.123], [1.4474840516030245]],
  ] as const)('%s', (_name, f, xs, want) => {
    expect(xs.map((x) => (f as (v: number) => number)(x))).toEqual(want);
  });

  test('atan2 and pow', () => {
    expect(goAtan2(3, -7)).toBe(2.7367008673047097);
    expect(goAtan2(-0.5, 2.5)).toBe(-0.19739555984988078);
    expect(goPow(3.7, 178)).toBe(1.3800883313332978e+101);
    expect(goPow(0.9, -300)).toBe(53363851653770.305);
    expect(goPow(-1, Infinity)).toBe(1);
  });
});
