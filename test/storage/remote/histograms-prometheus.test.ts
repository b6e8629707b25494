// Native histograms through a real Prometheus: written with remote write (integer, float,
// gauge and custom-bucket histograms), read back with RemoteReadStorage from HISTOGRAM and
// FLOAT_HISTOGRAM chunks (streamed) and from raw samples, as FloatHistograms with absolute counts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FloatHistogram } from '../../../src/histogram/float-histogram.js';
import { RemoteReadStorage } from '../../../src/storage/remote/remote-read-storage.js';
import { encodeWriteRequest } from '../../../src/storage/remote/prompb-encode.js';
import type { PbTimeSeries } from '../../../src/storage/remote/prompb.js';
import { snappyEncode } from '../../../src/storage/remote/snappy.js';
import { formatLabels } from '../../../src/storage/labels.js';
import type { Series } from '../../../src/storage/types.js';
import { findPrometheus, startPrometheus, type RunningPrometheus } from './prometheus-process.js';
import { expected, N, SERIES, strip, T0 } from './histogram-series.js';

// Remote write of native histograms needs the receiver flag and the feature. Prometheus 2.42
// (CI's) takes and serves integer counter histograms in streamed chunks only (its SAMPLES
// answers leave histograms out); 3.x also float, gauge and custom-bucket ones.
const installs = findPrometheus();
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
