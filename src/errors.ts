// Typed errors. Every error promql-ts raises is a PromQLError with a `kind`; parse errors carry
// every problem found, each with its position.
import type { Pos } from './parser/ast.js';

/** The kinds of errors promql-ts raises. */
export type ErrorKind = 'parse' | 'eval' | 'storage' | 'limit' | 'unsupported' | 'cancelled' | 'timeout' | 'data' | 'options';

/** Base class of all promql-ts errors. */
export class PromQLError extends Error {
  constructor(readonly kind: ErrorKind, message: string, readonly pos: Pos | null = null) {
    super(message);
    this.name = new.target.name;
  }

  /**
   * Gives an error raised without a position the position of the expression it concerns (the
   * evaluator knows which operator raised it). Returns the error itself.
   * @internal
   */
  placeAt(pos: Pos): this {
    if (this.pos === null) (this as { pos: Pos | null }).pos = pos;
    return this;
  }
}

/** One problem found in a query, with Prometheus's wording and position. */
export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  /** The message without position, e.g. `unexpected end of input`. */
  message: string;
  /** UTF-16 range in the query. */
  pos: Pos;
  /** 1-based line of `pos.start`. */
  line: number;
  /** 1-based column of `pos.start` in UTF-8 bytes (as Prometheus counts). */
  column: number;
  /** Prometheus's full text: `1:5: parse error: …`. */
  text: string;
}

/** A query that does not parse or type-check. `message` is Prometheus's text for the first problem. */
export class ParseError extends PromQLError {
  constructor(readonly diagnostics: Diagnostic[]) {
    super('parse', diagnostics[0]?.text ?? 'parse error', diagnostics[0]?.pos ?? null);
  }
}

/** An error raised while evaluating (Prometheus's `execution` errors). */
export class EvalError extends PromQLError {
  constructor(message: string, pos: Pos | null = null) {
    super('eval', message, pos);
  }
}

/** A storage implementation failed. */
export class StorageError extends PromQLError {
  constructor(message: string, override readonly cause?: unknown) {
    super('storage', message);
  }
}

/** The ways a storage can break the `Storage.select` contract (see `src/storage/contract.ts`). */
export type StorageBreach =
  | 'not-a-series'
  | 'bad-labels'
  | 'bad-arrays'
  | 'length-mismatch'
  | 'bad-timestamp'
  | 'unordered-timestamps'
  | 'bad-value'
  | 'duplicate-series';

/** A storage returned data that breaks the `Storage.select` contract; `series` names the series. */
export class StorageContractError extends StorageError {
  constructor(readonly breach: StorageBreach, message: string, readonly series: string) {
    super(message);
  }
}

/** A query limit was exceeded: max samples (`kind` "limit") or the timeout (`kind` "timeout"). */
export class LimitError extends PromQLError {
  constructor(message: string, kind: 'limit' | 'timeout' = 'limit') {
    super(kind, message);
  }
}

/** The query was cancelled through its AbortSignal. */
export class CancelledError extends PromQLError {
  constructor(message: string) {
    super('cancelled', message);
  }
}

/** A feature this version of promql-ts does not implement. Never a silently wrong answer. */
export class UnsupportedError extends PromQLError {
  constructor(message: string, pos: Pos | null = null) {
    super('unsupported', message, pos);
  }
}

/** Malformed fixture data (exposition text, JSON series, series notation), with its place. */
export class DataError extends PromQLError {
  constructor(message: string, readonly file: string, readonly line: number, readonly column: number) {
    super('data', `${file}:${line}:${column}: ${message}`);
  }
}

/**
 * A nonsensical engine option or query parameter (negative lookback, `time = 1e300`, a step of 0, …).
 * `option` names it as the API does (`lookbackDelta`, `time`, `start`, `end`, `step`, …).
 */
export class OptionsError extends PromQLError {
  constructor(readonly option: string, message: string) {
    super('options', message);
  }
}
