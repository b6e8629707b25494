// Native-histogram building blocks shared by the value type, the loaders and the engine: bucket
// spans, counter-reset hints and the schema constants.

/** A run of consecutive buckets: `offset` buckets after the previous span's end, `length` buckets long. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

/**
 * What a sample says about counter resets (Prometheus's `CounterResetHint`): unknown, a reset
 * happened, no reset happened, or the histogram is a gauge.
 */
export type CounterResetHint = 'unknown' | 'reset' | 'not_reset' | 'gauge';

/** The schema of custom-bucket histograms (NHCB): bounds in `customValues`. */
export const CUSTOM_BUCKETS_SCHEMA = -53;
/** Smallest and largest exponential schema. */
export const EXPONENTIAL_SCHEMA_MIN = -4;
export const EXPONENTIAL_SCHEMA_MAX = 8;

/** Whether `schema` is the custom-buckets schema. */
export function isCustomBucketsSchema(schema: number): boolean {
  return schema === CUSTOM_BUCKETS_SCHEMA;
}

/** Whether `schema` is a valid exponential schema. */
export function isExponentialSchema(schema: number): boolean {
  return Number.isInteger(schema) && schema >= EXPONENTIAL_SCHEMA_MIN && schema <= EXPONENTIAL_SCHEMA_MAX;
}
