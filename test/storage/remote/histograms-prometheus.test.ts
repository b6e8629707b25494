// Native histograms through a real Prometheus: written with remote write (integer, float,
// gauge and custom-bucket histograms), read back with RemoteReadStorage from HISTOGRAM and
// FLOAT_HISTOGRAM chunks (streamed) and from raw samples, as FloatHistograms with absolute counts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FloatHistogram } from '../../../src/histogram/float-histogram.js';
import { RemoteReadStorage } from '../../../src/storage/remote/remote-read-storage.js';
import { encodeWriteRequest } from '../../../src/storage/remote/prompb-encode.js';
import { pbHistogram, ResetHint, type PbHistogram, type PbTimeSeries } from '../../../src/storage/remote/prompb.js';
import { snappyEncode } from '../../../src/storage/remote/snappy.js';
import { formatLabels } from '../../../src/storage/labels.js';
import type { Series } from '../../../src/storage/types.js';
import { findPrometheus, startPrometheus, type RunningPrometheus } from './prometheus-process.js';

// Remote write of native histograms needs the receiver flag and the feature. Prometheus 2.42
// (CI's) takes and serves integer counter histograms in streamed chunks only (its SAMPLES
// answers leave histograms out); 3.x also float, gauge and custom-bucket ones.
const installs = findPrometheus();
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 3600_000;
const N = 200;

/** Integer histogram i: buckets grow with `k`, spans fixed; by default a reset at sample 120. */
function intHistogram(i: number, hint = 0, k = i >= 120 ? i - 120 : i): PbHistogram {
  const counts = [k, 2 * k + 1, 3, k % 7];
  const neg = [k + 2];
  const deltas = (cs: number[]): number[] => cs.map((c, j) => c - (j === 0 ? 0 : cs[j - 1]));
  const total = counts.reduce((a, b) => a + b, 0) + neg[0] + k;
  return pbHistogram({
    countInt: total, zeroCountInt: k, sum: 1.5 * k + 0.25, schema: 1, zeroThreshold: 0.001,
    positiveSpans: [{ offset: -1, length: 2 }, { offset: 3, length: 2 }], positiveDeltas: deltas(counts),
    negativeSpans: [{ offset: 2, length: 1 }], negativeDeltas: deltas(neg), resetHint: hint, timestamp: T0 + i * 15_000,
  });
}

function floatHistogram(i: number, hint = 0): PbHistogram {
  const counts = [0.5 * i, i / 3, 1e-3 * i];
  return pbHistogram({
    countFloat: counts.reduce((a, b) => a + b, 0), zeroCountFloat: 0, sum: Math.sqrt(i) * 10, schema: -2,
    positiveSpans: [{ offset: 0, length: 3 }], positiveCounts: counts, resetHint: hint, timestamp: T0 + i * 15_000,
  });
}

function nhcb(i: number): PbHistogram {
  const counts = [i, 2 * i, 3 * i];
  return pbHistogram({
    countFloat: 6 * i, sum: i * 0.7, schema: -53, customValues: [0.1, 0.25, 1],
    positiveSpans: [{ offset: 0, length: 3 }], positiveCounts: counts, timestamp: T0 + i * 15_000,
  });
}

const SERIES: PbTimeSeries[] = [
  { labels: [{ name: '__name__', value: 'nh_int' }], samples: [], histograms: Array.from({ length: N }, (_, i) => intHistogram(i)) },
  { labels: [{ name: '__name__', value: 'nh_float' }], samples: [], histograms: Array.from({ length: N }, (_, i) => floatHistogram(i)) },
  { labels: [{ name: '__name__', value: 'nh_gauge' }], samples: [], histograms: Array.from({ length: N }, (_, i) => intHistogram(i, ResetHint.GAUGE, (N - i) % 50)) },
  { labels: [{ name: '__name__', value: 'nh_custom' }], samples: [], histograms: Array.from({ length: N }, (_, i) => nhcb(i)) },
];

/** What the pushed histogram should read back as (counts absolute, spans as sent). */
function expected(h: PbHistogram): Omit<FloatHistogram, 'counterResetHint' | 'copy' | 'usesCustomBuckets'> {
  const abs = (d: number[]): number[] => {
    let c = 0;
    return d.map((x) => (c += x));
  };
  const isInt = h.countInt !== undefined;
  return {
    schema: h.schema, zeroThreshold: h.zeroThreshold, zeroCount: isInt ? h.zeroCountInt ?? 0 : h.zeroCountFloat ?? 0,
    count: isInt ? h.countInt ?? 0 : h.countFloat ?? 0, sum: h.sum,
    positiveSpans: h.positiveSpans, negativeSpans: h.negativeSpans,
    positiveBuckets: isInt ? abs(h.positiveDeltas) : h.positiveCounts, negativeBuckets: isInt ? abs(h.negativeDeltas) : h.negativeCounts,
    customValues: h.customValues.length > 0 ? h.customValues : undefined,
  };
}

function strip(h: FloatHistogram): Omit<FloatHistogram, 'counterResetHint' | 'copy' | 'usesCustomBuckets'> {
  const { counterResetHint: _, ...rest } = h;
  return { ...rest, positiveSpans: [...h.positiveSpans], negativeSpans: [...h.negativeSpans] };
}

/** Sends series with remote write 1.0. */
async function pushHistograms(url: string, timeseries: PbTimeSeries[]): Promise<void> {
  const res = await fetch(`${url}/api/v1/write`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Write-Version': '0.1.0' },
    body: snappyEncode(encodeWriteRequest({ timeseries })),
  });
  if (!res.ok) throw new Error(`remote write failed: ${res.status} ${await res.text()}`);
}

if (installs.length === 0) {
  test.skip('native histograms over remote read: skipped, no Prometheus 3.x binary found (see DEVELOPERS.md)', () => {});
}

describe.each(installs.map((i) => [i.version, i] as const))('native histograms through Prometheus %s', (_, install) => {
  let server: RunningPrometheus;
  const v3 = Number(install.version.split('.')[0]) >= 3;
  const pushed = v3 ? SERIES : SERIES.filter((s) => s.labels[0].value === 'nh_int');

  beforeAll(async () => {
    server = await startPrometheus(install, null, ['--web.enable-remote-write-receiver', '--enable-feature=native-histograms']);
    await pushHistograms(server.url, pushed);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  test.runIf(v3)('samples: a custom-bucket histogram without its bounds (Prometheus < 3.6) is an error, not a wrong answer', async () => {
    const storage = new RemoteReadStorage({ url: `${server.url}/api/v1/read`, responseType: 'samples' });
    const got = await storage.select({ matchers: [{ name: '__name__', op: '=', value: 'nh_custom' }], start: T0, end: T0 + N * 15_000 }).catch((e: unknown) => e);
    if (got instanceof Error) {
      expect(got.message).toMatch(/custom-bucket histogram of \{__name__="nh_custom"\} at \d+ came without its bucket bounds/);
    } else {
      expect((got as Series[])[0].histograms!.values.map((h) => (h as FloatHistogram).customValues)).toEqual(SERIES[3].histograms.map(() => [0.1, 0.25, 1]));
    }
  });

  test.each(v3 ? ['streamed', 'samples'] as const : ['streamed'] as const)('%s: every histogram reads back with absolute counts', async (mode) => {
    const storage = new RemoteReadStorage({ url: `${server.url}/api/v1/read`, responseType: mode });
    const re = mode === 'streamed' ? 'nh_.*' : 'nh_(float|gauge|int)';
    const got = await storage.select({ matchers: [{ name: '__name__', op: '=~', value: re }], start: T0, end: T0 + N * 15_000 });
    const want = pushed.filter((p) => mode === 'streamed' || p.labels[0].value !== 'nh_custom');
    expect(got.map((s) => formatLabels(s.labels))).toEqual(want.map((p) => `{__name__="${p.labels[0].value}"}`).sort());
    for (const p of want) {
      const s = got.find((x) => x.labels[0].value === p.labels[0].value)!;
      expect(s.timestamps.length).toBe(0);
      const h = s.histograms!;
      expect(Array.from(h.timestamps)).toEqual(p.histograms.map((x) => x.timestamp));
      expect((h.values as FloatHistogram[]).map(strip)).toEqual(p.histograms.map(expected));
    }
  });

  test('streamed: counter-reset hints as the TSDB reads them from chunk headers', async () => {
    const storage = new RemoteReadStorage({ url: `${server.url}/api/v1/read` });
    const got = await storage.select({ matchers: [{ name: '__name__', op: '=~', value: 'nh_(int|gauge)' }], start: T0, end: T0 + N * 15_000 });
    const hints = (s: Series): string[] => (s.histograms!.values as FloatHistogram[]).map((h) => h.counterResetHint);
    if (v3) expect(new Set(hints(got[0]))).toEqual(new Set(['gauge']));
    const counter = hints(got[got.length - 1]);
    // A new chunk starts at the reset (sample 120): its first sample is 'unknown', as every
    // chunk's first sample is (Prometheus cuts histogram chunks by size too); the rest of each
    // chunk is 'not_reset'. 'reset' never comes out of the TSDB.
    expect(counter[0]).toBe('unknown');
    expect(counter[120]).toBe('unknown');
    expect(counter[1]).toBe('not_reset');
    expect(new Set(counter)).toEqual(new Set(['unknown', 'not_reset']));
    expect(counter.filter((x) => x === 'not_reset').length).toBeGreaterThan(N / 2);
  });
});
