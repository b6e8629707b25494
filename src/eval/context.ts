// Evaluation context: the time grid of the node being evaluated, the plan, engine settings,
// annotations, the sample limit and cancellation.
import type { Plan } from './prepare.js';
import type { Annotations } from './annotations.js';
import { CancelledError, LimitError } from '../errors.js';

/** Engine settings the evaluator reads. */
export interface EvalSettings {
  readonly lookbackDelta: number;
  readonly delayedNameRemoval: boolean;
  readonly maxSamples: number;
  /** Use samples' start timestamps in rate/increase/irate/resets (Prometheus `use-start-timestamps`). */
  readonly useStartTimestamps: boolean;
}

/** Shared state of one query's evaluation. */
export class EvalContext {
  private samples = 0;
  private ticks = 0;

  constructor(
    readonly query: string,
    readonly plan: Plan,
    readonly settings: EvalSettings,
    readonly annotations: Annotations,
    private readonly signal: AbortSignal,
  ) {}

  /** Throws if the query was cancelled or timed out. Cheap enough to call in loops. */
  checkCancelled(): void {
    if ((++this.ticks & 255) !== 0 && this.ticks !== 1) return;
    if (this.signal.aborted) throw asCancelError(this.signal.reason, 'expression evaluation');
  }

  /** Accounts for samples held in memory; throws LimitError beyond `maxSamples`. */
  addSamples(n: number): void {
    this.samples += n;
    if (this.samples > this.settings.maxSamples) {
      throw new LimitError('query processing would load too many samples into memory in query execution');
    }
  }

  /** Releases accounted samples. */
  releaseSamples(n: number): void {
    this.samples -= n;
  }
}

/** Converts an abort reason into Prometheus's timeout/cancel error. */
export function asCancelError(reason: unknown, env: string): Error {
  if (reason instanceof CancelledError || reason instanceof LimitError) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') return new LimitError(`query timed out in ${env}`, 'timeout');
  return new CancelledError(`query was canceled in ${env}`);
}
