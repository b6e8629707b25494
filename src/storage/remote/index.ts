// The remote storages: Prometheus-compatible servers as Storage (remote read, HTTP API), and the
// remote-read wire format for anything that serves or inspects it.
export { RemoteReadStorage, toQuery, STREAMED_CONTENT_TYPE, PROTOBUF_CONTENT_TYPE } from './remote-read-storage.js';
export type { RemoteReadOptions } from './remote-read-storage.js';
export { PrometheusAPIStorage, selectorText } from './api-storage.js';
export type { PrometheusAPIOptions } from './api-storage.js';
export type { HttpOptions } from './http.js';
export { RemoteStorageError } from './errors.js';
export type { RemoteErrorReason } from './errors.js';
export * from './wire.js';
export { answerReadRequest, negotiate, toPbHistogram, ReadRequestError } from './read-handler.js';
export type { ReadAnswer, ReadHandlerOptions } from './read-handler.js';
export { liveChecks, scrapeInterval } from './live-checks.js';
export type { LiveFinding, LiveCheckOptions } from './live-checks.js';
