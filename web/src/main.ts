// The query page: an expression, a time range and step, and either a graph of the range query or
// a table of the instant query at the range's end. State lives in the URL.
import { api, ApiFailure, dataRange, type QueryData } from './api.js';
import { caretText } from './diagnostics.js';
import { createEditor } from './editor.js';
import { clearGraph, drawGraph } from './graph.js';
import { fillTable } from './table.js';
import { autoStep, formatDuration, parseDuration, parseTime } from './times.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const els = {
  range: $<HTMLInputElement>('range'), end: $<HTMLInputElement>('end'), step: $<HTMLInputElement>('step'),
  run: $<HTMLButtonElement>('run'), tabGraph: $<HTMLButtonElement>('tab-graph'), tabTable: $<HTMLButtonElement>('tab-table'),
  error: $('error'), errorText: $('error-text'), warnings: $('warnings'), stats: $('stats'),
  graphPanel: $('graph-panel'), graph: $('graph'), legend: $('legend'), tablePanel: $('table-panel'),
  tbody: document.querySelector('#table tbody') as HTMLElement, dataRange: $('data-range'),
};

const params = new URLSearchParams(location.search);
let tab: 'graph' | 'table' = params.get('tab') === 'table' ? 'table' : 'graph';
els.range.value = params.get('range') ?? '1h';
els.end.value = params.get('end') ?? '';
els.step.value = params.get('step') ?? '';
/** The newest sample (ms): the default end, so fixtures show their data rather than "now". */
let newest: number | null = null;
let inFlight: AbortController | null = null;

const editor = createEditor($('editor'), params.get('expr') ?? '', () => void execute());

function showTab(t: typeof tab): void {
  tab = t;
  els.tabGraph.setAttribute('aria-selected', String(t === 'graph'));
  els.tabTable.setAttribute('aria-selected', String(t === 'table'));
  els.graphPanel.hidden = t !== 'graph';
  els.tablePanel.hidden = t !== 'table';
}

function showError(text: string | null): void {
  els.error.hidden = text === null;
  els.errorText.textContent = text ?? '';
}

function showAnnotations(list: string[]): void {
  els.warnings.hidden = list.length === 0;
  els.warnings.textContent = list.join('\n');
}

function saveState(expr: string): void {
  const p = new URLSearchParams({ expr, tab, range: els.range.value });
  if (els.end.value) p.set('end', els.end.value);
  if (els.step.value) p.set('step', els.step.value);
  history.replaceState(null, '', `?${p}`);
}

/** Runs the expression: a range query for the graph, an instant query at the end for the table. */
async function execute(): Promise<void> {
  const expr = editor.state.doc.toString();
  saveState(expr);
  showAnnotations([]);
  if (expr.trim() === '') return showError('Enter an expression.');
  const range = parseDuration(els.range.value);
  if (range === null) return showError(`Range: cannot parse ${JSON.stringify(els.range.value)} as a duration (e.g. 1h, 30m).`);
  const end = els.end.value.trim() === '' ? newest ?? Date.now() : parseTime(els.end.value);
  if (end === null) return showError(`End: cannot parse ${JSON.stringify(els.end.value)} as a time (RFC 3339 or Unix seconds).`);
  const step = els.step.value.trim() === '' ? autoStep(range) : parseDuration(els.step.value);
  if (step === null) return showError(`Step: cannot parse ${JSON.stringify(els.step.value)} as a duration.`);
  inFlight?.abort();
  const ac = (inFlight = new AbortController());
  const began = performance.now();
  els.run.disabled = true;
  try {
    const start = end - range;
    if (tab === 'graph') {
      const r = await api<QueryData>('query_range', { query: expr, start: String(start / 1000), end: String(end / 1000), step: String(step / 1000) }, ac.signal);
      if (r.data.resultType !== 'matrix') throw new ApiFailure('internal', `unexpected result type ${r.data.resultType}`);
      drawGraph(els.graph, els.legend, r.data.result, start, end, step);
      els.stats.textContent = `${r.data.result.length} series, ${Math.round(performance.now() - began)} ms, step ${formatDuration(step)}`;
      showAnnotations([...r.warnings, ...r.infos]);
    } else {
      const r = await api<QueryData>('query', { query: expr, time: String(end / 1000) }, ac.signal);
      const rows = fillTable(els.tbody, r.data);
      els.stats.textContent = `${rows} result${rows === 1 ? '' : 's'}, ${Math.round(performance.now() - began)} ms, at ${new Date(end).toISOString()}`;
      showAnnotations([...r.warnings, ...r.infos]);
    }
    showError(null);
  } catch (e) {
    if (ac.signal.aborted) return;
    const failure = e instanceof ApiFailure ? e : new ApiFailure('internal', String(e));
    // A query error: point at its position in the query with our own checker's diagnostics.
    const caret = failure.errorType === 'bad_data' ? caretText(expr) : null;
    showError(caret ? `${caret}\n${failure.message}` : failure.message);
    els.stats.textContent = '';
    if (tab === 'graph') clearGraph(els.graph, els.legend);
    else els.tbody.replaceChildren();
  } finally {
    if (inFlight === ac) {
      inFlight = null;
      els.run.disabled = false;
    }
  }
}

els.run.addEventListener('click', () => void execute());
els.tabGraph.addEventListener('click', () => (showTab('graph'), void execute()));
els.tabTable.addEventListener('click', () => (showTab('table'), void execute()));
for (const input of [els.range, els.end, els.step]) input.addEventListener('keydown', (ev) => ev.key === 'Enter' && void execute());
showTab(tab);

void dataRange().then((r) => {
  if (!r) return;
  newest = r.maxTime;
  els.dataRange.textContent = `data from ${new Date(r.minTime).toISOString()} to ${new Date(r.maxTime).toISOString()}`;
  if (!params.has('range')) els.range.value = formatDuration(Math.max(60_000, r.maxTime - r.minTime));
  if (editor.state.doc.length) void execute();
});
