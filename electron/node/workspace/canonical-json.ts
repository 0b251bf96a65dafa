/**
 * A canonical JSON text for a value: object keys sorted by code unit, no whitespace, numbers and
 * strings as JSON.stringify writes them. Two values that are equal as JSON give the same text, so
 * hashes over it survive a store-and-reload round trip.
 *
 * Only plain JSON data is accepted (null, booleans, finite numbers, strings, arrays, objects);
 * anything else throws rather than being silently changed. Object members whose value is
 * `undefined` are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path} is ${value}, which JSON cannot hold`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return '[' + value.map((item, i) => write(item, `${path}[${i}]`)).join(',') + ']';
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`${path} is a ${value.constructor?.name ?? 'non-plain object'}, not plain JSON data`);
      }
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => JSON.stringify(key) + ':' + write(record[key], `${path}.${key}`));
      return '{' + members.join(',') + '}';
    }
    default:
      throw new TypeError(`${path} is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}, which JSON cannot hold`);
  }
}
