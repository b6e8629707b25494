// The heavy set of range queries of issue 13, over the side-by-side fixture's metric names: each
// with a short name for tables and `--only`. Reusable by any benchmark that loads that fixture.

/** `{ name, query }` pairs, evaluated as range queries over the whole fixture at its scrape step. */
export const HEAVY_QUERIES = [
  { name: 'rate', query: 'rate(bench_http_requests_total[5m])' },
  { name: 'sum-by-rate', query: 'sum by (job, code) (rate(bench_http_requests_total[5m]))' },
  { name: 'increase-1h', query: 'increase(bench_http_requests_total[1h])' },
  { name: 'irate', query: 'irate(bench_cpu_seconds_total[5m])' },
  { name: 'topk', query: 'topk(5, rate(bench_http_requests_total[5m]))' },
  { name: 'hq-classic', query: 'histogram_quantile(0.9, sum by (job, le) (rate(bench_request_duration_seconds_bucket[5m])))' },
  { name: 'hq-native', query: 'histogram_quantile(0.9, sum by (job) (rate(bench_nh_request_duration_seconds[5m])))' },
  { name: 'quantile-ot-1h', query: 'quantile_over_time(0.9, bench_temperature_celsius[1h])' },
  { name: 'max-ot-1h', query: 'max_over_time(bench_temperature_celsius[1h])' },
  { name: 'avg-ot-10m', query: 'avg_over_time(bench_queue_length[10m])' },
  { name: 'subquery', query: 'max_over_time(rate(bench_http_requests_total[5m])[30m:1m])' },
  { name: 'group-left', query: 'sum by (job, instance) (rate(bench_cpu_seconds_total{mode!="idle"}[5m])) * on (job, instance) group_left (version, region) bench_build_info' },
  { name: 'count-all', query: 'count({__name__=~".+"})' },
  { name: 'label-replace', query: 'label_replace(bench_memory_bytes, "host", "$1", "instance", "([^:]+):.*")' },
  { name: 'absent', query: 'absent(bench_nonexistent_metric{job="api"})' },
  { name: 'ratio', query: 'sum by (job) (rate(bench_http_requests_total{code=~"5.."}[5m])) / sum by (job) (rate(bench_http_requests_total[5m]))' },
  { name: 'nh-rate-sum', query: 'histogram_sum(sum by (job, op) (rate(bench_nh_request_duration_seconds[5m])))' },
  { name: 'deriv', query: 'deriv(bench_memory_bytes[10m])' },
];
