// info(v, {…}): joins the data labels of info metrics (target_info by default) onto each series of
// v that shares their identifying labels (instance, job), as Prometheus's `evalInfo` does.
import { EvalError } from '../errors.js';
import type { LabelMatcher } from '../parser/ast.js';
import { matcherMatches } from '../parser/labels.js';
import { formatLabels, getLabel, labelsFrom, labelsToObject, METRIC_NAME, type Labels } from '../storage/labels.js';
import { unwrapParens } from '../parser/walk.js';
import { SeriesBuilder } from './support/output.js';
import type { StepSeries, VectorValue } from '../eval/values.js';
import type { FunctionImpl } from './types.js';

const IDENTIFYING = ['instance', 'job'];

/** The info metrics an `info()` call joins: its `__name__` matchers, `.+_info` when all are negative, else target_info. */
export function effectiveInfoNameMatchers(ms: readonly LabelMatcher[]): LabelMatcher[] {
  if (ms.some((m) => m.op === '=' || m.op === '=~')) return [...ms];
  if (ms.length > 0) return [{ name: '__name__', op: '=~', value: '.+_info' }, ...ms];
  return [{ name: '__name__', op: '=', value: 'target_info' }];
}

/** `name` plus the identifying labels a label set has: the key info series are matched on. */
function signature(name: string, ls: Labels): string {
  return JSON.stringify([name, ...IDENTIFYING.map((l) => getLabel(ls, l))]);
}

const matchesAll = (ms: readonly LabelMatcher[], value: string) => ms.every((m) => matcherMatches(m.op, m.value, value));

/**
 * `info()`. The evaluator passes the base vector as args[0] and, as args[1], the planned info
 * selector evaluated with each sample's own timestamp (seconds) as its value.
 */
export const infoFn: FunctionImpl = ({ call, args, grid }) => {
  const base = args[0] as VectorValue;
  const infoAll = args[1] as VectorValue;
  const selector = call.args[1] ? unwrapParens(call.args[1]) : null;
  const given = selector?.type === 'VectorSelector' ? selector.matchers : [];
  const nameMatchers = effectiveInfoNameMatchers(selector ? given.filter((m) => m.name === METRIC_NAME) : []);
  const dataMatchers = new Map<string, LabelMatcher[]>();
  for (const m of given) if (m.name !== METRIC_NAME) dataMatchers.set(m.name, [...(dataMatchers.get(m.name) ?? []), m]);

  // Info series are never enriched themselves.
  const ignored = base.series.map((s) => matchesAll(nameMatchers, getLabel(s.labels, METRIC_NAME)));
  // Prometheus selects info series only for identifying values some base series has.
  const idValues = new Map<string, Set<string>>();
  base.series.forEach((s, i) => {
    if (ignored[i]) return;
    for (const l of IDENTIFYING) {
      const v = getLabel(s.labels, l);
      if (v !== '') idValues.set(l, (idValues.get(l) ?? new Set()).add(v));
    }
  });
  const info = idValues.size === 0 ? [] : infoAll.series.filter((s) => [...idValues].every(([l, vs]) => vs.has(getLabel(s.labels, l))));
  const infoNames = [...new Set(info.map((s) => getLabel(s.labels, METRIC_NAME)))];
  const infoSigs = info.map((s) => signature(getLabel(s.labels, METRIC_NAME), s.labels));
  const baseSigs = base.series.map((s) => infoNames.map((n) => [n, signature(n, s.labels)] as const));
  const requireMatch = [...dataMatchers.values()].some((ms) => ms.some((m) => !matcherMatches(m.op, m.value, '')));

  // Prometheus compatibility: info() rejects two outputs with one label set at a step even when
  // name removal is delayed.
  const out = new SeriesBuilder(grid.steps, false);
  for (let step = 0; step < grid.steps; step++) {
    const bySig = new Map<string, { s: StepSeries; t: number }>();
    info.forEach((s, k) => {
      if (!s.present[step]) return;
      if (s.hist?.[step]) throw new EvalError('info sample should be float');
      const t = Math.round(s.values[step] * 1000);
      const existing = bySig.get(infoSigs[k]);
      if (!existing || existing.t < t) bySig.set(infoSigs[k], { s, t });
      else if (existing.t === t) {
        throw new EvalError(`found duplicate series for info metric: existing ${formatLabels(existing.s.labels)} @ ${existing.t}, new ${formatLabels(s.labels)} @ ${t}`);
      }
    });
    base.series.forEach((s, i) => {
      if (!s.present[step]) return;
      if (ignored[i]) {
        out.add(s.labels, s.dropName, step, s.values[step], s.hist?.[step]);
        return;
      }
      const baseLabels = labelsToObject(s.labels);
      const added = new Map<string, string>();
      let matched = 0;
      for (const [, sig] of baseSigs[i]) {
        const hit = bySig.get(sig);
        if (!hit) continue;
        matched++;
        for (const { name, value } of hit.s.labels) {
          if (name === METRIC_NAME) continue;
          if (dataMatchers.size > 0 && !dataMatchers.has(name)) continue;
          const prev = added.get(name);
          if (prev !== undefined && prev !== value) throw new EvalError(`conflicting label: ${name}`);
          if (name in baseLabels) continue;
          added.set(name, value);
        }
      }
      if (matched === 0 && requireMatch) return;
      out.add(added.size ? labelsFrom({ ...baseLabels, ...Object.fromEntries(added) }) : s.labels, s.dropName, step, s.values[step], s.hist?.[step]);
    });
  }
  return { type: 'vector', series: out.series };
};
