// Parsing times and durations given as text (CLI flags, test files), as Prometheus's HTTP API does.
import { parseDurationMs } from './durations.js';

/** A time: Unix seconds (fractions allowed, rounded to ms) or RFC 3339. Returns ms. */
export function parseTime(s: string): number {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const ms = Date.parse(s);
  if (/^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(ms)) return ms;
  throw new Error(`cannot parse ${JSON.stringify(s)} to a valid timestamp`);
}

/** A duration: float seconds or a Prometheus duration (`15s`, `1m30s`). Returns ms. */
export function parseDurationArg(s: string): number {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  try {
    return parseDurationMs(s);
  } catch {
    throw new Error(`cannot parse ${JSON.stringify(s)} to a valid duration`);
  }
}
