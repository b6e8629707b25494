// V8's garbage collector for tests that check what a finished query leaves on the heap: `gc` (with
// `{ type: 'minor' }` for a young-generation collection) exposed at run time, and the bytes used
// in one space of the heap.
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

v8.setFlagsFromString('--expose-gc');
/** V8's collector: a full collection, or a young-generation one with `{ type: 'minor' }`. */
export const gc = runInNewContext('gc') as (opts?: { type: 'minor' | 'major' }) => void;

/** Bytes in use in one space of the heap. */
export function spaceBytes(name: 'new_space' | 'old_space'): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === name)!.space_used_size;
}
