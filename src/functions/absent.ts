// absent(): one sample with value 1 at the steps where the argument has no sample, labelled from
// the argument's equality matchers (Prometheus `createLabelsForAbsentFunction`).
import type { Expr, LabelMatcher } from '../parser/ast.js';
import { matcherMatches } from '../parser/labels.js';
import { labelsFrom, METRIC_NAME, type Labels, EMPTY_LABELS } from '../storage/labels.js';
import { unwrapParens } from '../parser/walk.js';
import type { StepSeries, VectorValue } from '../eval/values.js';
import type { FunctionImpl } from './types.js';
import { f64, u8 } from '../util/slab.js';

/**
 * Labels for absent()/absent_over_time(): each label with one `=` matcher, in matcher order; a
 * label also named by any other matcher is left out. Not a selector (or a subquery): no labels.
 */
export function absentLabels(arg: Expr): Labels {
  // Evaluation in batches of steps asks again for the same argument.
  let out = labelsOfArg.get(arg);
  if (out === undefined) labelsOfArg.set(arg, (out = labelsFor(arg)));
  return out;
}

const labelsOfArg = new WeakMap<Expr, Labels>();

function labelsFor(arg: Expr): Labels {
  let e = unwrapParens(arg);
  if (e.type === 'MatrixSelector') e = unwrapParens(e.vectorSelector);
  if (e.type !== 'VectorSelector') return EMPTY_LABELS;
  const out = new Map<string, string>();
  const has = new Set<string>();
  for (const m of postingsOrder(e.matchers)) {
    if (m.name === METRIC_NAME) continue;
    if (m.op === '=' && !has.has(m.name)) {
      out.set(m.name, m.value);
      has.add(m.name);
    } else {
      out.delete(m.name);
    }
  }
  return labelsFrom(out);
}

/**
 * Prometheus compatibility: the TSDB reorders a selector's matchers in place when it looks up
 * postings (`PostingsForMatchers`: a stable partition, "intersecting" matchers before
 * "subtracting" ones), and absent() reads them afterwards. So `x{a!="1", a="2"}` loses label a
 * as `x{a="2", a!="1"}` does. (On a TSDB with no data at all in the range the lookup, and so the
 * reordering, does not happen; we always reorder.)
 */
function postingsOrder(ms: readonly LabelMatcher[]): LabelMatcher[] {
  const mustBeSet = new Set(ms.filter((m) => !matcherMatches(m.op, m.value, '')).map((m) => m.name));
  const subtracting = (m: LabelMatcher) =>
    !mustBeSet.has(m.name) || ((m.op === '!=' || m.op === '!~') && matcherMatches(m.op, m.value, ''));
  return [...ms.filter((m) => !subtracting(m)), ...ms.filter(subtracting)];
}

/**
 * A vector with value 1 at the steps none of `series` is present, labelled for absent(); empty if
 * every step is covered.
 */
export function absentVector(series: readonly StepSeries[], steps: number, labels: Labels, dropName: boolean): VectorValue {
  // Plain loops rather than the typed arrays' fill and indexOf, which V8 runs in C++: their calls
  // cost more than these few thousand elements (more so in a cold query).
  const present = u8(steps);
  // 1 where some series has a sample…
  for (const s of series) {
    const p = s.present;
    for (let i = 0; i < steps; i++) if (p[i]) present[i] = 1;
  }
  // …then flipped: 1 where none has one.
  let absent = 0;
  for (let i = 0; i < steps; i++) {
    const a = present[i] ^ 1;
    present[i] = a;
    absent += a;
  }
  if (absent === 0) return { type: 'vector', series: [] };
  const values = f64(steps);
  for (let i = 0; i < steps; i++) values[i] = 1;
  return { type: 'vector', series: [{ labels, values, present, dropName }] };
}

/** `absent(v)`. */
export const absentFn: FunctionImpl = ({ call, args, grid }) =>
  absentVector((args[0] as VectorValue).series, grid.steps, absentLabels(call.args[0]), false);
