// Asking Prometheus again when an evaluation differs: its answer can change from run to run where
// it iterates a Go map (ties in topk and sort, float sums whose order follows the input order, the
// series limitk keeps, which duplicate a matching error names). Shared by the float and the
// native-histogram differential checks.

/** How many times Prometheus is asked again. */
export const RECHECKS = 15;

/**
 * Asks again (`askAgain()` gives one more answer of Prometheus's; `same` tells two answers apart)
 * and judges `verdict`, the comparison of Prometheus's `first` answer with `ours`: unchanged when
 * Prometheus always answers alike; allowed (as `allowed`) when its answers vary and ours is one of
 * them; inconclusive when they vary and ours is not among them.
 */
export async function recheck(verdict, first, ours, askAgain, same, allowed) {
  const answers = [first];
  for (let k = 0; k < RECHECKS; k++) {
    const again = await askAgain();
    if (!answers.some((a) => same(a, again))) answers.push(again);
  }
  if (answers.length === 1) return verdict;
  if (answers.some((a) => same(a, ours))) return { agree: false, allowed, diffs: verdict.diffs };
  return { agree: false, inconclusive: `Prometheus varies between runs; ours is not among ${answers.length} of its answers (${verdict.category})`, diffs: verdict.diffs };
}
