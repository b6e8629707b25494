// Differences between `promql serve` and Prometheus that are expected, each with its reason
// (keyed by the case's JSON). Empty entries are not allowed: every one says why.
export const KNOWN = {
  [JSON.stringify(['instant', 'srv_requests_total + on(job) srv_requests_total', '--time=1700000900'])]:
    'Prometheus main sorts the two series of the duplicate-series error (we follow main); 3.5.3 lists them in evaluation order',
};
