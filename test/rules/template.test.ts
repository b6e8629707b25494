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

// Go's fmt as promtool 3.5.3 applies it in alert templates. Every expected value below was printed
// by promtool for the same template and value (tools/differential/templates runs these and ~40,000
// more); each row is a difference the first differential run found in our printf/print.
const NAMED = { __name__: 'm', job: 'q"uote', instance: 'é 😀' };
const UNNAMED = { job: 'q"uote', instance: 'é 😀' };
const sample = { labels: new Map<string, string>(), value: 2 };

describe('printf, print and println as Go fmt', () => {
  test.each([
    ["{{ printf \"%+v|%#v|% v\" $value $value $value }}", 1.5, {}, "1.5|1.5| 1.5"],
    ["{{ printf \"%#g|%#.3g|%#.0g|%#08g\" $value $value $value $value }}", 1.5, {}, "1.50000|1.50|2.|01.50000"],
    ["{{ printf \"%.0g|%.g|%.0G\" $value $value $value }}", 1.5, {}, "2|2|2"],
    ["{{ printf \"%#.0f|%#.0e|%#.0E\" $value $value $value }}", 1.5, {}, "2.|2.e+00|2.E+00"],
    ["{{ printf \"%x|%#x|%.3x|%.0x|%#.0x|%+.3X\" $value $value $value $value $value $value }}", 1.5, {}, "0x1.8p+00|0x1.8000p+00|0x1.800p+00|0x1p+01|0x1.p+01|+0X1.800P+00"],
    ["{{ printf \"%b|%#q|%08s|%-8d|\" $value $value $value $value }}", 1.5, {}, "6755399441055744p-52|%!q(float64=1.50000)|%!s(float64=000001.5)|%!d(float64=1.5     )|"],
    ["{{ printf \"%x|% x|%+f|%08v|%-6e|\" $value $value $value $value $value }}", NaN, {}, "NaN| NaN|+NaN|     NaN|NaN   |"],
    ["{{ printf \"%e|%f|%b|%08v|%c\" $value $value $value $value $value }}", Infinity, {}, "+Inf|+Inf|+Inf|    +Inf|%!c(float64=+Inf)"],
    ["{{ printf \"%v|%+.2f|%x|%b|%e\" $value $value $value $value $value }}", -0, {}, "-0|-0.00|-0x0p+00|-0p-1074|-0.000000e+00"],
    ["{{ printf \"%f|%.3g|%g\" $value $value $value }}", 1e21, {}, "1000000000000000000000.000000|1e+21|1e+21"],
    ["{{ printf \"%.0f|%.0e|%.1g\" $value $value $value }}", 2.5, {}, "2|2e+00|2"],
    ["{{ printf \"%v|%.3e|%x|%b\" $value $value $value $value }}", 5e-324, {}, "5e-324|4.941e-324|0x1p-1074|1p-1074"],
    ["{{ printf \"%.25f|%.20e\" $value $value }}", 0.1, {}, "0.1000000000000000055511151|1.00000000000000005551e-01"],
    ["{{ printf \"%v|%.0f|%.6g|%#g\" $value $value $value $value }}", 999999.5, {}, "999999.5|1000000|1e+06|999999.5"],
    ["{{ printf \"%08s|%-08s|%8q|%.1q|%x|% X|%#x|% #x\" \"ab\" \"ab\" \"é\" \"éa\" \"hé\" \"hé\" \"hé\" \"hé\" }}", 1, {}, "000000ab|ab      |     \"é\"|\"é\"|68c3a9|68 C3 A9|0x68c3a9|0x68 0xc3 0xa9"],
    ["{{ printf \"%#q|%#q|%+q|%#+q\" \"back`tick\" \"plain\" \"日本\" \"日本\" }}", 1, {}, "\"back`tick\"|`plain`|\"\\u65e5\\u672c\"|`日本`"],
    ["{{ printf \"%c|%q|%U|%#U|%#U|%+q|%c\" 97 128512 128512 128512 7 233 1114112 }}", 1, {}, "a|'😀'|U+1F600|U+1F600 '😀'|U+0007|'\\u00e9'|�"],
    ["{{ printf \"%x|%#x|%X|%o|%#o|%O|%b|%#b\" -42 255 255 8 8 8 5 5 }}", 1, {}, "-2a|0xff|FF|10|010|0o10|101|0b101"],
    ["{{ printf \"%08d|%-08d|%+08d|% 08d|%.3d|%8.3d|%.0d|%5.0d|\" 42 42 42 42 7 7 0 0 }}", 1, {}, "00000042|42      |+0000042| 0000042|007|     007||     |"],
    ["{{ printf \"%d|%v|%x\" 9223372036854775807 -9223372036854775808 -1 }}", 1, {}, "9223372036854775807|-9223372036854775808|-1"],
    ["{{ printf \"%U|%c|%q\" -1 -1 55296 }}", 1, {}, "U+FFFFFFFFFFFFFFFF|�|'�'"],
    ["{{ printf \"%t|%5t|%-6t|%d|%s\" true false true true false }}", 1, {}, "true|false|true  |%!d(bool=true)|%!s(bool=false)"],
    ["{{ printf \"%v|%d|%T|%5v|%s\" nil nil nil nil (index $labels \"x\") }}", 1, {}, "<nil>|%!d(<nil>)|<nil>|<nil>|"],
    ["{{ printf \"%[2]d %[1]d|%[3]d|%[0]d|%[x]d|%[1]d %d\" 1 2 }}", 1, {}, "2 1|%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)|1 2"],
    ["{{ printf \"%*d|%-*d|%.*f|%*.*f|%*d\" 5 1 5 1 2 1.5 8 2 1.5 \"x\" 1 }}", 1, {}, "    1|1    |1.50|    1.50|%!(BADWIDTH)1"],
    ["{{ printf \"%.*f|%*d|%[2]*[1]d\" -1 1.5 -6 1 1 5 }}", 1, {}, "%!(BADPREC)1.500000|1     |%!(BADWIDTH)-1"],
    ["{{ printf \"%d %d\" 1 }}", 1, {}, "1 %!d(MISSING)"],
    ["{{ printf \"%d\" 1 2 \"x\" nil 1.5 }}", 1, {}, "1%!(EXTRA int=2, string=x, <nil>, float64=1.5)"],
    ["{{ printf \"%!|%z|%5%|%-5%|%.2.3f\" 1 2 1.5 }}", 1, {}, "%!!(int=1)|%!z(int=2)|%|%|%!.(float64=1.5)3f"],
    ["{{ printf \"abc%\" }}", 1, {}, "abc%!(NOVERB)"],
    ["{{ printf \"%é\" 1 }}", 1, {}, "%!é(int=1)"],
    ["{{ printf \"%1000001d\" 1 | len }}", 1, {}, "1000001"],
    ["{{ printf \"%10000000d|%1x\" 1 2 | len }}", 1, {}, "10000002"],
    ["{{ print 1 2 \"a\" 3 \"b\" \"c\" 4.5 true false nil }}", 1, {}, "1 2a3bc4.5 true false <nil>"],
    ["{{ println 1 \"a\" 2 }}|", 1, {}, "1 a 2\n|"],
    ["{{ print \"\" 1 }}|{{ print 1 \"\" }}|{{ print }}|", 1, {}, "1|1||"],
    ["{{ printf \"%v|%+v|%d\" . . . }}", 1.5, {}, "{map[] map[]  1.5}|{Labels:map[] ExternalLabels:map[] ExternalURL: Value:1.5}|{map[] map[] %!d(string=) %!d(float64=1.5)}"],
    ["{{ printf \"%T\" . }}", 1.5, {}, "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }"],
    ["{{ . }}", 1.5, {}, "{map[] map[]  1.5}"],
    ["{{ printf \"%#v\" . }}", 1.5, {}, "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }{Labels:map[string]string{}, ExternalLabels:map[string]string{}, ExternalURL:\"\", Value:1.5}"],
    ["{{ with query \"vector(2)\" }}{{ printf \"%T|%T|%v|%+v|%s\" . (first .) (first .) (first .) (first .) }}{{ end }}", 2, {}, "template.queryResult|*template.sample|&{map[] 2}|&{Labels:map[] Value:2}|&{map[] %!s(float64=2)}"],
    ["{{ printf \"%#v\" (query \"vector(2)\" | first) }}|{{ query \"vector(2)\" | first }}|{{ print (query \"vector(2)\" | first) }}", 2, {}, "&template.sample{Labels:map[string]string{}, Value:2}|{map[] 2}|&{map[] 2}"],
    ["{{ printf \"%v|%T|%d\" (len \"héllo\") (len \"héllo\") (len $labels) }}", 2, {}, "6|int|0"],
    ["{{ printf \"%v %v %v %v\" 1e3 -0.0 1e-7 1.5e300 }}", 2, {}, "1000 -0 1e-07 1.5e+300"],
    ["{{ printf \"%v\" $labels }}", 1, NAMED, "map[__name__:m instance:é 😀 job:q\"uote]"],
    ["{{ printf \"%#v\" $labels }}", 1, NAMED, "map[string]string{\"__name__\":\"m\", \"instance\":\"é 😀\", \"job\":\"q\\\"uote\"}"],
    ["{{ printf \"%8v\" $labels }}", 1, NAMED, "map[__name__:       m instance:     é 😀      job:  q\"uote]"],
    ["{{ printf \"%-6v|\" $labels }}", 1, NAMED, "map[__name__:m      instance:é 😀    job   :q\"uote]|"],
    ["{{ printf \"%.2v\" $labels }}", 1, NAMED, "map[__:m in:é  jo:q\"]"],
    ["{{ printf \"%d\" $labels }}", 1, NAMED, "map[%!d(string=__name__):%!d(string=m) %!d(string=instance):%!d(string=é 😀) %!d(string=job):%!d(string=q\"uote)]"],
    ["{{ printf \"%q\" $labels }}", 1, NAMED, "map[\"__name__\":\"m\" \"instance\":\"é 😀\" \"job\":\"q\\\"uote\"]"],
    ["{{ printf \"%+q\" $labels }}", 1, NAMED, "map[\"__name__\":\"m\" \"instance\":\"\\u00e9 \\U0001f600\" \"job\":\"q\\\"uote\"]"],
    ["{{ printf \"%x\" $labels }}", 1, NAMED, "map[5f5f6e616d655f5f:6d 696e7374616e6365:c3a920f09f9880 6a6f62:7122756f7465]"],
    ["{{ printf \"%08s\" $labels }}", 1, NAMED, "map[__name__:0000000m instance:00000é 😀 00000job:00q\"uote]"],
    ["{{ printf \"%T\" $labels }}", 1, NAMED, "map[string]string"],
    ["{{ $labels.__name__ }}", 1, NAMED, "m"],
    ["{{ .Labels.__name__ }}", 1, NAMED, "m"],
    ["{{ len $labels }}", 1, NAMED, "3"],
    ["{{ printf \"%v\" $labels }}", 1, UNNAMED, "map[instance:é 😀 job:q\"uote]"],
    ["{{ printf \"%#v\" $labels }}", 1, UNNAMED, "map[string]string{\"instance\":\"é 😀\", \"job\":\"q\\\"uote\"}"],
    ["{{ printf \"%8v\" $labels }}", 1, UNNAMED, "map[instance:     é 😀      job:  q\"uote]"],
    ["{{ printf \"%-6v|\" $labels }}", 1, UNNAMED, "map[instance:é 😀    job   :q\"uote]|"],
    ["{{ printf \"%.2v\" $labels }}", 1, UNNAMED, "map[in:é  jo:q\"]"],
    ["{{ printf \"%d\" $labels }}", 1, UNNAMED, "map[%!d(string=instance):%!d(string=é 😀) %!d(string=job):%!d(string=q\"uote)]"],
    ["{{ printf \"%q\" $labels }}", 1, UNNAMED, "map[\"instance\":\"é 😀\" \"job\":\"q\\\"uote\"]"],
    ["{{ printf \"%+q\" $labels }}", 1, UNNAMED, "map[\"instance\":\"\\u00e9 \\U0001f600\" \"job\":\"q\\\"uote\"]"],
    ["{{ printf \"%x\" $labels }}", 1, UNNAMED, "map[696e7374616e6365:c3a920f09f9880 6a6f62:7122756f7465]"],
    ["{{ printf \"%08s\" $labels }}", 1, UNNAMED, "map[instance:00000é 😀 00000job:00q\"uote]"],
    ["{{ printf \"%T\" $labels }}", 1, UNNAMED, "map[string]string"],
    ["{{ $labels.__name__ }}", 1, UNNAMED, ""],
    ["{{ .Labels.__name__ }}", 1, UNNAMED, ""],
    ["{{ len $labels }}", 1, UNNAMED, "2"],
  ] as [string, number, Record<string, string>, string][])('%s (value %s)', async (text, value, labels, want) => {
    const d = { labels, externalLabels: {}, externalURL: '', value };
    expect(await expandAlertTemplate('A', text, d, { query: async () => [sample] })).toBe(want);
  });

  test('%f prints the exact decimal value at any magnitude', async () => {
    const got = await expandAlertTemplate('A', '{{ printf "%.2f" $value }}', { labels: {}, externalLabels: {}, externalURL: '', value: 1e300 });
    expect(got).toBe(`${BigInt(1e300)}.00`);
    expect(got.startsWith('1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799')).toBe(true);
  });
});

// Go constants in template source, checked against promtool 3.5.3 like the table above.
describe('number, character and string constants', () => {
  const d = { labels: {}, externalLabels: {}, externalURL: '', value: 1 };
  test.each([
    ["{{ printf \"%v %T|%v %T|%v %T\" 'a' 'a' '😀' '😀' '\\n' '\\n' }}", '97 int|128512 int|10 int'],
    ["{{ printf \"%v|%v|%v|%v\" '\\'' '\\x41' '\\101' '\\u00e9' }}", '39|65|65|233'],
    ['{{ printf "%v %T|%v|%v|%v|%v %T" 0x1F 0x1F -0x10 0o17 0b101 1_000 1_000 }}', '31 int|-16|15|5|1000 int'],
    ['{{ printf "%v|%v|%v %T|%v|%v" 017 -017 .5 .5 -.5 +7 }}', '15|-15|0.5 float64|-0.5|7'],
    ['{{ printf "%v %T|%v|%v|%v|%v" 0x1p-2 0x1p-2 0X1P+2 0x.8p1 0x_1F 1_0.2_5 }}', '0.25 float64|4|1|31|10.25'],
    ['{{ printf "%v|%v|%q|%v|%q" "\\x7f" "\\101" "\\U0001F600" "\\a" "\\xc3\\xa9" }}', '\x7f|A|"😀"|\x07|"é"'],
    ['{{ printf "%q" "\\xff" }}|{{ printf "%q" "a\\tb" }}', '"\\xff"|"a\\tb"'],
    ['{{ printf "%d|%v|%x" 9223372036854775807 -9223372036854775808 -1 }}', '9223372036854775807|-9223372036854775808|-1'],
    ['{{ nil }}', '<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing "__alert_A" at <nil>: nil is not a command>'],
    ['{{ printf "%v %T" 9223372036854775808 9223372036854775808 }}',
      '<error expanding template: error executing template __alert_A: template: __alert_A:1:130: executing "__alert_A" at <9223372036854775808>: 9223372036854775808 overflows int>'],
    // Parse errors (promtool reports these when it loads the rule file).
    ['{{ 1x }}', '<error expanding template: template: __alert_A:1: bad number syntax: "1x">'],
    ['{{ "\\q" }}', '<error expanding template: template: __alert_A:1: invalid syntax>'],
    ["{{ 'ab' }}", "<error expanding template: template: __alert_A:1: malformed character constant: 'ab'>"],
  ])('%s', async (text, want) => {
    expect(await expandAlertTemplate('A', text, d)).toBe(want);
  });

  test('complex constants are an error, not a wrong value', async () => {
    expect(await expandAlertTemplate('A', '{{ 1i }}', d)).toContain('complex constant 1i is not supported by promql-ts alert templates');
  });
});
