// promql-ts/server: Prometheus's HTTP API as a web-standard handler, and its Node adapter.
// Runs anywhere `Request`/`Response` exist; the Node adapter is `promql-ts/server/node`.
export { createPrometheusAPI, DEFAULT_BUILD_INFO } from './api.js';
export type { Handler, PrometheusAPIOptions, BuildInfo } from './api.js';
export { ApiError } from './errors.js';
export type { ApiErrorType } from './errors.js';
export { metadataFromExposition } from './metadata.js';
export type { MetricMetadata, MetadataSource } from './metadata.js';
export { memoryStaticFiles, safeStaticPath } from './static.js';
export type { StaticFiles, StaticFile } from './static.js';
export { translateAST } from './parse-query.js';
export type { Json } from './parse-query.js';
