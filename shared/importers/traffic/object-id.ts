/**
 * How an object id in a request path is remembered for enumeration: small integers as
 * themselves (negated, to stay apart from hashes), anything else as a 30-bit FNV-1a hash — a
 * number V8 stores unboxed, that pins no text of the file.
 */

/** The integer value of a numeric id (up to 9 digits), NaN otherwise. */
export function idNumber(value: string): number {
  const c0 = value.charCodeAt(0);
  if (c0 < 48 || c0 > 57 || value.length >= 10) return NaN;
  const n = Number(value);
  return Number.isInteger(n) ? n : NaN;
}

/** The key an id is counted under (see idNumber for `num`). */
export function idKey(value: string, num: number): number {
  if (num === num) return -1 - num;
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 2) & 0x3fffffff;
}
