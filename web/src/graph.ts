// The graph of a range query: one uPlot line per series over the query's step grid (gaps where a
// series has no point), with a legend of series names.
import uPlot from 'uplot';
import type { MatrixSeries } from './api.js';
import { seriesName } from './format.js';

const COLORS = ['#2a62d4', '#e6522c', '#2b9a5a', '#9b51e0', '#d4a017', '#0fa3b1', '#c2185b', '#5d6d7e', '#7cb342', '#8d6e63'];

let plot: uPlot | null = null;

/** Draws `series` on the grid `start..end` (ms) with `step` into `el`, replacing the last graph. */
export function drawGraph(el: HTMLElement, legend: HTMLElement, series: MatrixSeries[], start: number, end: number, step: number): void {
  plot?.destroy();
  plot = null;
  legend.replaceChildren();
  const xs: number[] = [];
  for (let t = start; t <= end; t += step) xs.push(t / 1000);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const col: (number | null)[] = new Array(xs.length).fill(null);
    for (const [t, v] of s.values ?? []) {
      const i = index.get(t);
      if (i !== undefined) col[i] = Number(v);
    }
    return col;
  });
  const opts: uPlot.Options = {
    width: Math.max(300, el.clientWidth || 800),
    height: 320,
    legend: { show: false },
    cursor: { drag: { x: true, y: false } },
    series: [{}, ...series.map((s, i) => ({ label: seriesName(s.metric), stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: false }))],
    axes: [{}, { size: 70 }],
  };
  plot = new uPlot(opts, [xs, ...ys] as uPlot.AlignedData, el);
  series.slice(0, 50).forEach((s, i) => {
    const item = document.createElement('span');
    item.style.setProperty('--c', COLORS[i % COLORS.length]);
    item.textContent = seriesName(s.metric);
    legend.append(item);
  });
  if (series.length > 50) legend.append(Object.assign(document.createElement('span'), { textContent: `… ${series.length - 50} more` }));
}

/** Removes the graph. */
export function clearGraph(el: HTMLElement, legend: HTMLElement): void {
  plot?.destroy();
  plot = null;
  el.replaceChildren();
  legend.replaceChildren();
}
