// A Storage of your own: series in plain arrays, selected by matchers (`node examples/array-storage.mjs`).
import { Engine, checkSeries, compareLabels, labelsFrom, formatLabels } from 'promql-ts';

/** Whether one matcher accepts a label value ('' when the series lacks the label). */
function accepts(m, value) {
  // Prometheus regexes are RE2 and fully anchored; JavaScript's RegExp agrees on common patterns.
  const re = () => new RegExp(`^(?:${m.value})$`, 's');
  switch (m.op) {
    case '=': return value === m.value;
    case '!=': return value !== m.value;
    case '=~': return re().test(value);
    case '!~': return !re().test(value);
  }
}

class ArrayStorage {
  #series = [];

  /** Holds one series: labels as an object, samples as [ms, value] pairs in time order. */
  add(labels, samples) {
    this.#series.push({
      labels: labelsFrom(labels),
      timestamps: Float64Array.from(samples, ([t]) => t),
      values: Float64Array.from(samples, ([, v]) => v),
    });
    this.#series.sort((a, b) => compareLabels(a.labels, b.labels));
  }

  select({ matchers, start, end }) {
    return this.#series.filter((s) =>
      matchers.every((m) => accepts(m, s.labels.find((l) => l.name === m.name)?.value ?? '')) &&
      s.timestamps.some((t) => t >= start && t <= end));
  }
}

const storage = new ArrayStorage();
storage.add({ __name__: 'http_requests_total', job: 'api' }, [[0, 0], [60_000, 120], [120_000, 240]]);
storage.add({ __name__: 'http_requests_total', job: 'web' }, [[0, 0], [60_000, 30], [120_000, 60]]);

// What select returns can be checked as the engine checks it (it throws a StorageContractError).
checkSeries(await storage.select({ matchers: [{ name: '__name__', op: '=', value: 'http_requests_total' }], start: 0, end: 120_000 }));

const engine = new Engine({ storage });
const r = await engine.instantQuery('sum by (job) (rate(http_requests_total{job=~"a.*|web"}[2m]))', 120_000);
for (const s of r.result) console.log(formatLabels(s.labels), s.value);
