// Answers of both sides in the API's JSON shape, and their comparison: floats within a relative
// 1e-9, histograms bucket by bucket (boundary rule, bounds and count), annotations as sets.

/** Relative tolerance for floats (the harness compares values, not Prometheus's last bits). */
export const TOLERANCE = 1e-9;

/** Prometheus's answer: `{ ok, data, warnings, infos }` or `{ ok: false, error }`. */
export function normaliseProm(body) {
  if (body.status !== 'success') return { ok: false, error: String(body.error ?? '').replace(/^invalid parameter "query": /, '') };
  return { ok: true, data: body.data, warnings: [...(body.warnings ?? [])].sort(), infos: [...(body.infos ?? [])].sort() };
}

/** Our QueryResult (or thrown error) in the API's JSON shape (`toPrometheusJSON`, histograms included). */
export function normaliseOurs(toPrometheusJSON, result, error) {
  if (error) return { ok: false, error: String(error.message ?? error) };
  return {
    ok: true, data: toPrometheusJSON(result),
    warnings: result.warnings.map((a) => a.text).sort(), infos: result.infos.map((a) => a.text).sort(),
  };
}

const key = (metric) => JSON.stringify(Object.entries(metric).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Whether two API float strings are equal within the tolerance (NaN = NaN, infinities exact). */
export function closeFloats(a, b) {
  if (a === b) return true;
  const x = Number(a.replace(/^\+/, ''));
  const y = Number(b.replace(/^\+/, ''));
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= TOLERANCE * Math.max(Math.abs(x), Math.abs(y)) || Math.abs(x - y) < 1e-300;
}

/** Differences between two histogram objects; empty when they agree. */
export function compareHistograms(p, o) {
  const d = [];
  if (!closeFloats(p.count, o.count)) d.push(`count ${p.count} vs ${o.count}`);
  if (!closeFloats(p.sum, o.sum)) d.push(`sum ${p.sum} vs ${o.sum}`);
  const pb = p.buckets ?? [];
  const ob = o.buckets ?? [];
  if (pb.length !== ob.length) d.push(`${pb.length} buckets vs ${ob.length}`);
  else {
    pb.forEach((b, i) => {
      const c = ob[i];
      if (b[0] !== c[0] || !closeFloats(b[1], c[1]) || !closeFloats(b[2], c[2]) || !closeFloats(b[3], c[3])) d.push(`bucket ${i}: ${JSON.stringify(b)} vs ${JSON.stringify(c)}`);
    });
  }
  return d;
}

function comparePoint(p, o, where, diffs) {
  if (p.value || o.value) {
    if (!p.value || !o.value) diffs.push({ what: p.value ? 'float vs histogram' : 'histogram vs float', where, prometheus: p.value ?? p.histogram, ours: o.value ?? o.histogram });
    else if (p.value[0] !== o.value[0] || !closeFloats(p.value[1], o.value[1])) diffs.push({ what: 'value', where, prometheus: p.value, ours: o.value });
    return;
  }
  if (p.histogram[0] !== o.histogram[0]) diffs.push({ what: 'timestamp', where, prometheus: p.histogram[0], ours: o.histogram[0] });
  const h = compareHistograms(p.histogram[1], o.histogram[1]);
  if (h.length) diffs.push({ what: 'histogram', where, details: h, prometheus: p.histogram[1], ours: o.histogram[1] });
}

function compareSeriesPoints(ps, os, where, diffs) {
  const pts = (s) => new Map([...(s.values ?? []).map((v) => [v[0], { value: v }]), ...(s.histograms ?? []).map((h) => [h[0], { histogram: h }])]);
  const pm = pts(ps);
  const om = pts(os);
  for (const [t, p] of pm) {
    const o = om.get(t);
    if (!o) diffs.push({ what: 'missing point', where, t, prometheus: p.value ?? p.histogram });
    else comparePoint(p, o, `${where} @${t}`, diffs);
  }
  for (const [t, o] of om) if (!pm.has(t)) diffs.push({ what: 'extra point', where, t, ours: o.value ?? o.histogram });
}

/** Differences between two successful `data` objects. */
export function compareData(p, o) {
  if (p.resultType !== o.resultType) return [{ what: 'resultType', prometheus: p.resultType, ours: o.resultType }];
  const diffs = [];
  if (p.resultType === 'scalar' || p.resultType === 'string') {
    if (p.result[0] !== o.result[0] || !closeFloats(String(p.result[1]), String(o.result[1]))) diffs.push({ what: 'value', prometheus: p.result, ours: o.result });
    return diffs;
  }
  const pm = new Map(p.result.map((s) => [key(s.metric), s]));
  const om = new Map(o.result.map((s) => [key(s.metric), s]));
  for (const [k, s] of pm) if (!om.has(k)) diffs.push({ what: 'missing series', series: s.metric, prometheus: s.value ?? s.histogram ?? `${(s.values ?? []).length} floats, ${(s.histograms ?? []).length} histograms` });
  for (const [k, s] of om) if (!pm.has(k)) diffs.push({ what: 'extra series', series: s.metric, ours: s.value ?? s.histogram ?? `${(s.values ?? []).length} floats, ${(s.histograms ?? []).length} histograms` });
  for (const [k, ps] of pm) {
    const os = om.get(k);
    if (!os) continue;
    if (p.resultType === 'vector') comparePoint(ps, os, k, diffs);
    else compareSeriesPoints(ps, os, k, diffs);
  }
  return diffs;
}

/** A sum, avg, sum_over_time or avg_over_time call, grouping clause before the parenthesis included. */
const HISTOGRAM_SUMS = /\b(sum|avg)(_over_time)?\s*(\b(by|without)\s*\([^)]*\)\s*)?\(/;

/**
 * Where Prometheus 3.5 and main differ on purpose and promql-ts follows main: returns the category
 * name when this evaluation's difference is one of them, else null.
 */
export function allowedCategory(p, o, dataAgree, diffs = [], query = '') {
  if (!p.ok || !o.ok) return null;
  // Since 3.6 (bcf7a822a0) rate/increase stop extrapolating a histogram's start where its count
  // would reach zero, and scale the whole histogram by the count's factor: 3.5's answer is then
  // ours times a factor above 1, in count, sum and every bucket alike.
  if (!dataAgree && /\b(rate|increase)\s*\(/.test(query) && diffs.length && diffs.every((d) => d.what === 'histogram' && proportional(d.prometheus, d.ours))) {
    return 'histogram rate extrapolation stops at a zero count (main since 3.6, bcf7a822a0)';
  }
  // main adds histograms with Kahan compensation in sum, avg, sum_over_time and avg_over_time
  // (1dcdb07d30, 3.7; avg divides the sum at the end), 3.5 with plain additions (and an incremental
  // mean for avg): where the inputs cancel in a bucket, one side can keep it at a rounding level
  // where the other has another rounding level or lands exactly on 0 (and compacts it away).
  // Everything else must agree.
  if (!dataAgree && HISTOGRAM_SUMS.test(query) && diffs.length && diffs.every((d) => d.what === 'histogram' && sameBarRoundingBuckets(d.prometheus, d.ours))) {
    return 'sum/avg of histograms: a bucket that cancels kept at rounding level (Kahan sums, main since 3.7, 1dcdb07d30)';
  }
  // 3.5 cannot combine NHCB histograms with different bounds (a warning, the result dropped);
  // main intersects the bounds and adds an info (#17278, in 3.8).
  // 3.5 skips statistics decoding when histogram_count/sum/avg is the outermost call (off by one
  // in detectHistogramStatsDecoding, fixed by 87d7c12563 in 3.7): it then sees NHCB bounds and
  // rejects mismatches that main, reading count and sum only, never sees.
  if (/^\s*histogram_(count|sum|avg)\s*\(/.test(query) && p.warnings.some((w) => w.includes('incompatible custom buckets')) && !o.warnings.length && !o.infos.length && !p.infos.length) {
    return 'statistics decoding under an outermost histogram_count/sum/avg (main since 3.7, 87d7c12563)';
  }
  const rejected = (w) => w.includes('incompatible custom buckets') || w.includes('incompatible bucket layout encountered for binary operator');
  if (p.warnings.some(rejected) && o.infos.some((i) => i.includes('mismatched custom buckets were reconciled'))) {
    return 'NHCB bounds reconciled (main since 3.8, #17278)';
  }
  if (!dataAgree) return null;
  // The same, with annotations of what comes after the selector: main (reading statistics) gets
  // histograms through to a `topk`, which ignores them, or to a comparison with a float, which
  // drops them with an info; 3.5 dropped them at the selector's function with its warning. The
  // answers must agree, and Prometheus's infos must be among ours.
  if (/^\s*histogram_(count|sum|avg)\s*\(/.test(query) && p.warnings.length && p.warnings.every((w) => w.includes('incompatible custom buckets'))
    && !o.warnings.length && p.infos.every((i) => o.infos.includes(i))
    && o.infos.every((i) => p.infos.includes(i) || i.includes('incompatible sample types encountered for binary operator'))) {
    return 'statistics decoding under an outermost histogram_count/sum/avg (main since 3.7, 87d7c12563)';
  }
  // 3.5 decodes statistics only under histogram_count/sum/avg even inside a subquery, where main
  // reads the full histograms (3.7, 0746f388b0): main then reconciles NHCB bounds and says so, 3.5 sees
  // no bounds at all. Same values; only our reconciliation infos are extra.
  const reconciled = (i) => i.includes('mismatched custom buckets were reconciled');
  const extraInfos = o.infos.filter((i) => !p.infos.includes(i));
  if (/histogram_(count|sum|avg)\s*\(/.test(query) && /\[[^\]]*:[^\]]*\]/.test(query) && extraInfos.length > 0
    && extraInfos.every(reconciled) && p.infos.every((i) => o.infos.includes(i)) && canonWarnings(p.warnings) === canonWarnings(o.warnings)) {
    return 'full histograms under a subquery (main since 3.7, 0746f388b0): NHCB bounds reconciled';
  }
  const used = new Set();
  // main no longer names the metric in the bad-`le` warning.
  const canon = (xs) => xs.map((w) => {
    if (!w.includes('bucket label "le" is missing')) return w;
    const c = w.replace(/ for metric name "[^"]*"/, '');
    if (c !== w) used.add('shorter bad-le warning (main)');
    return c;
  }).sort().join('\n');
  // 3.5 has no counter-reset collision warning (added in 3.7 by 77b5c3f217, refined by 2628320292
  // and 51e0982c91): ours may warn where 3.5 is silent.
  const collision = (xs) => xs.filter((w) => {
    if (!w.startsWith('PromQL warning: conflicting counter resets during histogram')) return true;
    used.add('counter-reset collision warning (main since 3.7)');
    return false;
  });
  if (canon(p.warnings) === canon(collision(o.warnings)) && canon(p.infos) === canon(o.infos) && used.size) return [...used].sort().join(' + ');
  return null;
}

/** Warnings as a comparable text (order ignored). */
function canonWarnings(xs) {
  return [...xs].sort().join('\n');
}

/**
 * Whether histogram objects `p` and `o` agree (count, sum, buckets within the tolerance) once the
 * buckets holding less than 1e-12 of the largest bucket's magnitude are left out on both sides,
 * and at least one such bucket was.
 */
function sameBarRoundingBuckets(p, o) {
  const all = [...(p.buckets ?? []), ...(o.buckets ?? [])];
  const largest = Math.max(0, ...all.map((b) => Math.abs(Number(b[3]))));
  const kept = (bs) => (bs ?? []).filter((b) => Math.abs(Number(b[3])) >= 1e-12 * largest);
  const pk = kept(p.buckets);
  const ok = kept(o.buckets);
  if (pk.length + ok.length === (p.buckets ?? []).length + (o.buckets ?? []).length) return false;
  return closeFloats(p.count, o.count) && closeFloats(p.sum, o.sum) && pk.length === ok.length
    && pk.every((b, i) => b[0] === ok[i][0] && closeFloats(b[1], ok[i][1]) && closeFloats(b[2], ok[i][2]) && closeFloats(b[3], ok[i][3]));
}

/** Whether histogram object `p` is `o` times one factor above 1 (count, sum and every bucket). */
function proportional(p, o) {
  const k = Number(p.count) / Number(o.count);
  if (!(k > 1) || !Number.isFinite(k)) return false;
  const near = (a, b) => closeFloats(String(Number(a)), String(Number(b) * k)) || Math.abs(Number(a) - Number(b) * k) <= 1e-9 * Math.abs(Number(a));
  const pb = p.buckets ?? [];
  const ob = o.buckets ?? [];
  return near(p.sum, o.sum) && pb.length === ob.length && pb.every((b, i) => b[0] === ob[i][0] && b[1] === ob[i][1] && b[2] === ob[i][2] && near(b[3], ob[i][3]));
}

/** Compares one evaluation (of `query`, used to recognise 3.5-vs-main changes): `{ agree, category, allowed, diffs }`. */
export function compareAnswers(p, o, query = '') {
  if (p.ok !== o.ok) return { agree: false, category: p.ok ? 'we fail, Prometheus answers' : 'Prometheus fails, we answer', diffs: [{ prometheus: p.error, ours: o.error }] };
  if (!p.ok) return p.error === o.error ? { agree: true } : { agree: false, category: 'error message', diffs: [{ prometheus: p.error, ours: o.error }] };
  const diffs = compareData(p.data, o.data);
  const only = (a, b) => a.filter((x) => !b.includes(x));
  const ann = {
    warningsOnlyPrometheus: only(p.warnings, o.warnings), warningsOnlyOurs: only(o.warnings, p.warnings),
    infosOnlyPrometheus: only(p.infos, o.infos), infosOnlyOurs: only(o.infos, p.infos),
  };
  const annDiffer = Object.values(ann).some((x) => x.length);
  if (!diffs.length && !annDiffer) return { agree: true };
  const all = annDiffer ? [...diffs, ann] : diffs;
  const allowed = allowedCategory(p, o, diffs.length === 0, diffs, query);
  if (allowed) return { agree: false, allowed, diffs: all };
  return { agree: false, category: diffs.length ? 'result' : 'annotations', diffs: all };
}
