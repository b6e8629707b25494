// Number and duration formats promtool prints in rule test failures.
import { formatFloatE } from '../util/go-format.js';

/** Prometheus `model.Duration.String()`: the largest units first (`1w`, `1h30m`, `90s`…, `0s`). */
export function formatPromDuration(ms: number): string {
  if (ms === 0) return '0s';
  const units: [string, number][] = [['y', 365 * 86400_000], ['w', 7 * 86400_000], ['d', 86400_000], ['h', 3600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
  let out = '';
  let rest = ms;
  for (const [u, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${u}`;
      rest -= n * size;
    }
  }
  return out;
}

/** Go's `strconv.FormatFloat(v, 'E', -1, 64)`: `1E+00`, `2.5E-07`, `NaN`, `+Inf`. */
export function formatUpperE(v: number): string {
  return formatFloatE(v).toUpperCase().replace('INF', 'Inf').replace(/^NAN$/, 'NaN');
}
