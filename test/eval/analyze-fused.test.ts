// analyze() over a sum of rates: the rate runs inside the sum (fused, for native histograms and
// floats alike), and the plan text says so instead of showing it as never evaluated.
import { describe, expect, it } from 'vitest';
import { Engine, MemoryStorage, loadTestSeries } from '../../src/index.js';

describe('analyze of a fused sum over rate', () => {
  it('marks the rate as computed within the sum', async () => {
    const storage = new MemoryStorage();
    loadTestSeries(storage, 'load 1m\n  h{job="a"} {{schema:0 count:1 sum:1 buckets:[1]}}+{{count:2 sum:2 buckets:[2]}}x20');
    const a = await new Engine({ storage }).analyze('sum(rate(h[5m]))', 600_000);
    expect(a.text).toMatch(/\[function\] rate #1 @600000 \{computed within its parent\}/);
    expect(a.text).toMatch(/\[aggregate\] sum #2 @600000 \{evaluations: 1,/);
  });

  it('marks a float rate as computed within the sum too', async () => {
    const storage = new MemoryStorage();
    loadTestSeries(storage, 'load 1m\n  c_total{job="a"} 0+1x20');
    const a = await new Engine({ storage }).analyze('sum(rate(c_total[5m]))', 600_000);
    expect(a.text).toMatch(/\[function\] rate #1 @600000 \{computed within its parent\}/);
    expect(a.text).toMatch(/\[aggregate\] sum #2 @600000 \{evaluations: 1,/);
  });

  it('shows a function the sum does not fuse with its own evaluations', async () => {
    const storage = new MemoryStorage();
    loadTestSeries(storage, 'load 1m\n  c_total{job="a"} 0+1x20');
    const a = await new Engine({ storage }).analyze('sum(irate(c_total[5m]))', 600_000);
    expect(a.text).toMatch(/\[function\] irate #1 @600000 \{evaluations: 1,/);
  });
});
