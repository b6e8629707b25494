// What every endpoint handler sees: the engine, the storage behind it, parser options, the clock
// and the metric metadata, plus the request's parameters and signal.
import type { Engine } from '../eval/engine.js';
import type { ParserOptions } from '../parser/parse.js';
import type { Storage } from '../storage/types.js';
import type { MetadataSource } from './metadata.js';
import type { Params } from './params.js';

/** Shared by all requests to one API. */
export interface ApiContext {
  readonly engine: Engine;
  /** The storage the label and series endpoints list; null when only an engine was given. */
  readonly storage: Storage | null;
  readonly parser: ParserOptions;
  /** Current time in ms (the default `time` of an instant query). */
  readonly now: () => number;
  readonly metadata: MetadataSource;
}

/** One request as an endpoint handler sees it. */
export interface ApiRequest {
  readonly params: Params;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  /** Path parameters (`name` of `/api/v1/label/<name>/values`). */
  readonly pathParam?: string;
}

/** An endpoint: answers with a Response or throws an ApiError. */
export type Endpoint = (ctx: ApiContext, req: ApiRequest) => Promise<Response> | Response;
