// histogram_quantile, histogram_fraction and histogram_stdvar estimators. Expected values are the
// ones Prometheus 3.5.3 computes for the same histograms (the histograms of native_histograms.test,
// read back at full precision through `promtool test rules`; the test script itself rounds some),
// plus cases worked out by hand, and the two functions are checked to be inverse of each other.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { histogramFraction, histogramQuantile, histogramStdDev, histogramVariance } from '../../src/histogram/quantile.js';
import { exponentialArb, fh } from './helpers.js';

// schema 0, zero bucket [−0.001, 0.001] with 2, buckets (0.5,1]:2 (1,2]:3 (4,8]:1 (8,16]:4.
const positive = () => fh({ count: 12, sum: 100, zeroCount: 2, zeroThreshold: 0.001, buckets: [2, 3, 0, 1, 4] });
const negative = () => fh({ count: 12, sum: 100, zeroCount: 2, zeroThreshold: 0.001, nBuckets: [2, 3, 0, 1, 4] });
const both = () => fh({ count: 24, sum: 100, zeroCount: 4, zeroThreshold: 0.001, buckets: [2, 3, 0, 1, 4], nBuckets: [2, 3, 0, 1, 4] });

describe('histogramQuantile', () => {
  test.each([
    [positive, 1.001, Infinity], [positive, 1, 16], [positive, 0.99, 15.670724761390828], [positive, 0.9, 12.99603834169977],
    [positive, 0.6, 4.594793419988138], [positive, 0.5, 1.5874010519681994], [positive, 0.1, 0.0006000000000000001], [positive, 0, 0], [positive, -1, -Infinity],
    [negative, 1, 0], [negative, 0.99, -0.00006000000000000005], [negative, 0.9, -0.0005999999999999998], [negative, 0.5, -1.5874010519681996], [negative, 0.1, -12.99603834169977], [negative, 0, -16],
    [both, 1, 16], [both, 0.99, 15.34822590920423], [both, 0.9, 10.556063286183157], [both, 0.7, 1.2030250360821164], [both, 0.55, 0.0006000000000000005],
    [both, 0.5, 0], [both, 0.45, -0.0005999999999999996], [both, 0.3, -1.2030250360821169], [both, 0.1, -10.556063286183154], [both, 0.01, -15.34822590920423], [both, 0, -16],
  ])('%#: q=%s', (h, q, want) => {
    const r = histogramQuantile(q, h());
    expect(r.value).toBe(want);
    expect(r.nanResult || r.nanSkew).toBe(false);
  });

  test.each([
    // Prometheus compatibility: Go's Exp2(0.5) is 1.414213562373095, one ulp below √2.
    [{ schema: 0, sum: 5, buckets: [1, 2, 1] }, 0.5, 1.414213562373095],
    [{ schema: 0, sum: -5, nBuckets: [1, 2, 1] }, 0.5, -1.414213562373095],
    [{ schema: -1, sum: 6, buckets: [0, 5] }, 0.5, 2],
    [{ schema: -1, sum: 6, buckets: [0, 0, 5] }, 0.5, 8],
    [{ schema: 0, sum: 4, buckets: [0, 0, 5] }, 0.5, 2.82842712474619],
    [{ schema: 1, sum: 4, buckets: [0, 0, 5] }, 0.5, 1.6817928305074292],
    [{ schema: 0, sum: 0.25, zeroCount: 1, zeroThreshold: 0.5 }, 0.5, 0],
    [{ schema: -53, sum: 5, customValues: [5, 10], buckets: [1, 2, 1] }, 0.5, 7.5],
    // Open-ended NHCB buckets give their finite bound; the first one starts at 0 when it ends above 0.
    [{ schema: -53, sum: 5, customValues: [5, 10], buckets: [1, 2, 1] }, 0.9, 10],
    [{ schema: -53, sum: 5, customValues: [5, 10], buckets: [4] }, 0.5, 2.5],
    [{ schema: -53, sum: -5, customValues: [-5, 10], buckets: [4] }, 0.5, -5],
  ])('%j at q=%s is %s', (s, q, want) => {
    expect(histogramQuantile(q, fh(s)).value).toBe(want);
  });

  test('an empty histogram or q = NaN gives NaN', () => {
    expect(histogramQuantile(0.5, fh({})).value).toBeNaN();
    expect(histogramQuantile(NaN, positive()).value).toBeNaN();
  });

  test('NaN observations: NaN when the rank lies beyond the buckets, skewed otherwise', () => {
    const allNaN = fh({ count: 3, sum: NaN });
    expect(histogramQuantile(0.4, allNaN)).toEqual({ value: NaN, nanResult: true, nanSkew: false });
    const someNaN = () => fh({ count: 15, sum: NaN, buckets: [12] });
    expect(histogramQuantile(0.81, someNaN())).toEqual({ value: NaN, nanResult: true, nanSkew: false });
    expect(histogramQuantile(0.8, someNaN())).toEqual({ value: 1, nanResult: false, nanSkew: true });
    expect(histogramQuantile(0.4, someNaN())).toEqual({ value: 0.7071067811865475, nanResult: false, nanSkew: true });
  });

  test('Prometheus compatibility: with a NaN sum, the walk on past the rank moves the interpolation to the last bucket', () => {
    // Without missing observations (±Inf observed) nothing is reported; the rank (2) is reached in
    // (0.5,1] but interpolated in (1,2], as Prometheus does (it prints 2 here).
    expect(histogramQuantile(0.5, fh({ sum: NaN, buckets: [2, 2] }))).toEqual({ value: 2, nanResult: false, nanSkew: false });
  });
});

describe('histogramFraction', () => {
  test.each([
    [positive, 0, Infinity, 1], [positive, -Infinity, 0, 0], [positive, -0.001, 0, 0], [positive, 0, 0.001, 0.16666666666666666],
    [positive, 0.001, Infinity, 0.8333333333333334], [positive, 0, 0.0005, 0.08333333333333333], [positive, 1, 2, 0.25],
    [positive, 0, 1.5, 0.47957395851362244], [positive, 1.5, 2, 0.10375937481971091], [positive, 1, 8, 0.3333333333333333],
    [positive, 0, 6, 0.6320802083934297], [positive, 1, 6, 0.29874687506009634], [positive, 1.5, 6, 0.15250624987980724],
    [positive, -6, -1, 0], [positive, 42, 3.1415, 0], [positive, 42, 42, 0], [positive, -Infinity, Infinity, 1],
    [negative, -Infinity, 0, 1], [negative, -0.001, 0, 0.16666666666666666], [negative, -0.0005, 0, 0.08333333333333333],
    [negative, -Infinity, -0.0005, 0.9166666666666666], [negative, -2, -1.5, 0.10375937481971091], [negative, -Infinity, -6, 0.36791979160657035],
    [negative, -6, -1.5, 0.15250624987980724], [negative, 1, 8, 0],
    [both, 0, Infinity, 0.5], [both, -0.0005, 0.0005, 0.08333333333333333], [both, -Infinity, 0.0005, 0.5416666666666666],
    [both, 1.5, 2, 0.051879687409855414], [both, 1, 6, 0.1493734375300481],
  ])('%#: (%s, %s]', (h, lo, hi, want) => {
    const r = histogramFraction(lo, hi, h());
    expect(r.value).toBe(want);
    expect(r.nanObservations).toBe(false);
  });

  test('NaN bounds or an empty histogram give NaN', () => {
    expect(histogramFraction(NaN, 1, positive()).value).toBeNaN();
    expect(histogramFraction(1, NaN, positive()).value).toBeNaN();
    expect(histogramFraction(-Infinity, Infinity, fh({})).value).toBeNaN();
  });

  test('NHCB: linear inside buckets, nothing from inside the open-ended ones', () => {
    const h = () => fh({ schema: -53, sum: 5, customValues: [5, 10], buckets: [1, 2, 1] });
    expect(histogramFraction(5, 10, h()).value).toBe(0.5);
    expect(histogramFraction(5, 7.5, h()).value).toBe(0.25);
    expect(histogramFraction(10, 1000, h()).value).toBe(0);
    expect(histogramFraction(-Infinity, 2.5, h()).value).toBe(0.125);
  });

  test('NaN observations are in no fraction and reported', () => {
    expect(histogramFraction(-Infinity, 0.7071067811865475, fh({ count: 15, sum: NaN, buckets: [12] }))).toEqual({ value: 0.39999999999999986, nanObservations: true });
    expect(histogramFraction(-Infinity, Infinity, fh({ count: 15, sum: NaN, buckets: [12] }))).toEqual({ value: 0.8, nanObservations: true });
    expect(histogramFraction(-Infinity, Infinity, fh({ count: 3, sum: NaN }))).toEqual({ value: 0, nanObservations: true });
  });

  test('fraction below the q-quantile is q (exponential histograms, interpolation inverse)', () => {
    // Compacted: empty buckets inside the zero bucket get clipped bounds that end the search early.
    fc.assert(fc.property(exponentialArb().map((h) => h.compact(0)), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (h, q) => {
      if (h.count === 0) return;
      const x = histogramQuantile(q, h).value;
      const f = histogramFraction(-Infinity, x, h).value;
      // Only when the quantile falls strictly inside a populated bucket is the answer unique.
      if (![...h.allBucketIterator()].some((b) => b.count > 0 && b.lower < x && x < b.upper)) return;
      expect(f).toBeCloseTo(q, 9);
    }));
  });
});

describe('histogramVariance', () => {
  test.each([
    [{ schema: 2, count: 4, sum: 10, buckets: [1, 0, 0, 0, 1, 0, 0, 1, 1] }, 1.163807968526718],
    [{ schema: 8, count: 10, sum: 10, buckets: [1, 2, 3, 4] }, 2.3971123370139447e-05],
    [{ schema: 0, count: 10, sum: -100, nBuckets: [0, 0, 0, 0, 10] }, 1.725830020304794],
    [{ schema: 0, count: 10, sum: -112946, nBuckets: [0, 0, 1, 1, 1, 0, 1, 1, 0, 0, 3, 0, 0, 0, 1, 0, 0, 1] }, 759352122.1939945],
  ])('%j has variance %s', (s, want) => {
    expect(histogramVariance(fh(s))).toBe(want);
  });

  test('stddev is the root of the variance; NHCB use bucket midpoints, the zero bucket 0', () => {
    expect(histogramStdDev(fh({ schema: 2, count: 4, sum: 10, buckets: [1, 0, 0, 0, 1, 0, 0, 1, 1] }))).toBe(1.0787993180043811);
    // Midpoints 2.5 and 7.5, mean 5: every observation 2.5 away.
    expect(histogramVariance(fh({ schema: -53, customValues: [0, 5, 10], sum: 10, buckets: [1, 1], offset: 1 }))).toBe(6.25);
    // The open-ended first bucket has midpoint −Inf.
    expect(histogramVariance(fh({ schema: -53, customValues: [5, 10], sum: 10, buckets: [1, 1] }))).toBe(Infinity);
    // Zero bucket at 0, (1,2] at √2, mean 0.5 (value from Prometheus 3.5.3).
    expect(histogramVariance(fh({ zeroCount: 2, zeroThreshold: 1, sum: 2, buckets: [2], offset: 1 }))).toBe(0.5428932188134525);
  });

  test('a NaN or infinite sum gives NaN or Inf', () => {
    expect(histogramVariance(fh({ sum: NaN, buckets: [1] }))).toBeNaN();
    expect(histogramVariance(fh({ sum: Infinity, buckets: [1] }))).toBe(Infinity);
  });
});
