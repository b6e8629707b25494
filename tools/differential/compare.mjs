// The comparator of the differential check: Prometheus's API answer against ours, down to the
// bit of every float, and the categories where we follow Prometheus main rather than 3.5 on purpose.

/** One side's answer, normalised: a result with sorted annotations, or an error message. */
export function normaliseProm(body) {
  if (body.status !== 'success') {
    // The API wraps query parse and type errors in `invalid parameter "query": …`.
    const error = String(body.error ?? '').replace(/^invalid parameter "query": /, '');
    return { ok: false, error, errorType: body.errorType };
  }
  return { ok: true, data: body.data, warnings: [...(body.warnings ?? [])].sort(), infos: [...(body.infos ?? [])].sort() };
}

/** Our engine's result (or thrown error) in the same normalised form. */
export function normaliseOurs(toPrometheusJSON, result, error) {
  if (error) return { ok: false, error: String(error.message ?? error), errorType: error.kind ?? 'exception' };
  return {
    ok: true, data: toPrometheusJSON(result),
    warnings: result.warnings.map((a) => a.text).sort(), infos: result.infos.map((a) => a.text).sort(),
  };
}

const key = (metric) => JSON.stringify(Object.entries(metric).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Whether two value strings are the same float: bit-exact, NaN equal to NaN. */
function sameFloat(a, b) {
  if (a === b) return 'same';
  const x = Number(a.replace(/^\+/, ''));
  const y = Number(b.replace(/^\+/, ''));
  if (Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y))) return 'format';
  return 'value';
}

function compareSamples(p, o, path, diffs) {
  if (p[0] !== o[0]) diffs.push({ what: 'timestamp', path, prometheus: p[0], ours: o[0] });
  const s = sameFloat(p[1], o[1]);
  if (s !== 'same') diffs.push({ what: s, path, t: p[0], prometheus: p[1], ours: o[1] });
}

/** Differences between two successful `data` objects; `ordered` also compares vector order. */
export function compareData(p, o, ordered) {
  const diffs = [];
  if (p.resultType !== o.resultType) return [{ what: 'resultType', prometheus: p.resultType, ours: o.resultType }];
  if (p.resultType === 'scalar' || p.resultType === 'string') {
    if (p.result[0] !== o.result[0]) diffs.push({ what: 'timestamp', prometheus: p.result[0], ours: o.result[0] });
    if (p.resultType === 'string' ? p.result[1] !== o.result[1] : sameFloat(p.result[1], o.result[1]) !== 'same') {
      diffs.push({ what: p.resultType === 'string' ? 'value' : sameFloat(p.result[1], o.result[1]), prometheus: p.result[1], ours: o.result[1] });
    }
    return diffs;
  }
  const pm = new Map(p.result.map((s) => [key(s.metric), s]));
  const om = new Map(o.result.map((s) => [key(s.metric), s]));
  for (const [k, s] of pm) if (!om.has(k)) diffs.push({ what: 'missing series', series: s.metric, prometheus: s.value ?? `${s.values.length} samples` });
  for (const [k, s] of om) if (!pm.has(k)) diffs.push({ what: 'extra series', series: s.metric, ours: s.value ?? `${s.values.length} samples` });
  if (pm.size !== p.result.length || om.size !== o.result.length) diffs.push({ what: 'duplicate series', prometheus: p.result.length, ours: o.result.length });
  for (const [k, ps] of pm) {
    const os = om.get(k);
    if (!os) continue;
    if (p.resultType === 'vector') compareSamples(ps.value, os.value, k, diffs);
    else {
      const pv = new Map(ps.values.map((x) => [x[0], x[1]]));
      const ov = new Map(os.values.map((x) => [x[0], x[1]]));
      for (const [t, v] of pv) {
        if (!ov.has(t)) diffs.push({ what: 'missing point', path: k, t, prometheus: v });
        else compareSamples([t, v], [t, ov.get(t)], k, diffs);
      }
      for (const [t, v] of ov) if (!pv.has(t)) diffs.push({ what: 'extra point', path: k, t, ours: v });
    }
  }
  if (ordered && diffs.length === 0 && p.resultType === 'vector') {
    const pk = p.result.map((s) => key(s.metric)).join('\n');
    const ok = o.result.map((s) => key(s.metric)).join('\n');
    if (pk !== ok) diffs.push({ what: 'order', prometheus: p.result.map((s) => s.metric), ours: o.result.map((s) => s.metric) });
  }
  return diffs;
}

function setDiff(a, b) {
  return { onlyPrometheus: a.filter((x) => !b.includes(x)), onlyOurs: b.filter((x) => !a.includes(x)) };
}

/** Whether a query's outermost expression sorts its result (then vector order is compared). */
export function isSortedQuery(q) {
  return /^\s*\(*\s*(sort|sort_desc|sort_by_label|sort_by_label_desc)\s*\(/.test(q);
}

const stripPos = (m) => m.replace(/^\d+:\d+: /, '').replace(/\(\d+:\d+\)/g, '');

/**
 * The documented places where promql-ts follows Prometheus main instead of 3.5 (see the main
 * README). Returns the category when the difference is one of them, else null.
 */
export function allowedCategory(query, mode, p, o, diffs) {
  // 3.5's info() takes data labels from the wrong info series in range queries (slice-indexing
  // bugs fixed on main after 3.5) and fails on two info series in one lookback window where main
  // takes the newest; we follow main. Broad on purpose: review these by hand.
  if (/\binfo\s*\(/.test(query) && (diffs.length > 0 || p.ok !== o.ok)) return 'info() fixes since 3.5 (main; review by hand)';
  if (/\bhistogram_fraction\s*\(/.test(query)) return 'histogram_fraction on classic buckets (main)';
  if (!p.ok && o.ok && /(unknown function|experimental|not enabled|duration expr)/i.test(p.error)) return 'syntax added since 3.5 (main)';
  if (!p.ok && !o.ok && /experimental duration expression is not enabled/.test(p.error)) return 'syntax added since 3.5 (main)';
  // `</` and `>/` are main's histogram trim operators; 3.5 reads `<` then `/`.
  if (!p.ok && !o.ok && /parse error/.test(p.error) && /[<>]\//.test(query)) return 'syntax added since 3.5 (main)';
  // start(), end(), range() and step() are functions on main (3.5 knows start/end only after `@`),
  // so a malformed query around one of them fails differently.
  if (!p.ok && !o.ok && /parse error/.test(p.error) && /parse error/.test(o.error) && /\b(start|end|range|step)\s*\(/.test(query)
    && !/@\s*(start|end)\s*\(/.test(query)) return 'syntax added since 3.5 (main)';
  // 3.5's lexer reads any letter inside brackets as ':' (`x[1 m]` is `x[1s:]`); main rejects it.
  if (!o.ok && /parse error: unexpected character: '.', expected ':'/.test(o.error) && (p.ok || /(colon|in subquery selector)/.test(p.error))) return 'letter inside brackets read as a colon by 3.5 (main rejects it)';
  if (!p.ok && !o.ok) {
    const dup = 'found duplicate series for the match group';
    if (p.error.includes(dup) && o.error.includes(dup)) {
      const parts = (m) => (m.match(/\{[^}]*\}/g) ?? []).sort().join();
      if (parts(p.error) === parts(o.error)) return 'many-to-many error series order (main)';
    }
    if (/\bon\s*\(/.test(query) && stripPos(p.error) === stripPos(o.error)) return 'error column after a call with on(…) (main)';
    // Same root cause: 3.5's closing-parenthesis stack (reverted on main) panics on a parse error
    // in an aggregation inside a call, and the panic is reported as "unexpected error".
    if (p.error === 'unexpected error' && /parse error: /.test(o.error)) return 'parser panic of 3.5 reported as "unexpected error" (main reports the parse error)';
    // 3.5 has no name for the `@` token in parse errors; main writes `<op:@>` alone. And main's
    // grammar also accepts duration expressions where 3.5 wanted a number or duration. Both can
    // apply to one message.
    const at = p.error.replace(/"<Item \d+>" /g, '');
    const dur = o.error.replace(' in subquery or range selector', ' in subquery selector').replace(', expected number, duration, step(), or range()', ', expected number or duration')
      .replace('expected number, duration, step(), range(), or "]"', 'expected number or duration or "]"');
    if (at === dur) {
      return [at !== p.error && '`@` token in parse errors (main)', dur !== o.error && 'parse error wording of the duration-expression grammar (main)'].filter(Boolean).join(' + ');
    }
    // main's duration lexer takes a comma (for its min/max duration functions); 3.5's rejects it.
    if (/unexpected character in duration expression: ','/.test(p.error) && /parse error: unexpected ","/.test(o.error)) return 'comma inside brackets (main lexes it)';
    if (/\b(topk|bottomk|limitk|limit_ratio)\b/.test(query) && /NaN overflows int64/.test(p.error) && /NaN/.test(o.error)) return 'topk/limitk with a NaN parameter (main)';
    return null;
  }
  // Prometheus main checks a NaN k before looking at the input, so an empty input errors too.
  if (p.ok && !o.ok && /\b(topk|bottomk|limitk)\b/.test(query) && o.error === 'Parameter value is NaN') return 'topk/limitk with a NaN parameter (main)';
  if (p.ok && !o.ok && /\blimit_ratio\b/.test(query) && o.error === 'Ratio value is NaN') return 'topk/limitk with a NaN parameter (main)';
  // main (since 3.9) merges the series label_replace/label_join give one label set when they never
  // share a timestamp, over the whole range; 3.5 fails on any two of them. Range queries only: in an
  // instant query such series share the one timestamp, and main fails too.
  if (!p.ok && o.ok && mode === 'range' && p.error === 'vector cannot contain metrics with the same labelset'
    && /\blabel_(replace|join)\s*\(/.test(query)) return 'label_replace/label_join series merged when they share no timestamp (main)';
  // main (since 3.10) checks vector-matching cardinality before a comparison filters samples out;
  // 3.5 only among the samples the filter keeps.
  if (p.ok && !o.ok && /^multiple matches for labels: /.test(o.error) && /(==|!=|>|<)(?!\s*bool)/.test(query)) return 'matching cardinality checked before the comparison filter (main)';
  if (!p.ok || !o.ok) return null;
  if (diffs.length) {
    // main quotes grouping label names that are only valid as metric names (`on ("job:")`).
    const unquote = (t) => t.replace(/\b(by|without|on|ignoring|group_left|group_right) \(([^)]*)\)/g, (_m, kw, ls) => `${kw} (${ls.replace(/"([a-zA-Z_:][a-zA-Z0-9_:]*)"/g, '$1')})`);
    if (mode === 'format' && unquote(o.data.result[1]) === p.data.result[1]) return 'grouping label names with a colon quoted (main)';
    if (/\bmad_over_time\s*\(/.test(query) && diffs.every((d) => d.what === 'value' && d.ours === 'NaN')) return 'mad_over_time over NaN (main)';
    // The NaN can be hidden by what follows (`min` skips it): counted apart, to review by hand.
    if (/\bmad_over_time\s*\(/.test(query) && diffs.every((d) => d.what === 'value')) return 'mad_over_time over NaN, through later operators (main; review by hand)';
    return null;
  }
  // Annotations: rewrite each side's text to the wording both versions share, then compare.
  const used = new Set();
  const canon = (msgs, side) => msgs.flatMap((m) => {
    // main warns wherever sort is evaluated over a range: range queries and subqueries.
    if (side === 'ours' && (mode === 'range' || /\[[^\]]*:[^\]]*\]/.test(query)) && /^PromQL warning: sort is ineffective for range queries/.test(m)) {
      used.add('sort annotation in range queries (main)');
      return [];
    }
    let c = m;
    if (/needed to be fixed for monotonicity/.test(c)) {
      c = c.replace(/ for metric name "[^"]*"/, '').replace(/, from buckets .* to \S+Z/, '');
      // 3.5 keeps the last position of a repeated annotation, main merges into the first.
      if ((query.match(/\bhistogram_quantile\s*\(/g) ?? []).length > 1) c = c.replace(/ \(\d+:\d+\)$/, '');
      if (c !== m) used.add('longer monotonicity info (main)');
    } else if (/bucket label "le" is missing or has a malformed value/.test(c)) {
      c = c.replace(/ for metric name "[^"]*"/, '');
      if (c !== m) used.add('shorter bad-le warning (main)');
    }
    return [c];
  }).sort().filter((m, k, all) => k === 0 || all[k - 1] !== m).join('\n');
  if (canon([...p.warnings, ...p.infos], 'prometheus') !== canon([...o.warnings, ...o.infos], 'ours') || used.size === 0) return null;
  return [...used].sort().join(' + ');
}

/**
 * Compares one evaluation. Returns `{ agree, category, diffs }`: `category` names the allowed
 * difference when there is one, or the kind of disagreement.
 */
export function compareAnswers(query, mode, p, o) {
  let diffs = [];
  let kind = null;
  if (p.ok !== o.ok) {
    kind = p.ok ? 'we fail, Prometheus answers' : 'Prometheus fails, we answer';
    diffs.push({ what: kind, prometheus: p.ok ? undefined : p.error, ours: o.ok ? undefined : o.error });
  } else if (!p.ok) {
    if (p.error !== o.error) {
      kind = 'error message';
      diffs.push({ what: kind, prometheus: p.error, ours: o.error });
    }
  } else {
    diffs = compareData(p.data, o.data, isSortedQuery(query));
    if (diffs.length) kind = diffs.some((d) => d.what !== 'format' && d.what !== 'order') ? 'result' : diffs[0].what;
    else {
      const w = setDiff(p.warnings, o.warnings);
      const i = setDiff(p.infos, o.infos);
      if (w.onlyOurs.length + w.onlyPrometheus.length + i.onlyOurs.length + i.onlyPrometheus.length) {
        kind = 'annotations';
        diffs.push({ what: kind, warnings: w, infos: i });
      }
    }
  }
  if (!kind) return { agree: true };
  const allowed = allowedCategory(query, mode, p, o, diffs.filter((d) => d.what !== 'annotations'));
  if (allowed) return { agree: false, allowed, diffs };
  return { agree: false, category: knownCategory(query, diffs) ?? kind, diffs };
}

/**
 * Disagreements already listed in KNOWN-DIFFERENCES.md, recognised so that a run's summary shows
 * them apart from new ones. Still counted as disagreements.
 */
function knownCategory(query, diffs) {
  if (/\babsent(_over_time)?\s*\(/.test(query) && diffs.length === 2 && diffs[0].what === 'missing series' && diffs[1].what === 'extra series'
    && Object.entries(diffs[0].series).every(([k, v]) => diffs[1].series[k] === v)) return 'known 1: absent labels after Prometheus reorders matchers';
  if (/\bsort_by_label(_desc)?\s*\(/.test(query) && diffs.every((d) => d.what === 'order')) return 'known 3: sort_by_label order (Go sort, natsort)';
  return null;
}
