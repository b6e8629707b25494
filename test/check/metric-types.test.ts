// rate-on-gauge by metric type: known counters without `_total` pass, known gauges warn naming
// where the type is from, `# TYPE` lines of fixture data win over the built-in tables, and only
// unknown names fall back to the name, saying so.
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/parser/parse.js';
import { lint } from '../../src/check/lint.js';
import { addBuiltinTypes, builtinTypes, MetricTypes } from '../../src/check/metric-types.js';

const findings = (q: string, types: MetricTypes | null = builtinTypes()) => lint(parse(q), new Set(['rate-on-gauge']), types ?? undefined).map((f) => f.message);

describe('rate-on-gauge with the built-in tables', () => {
  test.each([
    'rate(node_vmstat_pgmajfault[5m])',
    'rate(node_netstat_Tcp_RetransSegs[5m])',
    'increase(kubelet_evictions[1h])',
    'rate(node_vmstat_pgsteal_kswapd[5m])',
    'irate(kubelet_pleg_discard_events[5m])',
    'rate(container_memory_failcnt[5m])',
    'rate(workqueue_queue_duration_seconds_bucket[5m])',
    'rate(go_gc_duration_seconds_count[5m])',
    'rate(http_requests_total[5m])',
  ])('%s: a counter, no warning', (q) => {
    expect(findings(q)).toEqual([]);
  });

  test.each([
    ['rate(workqueue_depth[5m])', 'rate() of "workqueue_depth", a gauge (type from client-go); use deriv() or delta() for gauges'],
    ['rate(node_load1[5m])', 'rate() of "node_load1", a gauge (type from node_exporter); use deriv() or delta() for gauges'],
    ['increase(kube_pod_status_ready[5m])', 'increase() of "kube_pod_status_ready", a gauge (type from kube-state-metrics); use deriv() or delta() for gauges'],
    ['rate(node_netstat_Tcp_CurrEstab[5m])', 'rate() of "node_netstat_Tcp_CurrEstab", a gauge (type from node_exporter); use deriv() or delta() for gauges'],
    ['rate(go_gc_duration_seconds[5m])', 'rate() of "go_gc_duration_seconds", a series of the summary "go_gc_duration_seconds", not a counter (type from node_exporter); use deriv() or delta() for gauges'],
    ['rate(my_queue_length[5m])', 'rate() of "my_queue_length", whose type is not known and whose name does not say counter (_total, _count, _sum, _bucket); use deriv() or delta() for gauges'],
  ])('%s warns', (q, message) => {
    expect(findings(q)).toEqual([message]);
  });

  test('nothing known: the name decides', () => {
    expect(findings('rate(node_vmstat_pgmajfault[5m])', null)).toHaveLength(1);
    expect(findings('rate(x_total[5m])', null)).toEqual([]);
  });
});

describe('types from exposition # TYPE lines', () => {
  const data = (text: string) => {
    const t = new MetricTypes();
    t.addExposition(text, '--data m.om');
    return addBuiltinTypes(t);
  };

  test('an OpenMetrics counter family covers its _total series; a text-format counter its own name', () => {
    const t = data('# TYPE jobs counter\njobs_total 1\n# TYPE legacy_errors counter\nlegacy_errors 3\n# EOF\n');
    expect(findings('rate(jobs_total[5m])', t)).toEqual([]);
    expect(findings('rate(legacy_errors[5m])', t)).toEqual([]);
  });

  test('a fixture saying gauge wins over the name and over the built-in tables', () => {
    const t = data('# TYPE odd_total gauge\nodd_total 1\n# TYPE workqueue_depth counter\nworkqueue_depth 1\n');
    expect(findings('rate(odd_total[5m])', t)).toEqual(['rate() of "odd_total", a gauge (type from --data m.om); use deriv() or delta() for gauges']);
    expect(findings('rate(workqueue_depth[5m])', t)).toEqual([]);
  });

  test('histogram and summary families: buckets, sums and counts are cumulative', () => {
    const t = data('# TYPE lat histogram\n# TYPE q summary\n');
    expect(findings('rate(lat_bucket[5m]) + rate(lat_sum[5m]) + rate(lat_count[5m]) + rate(q_sum[5m]) + rate(lat[5m])', t)).toEqual([]);
    expect(findings('rate(q[5m])', t)).toHaveLength(1);
  });
});
