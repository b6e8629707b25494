// Whether Prometheus's answer and ours agree: the same series, the same points, every value
// equal to a relative 1e-9 (and how many bit for bit). Both sides in the query API's JSON form.

/** Relative tolerance of a value. */
export const TOLERANCE = 1e-9;

const seriesKey = (metric) => JSON.stringify(Object.entries(metric).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Whether two numbers are equal to the tolerance (NaN equals NaN, infinities equal themselves). */
export function close(x, y) {
  if (Object.is(x, y) || x === y || (Number.isNaN(x) && Number.isNaN(y))) return true;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  return Math.abs(x - y) <= TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
}

/** The numbers of a point: `[t, "v"]` → [v]; a histogram → count, sum and every bucket's bounds and count. */
function numbers(point) {
  if (point.length === 2 && typeof point[1] === 'string') return [Number(point[1])];
  const h = point[1];
  return [Number(h.count), Number(h.sum), ...(h.buckets ?? []).flatMap((b) => [b[0], Number(b[1]), Number(b[2]), Number(b[3])])];
}

/** The points of a series of a matrix (`values` and `histograms` merged by time). */
function pointsOf(s) {
  const out = new Map();
  for (const p of s.values ?? []) out.set(p[0], [p[0], p[1]]);
  for (const p of s.histograms ?? []) out.set(p[0], [p[0], p[1]]);
  return out;
}

/**
 * Compares two successful `data` objects of a range query. Returns `{ agree, series, points,
 * exact, problems }`: series counts of both sides, points compared, points equal bit for bit, and
 * the first few differences in words.
 */
export function compareMatrices(theirs, ours) {
  const problems = [];
  const note = (msg) => {
    if (problems.length < 5) problems.push(msg);
  };
  if (theirs.resultType !== ours.resultType) {
    return { agree: false, series: [theirs.result?.length, ours.result?.length], points: 0, exact: 0, problems: [`result type ${theirs.resultType} against ${ours.resultType}`] };
  }
  const mine = new Map(ours.result.map((s) => [seriesKey(s.metric), s]));
  let points = 0;
  let exact = 0;
  let bad = 0;
  for (const s of theirs.result) {
    const key = seriesKey(s.metric);
    const o = mine.get(key);
    if (!o) {
      bad++;
      note(`series ${key} only in Prometheus's answer`);
      continue;
    }
    mine.delete(key);
    const pp = pointsOf(s);
    const op = pointsOf(o);
    for (const [t, p] of pp) {
      const q = op.get(t);
      points++;
      if (!q) {
        bad++;
        note(`${key} @${t}: only Prometheus has a point (${JSON.stringify(p[1])})`);
        continue;
      }
      op.delete(t);
      if (JSON.stringify(p[1]) === JSON.stringify(q[1])) {
        exact++;
        continue;
      }
      const a = numbers(p);
      const b = numbers(q);
      if (a.length !== b.length || a.some((x, i) => !close(x, b[i]))) {
        bad++;
        note(`${key} @${t}: Prometheus ${JSON.stringify(p[1])}, ours ${JSON.stringify(q[1])}`);
      }
    }
    for (const [t, q] of op) {
      bad++;
      note(`${key} @${t}: only we have a point (${JSON.stringify(q[1])})`);
    }
  }
  for (const key of mine.keys()) {
    bad++;
    note(`series ${key} only in our answer`);
  }
  return { agree: bad === 0, series: [theirs.result.length, ours.result.length], points, exact, problems };
}
