// The event loop's longest wait, as a ticker sees it: shared by the benchmarks that report it.

/**
 * Starts a ticker every `periodMs` ms that notes the longest gap between its ticks. `stop()`
 * clears it and returns the longest gap (ms), the one still open at the call included.
 */
export function gapTicker(periodMs) {
  let longest = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, periodMs);
  return {
    stop() {
      clearInterval(ticker);
      return Math.max(longest, performance.now() - last);
    },
  };
}
