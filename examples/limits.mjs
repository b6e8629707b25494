// Limits and cancellation: a timeout, an AbortController and maxSamples (`node examples/limits.mjs`).
import { CancelledError, Engine, LimitError, MemoryStorage } from 'promql-ts';

// A day of one series, a sample every 15s.
const storage = new MemoryStorage();
storage.add({ __name__: 'x' }, Array.from({ length: 5760 }, (_, i) => ({ t: i * 15_000, v: i })));
const slow = 'stdvar_over_time(x[1d:100ms])'; // 864,000 points per step: many seconds of work

// A timeout (any size: fractions, more than 2^31 ms, Infinity for none) rejects with a LimitError.
const engine = new Engine({ storage, timeoutMs: 500 });
try {
  await engine.rangeQuery(slow, 0, 86_400_000, 60_000);
} catch (e) {
  if (e instanceof LimitError) console.log(e.kind, '-', e.message);
}

// An abort rejects with a CancelledError; evaluation yields to the event loop every ~5 ms of work,
// so timers, I/O and other queries keep running meanwhile.
const patient = new Engine({ storage, timeoutMs: Infinity });
const controller = new AbortController();
setTimeout(() => controller.abort(), 200);
try {
  await patient.rangeQuery(slow, 0, 86_400_000, 60_000, { signal: controller.signal });
} catch (e) {
  if (e instanceof CancelledError) console.log(e.kind, '-', e.message);
}

// maxSamples bounds the samples held at once (Prometheus's --query.max-samples).
try {
  await new Engine({ storage, maxSamples: 1000 }).instantQuery('x[1d]', 86_400_000);
} catch (e) {
  if (e instanceof LimitError) console.log(e.kind, '-', e.message);
}
