// The values Go's text/template passes around while an alert template runs, as TypeScript holds
// them, with the Go type names fmt prints for them (`%T`, bad-verb and EXTRA forms).

/** A sample returned by the template function `query` (Prometheus's `*template.sample`). */
export interface QuerySample {
  readonly labels: ReadonlyMap<string, string>;
  readonly value: number;
}

/** The data an alert template is expanded with (the template's dot). */
export interface AlertTemplateData {
  readonly labels: Readonly<Record<string, string>>;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly value: number;
}

/** A Go `int` (template integer constants, `len`, range indexes): 64 bits, so a bigint. */
export interface GoInt {
  readonly int: bigint;
}

/**
 * A Go value as templates see it: float64 (number), int, string, bool, map[string]string,
 * `*template.sample`, `template.queryResult`, the alert data struct, or nil.
 */
export type Value = number | GoInt | string | boolean | ReadonlyMap<string, string> | QuerySample | QuerySample[] | AlertTemplateData | null;

export const isInt = (v: unknown): v is GoInt => !!v && typeof v === 'object' && 'int' in v;
export const isAlertData = (v: unknown): v is AlertTemplateData => !!v && typeof v === 'object' && 'externalLabels' in v;
export const isSample = (v: unknown): v is QuerySample => !!v && typeof v === 'object' && 'labels' in v && 'value' in v && !('externalLabels' in v);

/** Go's type name of the struct Prometheus passes as the alert template's data. */
export const ALERT_DATA_TYPE = 'struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }';

/** Go's `%T` of a template value. */
export function goTypeName(v: Value): string {
  if (v === null) return '<nil>';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof Map) return 'map[string]string';
  if (Array.isArray(v)) return 'template.queryResult';
  if (isInt(v)) return 'int';
  if (isAlertData(v)) return ALERT_DATA_TYPE;
  return '*template.sample';
}
