// The staleness marker: a NaN with a particular bit pattern, as in Prometheus `model/value`.
// JavaScript may canonicalise NaN payloads, so storages also keep staleness as a flag.

const buf = new DataView(new ArrayBuffer(8));

/** Prometheus's StaleNaN (bits 0x7ff0000000000002). */
export const STALE_NAN: number = (() => {
  buf.setUint32(0, 0x7ff00000);
  buf.setUint32(4, 0x00000002);
  return buf.getFloat64(0);
})();

/** Whether a float carries the StaleNaN bit pattern. */
export function isStaleNaN(v: number): boolean {
  if (v === v) return false;
  buf.setFloat64(0, v);
  return buf.getUint32(0) === 0x7ff00000 && buf.getUint32(4) === 2;
}
