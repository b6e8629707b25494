// Runs every case against a real Prometheus and against `promql serve` over the same data and
// lists the disagreements: promtool's output and exit code, and the API's status and JSON.
import { spawnSync } from 'node:child_process';
import { PROMTOOL_CASES, API_CASES } from './cases.mjs';

/** Runs promtool `query <sub> <server> …args`; returns its exit code and output. */
export function promtool(bin, base, [sub, ...args]) {
  const r = spawnSync(bin, ['query', sub, base, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/\d+\.\d+\.\d+\.\d+:\d+/g, 'HOST') };
}

/** Masks what legitimately differs between two servers: timings in `stats`. */
function masked(body) {
  if (body?.data?.stats?.timings) for (const k of Object.keys(body.data.stats.timings)) body.data.stats.timings[k] = 0;
  return body;
}

/** Sends one API request; returns its status and parsed JSON (or text). */
export async function apiCall(base, [method, path, params]) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) q.append(k, v);
  const r = method === 'GET'
    ? await fetch(`${base}${path}?${q}`)
    : await fetch(`${base}${path}`, { method, body: q, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const text = await r.text();
  let body;
  try {
    body = masked(JSON.parse(text));
  } catch {
    body = text;
  }
  return { status: r.status, body };
}

/**
 * parse_query keys that Prometheus `main` (our reference) has and 3.5.3 lacks: where the other
 * server's tree has no such key, ours is compared without it.
 */
const MAIN_ONLY_KEYS = new Set(['offsetExpr', 'rangeExpr', 'stepExpr', 'anchored', 'smoothed', 'fillValues']);

function withoutMainOnlyKeys(ours, theirs) {
  if (Array.isArray(ours) && Array.isArray(theirs)) return ours.map((v, i) => withoutMainOnlyKeys(v, theirs[i]));
  if (!ours || typeof ours !== 'object' || !theirs || typeof theirs !== 'object') return ours;
  return Object.fromEntries(Object.entries(ours)
    .filter(([k]) => !(MAIN_ONLY_KEYS.has(k) && !(k in theirs)))
    .map(([k, v]) => [k, withoutMainOnlyKeys(v, theirs[k])]));
}

/** Same JSON, with object keys in any order but arrays in order. */
function sameJSON(a, b) {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

/**
 * Compares every case. `known` maps a case's JSON to the reason a difference is expected; such
 * cases are reported as known rather than as disagreements. Returns the per-case results.
 */
export async function compareServers({ promtoolBin, prometheusBase, oursBase, known = {} }) {
  const results = [];
  for (const c of PROMTOOL_CASES) {
    const theirs = promtool(promtoolBin, prometheusBase, c);
    const ours = promtool(promtoolBin, oursBase, c);
    const same = theirs.code === ours.code && theirs.stdout === ours.stdout && theirs.stderr === ours.stderr;
    results.push({ kind: 'promtool', case: c, same, known: known[JSON.stringify(c)], theirs, ours });
  }
  for (const c of API_CASES) {
    const theirs = await apiCall(prometheusBase, c);
    const ours = await apiCall(oursBase, c);
    if (c[1] === '/api/v1/parse_query') ours.body = withoutMainOnlyKeys(ours.body, theirs.body);
    const same = theirs.status === ours.status && sameJSON(theirs.body, ours.body);
    results.push({ kind: 'api', case: c, same, known: known[JSON.stringify(c)], theirs, ours });
  }
  return results;
}
