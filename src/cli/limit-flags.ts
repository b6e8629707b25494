// `--timeout` and `--max-samples`: parsed into the engine's `timeoutMs` and `maxSamples`, with an
// OptionsError naming the flag for a bad value (the CLI reports it as a usage error, exit 2).
import { OptionsError } from '../errors.js';
import { parseDurationArg } from '../util/times.js';

/** The engine limits given on the command line; absent flags leave the engine's defaults. */
export interface LimitFlags {
  readonly timeoutMs?: number;
  readonly maxSamples?: number;
}

/**
 * Parses `--timeout` (a duration such as `30s`, `1m30s` or float seconds, or `inf` / `infinity`
 * for none) and `--max-samples` (a positive integer). Throws OptionsError (`option` is the flag).
 */
export function parseLimitFlags(flags: { timeout?: string; maxSamples?: string }): LimitFlags {
  let timeoutMs: number | undefined;
  if (flags.timeout !== undefined) {
    const bad = (): never => {
      throw new OptionsError('--timeout', `--timeout must be a positive duration (30s, 1m30s, 0.5) or inf, got ${JSON.stringify(flags.timeout)}`);
    };
    if (/^\+?inf(inity)?$/i.test(flags.timeout)) timeoutMs = Infinity;
    else {
      try {
        timeoutMs = parseDurationArg(flags.timeout);
      } catch {
        bad();
      }
      if (!(timeoutMs! > 0)) bad();
    }
  }
  let maxSamples: number | undefined;
  if (flags.maxSamples !== undefined) {
    maxSamples = /^\d+$/.test(flags.maxSamples) ? Number(flags.maxSamples) : NaN;
    if (!Number.isSafeInteger(maxSamples) || maxSamples <= 0) {
      throw new OptionsError('--max-samples', `--max-samples must be a positive integer, got ${JSON.stringify(flags.maxSamples)}`);
    }
  }
  return { ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(maxSamples !== undefined ? { maxSamples } : {}) };
}
