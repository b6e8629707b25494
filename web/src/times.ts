// Times and durations typed into the page's controls.

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** A duration such as `1h30m`, `15s` or plain seconds, in ms; null when invalid or not positive. */
export function parseDuration(s: string): number | null {
  const t = s.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000 || null;
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(t)) return null;
  let ms = 0;
  for (const m of t.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) ms += Number(m[1]) * UNITS[m[2]];
  return ms > 0 ? ms : null;
}

/** A time as Unix seconds or RFC 3339, in ms; null when invalid. */
export function parseTime(s: string): number | null {
  const t = s.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(t)) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : ms;
}

/** A duration in the largest units that divide it (`90000` → `1m30s`). */
export function formatDuration(ms: number): string {
  let out = '';
  let rest = Math.round(ms);
  for (const [u, n] of Object.entries(UNITS).reverse()) {
    if (rest >= n) {
      out += `${Math.floor(rest / n)}${u}`;
      rest %= n;
    }
  }
  return out || '0s';
}

/** The step the page uses when none is given: about 250 points, at least 1 s, whole seconds. */
export function autoStep(rangeMs: number): number {
  return Math.max(1000, Math.round(rangeMs / 250 / 1000) * 1000);
}
