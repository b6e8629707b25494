// limit_ratio's sampling: each series' place in [0, 1) from a hash of its labels (Prometheus
// `HashRatioSampler`), and the ratio parameter's checks.
import type { AggregateExpr } from '../../parser/ast.js';
import { EvalError } from '../../errors.js';
import { formatFloatG } from '../../util/go-format.js';
import { xxhash64 } from '../../util/xxhash64.js';
import type { Labels } from '../../storage/labels.js';
import { unwrapParens } from '../../parser/walk.js';
import type { EvalContext } from '../context.js';
import type { ParamStats } from './accumulator.js';

const MAX_U64 = 18446744073709551615;
const encoder = new TextEncoder();

/** Prometheus's `HashRatioSampler` offset: xxhash64 of the stringlabels encoding / MaxUint64. */
export function ratioOffset(ls: Labels): number {
  const parts: number[] = [];
  const put = (s: string) => {
    const b = encoder.encode(s);
    if (b.length < 255) parts.push(b.length);
    else parts.push(255, b.length & 255, (b.length >> 8) & 255, (b.length >> 16) & 255);
    for (const x of b) parts.push(x);
  };
  for (const l of ls) {
    put(l.name);
    put(l.value);
  }
  return Number(xxhash64(Uint8Array.from(parts))) / MAX_U64;
}

export function checkRatio(ctx: EvalContext, e: AggregateExpr, p: ParamStats): boolean {
  if (p.max === 0 && p.min === 0) return false;
  if (p.hasNaN) throw new EvalError('Ratio value is NaN', e.pos);
  const pos = unwrapParens(e.param!).pos;
  if (p.max > 1) ctx.annotations.warn(`ratio value should be between -1 and 1, got ${formatFloatG(p.max)}, capping to 1`, pos);
  if (p.min < -1) ctx.annotations.warn(`ratio value should be between -1 and 1, got ${formatFloatG(p.min)}, capping to -1`, pos);
  return true;
}
