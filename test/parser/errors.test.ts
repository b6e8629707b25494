// Every static error Prometheus reports: its wording and its line:column (UTF-8 byte columns).
import { describe, expect, test } from 'vitest';
import { check, parse } from '../../src/parser/parse.js';
import { ParseError } from '../../src/errors.js';
import { ALL_FEATURES } from './helpers.js';

// [query, expected first error text]
const errors: [string, string][] = [
  ['', 'unknown position: parse error: no expression found in input'],
  ['   ', '1:1: parse error: no expression found in input'],
  ['1 +', '1:4: parse error: unexpected end of input'],
  ['foo bar', '1:5: parse error: unexpected identifier "bar"'],
  ['foo{a="b"', '1:10: parse error: unexpected end of input inside braces'],
  ['foo{', '1:5: parse error: unexpected end of input inside braces'],
  ['foo}', '1:4: parse error: unexpected character: \'}\''],
  ['foo)', '1:5: parse error: unexpected right parenthesis \')\''],
  ['foo]', '1:4: parse error: unexpected right bracket \']\''],
  ['(foo', '1:5: parse error: unclosed left parenthesis'],
  ['foo[5m', '1:7: parse error: unclosed left bracket'],
  ['foo[[5m]]', '1:5: parse error: unexpected character in duration expression: \'[\''],
  ['foo{a}', '1:6: parse error: unexpected "}" in label matching, expected label matching operator'],
  ['foo{a=}', '1:7: parse error: unexpected "}" in label matching, expected string'],
  ['foo{a="b" c="d"}', '1:11: parse error: unexpected identifier "c" in label matching, expected "," or "}"'],
  ['foo{a="b",,}', '1:11: parse error: unexpected "," in label matching, expected identifier or "}"'],
  ['foo{1="a"}', '1:5: parse error: unexpected character inside braces: \'1\''],
  ['foo{a!b}', '1:6: parse error: unexpected character after \'!\' inside braces: \'b\''],
  ['foo{{}}', '1:5: parse error: unexpected left brace \'{\''],
  ['foo ! bar', '1:5: parse error: unexpected character after \'!\': \' \''],
  ['foo =~ bar', '1:5: parse error: unexpected character after \'=\': \'~\''],
  ['sum by (', '1:9: parse error: unclosed left parenthesis'],
  // Inside the parentheses of a grouping the parser wants a label, even after group_left.
  ['sum without (,) (x)', '1:14: parse error: unexpected "," in grouping opts, expected label'],
  ['a / on (job) group_left (2 * 3) b', '1:26: parse error: unexpected number "2" in grouping opts, expected label'],
  // Any error nested inside an aggregation's body is reported "in aggregation", however deep.
  ['max(ln(x * group_left y))', '1:12: parse error: unexpected <group_left> in aggregation'],
  ['avg((x -))', '1:9: parse error: unexpected ")" in aggregation'],
  ['ln(x -)', '1:7: parse error: unexpected ")"'],
  ['max(x) - min(y /)', '1:17: parse error: unexpected ")" in aggregation'],
  // A token that can start neither labels nor an operand right after group_left/group_right.
  ['a * ignoring (b) group_right ,', '1:30: parse error: unexpected "," in grouping opts, expected "("'],
  ['a * on (group_left b) c', '1:20: parse error: unexpected identifier "b" in grouping opts, expected "," or ")"'],
  // The lexer's error wins over a trailing comma that needed it as lookahead, not over errors before it.
  ['clamp_max(x, ', '1:14: parse error: unclosed left parenthesis'],
  ['ln(x,]', '1:6: parse error: unexpected right bracket \']\''],
  ['ln(avg() by (a)', '1:4: parse error: no arguments for aggregate expression provided'],
  ['x[1h1h', '1:3: parse error: not a valid duration string: "1h1h"'],
  ['ln(x,,})', '1:5: parse error: trailing commas not allowed in function call args'],
  ['max_over_time(x[-5m', '1:20: parse error: unclosed left parenthesis'],
  ['x[0s] }', '1:3: parse error: duration must be greater than 0'],
  // A signed offset out of range is reported at its sign.
  ['x offset - 1e30', '1:10: parse error: duration out of range'],
  ['sum by (a', '1:10: parse error: unclosed left parenthesis'],
  ['sum by (a,,) (x)', '1:11: parse error: unexpected "," in grouping opts, expected label'],
  ['sum by job (x)', '1:8: parse error: unexpected identifier "job" in grouping opts, expected "("'],
  ['sum(x) by', '1:10: parse error: unexpected end of input in grouping opts, expected "("'],
  ['sum by (a b) (x)', '1:11: parse error: unexpected identifier "b" in grouping opts, expected "," or ")"'],
  ['sum()', '1:1: parse error: no arguments for aggregate expression provided'],
  ['topk(x)', '1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1'],
  ['count_values(1, x)', '1:14: parse error: expected type string in aggregation parameter, got scalar'],
  ['topk("a", x)', '1:6: parse error: expected type scalar in aggregation parameter, got string'],
  ['sum(x[5m])', '1:5: parse error: expected type instant vector in aggregation expression, got range vector'],
  ['limitk(2, x)', '1:1: parse error: limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions'],
  ['rate(x)', '1:6: parse error: expected type range vector in call to function "rate", got instant vector'],
  ['rate(x[5m], 1)', '1:1: parse error: expected 1 argument(s) in call to "rate", got 2'],
  ['hour(x, y)', '1:1: parse error: expected at most 1 argument(s) in call to "hour", got 2'],
  ['label_join(x, "a")', '1:1: parse error: expected at least 3 argument(s) in call to "label_join", got 2'],
  ['unknown_fn(x)', '1:1: parse error: unknown function with name "unknown_fn"'],
  ['RATE(x[5m])', '1:1: parse error: unknown function with name "RATE"'],
  ['holt_winters(x[5m], 0.5, 0.5)', '1:1: parse error: unknown function with name "holt_winters"'],
  ['sort_by_label(x, "a")', '1:1: parse error: function "sort_by_label" is not enabled'],
  ['rate(x[5m],)', '1:11: parse error: trailing commas not allowed in function call args'],
  ['1 == 1', '1:3: parse error: comparisons between scalars must use BOOL modifier'],
  ['1 and 1', '1:1: parse error: set operator "and" not allowed in binary scalar expression'],
  ['foo + on(a) 1', '1:1: parse error: vector matching only allowed between instant vectors'],
  ['foo and on(a) group_left bar', '1:1: parse error: no grouping allowed for "and" operation'],
  ['foo + on(a) group_left(a) bar', '1:5: parse error: label "a" must not occur in ON and GROUP clause at once'],
  ['foo + bool bar', '1:5: parse error: bool modifier can only be used on comparison operators'],
  ['foo[5m] + 1', '1:1: parse error: binary expression must contain only scalar and instant vector types'],
  ['"a" + 1', '1:1: parse error: binary expression must contain only scalar and instant vector types'],
  ['-foo[5m]', '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"'],
  ['x[5m:1m][1m]', '1:9: parse error: ranges only allowed for vector selectors'],
  ['x[5m][1m]', '1:6: parse error: ranges only allowed for vector selectors'],
  ['rate(x[5m])[5m:][1m:]', '1:1: parse error: subquery is only allowed on instant vector, got matrix instead'],
  ['x offset 1m[5m]', '1:12: parse error: no offset modifiers allowed before range'],
  ['x @ 1[5m]', '1:6: parse error: no @ modifiers allowed before range'],
  ['sum(x) offset 5m', '1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery'],
  ['sum(x) @ 100', '1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery'],
  ['x @ 1 @ 2', '1:1: parse error: @ <timestamp> may not be set multiple times'],
  ['x offset 1m offset 2m', '1:1: parse error: offset may not be set multiple times'],
  ['x @ NaN', '1:1: parse error: timestamp out of bounds for @ modifier: NaN'],
  ['x @ Inf', '1:1: parse error: timestamp out of bounds for @ modifier: +Inf'],
  ['x @', '1:4: parse error: unexpected end of input in @, expected timestamp'],
  ['x offset', '1:9: parse error: unexpected end of input in offset, expected number, duration, step(), or range()'],
  ['x[]', '1:3: parse error: unexpected "]" in subquery or range selector, expected number, duration, step(), or range()'],
  ['x[0]', '1:3: parse error: duration must be greater than 0'],
  ['x[5m:0]', '1:6: parse error: duration must be greater than 0'],
  ['x[5m::]', '1:6: parse error: unexpected colon \':\''],
  ['x[5m1h]', '1:3: parse error: not a valid duration string: "5m1h"'],
  ['x[5y1hs]', '1:3: parse error: unknown unit "hs" in duration "5y1hs"'],
  ['x[1.5h]', '1:3: parse error: unknown unit "." in duration "1.5h"'],
  ['x[5mm]', '1:3: parse error: bad number or duration syntax: "5mm"'],
  ['x[foo]', '1:3: parse error: unexpected character in duration expression: \'f\''],
  ['1.5.3', '1:1: parse error: bad number or duration syntax: "1.5."'],
  ['1__0', '1:1: parse error: bad number or duration syntax: "1__"'],
  ['1e400', '1:1: parse error: error parsing number: strconv.ParseFloat: parsing "1e400": value out of range'],
  ['{}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['{a=~".*"}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['foo{__name__="bar"}', '1:1: parse error: metric name must not be set twice: "foo" or "bar"'],
  ['x{a=~"(foo"}', '1:3: parse error: error parsing regexp: missing closing ): `(foo`'],
  ['"unterminated', '1:1: parse error: unterminated quoted string'],
  ['`unterminated', '1:1: parse error: unterminated raw string'],
  ['x{a="\\c"}', '1:5: parse error: unknown escape sequence U+0063 \'c\''],
  ['x{a="\\x1"}', '1:5: parse error: illegal character U+0022 \'"\' in escape sequence'],
  ['x{a="\\uD800"}', '1:5: parse error: escape sequence is an invalid Unicode code point'],
  ['x anchored', '1:1: parse error: anchored modifier is experimental and not enabled'],
  ['foo + fill(1) bar', '1:1: parse error: binop fill modifiers are experimental and not enabled'],
  ['x{a="é"} + on() 1 ==', '1:22: parse error: unexpected end of input'],
  ['x{a="é"}\n  + foo bar', '2:9: parse error: unexpected identifier "bar"'],
  ['sum by ("") (x)', '1:9: parse error: invalid label name for grouping: ""'],
  ['{"a"="b"} offset 1m @ 2 [5m]', '1:25: parse error: no offset modifiers allowed before range'],
];

describe('parse errors match Prometheus', () => {
  test.each(errors)('%j', (query, text) => {
    const problems = check(query);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].text).toBe(text);
  });

  test('parse() throws a ParseError carrying every problem', () => {
    let caught: unknown;
    try {
      parse('foo(bar) + rate(x)');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ParseError);
    const pe = caught as ParseError;
    expect(pe.message).toBe('1:1: parse error: unknown function with name "foo"');
    expect(pe.diagnostics[0]).toMatchObject({ line: 1, column: 1, pos: { start: 0, end: 3 } });
  });

  test('experimental syntax is accepted when enabled', () => {
    for (const q of ['limitk(2, x)', 'x[5m] anchored', 'a + fill(0) b', 'sort_by_label(x, "a")', 'x[step() * 2]']) {
      expect(check(q, ALL_FEATURES)).toEqual([]);
    }
  });

  test('a colon inside brackets needs a number first (Prometheus lexer quirk)', () => {
    expect(check('x[range():1m]', ALL_FEATURES)[0].text)
      .toBe('1:11: parse error: unexpected colon before duration in duration expression');
  });

  test('duration expressions are gated', () => {
    expect(check('x[5m * 2]')[0].text).toBe('1:3: parse error: experimental duration expression is not enabled');
  });
});
