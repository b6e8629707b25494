// parseRuleGroups: rule groups from a rule file's text with no file system, validated as
// `promql check` validates rule files; loadRuleFiles reads files through it.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseRuleGroups, RuleLoadError, RuleGroupsEvaluator, Engine, MemoryStorage } from '../../src/index.js';
import { loadRuleFiles } from '../../src/testing/index.js';

const RULES = `groups:
  - name: api
    interval: 30s
    rules:
      - record: job:requests:rate1m
        expr: sum by (job) (rate(requests_total[1m]))
        labels: { team: web }
      - alert: TooManyRequests
        expr: job:requests:rate1m > 1
        for: 2m
        keep_firing_for: 1m30s
        labels: { severity: page }
        annotations: { summary: "{{ $labels.job }} is busy" }
`;

describe('parseRuleGroups', () => {
  test('reads groups and rules, durations in ms and labels as records', () => {
    expect(parseRuleGroups(RULES, { file: 'api.yml' })).toEqual([{
      file: 'api.yml',
      name: 'api',
      rules: [
        { kind: 'record', name: 'job:requests:rate1m', expr: 'sum by (job) (rate(requests_total[1m]))', for: 0, keepFiringFor: 0, labels: { team: 'web' }, annotations: {} },
        { kind: 'alert', name: 'TooManyRequests', expr: 'job:requests:rate1m > 1', for: 120_000, keepFiringFor: 90_000, labels: { severity: 'page' }, annotations: { summary: '{{ $labels.job }} is busy' } },
      ],
    }]);
  });

  test('groups carry <rules> when no file name is given; an empty file has no groups', () => {
    expect(parseRuleGroups(RULES)[0].file).toBe('<rules>');
    expect(parseRuleGroups('')).toEqual([]);
    expect(parseRuleGroups('groups: []\n')).toEqual([]);
  });

  test('a Kubernetes PrometheusRule and YAML merge keys are read as promtool reads them', () => {
    const text = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: x }
spec:
  groups:
    - name: g
      rules:
        - alert: A
          expr: up == 0
          labels: &common { severity: ticket, team: db }
        - alert: B
          expr: up == 2
          labels:
            <<: *common
            severity: page
`;
    const [g] = parseRuleGroups(text);
    expect(g.rules.map((r) => r.labels)).toEqual([{ severity: 'ticket', team: 'db' }, { severity: 'page', team: 'db' }]);
  });

  test('every error of the text is thrown at once, with file:line:col', () => {
    const text = 'groups:\n  - name: g\n    rules:\n      - record: x\n        expr: sum(\n      - record: y\n        expr: foo{\n';
    let err: unknown;
    try {
      parseRuleGroups(text, { file: 'r.yml' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RuleLoadError);
    const problems = (err as RuleLoadError).problems;
    expect(problems).toHaveLength(2);
    expect(problems).toEqual([
      'r.yml:5:19: error: group "g", rule 1, "x": could not parse expression: 1:5: parse error: unclosed left parenthesis',
      'r.yml:7:19: error: group "g", rule 2, "y": could not parse expression: 1:5: parse error: unexpected end of input inside braces',
    ]);
    expect((err as RuleLoadError).message).toBe(problems.join('\n'));
  });

  test('unknown fields are errors unless ignoreUnknownFields', () => {
    const text = 'groups:\n  - name: g\n    owner: me\n    rules:\n      - record: x\n        expr: up\n';
    expect(() => parseRuleGroups(text)).toThrow(/field owner not found in type rulefmt.RuleGroup/);
    expect(parseRuleGroups(text, { ignoreUnknownFields: true })[0].rules[0].name).toBe('x');
  });

  test('parser options reach the expressions', () => {
    const text = 'groups:\n  - name: g\n    rules:\n      - record: x\n        expr: mad_over_time(up[5m])\n';
    expect(() => parseRuleGroups(text)).toThrow(RuleLoadError);
    expect(parseRuleGroups(text, { parser: { experimentalFunctions: true } })[0].rules[0].expr).toBe('mad_over_time(up[5m])');
  });

  test('the groups run in RuleGroupsEvaluator with no file read', async () => {
    const storage = new MemoryStorage();
    storage.add({ __name__: 'requests_total', job: 'api' }, Array.from({ length: 11 }, (_, i) => ({ t: i * 30_000, v: i * 120 })));
    const rules = new RuleGroupsEvaluator({ groups: parseRuleGroups(RULES), engine: new Engine({ storage }), storage });
    for (let t = 60_000; t <= 300_000; t += 30_000) expect(await rules.evalAt(t)).toEqual([]);
    const firing = rules.firing('TooManyRequests');
    expect(firing).toHaveLength(1);
    expect(firing[0].labels).toMatchObject({ alertname: 'TooManyRequests', job: 'api', severity: 'page', team: 'web' });
    expect(firing[0].annotations).toEqual({ summary: 'api is busy' });
  });
});

describe('loadRuleFiles reads through parseRuleGroups', () => {
  const dir = new URL('../fixtures/rules/', import.meta.url).pathname;

  test('the same groups as parsing the file text', () => {
    const file = `${dir}shop-rules.yml`;
    expect(loadRuleFiles([file])).toEqual(parseRuleGroups(readFileSync(file, 'utf8'), { file }));
  });

  test('problems of every file and unreadable files are collected before throwing', () => {
    let err: unknown;
    try {
      loadRuleFiles([`${dir}bad-rules.yml`, `${dir}missing.yml`, `${dir}shop-rules.yml`]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RuleLoadError);
    const problems = (err as RuleLoadError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('bad-rules.yml:5:');
    expect(problems[1]).toContain('missing.yml');
  });
});

describe('loadRuleFiles options', () => {
  test('take one object; the old positional form is a TypeError', () => {
    expect(() => loadRuleFiles([], {}, {} as never)).toThrow(TypeError);
    expect(() => loadRuleFiles([], 'x' as never)).toThrow(TypeError);
    expect(loadRuleFiles([], { parser: {}, ignoreUnknownFields: true })).toEqual([]);
  });
});
