// Differences between `promql serve` and Prometheus that are expected, each with its reason
// (keyed by the case's JSON). Empty entries are not allowed: every one says why.
export const KNOWN = {
  [JSON.stringify(['instant', 'srv_requests_total + on(job) srv_requests_total', '--time=1700000900'])]:
    'engine (src/eval): the duplicate-series error lists the two series in the other order; the message is otherwise equal',
};
