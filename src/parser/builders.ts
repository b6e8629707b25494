// AST construction helpers used by the grammar's actions: attaching offset, `@` and
// anchored/smoothed modifiers, with the errors Prometheus raises while building (parse.go).
import type {
  AtModifier, DurationExpr, Expr, MatrixSelector, Pos, SubqueryExpr, TimeModifiers, VectorSelector,
} from './ast.js';
import { formatFloatFixed6 } from '../util/go-format.js';
import { goRound } from '../util/go-numbers.js';

/** Collects errors in the order they are found (Prometheus shows the first). */
export type ErrorSink = (message: string, pos: Pos) => void;

type Modifiable = VectorSelector | MatrixSelector | SubqueryExpr;

function timeTarget(e: Expr, err: ErrorSink, what: 'offset' | '@'): Modifiable | null {
  if (e.type === 'VectorSelector' || e.type === 'SubqueryExpr') return e;
  if (e.type === 'MatrixSelector') {
    if (e.vectorSelector.type !== 'VectorSelector') {
      err('ranges only allowed for vector selectors', e.pos);
      return null;
    }
    return e;
  }
  const msg = what === 'offset'
    ? 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery'
    : '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery';
  err(msg, e.pos);
  return null;
}

/** The selector holding offset/@ for a node (the inner selector for a matrix selector). */
function holder(t: Modifiable): VectorSelector | SubqueryExpr {
  return t.type === 'MatrixSelector' ? (t.vectorSelector as VectorSelector) : t;
}

/** Rebuilds a node with new time modifiers and a new end position. */
function withTime(t: Modifiable, patch: Partial<TimeModifiers>, end: number): Expr {
  if (t.type === 'MatrixSelector') {
    const vs = t.vectorSelector as VectorSelector;
    return { ...t, vectorSelector: { ...vs, ...patch }, pos: { start: t.pos.start, end } };
  }
  return { ...t, ...patch, pos: { start: t.pos.start, end } };
}

/** `expr offset <literal or duration expression>` (Prometheus `addOffset` / `addOffsetExpr`). */
export function applyOffset(e: Expr, offsetMs: number, expr: DurationExpr | null, end: number, err: ErrorSink): Expr {
  const t = timeTarget(e, err, 'offset');
  if (!t) return e;
  const h = holder(t);
  if (h.offset !== 0 || h.offsetExpr !== null) {
    err('offset may not be set multiple times', e.pos);
    return e;
  }
  return withTime(t, expr ? { offsetExpr: expr } : { offset: offsetMs }, end);
}

/** `expr @ <timestamp | start() | end()>` (Prometheus `setTimestamp` / `setAtModifierPreprocessor`). */
export function applyAt(e: Expr, at: AtModifier | { seconds: number }, end: number, err: ErrorSink): Expr {
  let value: AtModifier;
  if (typeof at === 'object') {
    const ts = at.seconds;
    if (!Number.isFinite(ts) || ts >= 9223372036854775807 || ts <= -9223372036854775808) {
      err(`timestamp out of bounds for @ modifier: ${formatFloatFixed6(ts)}`, e.pos);
    }
    value = goRound(ts * 1000);
  } else {
    value = at;
  }
  const t = timeTarget(e, err, '@');
  if (!t) return e;
  if (holder(t).at !== null) {
    err('@ <timestamp> may not be set multiple times', e.pos);
    return e;
  }
  return withTime(t, { at: value }, end);
}

/** `expr anchored` / `expr smoothed` (Prometheus `setAnchored` / `setSmoothed`). */
export function applyExtended(
  e: Expr, which: 'anchored' | 'smoothed', enabled: boolean, end: number, err: ErrorSink,
): Expr {
  if (!enabled) {
    err(`${which} modifier is experimental and not enabled`, e.pos);
    return e;
  }
  const other = which === 'anchored' ? 'smoothed' : 'anchored';
  const patch = { [which]: true } as Partial<VectorSelector>;
  switch (e.type) {
    case 'VectorSelector':
      if (e[other]) err('anchored and smoothed modifiers cannot be used together', e.pos);
      return { ...e, ...patch, pos: { start: e.pos.start, end } };
    case 'MatrixSelector': {
      if (e.vectorSelector.type !== 'VectorSelector') return e;
      const vs = e.vectorSelector;
      if (vs[other]) err('anchored and smoothed modifiers cannot be used together', e.pos);
      return { ...e, vectorSelector: { ...vs, ...patch }, pos: { start: e.pos.start, end } };
    }
    case 'SubqueryExpr':
      err(`${which} modifier is not supported for subqueries`, e.pos);
      return e;
    default:
      err(`${which} modifier not implemented`, e.pos);
      return e;
  }
}

/** `expr[range]`: checks that `expr` is a plain vector selector (Prometheus `matrix_selector`). */
export function checkRangeTarget(e: Expr, bracketPos: Pos, err: ErrorSink): void {
  let msg = '';
  if (e.type !== 'VectorSelector') msg = 'ranges only allowed for vector selectors';
  else if (e.offset !== 0 || e.offsetExpr !== null) msg = 'no offset modifiers allowed before range';
  else if (e.at !== null) msg = 'no @ modifiers allowed before range';
  if (msg) err(msg, bracketPos);
}
