// Evaluating rule groups over time as Prometheus's rule manager does: recording rules write their
// output (and stale markers for series that went away) into the storage, so later rules see them;
// alerting rules track pending/firing/inactive state with `for` and `keep_firing_for` and write
// ALERTS and ALERTS_FOR_STATE.
import { Engine, type EngineOptions } from '../eval/engine.js';
import type { RuleStorage } from '../storage/appendable.js';
import { STALE_NAN } from '../storage/stale.js';
import { labelsFrom, labelsKey, labelsToObject, type Labels } from '../storage/labels.js';
import { EvalError, OptionsError } from '../errors.js';
import { expandAlertTemplate } from './template.js';
import type { GroupDef, RuleDef } from './parse-groups.js';

/** An alert of an alerting rule. */
export interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing' | 'inactive';
  activeAt: number;
  firedAt: number;
  resolvedAt: number;
  keepFiringSince: number;
  value: number;
}

/** Settings shared by all rules: external labels and URL for templates. */
export interface RuleContext {
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
}

// Prometheus keeps resolved alerts this long so Alertmanager hears they resolved.
const RESOLVED_RETENTION = 15 * 60_000;

interface Sample {
  labels: Labels;
  value: number;
}

async function query(engine: Engine, expr: string, ts: number): Promise<Sample[]> {
  const r = await engine.instantQuery(expr, ts);
  if (r.resultType === 'vector') return r.result.map((s) => ({ labels: s.labels, value: s.value }));
  if (r.resultType === 'scalar') return [{ labels: labelsFrom({}), value: r.result.value }];
  throw new EvalError('rule result is not a vector or scalar');
}

function withLabels(base: Labels, set: Readonly<Record<string, string>>): Record<string, string> {
  const out = labelsToObject(base);
  for (const [k, v] of Object.entries(set)) {
    if (v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}

/** One rule with its evaluation state: its active alerts, the series it wrote last time, its last error. */
export class RuleState {
  readonly active = new Map<string, Alert>();
  previous = new Map<string, Labels>();
  lastError: Error | null = null;

  constructor(readonly def: RuleDef) {}

  /** Evaluates at ts; returns the samples to write. */
  async eval(engine: Engine, ts: number, ctx: RuleContext): Promise<{ labels: Labels; value: number }[]> {
    const res = await query(engine, this.def.expr, ts);
    if (this.def.kind === 'record') {
      const out = res.map((s) => ({ labels: labelsFrom(withLabels(s.labels, { __name__: this.def.name, ...this.def.labels })), value: s.value }));
      const keys = new Set(out.map((s) => labelsKey(s.labels)));
      if (keys.size !== out.length) throw new EvalError('vector contains metrics with the same labelset after applying rule labels');
      return out;
    }
    return this.evalAlert(engine, res, ts, ctx);
  }

  private async evalAlert(engine: Engine, res: Sample[], ts: number, ctx: RuleContext): Promise<{ labels: Labels; value: number }[]> {
    const d = this.def;
    const current = new Map<string, Alert>();
    for (const s of res) {
      // Templates see the sample's labels as they are, __name__ included (as Prometheus's
      // AlertTemplateData gets them); the alert's own labels drop the name.
      const templateLabels = labelsToObject(s.labels);
      const metric = { ...templateLabels };
      delete metric.__name__;
      const data = { labels: templateLabels, externalLabels: ctx.externalLabels, externalURL: ctx.externalURL, value: s.value };
      const env = {
        externalURL: ctx.externalURL,
        query: async (q: string) => (await query(engine, q, ts)).map((x) => ({ labels: new Map(Object.entries(labelsToObject(x.labels))), value: x.value })),
      };
      const expand = (t: string) => expandAlertTemplate(d.name, t, data, env);
      const labels: Record<string, string> = { ...metric };
      for (const [k, v] of Object.entries(d.labels)) {
        const x = await expand(v);
        if (x === '') delete labels[k];
        else labels[k] = x;
      }
      labels.alertname = d.name;
      const annotations: Record<string, string> = {};
      for (const [k, v] of Object.entries(d.annotations)) annotations[k] = await expand(v);
      const key = labelsKey(labelsFrom(labels));
      if (current.has(key)) throw new EvalError('vector contains metrics with the same labelset after applying alert labels');
      current.set(key, { labels, annotations, state: 'pending', activeAt: ts, firedAt: 0, resolvedAt: 0, keepFiringSince: 0, value: s.value });
    }
    for (const [key, a] of current) {
      const existing = this.active.get(key);
      if (existing && existing.state !== 'inactive') {
        existing.value = a.value;
        existing.annotations = a.annotations;
      } else this.active.set(key, a);
    }
    const out: { labels: Labels; value: number }[] = [];
    for (const [key, a] of [...this.active]) {
      if (!current.has(key)) {
        let keepFiring = false;
        if (a.state === 'firing' && d.keepFiringFor > 0) {
          if (a.keepFiringSince === 0) a.keepFiringSince = ts;
          keepFiring = ts - a.keepFiringSince < d.keepFiringFor;
        }
        if (!keepFiring) {
          if (a.state === 'pending' || (a.resolvedAt !== 0 && ts - a.resolvedAt > RESOLVED_RETENTION)) this.active.delete(key);
          if (a.state !== 'inactive') {
            a.state = 'inactive';
            a.resolvedAt = ts;
          }
          continue;
        }
      } else a.keepFiringSince = 0;
      if (a.state === 'pending' && ts - a.activeAt >= d.for) {
        a.state = 'firing';
        a.firedAt = ts;
      }
      out.push({ labels: labelsFrom({ ...a.labels, __name__: 'ALERTS', alertstate: a.state }), value: 1 });
      out.push({ labels: labelsFrom({ ...a.labels, __name__: 'ALERTS_FOR_STATE' }), value: Math.trunc(a.activeAt / 1000) });
    }
    return out;
  }
}

/** Options of {@link RuleGroupsEvaluator}. */
export interface RuleGroupsEvaluatorOptions {
  /** The rule groups, in evaluation order (from {@link parseRuleGroups} or `loadRuleFiles`). */
  readonly groups: readonly GroupDef[];
  /** Where the rules read their inputs and write their outputs. */
  readonly storage: RuleStorage;
  /**
   * The engine that evaluates the rules' expressions; it must read `storage` to see the rules'
   * outputs. Default: `new Engine({ ...engineOptions, storage })`.
   */
  readonly engine?: Engine;
  /** Options of the default engine (ignored when `engine` is given). */
  readonly engineOptions?: Omit<EngineOptions, 'storage'>;
  /** Labels templates see as `$externalLabels` (default none). */
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** The URL templates see as `$externalURL` (default empty). */
  readonly externalURL?: string;
}

/** Rule groups evaluated together, in order, over one storage. */
export class RuleGroupsEvaluator {
  readonly groups: { def: GroupDef; rules: RuleState[] }[];
  private readonly engine: Engine;
  private readonly storage: RuleStorage;
  private readonly ctx: RuleContext;

  /**
   * Throws an OptionsError (naming the option) for missing groups, a storage without `append` and
   * `select`, or positional arguments (the form before 0.2).
   */
  constructor(opts: RuleGroupsEvaluatorOptions) {
    if (opts === null || typeof opts !== 'object' || Array.isArray(opts) || arguments.length > 1) {
      throw new OptionsError('options', 'RuleGroupsEvaluator takes one options object { groups, storage, engine?, externalLabels?, externalURL? } (positional arguments were removed in 0.2)');
    }
    const groups: readonly GroupDef[] = opts.groups;
    if (!Array.isArray(groups)) throw new OptionsError('groups', 'RuleGroupsEvaluator option groups must be an array of rule groups');
    const storage = opts.storage as Partial<RuleStorage> | null | undefined;
    if (storage === null || typeof storage !== 'object' || typeof storage.append !== 'function' || typeof storage.select !== 'function') {
      throw new OptionsError('storage', 'RuleGroupsEvaluator option storage must have append(labels, t, v, stale) and select(request) methods');
    }
    this.storage = opts.storage;
    this.engine = opts.engine ?? new Engine({ ...opts.engineOptions, storage: opts.storage });
    this.ctx = { externalLabels: opts.externalLabels ?? {}, externalURL: opts.externalURL ?? '' };
    this.groups = groups.map((def: GroupDef) => ({ def, rules: def.rules.map((r: RuleDef) => new RuleState(r)) }));
  }

  /** Evaluates every group at ts. Returns the rules that failed, with their errors. */
  async evalAt(ts: number): Promise<{ rule: string; error: Error }[]> {
    const failed: { rule: string; error: Error }[] = [];
    for (const g of this.groups) {
      for (const r of g.rules) {
        let samples: { labels: Labels; value: number }[];
        try {
          samples = await r.eval(this.engine, ts, this.ctx);
          r.lastError = null;
        } catch (e) {
          r.lastError = e as Error;
          failed.push({ rule: r.def.name, error: e as Error });
          continue;
        }
        const returned = new Map<string, Labels>();
        for (const s of samples) {
          this.storage.append(s.labels, ts, s.value);
          returned.set(labelsKey(s.labels), s.labels);
        }
        for (const [key, labels] of r.previous) if (!returned.has(key)) this.storage.append(labels, ts, STALE_NAN, true);
        r.previous = returned;
      }
    }
    return failed;
  }

  /** Firing alerts of the alerting rules with this name, in every group. */
  firing(alertname: string): Alert[] {
    const out: Alert[] = [];
    for (const g of this.groups) {
      for (const r of g.rules) {
        if (r.def.kind !== 'alert' || r.def.name !== alertname) continue;
        for (const a of r.active.values()) if (a.state === 'firing') out.push(a);
      }
    }
    return out;
  }
}
