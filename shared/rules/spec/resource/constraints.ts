/**
 * What a schema node constrains: length, range, allowed values and format. Resource rules ask
 * these questions of request-side schemas; they read the node's own keywords only.
 */
import type { SchemaNode } from '../../../model/spec.js';
import { hasType, typesOf } from '../schema-helpers.js';

/**
 * String formats whose values have a bounded, validated shape, so a missing maxLength is not a
 * resource problem (Spectral's string-limit still asks for one on `format: date`, its issue #41).
 * `binary` and `byte` are not here: those are uploads, bounded only by size limits.
 */
export const BOUNDED_STRING_FORMATS: ReadonlySet<string> = new Set([
  'date', 'date-time', 'time', 'duration', 'uuid', 'email', 'idn-email', 'ipv4', 'ipv6', 'uri', 'uri-reference', 'iri',
  'iri-reference', 'uri-template', 'url', 'hostname', 'idn-hostname', 'json-pointer', 'relative-json-pointer', 'int32', 'int64',
  'decimal', 'double', 'float', 'number', 'integer', 'unix-time', 'timestamp', 'country-code', 'currency', 'language',
]);

/** Formats of uploaded content. */
export const UPLOAD_FORMATS: ReadonlySet<string> = new Set(['binary', 'byte', 'base64']);

export function formatOf(s: SchemaNode): string | undefined {
  return typeof s.node.format === 'string' ? s.node.format.toLowerCase() : undefined;
}

export function hasEnumOrConst(s: SchemaNode): boolean {
  return Array.isArray(s.node.enum) || s.node.const !== undefined;
}

export function hasPattern(s: SchemaNode): boolean {
  return typeof s.node.pattern === 'string' && s.node.pattern.length > 0;
}

export function isReadOnly(s: SchemaNode): boolean {
  return s.node.readOnly === true;
}

export function isString(s: SchemaNode): boolean {
  return hasType(s, 'string');
}

export function isInteger(s: SchemaNode): boolean {
  return hasType(s, 'integer');
}

export function isNumeric(s: SchemaNode): boolean {
  return hasType(s, 'integer') || hasType(s, 'number');
}

export function isArray(s: SchemaNode): boolean {
  return hasType(s, 'array') || (typesOf(s).length === 0 && s.items !== undefined);
}

/**
 * True when a regular expression is anchored at both ends and repeats nothing without an upper
 * count (`*`, `+`, `{n,}`), so it caps the length by itself (e.g. `^[A-Z]{2,8}$`).
 */
export function patternBoundsLength(pattern: string): boolean {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return false;
  const body = pattern.slice(1, -1).replace(/\\./g, 'x');
  return !/[*+]|\{\d+,\}/.test(body);
}

/** A string whose length nothing caps: no maxLength, enum, const, bounded format or bounding pattern. */
export function isUnboundedString(s: SchemaNode): boolean {
  if (!isString(s) || hasEnumOrConst(s) || typeof s.node.maxLength === 'number') return false;
  const format = formatOf(s);
  if (format !== undefined && (BOUNDED_STRING_FORMATS.has(format) || UPLOAD_FORMATS.has(format))) return false;
  if (typeof s.node.pattern === 'string' && patternBoundsLength(s.node.pattern)) return false;
  return true;
}

export function hasUpperBound(s: SchemaNode): boolean {
  return typeof s.node.maximum === 'number' || typeof s.node.exclusiveMaximum === 'number';
}

/** OAS 3.0 / Swagger 2 write `exclusiveMinimum: true` next to `minimum`; 3.1 writes the number. */
export function hasLowerBound(s: SchemaNode): boolean {
  return typeof s.node.minimum === 'number' || typeof s.node.exclusiveMinimum === 'number';
}

/** The node and the members of its allOf/anyOf/oneOf, recursively (each once). */
export function variants(s: SchemaNode, depth = 4): SchemaNode[] {
  const out: SchemaNode[] = [];
  const seen = new Set<string>();
  const visit = (n: SchemaNode, d: number): void => {
    if (seen.has(n.id)) return;
    seen.add(n.id);
    out.push(n);
    if (d >= depth) return;
    for (const m of [...n.allOf, ...n.anyOf, ...n.oneOf]) visit(m, d + 1);
  };
  visit(s, 0);
  return out;
}

/** String values a schema allows explicitly (enum and const, across its variants). */
export function allowedStrings(s: SchemaNode): string[] {
  const out: string[] = [];
  for (const v of variants(s)) {
    if (Array.isArray(v.node.enum)) for (const e of v.node.enum) if (typeof e === 'string') out.push(e);
    if (typeof v.node.const === 'string') out.push(v.node.const);
  }
  return out;
}

/** True when an upper bound is given on the node or any of its variants. */
export function anyVariantHasUpperBound(s: SchemaNode): boolean {
  return variants(s).some((v) => hasUpperBound(v) || hasEnumOrConst(v));
}
