// The table of an instant query: one row per sample (series, value), or one for a scalar/string.
import type { QueryData } from './api.js';
import { seriesName } from './format.js';

function row(series: string, value: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const a = document.createElement('td');
  a.textContent = series;
  const b = document.createElement('td');
  b.className = 'value';
  b.textContent = value;
  tr.append(a, b);
  return tr;
}

/** Fills `tbody` with the result; returns the number of rows. */
export function fillTable(tbody: HTMLElement, data: QueryData): number {
  const rows: HTMLTableRowElement[] = [];
  switch (data.resultType) {
    case 'vector':
      for (const s of data.result) rows.push(row(seriesName(s.metric), s.value ? s.value[1] : JSON.stringify(s.histogram?.[1])));
      break;
    case 'matrix':
      for (const s of data.result) rows.push(row(seriesName(s.metric), (s.values ?? []).map(([t, v]) => `${v} @${t}`).join('\n')));
      break;
    case 'scalar':
    case 'string':
      rows.push(row(data.resultType, data.result[1]));
      break;
  }
  if (rows.length === 0) {
    const tr = row('Empty query result', '');
    tr.className = 'empty';
    rows.push(tr);
  }
  tbody.replaceChildren(...rows);
  return rows.length;
}
