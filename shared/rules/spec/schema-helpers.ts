/** Small readers over the normalized spec model that many spec rules share. */
import type { Operation, SchemaNode, SchemaUsage } from '../../model/spec.js';

// Usage lists are shared by every schema of a reference unit (and never change once built), so
// the sorted endpoint lists are memoized per list and direction: many rules ask for thousands of
// schemas of the same few units.
const endpointMemo = new WeakMap<readonly SchemaUsage[], Map<string, string[]>>();

/** Endpoints that use the schema, optionally only in one direction; sorted, unique; shared, never to be changed. */
export function endpointsUsing(schema: SchemaNode, direction?: SchemaUsage['direction']): readonly string[] {
  const usage = schema.usage;
  if (usage.length === 0) return [];
  let byDirection = endpointMemo.get(usage);
  if (!byDirection) endpointMemo.set(usage, (byDirection = new Map()));
  const key = direction ?? '';
  let sorted = byDirection.get(key);
  if (!sorted) {
    const set = new Set<string>();
    for (const u of usage) if (!direction || u.direction === direction) set.add(u.endpoint);
    sorted = [...set].sort();
    byDirection.set(key, sorted);
  }
  return sorted;
}

export function isUsedIn(schema: SchemaNode, direction: SchemaUsage['direction']): boolean {
  return schema.usage.some((u) => u.direction === direction);
}

/** The schema's declared types (OAS 3.1 arrays, 3.0/2.0 single `type`; `nullable` ignored). */
export function typesOf(schema: SchemaNode): string[] {
  const t = schema.node.type;
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  if (typeof t === 'string') return [t];
  if (schema.properties.length || schema.node.additionalProperties !== undefined) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

/** typesOf(schema).includes(type), without building the list (asked for every field by many rules). */
export function hasType(schema: SchemaNode, type: string): boolean {
  const t = schema.node.type;
  if (Array.isArray(t)) return t.includes(type);
  if (typeof t === 'string') return t === type;
  if (schema.properties.length || schema.node.additionalProperties !== undefined) return type === 'object';
  if (schema.items) return type === 'array';
  return false;
}

/**
 * Properties including those contributed by allOf members (first definition wins). Without allOf
 * members this is the schema's own list itself: read it, never change it.
 */
export function effectiveProperties(schema: SchemaNode, seen = new Set<string>()): SchemaNode['properties'] {
  if (seen.has(schema.id)) return [];
  seen.add(schema.id);
  if (schema.allOf.length === 0) return schema.properties;
  const out = [...schema.properties];
  const names = new Set(out.map((p) => p.name));
  for (const member of schema.allOf)
    for (const p of effectiveProperties(member, seen))
      if (!names.has(p.name)) {
        names.add(p.name);
        out.push(p);
      }
  return out;
}

/** Every schema reachable from an operation's responses (bodies and headers), each once. */
export function responseSchemas(op: Operation, statusFilter?: (status: string) => boolean): SchemaNode[] {
  const out = new Map<string, SchemaNode>();
  for (const r of op.responses) {
    if (statusFilter && !statusFilter(r.status)) continue;
    for (const c of r.content) if (c.schema) out.set(c.schema.id, c.schema);
  }
  return [...out.values()];
}

/** Operation lookup by endpoint string. */
export function operationsByEndpoint(ops: readonly Operation[]): Map<string, Operation> {
  return new Map(ops.map((o) => [o.endpoint, o]));
}

export function isWriteMethod(method: string): boolean {
  return method === 'post' || method === 'put' || method === 'patch' || method === 'delete';
}
