// `promql query -o chart`: a range result drawn as a terminal line chart (asciichart draws the
// lines), one line per series, resampled to the terminal's width, gaps left blank, with a time
// axis and a legend naming each series.
import { plot, type PlotConfig } from 'asciichart';
import type { MatrixSeries } from '../eval/result.js';
import { formatLabels } from '../storage/labels.js';

/** How the chart is drawn. */
export interface ChartOptions {
  /** Columns available (the terminal's width); the plot area is this minus the value axis. */
  readonly width: number;
  /** Rows of the plot area. */
  readonly height: number;
  /** Colour each series (ANSI escapes); without colour each series gets its own character. */
  readonly color: boolean;
  /** The query's time grid (ms), for the x axis. */
  readonly start: number;
  readonly end: number;
  readonly step: number;
  /** Most series drawn; the legend says how many were left out. */
  readonly maxSeries?: number;
}

const COLORS = ['\x1b[32m', '\x1b[34m', '\x1b[33m', '\x1b[35m', '\x1b[36m', '\x1b[31m', '\x1b[92m', '\x1b[94m', '\x1b[93m', '\x1b[95m'];
const RESET = '\x1b[0m';
/** Without colour: series after the first are drawn with one character each. */
const MARKS = ['', '*', '+', 'o', 'x', '#', '%', '@', '=', '~'];
const LABEL_WIDTH = 10;

/** A value axis label: at most four significant digits, right-aligned. */
function axisLabel(v: number): string {
  const a = Math.abs(v);
  const s = a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
  return s.padStart(LABEL_WIDTH);
}

/**
 * The series' values on `cols` equal time buckets over [start, end]: the last finite value in each
 * bucket, NaN where it has none (a gap).
 */
export function resample(s: MatrixSeries, start: number, end: number, cols: number): number[] {
  const out = new Array<number>(cols).fill(NaN);
  const span = Math.max(end - start, 1);
  for (let i = 0; i < s.timestamps.length; i++) {
    const v = s.values[i];
    if (!Number.isFinite(v)) continue;
    const col = Math.min(cols - 1, Math.floor(((s.timestamps[i] - start) / span) * cols));
    if (col >= 0) out[col] = v;
  }
  return out;
}

function timeLabel(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The chart: plot rows, a time axis, then one legend line per series. */
export function chart(series: readonly MatrixSeries[], o: ChartOptions): string {
  const maxSeries = o.maxSeries ?? MARKS.length;
  const shown = series.slice(0, maxSeries);
  // asciichart puts each axis label in one cell before the axis (cell `offset - 1`); with offset 2
  // the label fills the first LABEL_WIDTH columns of every row, the axis is the next and point x
  // of a series is drawn in column LABEL_WIDTH + 1 + x.
  const offset = LABEL_WIDTH + 1;
  const points = Math.floor((o.end - o.start) / Math.max(o.step, 1)) + 1;
  const cols = Math.max(2, Math.min(o.width - offset - 1, points));
  const data = shown.map((s) => resample(s, o.start, o.end, cols));
  const finite = data.flat().filter(Number.isFinite);
  if (finite.length === 0) return 'no finite values to chart';
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const base: PlotConfig = { min, max, height: min === max ? 1 : o.height - 1, offset: 2, padding: ' '.repeat(LABEL_WIDTH), format: axisLabel };
  // One plot per series on the same scale, merged cell by cell: a gap blanks only its own series.
  const grids = data.map((values, k) => {
    const filled = values.map((v, i) => (Number.isFinite(v) ? v : values.slice(0, i).reverse().find(Number.isFinite) ?? values.find(Number.isFinite)!));
    const mark = o.color ? '' : MARKS[k % MARKS.length];
    const symbols = mark ? ['┼', '┤', mark, mark, mark, mark, mark, mark, mark, mark] as PlotConfig['symbols'] : undefined;
    const rows = plot(filled, { ...base, symbols }).split('\n').map((r) => [...r]);
    const scale = max === min ? 1 : (o.height - 1) / (max - min);
    const rowOf = (v: number) => rows.length - 1 - (Math.round(v * scale) - Math.round(min * scale));
    // asciichart marks the first value on the axis; a series that starts with a gap has none.
    if (!Number.isFinite(values[0]) && Math.round(filled[0] * scale) !== 0 && rows[rowOf(filled[0])]?.[LABEL_WIDTH] === '┼') {
      rows[rowOf(filled[0])][LABEL_WIDTH] = '┤';
    }
    for (const row of rows) {
      for (let x = 0; x < values.length; x++) {
        const cell = offset + x;
        if (!Number.isFinite(values[x])) row[cell] = ' ';
        else if (!Number.isFinite(values[x + 1] ?? values[x]) && row[cell] !== ' ') row[cell] = ' ';
      }
    }
    // A point with no neighbour on its right still shows, as a dash on its own row.
    values.forEach((v, x) => {
      if (Number.isFinite(v) && !Number.isFinite(values[x + 1] ?? NaN) && x + 1 < values.length) {
        const row = rowOf(v);
        if (rows[row]) rows[row][offset + x] = mark || '─';
      }
    });
    return rows;
  });
  const merged = grids[0].map((row, y) => row.map((cell, x) => {
    if (x < offset) return cell;
    for (let k = grids.length - 1; k >= 0; k--) {
      const c = grids[k][y][x];
      if (c !== ' ') return o.color ? `${COLORS[k % COLORS.length]}${c}${RESET}` : c;
    }
    return ' ';
  }).join('').trimEnd());
  const axisPad = ' '.repeat(LABEL_WIDTH);
  const left = timeLabel(o.start);
  const right = timeLabel(o.end);
  const axis = `${axisPad}└${'─'.repeat(cols)}\n${axisPad}${left}${right.padStart(Math.max(cols + 1 - left.length, right.length + 1))}`;
  const legend = shown.map((s, k) => {
    const sample = o.color ? `${COLORS[k % COLORS.length]}──${RESET}` : k === 0 ? '──' : MARKS[k].repeat(2);
    return `  ${sample} ${formatLabels(s.labels)}`;
  });
  if (series.length > shown.length) legend.push(`  (${shown.length} of ${series.length} series shown; narrow the query to see the others)`);
  return [...merged, axis, '', ...legend].join('\n');
}
