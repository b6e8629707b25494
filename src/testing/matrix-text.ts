// Expected range results in the series notation of promqltest's `eval range` (one series per
// line: labels, then values expanded as in `load`: `1 2 3`, `0+10x5`, `_` for no point,
// `{{…}}` histograms), placed at the steps of the query's range.
import { DataError } from '../errors.js';
import { labelsToObject } from '../storage/labels.js';
import { parseSeriesLine, SeriesNotationError } from '../storage/series-notation.js';
import { formatHistogramLiteral } from '../histogram/literal.js';
import type { ExpectedSeries } from './matchers.js';

/** Where the values of a series line go: the first step and the step, in ms. */
export interface StepGrid {
  readonly start: number;
  readonly step: number;
}

/**
 * Parses expected series in the series notation; value i of a line is the point at
 * `start + i × step` ms. Throws a DataError (file `<expected>`) naming the line and column
 * of a malformed line or of a staleness marker (results hold none).
 */
export function parseMatrixText(text: string, grid: StepGrid): ExpectedSeries[] {
  const out: ExpectedSeries[] = [];
  text.split('\n').forEach((raw, n) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const col = raw.indexOf(line);
    let parsed;
    try {
      parsed = parseSeriesLine(line);
    } catch (e) {
      if (e instanceof SeriesNotationError) throw new DataError(e.message, '<expected>', n + 1, col + e.column);
      throw e;
    }
    const points: [number, number | string][] = [];
    parsed.points.forEach((p, i) => {
      const t = grid.start + i * grid.step;
      if (p.kind === 'omitted') return;
      if (p.kind === 'histogram') points.push([t, formatHistogramLiteral(p.histogram)]);
      else if (p.stale) throw new DataError('a staleness marker is not a query result: use _ for no point', '<expected>', n + 1, col + 1);
      else points.push([t, p.value]);
    });
    out.push({ labels: labelsToObject(parsed.labels), points });
  });
  return out;
}
