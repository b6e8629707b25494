// The progress line `promql query` keeps on stderr while it loads large fixtures: only on a
// terminal, only for inputs big enough to take a while, redrawn in place, erased when done.

/** Inputs smaller than this load in well under a second: no progress line. */
export const PROGRESS_MIN_CHARS = 8 << 20;

/** A progress line: `update` redraws it, `done` erases it. */
export interface ProgressLine {
  readonly update: (file: string, done: number, total: number) => void;
  readonly done: () => void;
}

/** A progress line on `stream`, or undefined when the stream is not a terminal. */
export function loadingProgress(stream: NodeJS.WriteStream): ProgressLine | undefined {
  if (!stream.isTTY) return undefined;
  let shown = false;
  let last = -1;
  return {
    update(file, done, total) {
      if (total < PROGRESS_MIN_CHARS) return;
      const pct = Math.floor((done / total) * 100);
      if (pct === last) return;
      last = pct;
      shown = true;
      stream.write(`\r\x1b[Kloading ${file}: ${pct}% of ${(total / 2 ** 20).toFixed(0)} MiB`);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
