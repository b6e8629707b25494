// Number formats promtool prints in rule test failures (durations: src/util/durations.ts).
import { formatFloatE } from '../util/go-format.js';

/** Go's `strconv.FormatFloat(v, 'E', -1, 64)`: `1E+00`, `2.5E-07`, `NaN`, `+Inf`. */
export function formatUpperE(v: number): string {
  return formatFloatE(v).toUpperCase().replace('INF', 'Inf').replace(/^NAN$/, 'NaN');
}
