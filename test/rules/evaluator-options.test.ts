// RuleGroupsEvaluator takes an options object and runs over any storage that can append (here a
// small storage of our own, not MemoryStorage); bad options fail with an OptionsError naming them.
import { describe, expect, test } from 'vitest';
import { RuleGroupsEvaluator } from '../../src/rules/evaluator.js';
import { parseRuleGroups } from '../../src/rules/parse-groups.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { OptionsError } from '../../src/errors.js';
import { labelsKey, type Labels } from '../../src/storage/labels.js';
import type { RuleStorage } from '../../src/storage/appendable.js';
import type { Series, SelectRequest } from '../../src/storage/types.js';

/** Float samples per series in a map; select filters by equality matchers only (enough here). */
class TinyStorage implements RuleStorage {
  readonly series = new Map<string, { labels: Labels; t: number[]; v: number[]; stale: boolean[] }>();
  append(labels: Labels, t: number, v: number, stale = false): void {
    const key = labelsKey(labels);
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { labels, t: [], v: [], stale: [] }));
    s.t.push(t);
    s.v.push(v);
    s.stale.push(stale && Number.isNaN(v));
  }
  select(req: SelectRequest): Series[] {
    const out: Series[] = [];
    for (const s of this.series.values()) {
      if (!req.matchers.every((m) => m.op === '=' && (s.labels.find((l) => l.name === m.name)?.value ?? '') === m.value)) continue;
      const idx = s.t.flatMap((t, i) => (t >= req.start && t <= req.end ? [i] : []));
      out.push({ labels: s.labels, timestamps: idx.map((i) => s.t[i]), values: idx.map((i) => s.v[i]), stale: idx.map((i) => (s.stale[i] ? 1 : 0)) });
    }
    return out.sort((a, b) => (labelsKey(a.labels) < labelsKey(b.labels) ? -1 : 1));
  }
}

const RULES = `
groups:
  - name: g
    rules:
      - record: job:up:doubled
        expr: up * 2
      - alert: Down
        expr: job:up:doubled == 0
        for: 1m
        labels: { severity: page }
        annotations: { summary: '{{ $labels.job }} on {{ $externalLabels.site }}' }
`;

describe('RuleGroupsEvaluator over any appendable storage', () => {
  test('a custom storage receives the outputs and stale markers, and the rules read them back', async () => {
    const storage = new TinyStorage();
    for (let t = 0; t <= 180_000; t += 60_000) storage.append([{ name: '__name__', value: 'up' }, { name: 'job', value: 'api' }], t, 0);
    const rules = new RuleGroupsEvaluator({ groups: parseRuleGroups(RULES), storage, externalLabels: { site: 'eu' } });
    for (let t = 0; t <= 120_000; t += 60_000) expect(await rules.evalAt(t)).toEqual([]);
    const firing = rules.firing('Down');
    expect(firing.map((a) => [a.labels, a.annotations])).toEqual([[{ alertname: 'Down', job: 'api', severity: 'page' }, { summary: 'api on eu' }]]);
    const doubled = [...storage.series.values()].find((s) => s.labels.some((l) => l.value === 'job:up:doubled'));
    expect(doubled?.t).toEqual([0, 60_000, 120_000]);
    storage.series.get(labelsKey([{ name: '__name__', value: 'up' }, { name: 'job', value: 'api' }]))!.v.fill(1);
    await rules.evalAt(180_000);
    const alerts = [...storage.series.values()].filter((s) => s.labels.some((l) => l.value === 'ALERTS'));
    // Pending went stale when the alert fired (60s), firing when it resolved (180s).
    expect(alerts.map((s) => [s.labels.find((l) => l.name === 'alertstate')?.value, s.t.at(-1), s.stale.at(-1)]).sort()).toEqual([
      ['firing', 180_000, true], ['pending', 60_000, true],
    ]);
  });

  test('MemoryStorage is an RuleStorage', async () => {
    const storage: RuleStorage = new MemoryStorage();
    storage.append([{ name: '__name__', value: 'up' }, { name: 'job', value: 'api' }], 0, 1);
    const rules = new RuleGroupsEvaluator({ groups: parseRuleGroups(RULES), storage, engineOptions: { lookbackDeltaMs: 60_000 } });
    expect(await rules.evalAt(0)).toEqual([]);
  });

  test.each([
    ['positional arguments', () => new (RuleGroupsEvaluator as unknown as new (...a: unknown[]) => unknown)([], {}, new MemoryStorage(), {}), 'options'],
    ['no options', () => new (RuleGroupsEvaluator as unknown as new (...a: unknown[]) => unknown)(), 'options'],
    ['groups not an array', () => new RuleGroupsEvaluator({ groups: 'x' as never, storage: new MemoryStorage() }), 'groups'],
    ['a storage without append', () => new RuleGroupsEvaluator({ groups: [], storage: { select: () => [] } as never }), 'storage'],
  ])('%s: OptionsError naming %s', (_, make, option) => {
    let err: unknown;
    try {
      make();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OptionsError);
    expect((err as OptionsError).option).toBe(option);
  });
});
