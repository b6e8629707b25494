/**
 * The engine API: parse, check, lint and format PromQL, evaluate it over any {@link Storage},
 * load fixtures, evaluate rule groups. Needs no Node built-ins, so it bundles for browsers.
 * Testing helpers (fixtures, `evaluate`, matchers, test scripts, the Storage contract suite) are
 * at `promql-ts/testing`.
 *
 * @module promql-ts
 */
// promql-ts public API: every export, grouped by topic. Nothing else is public.

// Parsing, checking, formatting.
export { parse, parseWithDiagnostics } from './parser/parse.js';
export { check } from './check/check-query.js';
export type { ParseResult, ParserOptions } from './parser/parse.js';
export { format } from './parser/format.js';
export type { FormatOptions } from './parser/format.js';
export { typeOf, documentedType } from './parser/types.js';
export type * from './parser/ast.js';

// Functions.
export { FUNCTION_SIGNATURES } from './parser/functions.js';
export type { FunctionSignature } from './parser/functions.js';

// Errors.
export {
  PromQLError, ParseError, EvalError, StorageError, StorageContractError, LimitError, CancelledError, UnsupportedError,
  DataError, OptionsError,
} from './errors.js';
export type { Diagnostic as ParseDiagnostic, ErrorKind, StorageBreach } from './errors.js';

// Evaluation.
export { Engine, PROMQLTEST_ENGINE_PRESET } from './eval/engine.js';
export type { EngineOptions, QueryOptions, RangeInput } from './eval/engine.js';
export { validateEngineOptions, validateQueryTimes, toTimeMs, MAX_QUERY_STEPS, MAX_QUERY_TIME_MS, MAX_TIMER_DELAY_MS } from './eval/options.js';
export type { ResolvedEngineOptions, QueryTimes, QueryTimesInput, QueryTimeLimits, TimeInput } from './eval/options.js';
export type { Explanation, ExplainNode, Analysis, RangeSpec } from './eval/explain.js';
export type { NodeStats } from './eval/driver.js';
export type { QueryResult, QueryValue, QueryStats, VectorSample, MatrixSeries, PrometheusJSONOptions } from './eval/result.js';
export { toPrometheusJSON, toPrometheusJSONText, formatSampleValue, formatTimestamp, toPlain } from './eval/result.js';
export type { PlainResult, PlainSample, PlainSeries } from './eval/result.js';
export type { Annotation } from './eval/annotations.js';

// Storage.
export type { Storage, Series, SeriesSet, SelectRequest, SelectHints, Matcher } from './storage/types.js';
export { MemoryStorage } from './storage/memory.js';
export type { SampleInput, MemoryStorageOptions } from './storage/memory.js';
export { SERVER_CHUNK_RANGE_MS, TEST_STORAGE_CHUNK_RANGE_MS } from './storage/histogram-chunks.js';
export { labelsFrom, labelsToObject, compareLabels, formatLabels, EMPTY_LABELS } from './storage/labels.js';
export type { Label, Labels } from './storage/labels.js';
export { STALE_NAN, isStaleNaN } from './storage/stale.js';
export { loadExposition } from './storage/load-exposition.js';
export type { ExpositionOptions } from './storage/load-exposition.js';
export { loadJSONSeries } from './storage/load-json.js';
export type { JSONSeriesOptions } from './storage/load-json.js';
export { loadTestSeries } from './storage/load-series.js';
export type { TestSeriesOptions } from './storage/load-series.js';
export type { AppendableStorage, HistogramInput, LabelsInput, LoadOptions } from './storage/appendable.js';
export { MAX_SERIES_POINTS, MAX_LOAD_POINTS } from './storage/series-notation.js';
export type { ExpansionLimits } from './storage/series-notation.js';
export { checkSeries, MAX_SAMPLE_TIMESTAMP_MS } from './storage/contract.js';
export type { CheckedRequest } from './storage/contract.js';

// Native histograms.
export { FloatHistogram } from './histogram/float-histogram.js';
export type { FloatHistogramInit, AddResult, KahanAddResult } from './histogram/float-histogram.js';
export type { Span, CounterResetHint } from './histogram/types.js';
export { CUSTOM_BUCKETS_SCHEMA } from './histogram/types.js';
export type { Bucket } from './histogram/bounds.js';
export type { BucketIterator } from './histogram/iterators.js';
export { HistogramError } from './histogram/errors.js';
export type { HistogramErrorKind } from './histogram/errors.js';
export { parseHistogram, formatHistogramLiteral, HistogramLiteralError } from './histogram/literal.js';

// Remote storages: evaluate over a Prometheus, Mimir, Cortex or Thanos server's data.
export { RemoteReadStorage, PrometheusAPIStorage, RemoteStorageError } from './storage/remote/index.js';
export type { RemoteReadOptions, PrometheusAPIOptions, HttpOptions, RemoteErrorReason } from './storage/remote/index.js';

// Checking rule files, dashboards and query files (`promql check`).
export { checkText, formatOf, defaultLintRules } from './check/check.js';
export { lintQuery } from './check/lint-query.js';
export type { LintQueryOptions } from './check/lint-query.js';
export type { CheckOptions, CheckFormat, FileCheck, CheckedQuery } from './check/check.js';
export type { Diagnostic, QueryPlace, Severity, FoundQuery } from './check/types.js';
export { LINT_RULES } from './check/lint.js';
export { MetricTypes } from './check/metric-types.js';
export type { MetricType, KnownType } from './check/metric-types.js';
export type { RuleFilesProbe } from './check/rule-test-file.js';
export type { LintRule } from './check/lint.js';
export { formatRuleFile } from './check/format-rules.js';
export type { FormattedRules } from './check/format-rules.js';

// Rules: reading rule groups from text, evaluation over time and alert templates. Reading rule
// files and running promtool-format unit tests needs the file system: see `promql-ts/testing`.
export type { RuleDef, GroupDef, ParseRuleGroupsOptions } from './rules/parse-groups.js';
export { parseRuleGroups, RuleLoadError } from './rules/parse-groups.js';
export { RuleGroupsEvaluator } from './rules/evaluator.js';
export type { Alert, RuleContext, RuleState, RuleGroupsEvaluatorOptions } from './rules/evaluator.js';
export type { RuleStorage } from './storage/appendable.js';
export { expandAlertTemplate } from './rules/template.js';
export type { AlertTemplateData, TemplateEnv, QuerySample } from './rules/template.js';
