// label_replace and label_join: rewrite the labels of whole series (not per step), then merge
// series that became identical, failing where two of them have a sample at the same step.
import type { RE2JS } from 're2js';
import type { Call } from '../parser/ast.js';
import { EvalError } from '../errors.js';
import { compileAnchoredRegex, isValidUtf8LabelName } from '../parser/labels.js';
import { getLabel, METRIC_NAME, setLabel, type Labels } from '../storage/labels.js';
import { mergeSameLabels } from './support/output.js';
import type { StepSeries, StringValue, VectorValue } from '../eval/values.js';
import type { FunctionImpl } from './types.js';
import { WeakCache } from '../util/split-maps.js';

function str(v: unknown): string {
  return (v as StringValue).value;
}

/** Go's `regexp.extract`: a `$name`/`${name}` reference at the start of s (after the `$`). */
function extractRef(s: string): { name: string; num: number; rest: string } | null {
  let i = 0;
  const brace = s[0] === '{';
  if (brace) i++;
  const start = i;
  while (i < s.length && /[\p{L}\p{Nd}_]/u.test(s[i])) i++;
  if (i === start) return null;
  const name = s.slice(start, i);
  if (brace) {
    if (s[i] !== '}') return null;
    i++;
  }
  let num = -1;
  // A number: digits only, no leading zero, at most nine digits (Go stops at 1e8 before the last one).
  if (/^\d+$/.test(name) && !(name.length > 1 && name[0] === '0') && name.length <= 9) num = Number(name);
  return { name, num, rest: s.slice(i) };
}

/**
 * Go's `Regexp.ExpandString`: `$1`, `${1}`, `$name`, `${name}`, `$$`; a name takes the longest
 * run of letters, digits and `_` (so `$1x` names group "1x"); unknown groups expand to "".
 */
export function expandTemplate(template: string, re: RE2JS, groups: (string | null)[]): string {
  const named = re.namedGroups();
  let out = '';
  let rest = template;
  for (;;) {
    const at = rest.indexOf('$');
    if (at < 0) break;
    out += rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (rest[0] === '$') {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = extractRef(rest);
    if (!ref) {
      out += '$';
      continue;
    }
    rest = ref.rest;
    const idx = ref.num >= 0 ? ref.num : named[ref.name];
    if (idx !== undefined && idx < groups.length) out += groups[idx] ?? '';
  }
  return out + rest;
}

function withDestination(s: StepSeries, dst: string, labels: Labels): StepSeries {
  // Setting __name__ brings the name back: it is no longer to be dropped.
  return { ...s, labels, dropName: dst === METRIC_NAME ? false : s.dropName };
}

/**
 * Per call, the output labels of each input label set: evaluation in batches asks again and again,
 * and so does a dashboard running the same query over the same series (an engine keeps the tree of
 * a query it evaluated, call nodes included, see ParseCache). The labels are frozen, so sharing is safe.
 */
const relabelled = new WeakMap<Call, WeakCache<Labels, Labels>>();

/** The cached relabelling of one call (see {@link relabelled}). */
function relabelCache(call: Call): WeakCache<Labels, Labels> {
  let cache = relabelled.get(call);
  if (!cache) relabelled.set(call, (cache = new WeakCache()));
  return cache;
}

function relabel(cache: WeakCache<Labels, Labels>, labels: Labels, f: (ls: Labels) => Labels): Labels {
  let out = cache.get(labels);
  if (out === undefined) cache.set(labels, (out = f(labels)));
  return out;
}

/** `label_replace(v, dst, replacement, src, regex)`. */
export const labelReplaceFn: FunctionImpl = ({ args, call }) => {
  const [dst, repl, src, regex] = [str(args[1]), str(args[2]), str(args[3]), str(args[4])];
  let re: RE2JS;
  try {
    re = compileAnchoredRegex(regex);
  } catch {
    throw new EvalError(`invalid regular expression in label_replace(): ${regex}`);
  }
  if (!isValidUtf8LabelName(dst)) throw new EvalError(`invalid destination label name in label_replace(): ${dst}`);
  const cache = relabelCache(call);
  const series = (args[0] as VectorValue).series.map((s) => {
    const labels = relabel(cache, s.labels, (ls) => {
      const m = re.matcher(getLabel(ls, src));
      if (!m.matches()) return ls;
      const groups: (string | null)[] = [];
      for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i));
      return setLabel(ls, dst, expandTemplate(repl, re, groups));
    });
    return labels === s.labels ? s : withDestination(s, dst, labels);
  });
  return { type: 'vector', series: mergeSameLabels(series) };
};

/** `label_join(v, dst, separator, src…)`. */
export const labelJoinFn: FunctionImpl = ({ args, call }) => {
  const dst = str(args[1]);
  const sep = str(args[2]);
  const srcs = args.slice(3).map(str);
  for (const src of srcs) {
    if (!isValidUtf8LabelName(src)) throw new EvalError(`invalid source label name in label_join(): ${src}`);
  }
  if (!isValidUtf8LabelName(dst)) throw new EvalError(`invalid destination label name in label_join(): ${dst}`);
  const cache = relabelCache(call);
  const series = (args[0] as VectorValue).series.map((s) =>
    withDestination(s, dst, relabel(cache, s.labels, (ls) => setLabel(ls, dst, srcs.map((l) => getLabel(ls, l)).join(sep)))));
  return { type: 'vector', series: mergeSameLabels(series) };
};
