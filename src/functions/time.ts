// Time functions: time(), timestamp() and the calendar functions (hour, day_of_week, …), which
// read Unix seconds in UTC, or the evaluation time when called without an argument.
import type { FunctionImpl } from './types.js';
import { EMPTY_LABELS } from '../storage/labels.js';
import { stepTime } from './support/grid.js';
import { unwrapParens } from '../parser/walk.js';
import type { ScalarValue, VectorValue } from '../eval/values.js';
import { mapFloats } from './shapes.js';

/** `time()`: the evaluation time of each step in seconds. */
const timeFn: FunctionImpl = ({ grid }) => {
  const out = new Float64Array(grid.steps);
  for (let i = 0; i < grid.steps; i++) out[i] = stepTime(grid, i) / 1000;
  return { type: 'scalar', values: out } satisfies ScalarValue;
};

/**
 * `timestamp(v)`. Over a vector selector the evaluator passes the selected samples' own timestamps
 * (in seconds) as values; over any other expression a sample's time is the evaluation time.
 */
const timestampFn: FunctionImpl = ({ ctx, call, args, grid }) => {
  const overSelector = unwrapParens(call.args[0]).type === 'VectorSelector';
  return mapFloats(ctx, args[0] as VectorValue, (x, i) => (overSelector ? x : stepTime(grid, i) / 1000));
};

/** A civil UTC date and time broken down from Unix seconds. */
interface Civil {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
  yearDay: number; // 1–366
  weekday: number; // 0 = Sunday
  hour: number;
  minute: number;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1];
}

/** Splits Unix seconds into whole days and seconds of the day (exactly, even beyond 2^53). */
function splitDays(seconds: number | bigint): [number, number] {
  if (typeof seconds === 'number' && Math.abs(seconds) <= Number.MAX_SAFE_INTEGER) {
    const days = Math.floor(seconds / 86400);
    return [days, seconds - days * 86400];
  }
  const s = BigInt(seconds);
  let days = s / 86400n;
  let rem = s % 86400n;
  if (rem < 0n) {
    days -= 1n;
    rem += 86400n;
  }
  return [Number(days), Number(rem)];
}

/** Proleptic Gregorian calendar from Unix seconds (era-based, exact for large counts). */
function civil(seconds: number | bigint): Civil {
  const [days, secOfDay] = splitDays(seconds);
  const z = days + 719468; // shift the epoch to 0000-03-01
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  let yearDay = day;
  for (let m = 1; m < month; m++) yearDay += daysIn(year, m);
  const weekday = (((days + 4) % 7) + 7) % 7;
  return { year, month, day, yearDay, weekday, hour: Math.floor(secOfDay / 3600), minute: Math.floor((secOfDay % 3600) / 60) };
}

const TWO_63 = 2n ** 63n;
// Below this, Go's time arithmetic in unsigned absolute seconds wraps around 2^64.
const WRAP_BELOW = -9223372028715321600n;

/**
 * Go's `time.Unix(int64(f), 0)` as seconds. Prometheus compatibility: on amd64 NaN, ±Inf and
 * values beyond int64 convert to −2^63, and times that far back wrap to the far future in Go's
 * calendar arithmetic, so they all land in year 292277026596.
 */
function toSeconds(f: number): number | bigint {
  if (Number.isFinite(f) && Math.abs(f) <= Number.MAX_SAFE_INTEGER) return Math.trunc(f);
  let s = Number.isFinite(f) && f < 2 ** 63 && f >= -(2 ** 63) ? BigInt(Math.trunc(f)) : -TWO_63;
  if (s < WRAP_BELOW) s += 2n ** 64n;
  return s;
}

/**
 * A calendar function: with no argument one unlabelled sample per step from the evaluation time
 * (whole seconds); with a vector, each float read as Unix seconds, dropping the metric name.
 */
function calendar(f: (c: Civil) => number): FunctionImpl {
  return ({ ctx, args, grid }) => {
    if (args.length === 0) {
      const values = new Float64Array(grid.steps);
      for (let i = 0; i < grid.steps; i++) values[i] = f(civil(Math.trunc(stepTime(grid, i) / 1000)));
      return { type: 'vector', series: [{ labels: EMPTY_LABELS, values, present: new Uint8Array(grid.steps).fill(1), dropName: false }] };
    }
    return mapFloats(ctx, args[0] as VectorValue, (x) => f(civil(toSeconds(x))));
  };
}

/** The time functions by name. */
export const TIME_FUNCTIONS: ReadonlyArray<[string, FunctionImpl]> = [
  ['time', timeFn],
  ['timestamp', timestampFn],
  ['year', calendar((c) => c.year)],
  ['month', calendar((c) => c.month)],
  ['day_of_month', calendar((c) => c.day)],
  ['day_of_year', calendar((c) => c.yearDay)],
  ['day_of_week', calendar((c) => c.weekday)],
  ['hour', calendar((c) => c.hour)],
  ['minute', calendar((c) => c.minute)],
  ['days_in_month', calendar((c) => daysIn(c.year, c.month))],
];
