// Prometheus's template number formatting: humanize, humanize1024, humanizePercentage,
// humanizeDuration and humanizeTimestamp, with Go's `%.4g`.
import { formatFloatG, formatFloatGPrec } from '../util/go-format.js';

const g4 = (v: number) => formatFloatGPrec(v, 4);

/** `humanize`: SI prefixes (k, M, … / m, u, …) with four significant digits. */
export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  let prefix = '';
  if (Math.abs(v) >= 1) {
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return g4(v) + prefix;
  }
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return g4(v) + prefix;
}

/** `humanize1024`: binary prefixes (ki, Mi, …). */
export function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return g4(v) + prefix;
}

/** `humanizePercentage`: a ratio as a percentage. */
export function humanizePercentage(v: number): string {
  return `${g4(v * 100)}%`;
}

/** `humanizeDuration`: seconds as `1d 2h 3m 4s`, or `1.5s`, `20ms`. */
export function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return `${g4(v)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    v = Math.abs(v);
    // Go's int64(v), in integer arithmetic; at 2^63 and above amd64 gives the minimum int64.
    const d = v >= 2 ** 63 ? -(2n ** 63n) : BigInt(Math.trunc(v));
    const seconds = d % 60n;
    const minutes = (d / 60n) % 60n;
    const hours = (d / 3600n) % 24n;
    const days = d / 86400n;
    if (days !== 0n) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0n) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0n) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${g4(v)}s`;
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${g4(v)}${prefix}s`;
}

/**
 * `humanizeTimestamp`: Unix seconds, at millisecond precision (Prometheus goes through
 * `model.Time`), in Go's default time format in UTC.
 */
export function humanizeTimestamp(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  const ns = v * 1e9;
  if (ns > 2 ** 63 || ns < -(2 ** 63)) {
    throw new RangeError(`${formatFloatG(v)} cannot be represented as a nanoseconds timestamp since it overflows int64`);
  }
  // int64 nanoseconds, then whole milliseconds (model.TimeFromUnixNano), in integer arithmetic.
  const ms = Number(BigInt(Math.trunc(ns)) / 1000000n);
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const year = d.getUTCFullYear();
  const frac = ((ms % 1000) + 1000) % 1000;
  const fraction = frac ? `.${String(frac).padStart(3, '0').replace(/0+$/, '')}` : '';
  return `${year < 0 ? '-' + pad(-year, 4) : pad(year, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${fraction} +0000 UTC`;
}
