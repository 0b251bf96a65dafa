/** How resource rules phrase lists of names and endpoints in their messages. */

/** `a`, `b` and `c` — or `a`, `b`, `c` and 7 more when the list is longer than `max`. */
export function listNames(names: readonly string[], max = 8): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= 1) return quoted.join('');
  if (quoted.length <= max) return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
  return `${quoted.slice(0, max).join(', ')} and ${quoted.length - max} more`;
}

/** Endpoints for a message: `POST /a, GET /b` or the first few and a count. */
export function listEndpoints(endpoints: readonly string[], max = 5): string {
  const sorted = [...new Set(endpoints)].sort();
  if (sorted.length <= max) return sorted.join(', ');
  return `${sorted.slice(0, max).join(', ')} and ${sorted.length - max} more`;
}

/** `1 operation`, `3 operations`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Unique, sorted. */
export function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
