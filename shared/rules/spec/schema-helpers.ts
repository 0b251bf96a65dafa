/** Small readers over the normalized spec model that many spec rules share. */
import type { Operation, SchemaNode, SchemaUsage } from '../../model/spec.js';

/** Endpoints that use the schema, optionally only in one direction; sorted, unique. */
export function endpointsUsing(schema: SchemaNode, direction?: SchemaUsage['direction']): string[] {
  const set = new Set<string>();
  for (const u of schema.usage) if (!direction || u.direction === direction) set.add(u.endpoint);
  return [...set].sort();
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

export function hasType(schema: SchemaNode, type: string): boolean {
  return typesOf(schema).includes(type);
}

/** Properties including those contributed by allOf members (first definition wins). */
export function effectiveProperties(schema: SchemaNode, seen = new Set<string>()): SchemaNode['properties'] {
  if (seen.has(schema.id)) return [];
  seen.add(schema.id);
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
