// What the serve comparison asks both servers: promtool commands and raw API requests.
import { T0, STEPS, INTERVAL } from './fixture.mjs';

const END = T0 + (STEPS - 1) * INTERVAL;
const MID = T0 + 900;

/** promtool argument lists (the server URL is inserted after the subcommand). */
export const PROMTOOL_CASES = [
  ['instant', 'srv_requests_total', `--time=${MID}`],
  ['instant', 'sum by (job) (rate(srv_requests_total[5m]))', `--time=${END}`],
  ['instant', 'histogram_quantile(0.9, sum by (le) (rate(srv_latency_seconds_bucket[5m])))', `--time=${MID}`],
  ['instant', 'srv_batch_last_success', `--time=${END}`],
  ['instant', 'scalar(sum(srv_temperature_celsius))', `--time=${MID}`],
  ['instant', '"a string"', `--time=${MID}`],
  ['instant', 'sum(', `--time=${MID}`],
  ['instant', 'srv_requests_total + on(job) srv_requests_total', `--time=${MID}`],
  ['instant', 'topk(2, srv_requests_total)', `--time=${MID}`, '-o', 'json'],
  ['range', 'increase(srv_requests_total{instance="b"}[2m])', `--start=${T0}`, `--end=${END}`, '--step=1m'],
  ['range', 'avg(srv_temperature_celsius)', `--start=${T0}`, `--end=${END}`, '--step=5m', '-o', 'json'],
  ['range', 'srv_batch_last_success', `--start=${T0}`, `--end=${END}`, '--step=3m'],
  ['range', 'up[5m]', `--start=${T0}`, `--end=${END}`, '--step=1m'],
  ['series', '--match=srv_requests_total', `--start=${T0}`, `--end=${END}`],
  ['series', '--match={job="api"}', '--match=srv_temperature_celsius{room="north"}', `--start=${T0}`, `--end=${END}`],
  ['series', '--match=srv_batch_last_success', `--start=${MID + 600}`, `--end=${END}`],
  ['labels', 'job', `--start=${T0}`, `--end=${END}`],
  ['labels', '__name__', `--start=${T0}`, `--end=${END}`],
  ['labels', 'instance', '--match=srv_requests_total{code="200"}', `--start=${T0}`, `--end=${END}`],
];

/** Raw API requests: [method, path, params]. Answers are compared as JSON (stats timings masked). */
export const API_CASES = [
  ['GET', '/api/v1/query', { query: 'srv_requests_total{code="500"}', time: String(MID) }],
  ['POST', '/api/v1/query', { query: 'rate(srv_temperature_celsius[5m])', time: String(MID) }],
  ['GET', '/api/v1/query', { query: 'srv_requests_total', time: String(MID), limit: '2' }],
  ['GET', '/api/v1/query', { query: 'srv_requests_total', time: new Date(MID * 1000).toISOString(), stats: 'all' }],
  ['GET', '/api/v1/query', { query: 'srv_requests_total', time: String(MID + 400), lookback_delta: '1m' }],
  ['GET', '/api/v1/query', { query: 'up', time: 'yesterday' }],
  ['GET', '/api/v1/query', { query: 'sum(x', time: String(MID) }],
  ['GET', '/api/v1/query', { query: 'up', timeout: 'x' }],
  ['GET', '/api/v1/query', { query: 'up', limit: '-3' }],
  ['POST', '/api/v1/query_range', { query: 'sum(srv_requests_total)', start: String(T0), end: String(END), step: '300' }],
  ['GET', '/api/v1/query_range', { query: 'up', start: '10', end: '0', step: '1' }],
  ['GET', '/api/v1/query_range', { query: 'up', start: '0', end: '100', step: '0' }],
  ['GET', '/api/v1/query_range', { query: 'up', start: '0', end: '11001', step: '1' }],
  ['GET', '/api/v1/query_range', { query: 'up[5m]', start: '0', end: '10', step: '1' }],
  ['GET', '/api/v1/query_range', { query: 'up', end: '10', step: '1' }],
  ['GET', '/api/v1/series', {}],
  ['GET', '/api/v1/series', { 'match[]': '{job=~".*"}' }],
  ['GET', '/api/v1/series', { 'match[]': 'srv_requests_total', start: String(T0), end: String(END), limit: '2' }],
  ['GET', '/api/v1/labels', { start: String(T0), end: String(END) }],
  ['GET', '/api/v1/labels', { 'match[]': 'srv_latency_seconds_bucket', start: String(T0), end: String(END) }],
  ['GET', '/api/v1/label/job/values', { start: String(T0), end: String(END) }],
  ['GET', '/api/v1/label/le/values', { start: String(T0), end: String(END), limit: '2' }],
  ['GET', '/api/v1/format_query', { query: 'sum(rate(srv_requests_total{job="api"}[5m]))by(code)/ignoring(code)group_left sum(rate(srv_requests_total[5m]))by(job)' }],
  ['GET', '/api/v1/parse_query', { query: 'sum by (job) (rate(x{a=~"b"}[5m] offset 1m @ 100)) > bool on(job) group_left(c) max_over_time(y[10m:1m])' }],
  ['GET', '/api/v1/parse_query', { query: 'topk(3, -x) or vector(1) ^ 2' }],
  ['GET', '/api/v1/query_exemplars', { query: 'srv_requests_total', start: String(T0), end: String(END) }],
  ['GET', '/api/v1/query_exemplars', { query: 'srv_requests_total{', start: String(T0), end: String(END) }],
  ['GET', '/api/v1/query_exemplars', { query: 'up', start: '10', end: '0' }],
];
