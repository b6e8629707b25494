// Strings that outlive the input they were read from.

/**
 * The string as its own copy: a slice of a loader's input would keep the whole input alive for
 * as long as the storage keeps it (V8 makes slices of 13 or more characters views of the parent).
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
