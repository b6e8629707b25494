// Errors raised by native-histogram operations, each with a `kind` naming the problem and
// Prometheus's wording (model/histogram's Err… values), so the engine can turn them into its own.

/** The kinds of {@link HistogramError}. */
export type HistogramErrorKind =
  /** Exponential and custom-bucket (NHCB) histograms mixed in one operation. */
  | 'incompatible-schema'
  /** A schema outside −4…8 and not −53. */
  | 'invalid-schema'
  /** A span after the first has a negative offset. */
  | 'negative-span-offset'
  /** Spans and bucket arrays disagree on the number of buckets. */
  | 'spans-buckets-mismatch'
  /** A bucket (or the zero bucket) holds a negative count. */
  | 'negative-bucket-count'
  /** The observation count is negative. */
  | 'negative-count'
  /** Custom bounds: NaN, infinite, not strictly increasing, or too few for the spans. */
  | 'custom-bounds'
  /** A custom-bucket histogram uses fields only exponential ones may (zero bucket, negative side), or the reverse. */
  | 'custom-buckets-fields'
  /** A schema change that cannot be made (raising the resolution, to or from custom buckets). */
  | 'schema-change';

/** An operation on native histograms that cannot be carried out. */
export class HistogramError extends Error {
  constructor(readonly kind: HistogramErrorKind, message: string) {
    super(message);
    this.name = 'HistogramError';
  }
}

/** Prometheus's ErrHistogramsIncompatibleSchema text. */
export const INCOMPATIBLE_SCHEMA_MESSAGE =
  'cannot apply this operation on histograms with a mix of exponential and custom bucket schemas';

/** The error `add`, `sub` and `kahanAdd` raise for a mix of exponential and custom buckets. */
export function incompatibleSchemaError(): HistogramError {
  return new HistogramError('incompatible-schema', INCOMPATIBLE_SCHEMA_MESSAGE);
}
