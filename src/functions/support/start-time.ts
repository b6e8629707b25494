// Start-timestamp rules shared by the counter functions (Prometheus `isStartTimestampReset`,
// `checkStartTimeOverlap`).

/**
 * Whether a sample's start timestamp says its counter restarted since the previous sample
 * (Prometheus `isStartTimestampReset`). 0 means unknown.
 */
export function startTimestampReset(prevST: number, prevT: number, curST: number, curT: number): boolean {
  if (curST === 0 || curST >= curT) return false;
  if (curST < prevT) return false;
  if (curST > prevT) return true;
  // curST == prevT: a delta (reset) only when the previous start time was known and valid.
  if (prevST > prevT) return false;
  return prevST !== 0 && prevST !== prevT;
}

/** Whether a start time overlaps the previous sample (Prometheus `checkStartTimeOverlap`). */
export function startTimeOverlap(prevST: number, prevT: number, curST: number): boolean {
  return curST !== 0 && curST < prevT && curST !== prevST;
}
