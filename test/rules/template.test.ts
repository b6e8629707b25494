// Alert template expansion: the functions and forms alert rules use, Go's formatting of values,
// and the errors for what is not supported. Values checked against promtool 3.5.3.
import { describe, expect, test } from 'vitest';
import { expandAlertTemplate } from '../../src/rules/template.js';
import { humanize, humanizeDuration, humanizePercentage, humanize1024, humanizeTimestamp } from '../../src/rules/humanize.js';

const data = (value: number, labels: Record<string, string> = { job: 'api', instance: 'a:9090' }) => ({ labels, externalLabels: { env: 'prod' }, externalURL: 'https://prom.example.com/prometheus', value });

describe('alert templates', () => {
  test.each([
    ['{{ $labels.job }} on {{ .Labels.instance }}', 'api on a:9090'],
    ['{{ $value }}', '1e+06'],
    ['{{ $value | humanize }}', '1M'],
    ['{{ printf "%.1f" $value }}', '1000000.0'],
    ['{{ if gt $value 10.0 }}big{{ else }}small{{ end }}', 'big'],
    ['{{ $labels.missing }}|', '|'],
    ['{{- " x " -}}|', ' x |'],
    ['{{ $externalLabels.env }} {{ $externalURL }} {{ pathPrefix }}', 'prod https://prom.example.com/prometheus /prometheus'],
    ['{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}', 'instance=a:9090;job=api;'],
    ['{{ reReplaceAll "(\\\\w+):(\\\\d+)" "${2}@$1" $labels.instance }}', '9090@a'],
    ['{{ $labels.instance | stripPort | toUpper }}', 'A'],
  ])('%s', async (text, want) => {
    expect(await expandAlertTemplate('A', text, data(1e6))).toBe(want);
  });

  test('errors are expanded into the text, as Prometheus does', async () => {
    expect(await expandAlertTemplate('A', '{{ humanise $value }}', data(1))).toBe('<error expanding template: template: __alert_A: function "humanise" not defined>');
    expect(await expandAlertTemplate('A', '{{ graphLink "up" }}', data(1))).toContain('is not supported by promql-ts alert templates');
    // Failures while running are framed as Go's text/template frames them, with the position
    // counted in the template Prometheus builds (112 bytes of variable definitions come first).
    const framed = (at: string, node: string, msg: string) =>
      `<error expanding template: error executing template __alert_A: template: __alert_A:${at}: executing "__alert_A" at <${node}>: ${msg}>`;
    expect(await expandAlertTemplate('A', '{{ gt $value 1 }}', data(1)))
      .toBe(framed('1:115', 'gt $value 1', 'error calling gt: incompatible types for comparison: float64 and int'));
    expect(await expandAlertTemplate('A', 'high:\n  {{ $value | humanizeTimestamp }}', data(1e20)))
      .toBe(framed('2:14', 'humanizeTimestamp', 'error calling humanizeTimestamp: 1e+20 cannot be represented as a nanoseconds timestamp since it overflows int64'));
    expect(await expandAlertTemplate('A', '{{ "abc" | humanize }}', data(1)))
      .toBe(framed('1:123', 'humanize', 'error calling humanize: strconv.ParseFloat: parsing "abc": invalid syntax'));
    expect(await expandAlertTemplate('A', '{{ humanize }}', data(1)))
      .toBe(framed('1:115', 'humanize', 'wrong number of args for humanize: want 1 got 0'));
    expect(await expandAlertTemplate('A', '{{ with $labels }}{{ first (query "x") }}{{ end }}', data(1), { query: async () => [] }))
      .toBe(framed('1:133', 'first (query "x")', 'error calling first: first() called on vector with no elements'));
    expect(await expandAlertTemplate('A', '{{ $labels.job', data(1))).toBe('<error expanding template: template: __alert_A:1: unclosed action>');
  });

  test('query runs through the provided engine', async () => {
    const env = { query: async () => [{ labels: new Map([['job', 'db']]), value: 3 }] };
    expect(await expandAlertTemplate('A', '{{ with query "up" }}{{ . | first | label "job" }}={{ . | first | value }}{{ end }}', data(1), env)).toBe('db=3');
    expect(await expandAlertTemplate('A', '{{ query "up" | first }}', data(1), { query: async () => [] })).toContain('first() called on vector with no elements');
  });
});

describe('humanize functions', () => {
  test.each([
    [humanize, 0.0123, '12.3m'], [humanize, 123456.789, '123.5k'], [humanize, -2, '-2'], [humanize, 0, '0'], [humanize, NaN, 'NaN'],
    [humanize1024, 123456.789, '120.6ki'], [humanize1024, 0.5, '0.5'],
    [humanizePercentage, 0.0123, '1.23%'], [humanizePercentage, 1234.5, '1.234e+05%'],
    [humanizeDuration, 123456.789, '1d 10h 17m 36s'], [humanizeDuration, 5400, '1h 30m 0s'], [humanizeDuration, 0.0123, '12.3ms'], [humanizeDuration, -2, '-2s'], [humanizeDuration, 0, '0s'],
    [humanizeTimestamp, 0.0123, '1970-01-01 00:00:00.012 +0000 UTC'], [humanizeTimestamp, -2, '1969-12-31 23:59:58 +0000 UTC'],
  ] as const)('%o(%s) = %s', (f, v, want) => {
    expect((f as (x: number) => string)(v)).toBe(want);
  });
});

describe('template robustness', () => {
  test('any text expands to a string or an error string, never a throw', async () => {
    const { default: fc } = await import('fast-check');
    const frag = fc.oneof(
      fc.constantFrom('{{', '}}', '{{-', '-}}', ' if ', ' else ', ' end ', ' range ', ' with ', '$labels', '.Labels.x', '$value', '|', 'humanize', 'printf "%d"', '(', ')', '"', '`', ':=', '$x', ' eq 1 1 '),
      fc.string({ maxLength: 6 }),
    );
    await fc.assert(fc.asyncProperty(fc.array(frag, { maxLength: 20 }).map((p) => p.join('')), async (text) => {
      const out = await expandAlertTemplate('A', text, data(1.5));
      expect(typeof out).toBe('string');
    }), { numRuns: Number(process.env.PROMQL_PROPERTY_RUNS ?? 300) });
  });
});
