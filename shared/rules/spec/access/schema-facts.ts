/**
 * Facts about schema nodes that the property-level access rules (API1 owner keys, API3, personal
 * data) share: how to name a schema in a sentence, which properties are plain values, which are
 * marked readOnly/writeOnly, and which schemas an operation uses directly as its body.
 */
import { splitPointer, type SourceRef } from '../../../model/source.js';
import type { MediaContent, Operation, SchemaNode, SchemaProperty } from '../../../model/spec.js';
import { typesOf } from '../schema-helpers.js';

/** At most this many property places are attached to one finding. */
export const MAX_RELATED = 20;

const ROOT_SECTIONS = new Set(['paths', 'components', 'definitions', 'webhooks']);
const SCHEMA_KEYWORDS = new Set(['properties', 'items', 'allOf', 'anyOf', 'oneOf', 'additionalProperties', 'not', 'prefixItems']);

function fileStem(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/i, '');
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** `users[].address` from the schema keywords below a body or component schema. */
function subPath(segments: readonly string[]): string {
  let out = '';
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s === 'properties' && i + 1 < segments.length) out += (out ? '.' : '') + segments[++i]!;
    else if (s === 'items') out += '[]';
    else if (s === 'additionalProperties') out += '{*}';
    else if ((s === 'allOf' || s === 'anyOf' || s === 'oneOf') && i + 1 < segments.length) out += `(${s}[${segments[++i]!}])`;
  }
  return out;
}

/**
 * How a schema reads in a sentence: `schema \`User\``, `schema \`User\` (at \`address\`)`, or for inline
 * schemas the body they sit in: `the 200 response body of GET /users (at \`users[]\`)`.
 */
export function schemaLabel(schema: SchemaNode): string {
  const segs = splitPointer(schema.at.pointer);
  let base: string | undefined;
  let rest: string[] = [];
  if (segs[0] === 'components' && segs[1] === 'schemas' && segs.length >= 3) {
    base = `schema \`${segs[2]!}\``;
    rest = segs.slice(3);
  } else if (segs[0] === 'definitions' && segs.length >= 2) {
    base = `schema \`${segs[1]!}\``;
    rest = segs.slice(2);
  } else if (segs[0] === 'paths' && segs.length >= 4 && METHODS.has(segs[2]!)) {
    const endpoint = `${segs[2]!.toUpperCase()} ${segs[1]!}`;
    const schemaAt = segs.indexOf('schema', 3);
    if (segs[3] === 'requestBody' || (segs[3] === 'parameters' && schemaAt > 0)) base = `the request body of ${endpoint}`;
    else if (segs[3] === 'responses' && segs.length > 4) base = `the ${segs[4]!} response body of ${endpoint}`;
    if (base !== undefined) rest = schemaAt > 0 ? segs.slice(schemaAt + 1) : [];
  } else if (segs.length === 0) {
    base = `schema \`${schema.componentName ?? fileStem(schema.at.file)}\``;
  } else if (!ROOT_SECTIONS.has(segs[0]!)) {
    // A definition in a file of its own (multi-file descriptions).
    const schemaAt = segs.indexOf('schema');
    if (SCHEMA_KEYWORDS.has(segs[0]!)) {
      base = `schema \`${fileStem(schema.at.file)}\``;
      rest = segs;
    } else if (schemaAt >= 0) {
      base = `the body described in \`${schema.at.file}\``;
      rest = segs.slice(schemaAt + 1);
    } else {
      base = `schema \`${segs[0]!}\` of \`${schema.at.file}\``;
      rest = segs.slice(1);
    }
  }
  if (base === undefined) return `the schema at \`${schema.at.file}#${schema.at.pointer}\``;
  const sub = subPath(rest);
  return sub ? `${base} (at \`${sub}\`)` : base;
}

/** The label with a capital first letter, to open a sentence. */
export function capitalizedSchemaLabel(schema: SchemaNode): string {
  const l = schemaLabel(schema);
  return l.charAt(0).toUpperCase() + l.slice(1);
}

export function isReadOnly(property: SchemaProperty): boolean {
  return property.schema.node.readOnly === true;
}

export function isWriteOnly(property: SchemaProperty): boolean {
  return property.schema.node.writeOnly === true;
}

/** The schema holds structure (an object with properties, or an array of such objects), not a value. */
export function isStructured(schema: SchemaNode): boolean {
  const types = typesOf(schema);
  if (schema.properties.length > 0) return true;
  if (schema.allOf.length || schema.anyOf.length || schema.oneOf.length) return schema.allOf.concat(schema.anyOf, schema.oneOf).some(isStructured);
  if (types.includes('array') && schema.items) return isStructured(schema.items);
  return false;
}

export function isBooleanOnly(schema: SchemaNode): boolean {
  const types = typesOf(schema).filter((t) => t !== 'null');
  return types.length > 0 && types.every((t) => t === 'boolean');
}

/** `enum`/`const` values or a calendar format: not free text a secret could hide in. */
export function isFixedOrCalendarValue(schema: SchemaNode): boolean {
  const n = schema.node;
  if (Array.isArray(n.enum) || n.const !== undefined) return true;
  return typeof n.format === 'string' && /^(date|date-time|time|duration)$/.test(n.format);
}

export function relatedRefs(properties: readonly SchemaProperty[]): SourceRef[] {
  return properties.slice(0, MAX_RELATED).map((p) => p.at);
}

export function propertyNames(properties: readonly SchemaProperty[]): string[] {
  return properties.map((p) => p.name);
}

/** The body schema a media entry carries, looking through one level of array. */
function bodySchemas(content: readonly MediaContent[]): SchemaNode[] {
  const out: SchemaNode[] = [];
  for (const c of content) {
    if (!c.schema) continue;
    out.push(c.schema);
    if (c.schema.items && typesOf(c.schema).includes('array')) out.push(c.schema.items);
  }
  return out;
}

export function requestBodySchemas(op: Operation): SchemaNode[] {
  return op.requestBody ? bodySchemas(op.requestBody.content) : [];
}

export function isSuccessStatus(status: string): boolean {
  return /^2/.test(status) || status === 'default';
}

/** Body schemas of the operation's 2xx (and `default`) responses, with the status they answer. */
export function successResponseSchemas(op: Operation): { status: string; mediaType: string; schema: SchemaNode }[] {
  const out: { status: string; mediaType: string; schema: SchemaNode }[] = [];
  for (const r of op.responses) {
    if (!isSuccessStatus(r.status)) continue;
    for (const c of r.content) for (const schema of bodySchemas([c])) out.push({ status: r.status, mediaType: c.mediaType, schema });
  }
  return out;
}

/** Ids of schemas that are members of some `allOf` (closing them belongs to the composing schema). */
export function allOfMemberIds(schemas: readonly SchemaNode[]): Set<string> {
  const ids = new Set<string>();
  for (const s of schemas) for (const m of s.allOf) ids.add(m.id);
  return ids;
}
