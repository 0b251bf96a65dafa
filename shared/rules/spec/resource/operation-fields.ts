/**
 * The fields one operation sends or returns, following `$ref`s: every property (and parameter)
 * with its path from the body, where it is written, and the schema that holds it. Rules that
 * look at one operation at a time (the AI endpoints, error responses) read these; a property of
 * a shared component keeps its own place, so reports at it merge across operations.
 */
import type { SourceRef } from '../../../model/source.js';
import type { Operation, Response, SchemaNode } from '../../../model/spec.js';
import { effectiveProperties } from '../schema-helpers.js';
import { isReadOnly } from './constraints.js';

export interface OperationField {
  /** The property or parameter name; `''` for a body root. Array items keep their array's name. */
  name: string;
  /** Path from the body or parameter: `messages[].content`. */
  label: string;
  schema: SchemaNode;
  /** The property key (or parameter) where the field is written. */
  at: SourceRef;
  /** The object schema that declares the property; undefined for body roots and parameters. */
  parent?: SchemaNode;
  required: boolean;
  /** 0 for roots and parameters, 1 for top-level body properties, ... */
  depth: number;
}

interface Root {
  name: string;
  label: string;
  schema: SchemaNode;
  at: SourceRef;
  required: boolean;
}

const MAX_DEPTH = 10;

/** Walks each root once; a schema's children are visited at most once per walk (cycle-safe). */
export function walkFields(roots: readonly Root[], options: { skipReadOnly?: boolean; maxDepth?: number } = {}): OperationField[] {
  const maxDepth = options.maxDepth ?? MAX_DEPTH;
  const out: OperationField[] = [];
  const expanded = new Set<string>();
  const walk = (field: OperationField): void => {
    out.push(field);
    descend(field.schema, field);
  };
  const descend = (s: SchemaNode, field: OperationField): void => {
    if (field.depth >= maxDepth || expanded.has(s.id)) return;
    expanded.add(s.id);
    for (const p of effectiveProperties(s)) {
      if (options.skipReadOnly && isReadOnly(p.schema)) continue;
      walk({
        name: p.name,
        label: field.label ? `${field.label}.${p.name}` : p.name,
        schema: p.schema,
        at: p.at,
        parent: s,
        required: p.required,
        depth: field.depth + 1,
      });
    }
    if (s.items) descend(s.items, { ...field, label: `${field.label}[]` });
    for (const m of s.anyOf) descend(m, field);
    for (const m of s.oneOf) descend(m, field);
    // allOf members' properties came through effectiveProperties; their items and variants still count.
    for (const m of s.allOf) {
      if (m.items) descend(m.items, { ...field, label: `${field.label}[]` });
      for (const v of m.anyOf) descend(v, field);
      for (const v of m.oneOf) descend(v, field);
    }
  };
  for (const r of roots) walk({ ...r, depth: 0 });
  return out;
}

const requestCache = new WeakMap<Operation, OperationField[]>();

/** What a client sends: parameters, then the request body (every media type), read-only properties left out. */
export function requestFields(op: Operation): OperationField[] {
  const known = requestCache.get(op);
  if (known) return known;
  const roots: Root[] = [];
  for (const p of op.parameters)
    if (p.schema) roots.push({ name: p.name, label: p.name, schema: p.schema, at: p.at, required: p.required });
  for (const c of op.requestBody?.content ?? [])
    if (c.schema) roots.push({ name: '', label: '', schema: c.schema, at: c.schema.at, required: op.requestBody?.required ?? false });
  const fields = walkFields(roots, { skipReadOnly: true });
  requestCache.set(op, fields);
  return fields;
}

export function isSuccess(status: string): boolean {
  // Asked for every response of every operation by several rules; status codes are few.
  let yes = successMemo.get(status);
  if (yes === undefined) {
    yes = /^2(\d\d|XX)$/i.test(status);
    if (successMemo.size < 1000) successMemo.set(status, yes);
  }
  return yes;
}
const successMemo = new Map<string, boolean>();

export function isError(status: string): boolean {
  return /^[45](\d\d|XX)$/i.test(status) || status === 'default';
}

const bodyCache = new WeakMap<SchemaNode, Map<number, OperationField[]>>();

/** The fields under one body schema, down to `maxDepth` properties deep (memoized per schema). */
export function bodyFields(schema: SchemaNode, maxDepth = MAX_DEPTH): OperationField[] {
  let byDepth = bodyCache.get(schema);
  if (!byDepth) bodyCache.set(schema, (byDepth = new Map()));
  const known = byDepth.get(maxDepth);
  if (known) return known;
  const fields = walkFields([{ name: '', label: '', schema, at: schema.at, required: true }], { maxDepth });
  byDepth.set(maxDepth, fields);
  return fields;
}

/**
 * What the operation returns in the responses `filter` accepts (bodies only), down to `maxDepth`.
 * Large descriptions nest whole object graphs in responses (expandable objects); walks are
 * memoized per body schema, so operations sharing a response schema share the walk.
 */
export function responseFields(
  op: Operation,
  filter: (r: Response) => boolean = (r) => isSuccess(r.status),
  maxDepth = MAX_DEPTH,
): OperationField[] {
  const out: OperationField[] = [];
  const seen = new Set<string>();
  for (const r of op.responses) {
    if (!filter(r)) continue;
    for (const c of r.content) {
      if (!c.schema || seen.has(c.schema.id)) continue;
      seen.add(c.schema.id);
      out.push(...bodyFields(c.schema, maxDepth));
    }
  }
  return out;
}

/** `ChatMessage.role` when the property belongs to a named schema, else its path (`messages[].role`). */
export function describeField(f: OperationField): string {
  if (f.parent?.componentName !== undefined) return `${f.parent.componentName}.${f.name}`;
  return f.label || f.name || 'body';
}
