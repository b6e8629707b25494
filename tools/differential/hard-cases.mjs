// Hand-picked queries for the differential check: edge cases that random generation reaches
// rarely (special floats, empty inputs, label clashes, parameter extremes, errors).

/** Queries run on every differential run, before the random ones. */
export const HARD_CASES = [
  // Special floats and their formatting.
  '1/0', '-1/0', '0/0', '-0', '0 * -1', '-(0)', '1e21', '1e-7', '123456789012345678901', '0.1 + 0.2',
  '2 ^ 3 ^ 2', '-2 ^ 2', '(-8) ^ (1/3)', '5 % -3', '-5 % 3', '5 % 0', 'Inf - Inf', 'NaN == NaN', 'NaN != bool NaN',
  'atan2(1, 0)', 'vector(1) atan2 vector(0)', 'exp(710)', 'ln(-1)', 'sqrt(-0)', 'sgn(-0)',
  // Selectors and staleness.
  'dt_missing', '{__name__=~"dt_.*"}', '{__name__=~"dt_.*"} + 1', '{job="api"}', '{job=~".*"}', 'dt_up{job=""}',
  'dt_up{job!=""}', 'dt_up{nolabel=""}', 'dt_up{nolabel=~""}', 'dt_up{job=~"API"}', 'dt_up{job=~"(?i)API"}',
  'dt_up offset -1h', 'dt_up @ start()', 'dt_up @ end() offset 5m', 'timestamp(dt_up)', 'timestamp(dt_up offset 5m)',
  'timestamp(dt_up @ 1700010000)', 'timestamp(-dt_up)', 'dt_up[5m]', 'dt_up[5m] offset 3m', 'dt_up[5m] @ 1700010000.5',
  'rate(dt_requests_total[5m])[10m:1m]', 'dt_up[5m:]', 'dt_up[1m:7s] offset 20s',
  // Counter functions with one sample, resets and extrapolation.
  'rate(dt_requests_total[30s])', 'rate(dt_requests_total[1m])', 'irate(dt_requests_total[1m])',
  'increase(dt_requests_total[1h])', 'rate(dt_queue_length[5m])', 'resets(dt_requests_total[3h])',
  'changes(dt_temperature_celsius[1h])', 'delta(dt_requests_total[5m])', 'idelta(dt_temperature_celsius[2m])',
  'deriv(dt_temperature_celsius[30s])', 'deriv(dt_memory_bytes[10m])', 'predict_linear(dt_memory_bytes[10m], 3600)',
  'predict_linear(dt_temperature_celsius[5m], -300)', 'rate(dt_request_duration_seconds_sum[5m])',
  // *_over_time with NaN, Inf and single samples.
  'avg_over_time(dt_memory_bytes[3h])', 'sum_over_time(dt_memory_bytes[3h])', 'stddev_over_time(dt_memory_bytes[3h])',
  'stdvar_over_time(dt_temperature_celsius[3h])', 'avg_over_time(dt_temperature_celsius[3h])', 'min_over_time(dt_ratio[3h])',
  'max_over_time(dt_temperature_celsius[3h])', 'quantile_over_time(0.5, dt_temperature_celsius[3h])',
  'quantile_over_time(NaN, dt_up[5m])', 'quantile_over_time(-1, dt_up[5m])', 'quantile_over_time(2, dt_up[5m])',
  'count_over_time(dt_up[1ms])', 'last_over_time(dt_ratio[10m])', 'absent_over_time(dt_missing[5m])',
  'absent_over_time(dt_up{job="nope",x="y"}[5m])', 'present_over_time(dt_up[5m])',
  // Aggregations and their parameters.
  'sum(dt_memory_bytes)', 'avg(dt_memory_bytes)', 'stddev(dt_memory_bytes)', 'stdvar(dt_temperature_celsius)',
  'min(dt_ratio)', 'max(dt_temperature_celsius)', 'avg by (job) (dt_ratio)', 'sum without (instance) (dt_queue_length)',
  'count by (__name__) ({__name__=~"dt_.*"})', 'sum by (le) (dt_request_duration_seconds_bucket)',
  'topk(2, dt_queue_length)', 'bottomk(2, dt_queue_length) by (job)', 'topk(0, dt_up)', 'topk(-1, dt_up)',
  'topk(1e10, dt_up)', 'topk(1.9, dt_up)', 'topk(scalar(dt_missing), dt_up)', 'quantile(0.5, dt_queue_length)',
  'quantile(NaN, dt_up)', 'quantile(-1, dt_up)', 'quantile(2, dt_up)', 'quantile by (job) (0.9, dt_temperature_celsius)',
  'count_values("value", dt_queue_length)', 'count_values("job", dt_queue_length)', 'count_values("__name__", dt_up)',
  'count_values("", dt_up)', 'count_values("a-b", dt_up)', 'group(dt_up) by (job)', 'sum(dt_missing)', 'count(dt_missing)',
  'sum by (nolabel) (dt_up)', 'sum without (__name__) (dt_up)', 'max by (le) (dt_weird_bucket)',
  // Binary operators and matching.
  'dt_up + dt_up', 'dt_up + on() dt_up', 'dt_up * on(job, instance) group_left(version) dt_build_info',
  'dt_up * on(job, instance) group_left dt_build_info', 'dt_build_info * on(job, instance) group_right dt_up',
  'dt_up * ignoring(zone) dt_temperature_celsius', 'dt_up + on(job) dt_queue_length', 'dt_up == bool 1', 'dt_up == 1',
  'dt_up > bool on(job, instance) dt_ratio', 'dt_up and dt_queue_length', 'dt_up or dt_queue_length', 'dt_up unless dt_queue_length',
  'dt_up and on() vector(1)', 'dt_up unless on(job) dt_missing', 'vector(1) or vector(2)', 'dt_up or on(job) dt_queue_length',
  'sum by (job) (dt_up) / on(job) group_left count by (job, instance) (dt_up)', '1 - dt_up', '-dt_up', '+dt_up', '- - dt_up',
  'dt_queue_length % 4', 'dt_queue_length ^ 0.5', 'dt_queue_length atan2 dt_queue_length', 'dt_memory_bytes / 0',
  'dt_ratio > 0.5 < 0.9', '(dt_ratio > bool 0.5) * 2', 'time() - dt_up', 'scalar(dt_up) * dt_up',
  // Instant functions.
  'abs(-dt_temperature_celsius)', 'round(dt_temperature_celsius, 0.5)', 'round(dt_temperature_celsius, 0)',
  'round(-2.5 * dt_up)', 'round(dt_up * 0.5)', 'clamp(dt_temperature_celsius, 10, 0)', 'clamp(dt_temperature_celsius, 0, 10)',
  'clamp_min(dt_ratio, NaN)', 'clamp_max(dt_ratio, -Inf)', 'ln(dt_ratio)', 'log2(dt_memory_bytes)', 'exp(dt_temperature_celsius)',
  'sinh(dt_temperature_celsius)', 'cosh(dt_ratio)', 'tanh(dt_temperature_celsius)', 'asinh(dt_temperature_celsius)',
  'acosh(dt_queue_length)', 'atanh(dt_ratio)', 'asin(dt_ratio)', 'acos(dt_ratio * 2)', 'sin(dt_memory_bytes)', 'cos(1e300 * dt_up)',
  'tan(dt_memory_bytes)', 'deg(dt_ratio)', 'rad(dt_temperature_celsius)', 'hour()', 'minute(dt_up)', 'day_of_week(dt_up)',
  'days_in_month(vector(1709164800))', 'month(vector(-1))', 'year(vector(1e10))', 'day_of_year(vector(1704067199))',
  'scalar(dt_up)', 'scalar(dt_up{job="api",instance="i-0"})', 'vector(time())', 'time()', 'pi()',
  // Labels.
  'label_replace(dt_up, "job", "$1-x", "instance", "i-(.*)")', 'label_replace(dt_up, "dst", "$1", "src", "(.*")',
  'label_replace(dt_up, "__name__", "renamed", "", "")', 'label_replace(dt_up, "job", "", "job", ".*")',
  'label_replace(dt_up, "1bad", "x", "job", ".*")', 'label_replace(dt_up, "job", "x", "job", "a")',
  'label_join(dt_up, "new", "-", "job", "instance")', 'label_join(dt_up, "job")', 'label_join(dt_up, "job", ",", "nolabel")',
  'label_join(dt_up, "__name__", "_", "job", "instance")', 'label_replace(rate(dt_requests_total[5m]), "code", "$1xx", "code", "(.).*")',
  // Sorting.
  'sort(dt_queue_length)', 'sort_desc(dt_queue_length)', 'sort(dt_temperature_celsius)', 'sort_desc(dt_ratio)',
  'sort(sum by (job) (dt_queue_length))', 'sort(-dt_up)', 'sort(rate(dt_requests_total[5m]))',
  // Absent.
  'absent(dt_missing)', 'absent(dt_missing{job="api",instance=~"i.*"})', 'absent(dt_missing{job="a", job="b"})', 'absent(dt_up)',
  'absent(sum(dt_missing))', 'absent(nonexistent{job="x"} offset 1h)',
  // Classic histograms.
  'histogram_quantile(0.9, sum by (le) (rate(dt_request_duration_seconds_bucket[5m])))',
  'histogram_quantile(0.9, rate(dt_request_duration_seconds_bucket[5m]))',
  'histogram_quantile(0, rate(dt_request_duration_seconds_bucket[5m]))',
  'histogram_quantile(1, rate(dt_request_duration_seconds_bucket[5m]))',
  'histogram_quantile(NaN, rate(dt_request_duration_seconds_bucket[5m]))',
  'histogram_quantile(-1, rate(dt_request_duration_seconds_bucket[5m]))',
  'histogram_quantile(2, rate(dt_request_duration_seconds_bucket[5m]))',
  'histogram_quantile(0.5, dt_request_duration_seconds_bucket)', 'histogram_quantile(0.5, dt_weird_bucket)',
  'histogram_quantile(0.5, dt_request_duration_seconds_bucket{le!="+Inf"})',
  'histogram_quantile(0.5, sum without (instance) (increase(dt_request_duration_seconds_bucket[1h])))',
  'histogram_quantile(0.99, sum by (le, job) (rate(dt_request_duration_seconds_bucket{job="api"}[1m])))',
  'histogram_quantile(0.5, label_replace(dt_request_duration_seconds_bucket, "le", "1", "le", ".*"))',
  // Subqueries, offsets and @.
  'max_over_time(rate(dt_requests_total[5m])[30m:1m])', 'max_over_time(rate(dt_requests_total[5m])[30m:])',
  'avg_over_time(dt_temperature_celsius[10m:37s])', 'min_over_time((dt_up offset 5m)[10m:1m] offset 10m)',
  'sum_over_time(sum(dt_up)[1h:5m] @ 1700010000)', 'rate(dt_requests_total[5m] @ start())',
  'deriv(sum(dt_memory_bytes)[30m:1m])', 'count_over_time((dt_up @ end())[1h:10m])',
  'last_over_time(timestamp(dt_up)[10m:1m])', 'resets(dt_queue_length[1h:1m])',
  // Number formatting at the exponent boundaries, in values and in count_values labels.
  'dt_memory_bytes * 1e12', 'dt_memory_bytes * 1e13', 'dt_ratio * 1e-5', 'dt_ratio * 1e-10', 'vector(1e21)', 'vector(999999999999999900000)',
  'vector(0.000001)', 'vector(0.0000009999)', 'count_values("v", dt_ratio * 1e-10)', 'count_values("v", dt_memory_bytes * 1e15)',
  'count_values("v", -dt_temperature_celsius)', 'count_values("v", dt_ratio / 0)', 'count_values("v", vector(0) * -1)',
  // Native-histogram functions over float samples (no histogram samples: empty results or annotations).
  'histogram_count(dt_up)', 'histogram_sum(rate(dt_up[5m]))', 'histogram_avg(dt_up)', 'histogram_stddev(dt_up)',
  'histogram_stdvar(dt_up)', 'histogram_fraction(0, 0.1, dt_up)', 'histogram_quantile(0.5, dt_up)',
  // Experimental functions (parse errors unless --experimental) and functions newer than 3.5.
  'info(dt_up)', 'info(dt_up, {__name__="dt_build_info"})', 'info(rate(dt_requests_total[5m]), {__name__="dt_build_info", version=~"1.*"})',
  'sort_by_label(dt_up, "instance", "job")', 'sort_by_label_desc(dt_queue_length, "path")', 'limitk(2, dt_up)', 'limit_ratio(0.5, dt_up)',
  'limit_ratio(-0.5, dt_up)', 'limit_ratio(1.5, dt_up)', 'limitk(1, dt_queue_length) by (job)', 'double_exponential_smoothing(dt_temperature_celsius[10m], 0.5, 0.5)',
  'double_exponential_smoothing(dt_temperature_celsius[10m], 1, 0.5)', 'mad_over_time(dt_queue_length[10m])', 'ts_of_max_over_time(dt_queue_length[10m])',
  'holt_winters(dt_temperature_celsius[10m], 0.5, 0.5)', 'present_over_time(dt_up[5m:1m])',
  // Nested subqueries.
  'max_over_time(deriv(rate(dt_requests_total[5m])[10m:1m])[30m:5m])', 'rate(sum(dt_requests_total)[10m:30s])',
  'avg_over_time(avg_over_time(dt_temperature_celsius[5m])[20m:2m] offset 3m)',
  // __name__ in matching and grouping, and names put back after being dropped.
  'dt_up + on(__name__, job, instance) dt_up', 'dt_up == on(__name__) group_left dt_up', 'sum by (__name__) (rate(dt_requests_total[5m]))',
  'label_replace(rate(dt_requests_total[5m]), "__name__", "foo", "", "")', 'label_join(rate(dt_requests_total[5m]), "__name__", "", "job")',
  'count by (__name__) (rate({__name__=~"dt_(requests|errors)_total"}[5m]))', 'rate({__name__=~"dt_(requests|errors)_total"}[5m])',
  // Rounding, signs and time functions at their edges.
  'round(vector(0.5))', 'round(vector(-0.5))', 'round(vector(2.5))', 'round(vector(-2.5))', 'round(dt_temperature_celsius, 1/3)',
  'ceil(vector(-0.5))', 'floor(vector(-0))', 'abs(vector(-0))', 'sgn(vector(NaN))', 'clamp(vector(-0), 0, 1)', 'vector(-0) + 0',
  'month(dt_up * 1e10)', 'day_of_week(vector(-1e10))', 'year(vector(NaN))', 'hour(vector(Inf))', 'minute(vector(-1))',
  'days_in_month(vector(951782400))', 'day_of_month(vector(1e11))', 'year(vector(-62135596801))', 'timestamp(vector(1))',
  'sum(dt_ratio)', 'avg(dt_ratio)', 'sum_over_time(dt_ratio[3h])', 'avg_over_time(dt_ratio[3h])', 'stddev(dt_ratio)',
  // NaN among the values: ordering, selection and aggregation.
  'topk(2, dt_temperature_celsius / 0 * 0)', 'bottomk(2, dt_temperature_celsius / 0 * 0)', 'sort(dt_queue_length / (dt_queue_length - 2))',
  'sort_desc(dt_queue_length / (dt_queue_length - 2))', 'topk(3, dt_queue_length / (dt_queue_length - 2))', 'bottomk(3, dt_queue_length / (dt_queue_length - 2))',
  'max(dt_queue_length / (dt_queue_length - 2))', 'min(dt_queue_length / (dt_queue_length - 2))', 'quantile(0.5, dt_queue_length / (dt_queue_length - 2))',
  'count_values("v", dt_queue_length / (dt_queue_length - 2))', 'avg(dt_queue_length / (dt_queue_length - 2))', 'stddev(dt_queue_length / (dt_queue_length - 2))',
  'max_over_time((dt_queue_length / (dt_queue_length - 2))[10m:1m])', 'min_over_time((dt_queue_length / (dt_queue_length - 2))[10m:1m])',
  'changes((dt_queue_length / (dt_queue_length - 2))[10m:1m])', 'resets((dt_queue_length / (dt_queue_length - 2))[10m:1m])',
  'quantile_over_time(0.5, (dt_queue_length / (dt_queue_length - 2))[10m:1m])', 'dt_queue_length / (dt_queue_length - 2) > 0',
  'dt_queue_length / (dt_queue_length - 2) == bool 0', 'clamp(dt_queue_length / (dt_queue_length - 2), -1, 1)',
  // Replacement templates of label_replace.
  'label_replace(dt_up, "x", "$0-$1", "job", "(.*)")', 'label_replace(dt_up, "x", "${1}a", "job", "(.*)")', 'label_replace(dt_up, "x", "$1a", "job", "(.*)")',
  'label_replace(dt_up, "x", "$$1", "job", "(.*)")', 'label_replace(dt_up, "x", "$2", "job", "(.*)")', 'label_replace(dt_up, "x", "$name", "job", "(?P<name>a.*)")',
  'label_replace(dt_up, "x", "${name}!", "job", "(?P<name>.)(.*)")', 'label_replace(dt_up, "x", "$1", "job", "a")', 'label_replace(dt_up, "x", "ü", "job", "(?i)API")',
  'label_join(dt_up, "x", "·", "job", "instance", "job")',
  // @ and offset combinations, in instant and range queries.
  'rate(dt_requests_total[5m:1m])', 'dt_up offset 5m @ 1700010000', 'sum(dt_up) @ end()', '(dt_up @ start())[5m:1m]', 'dt_up @ 1700000000',
  'dt_up @ 1700020000', 'sum_over_time(vector(time())[5m:1m])', 'timestamp(timestamp(dt_up))', 'dt_up offset 1h @ start() + dt_up',
  'max_over_time(dt_up[1h] @ 1700010000) - min_over_time(dt_up[1h] @ 1700010000 offset -30m)',
  // Literal syntax: numbers, durations, strings, quoted names, comments.
  '0x1F', '0X1f', '.5', '5.', '1e+3', '1E-3', 'inf', '-iNf', 'nAn', '+Inf', '1_000', '0x_1F', '00012', '1e400', '-1e-400',
  'dt_up offset 1500ms', 'count_over_time(dt_up[1m30s500ms])', 'dt_up offset 1w', 'count_over_time(dt_up[1y])', 'dt_up offset 1d2h',
  'count_over_time(dt_up[90])', 'dt_up offset 90', 'count_over_time(dt_up[1.5m])', 'count_over_time(dt_up[0x10])', 'dt_up offset 1m1m',
  'label_replace(dt_up, "x", "\\u00fc\\t\\x41\\101", "", "")', 'label_replace(dt_up, "x", `a\\nb`, "", "")', "label_replace(dt_up, 'x', 'y', '', '')",
  '{"dt_up"}', '{"dt_up", job="api"}', '{"job"="api", "__name__"="dt_up"}', 'sum by ("job") (dt_up)', 'dt_up # a comment', '((((dt_up))))',
  'dt_up @ -1', 'dt_up @ 1e10', 'dt_up @ 1700010000.0001', 'timestamp(dt_up @ 1700010000.0005)', 'vector(time())', 'time() + 0.0001',
  'absent({__name__=~"nope"})', 'absent({__name__="nope", job="a"})', 'absent(nope{job=~"a"})', 'absent(nope{job="a"} offset 1h)',
  'absent_over_time({__name__="nope", job="a", job!="b"}[5m])', 'scalar(vector(NaN))', 'scalar(dt_missing) + 1',
  // Errors.
  'dt_up + on(job) dt_build_info', 'dt_build_info * on(job) group_left dt_up', 'sum(dt_up) by (job) + on(instance) dt_up',
  'label_replace(dt_up, "instance", "x", "job", ".*")', 'rate(dt_up)', 'dt_up[5m] + 1', 'sum(dt_up[5m])',
  'foo(dt_up)', 'dt_up{}', '{job=""}', 'dt_up{job=~"("}', 'dt_up @ 1e20', '1 +', 'rate(dt_up[0s])', 'dt_up[5m:0s]',
  'histogram_quantile("x", dt_up)', 'sum(dt_up) without (job) by (job)', 'topk("a", dt_up)', 'count_values(1, dt_up)',
  'quantile_over_time(0.5, dt_up)', 'dt_up and 1', '1 and dt_up', 'vector(1) + on(x) group_left(x) vector(1)',
];
