/**
 * The request side of an API grouped by owner: every schema a client sends (request bodies and
 * parameters) belongs to exactly one owner, the nearest named or referenced schema (or the
 * parameter) that holds it inline. Rules that would otherwise fire once per field report once per
 * owner, at the owner's place, with the endpoints that send it; a shared component is one owner
 * however many operations use it.
 */
import { splitPointer, type SourceRef } from '../../../model/source.js';
import type { Parameter, SchemaNode, SpecModel } from '../../../model/spec.js';
import { endpointsUsing } from '../schema-helpers.js';
import { isReadOnly } from './constraints.js';

export interface OwnedField {
  /** Path from the owner: `address.street`, `tags[]`; empty for the owner itself. */
  label: string;
  /** The property (or parameter) name the value is sent under; undefined for a bare body. */
  name?: string;
  schema: SchemaNode;
  /** Where the field is written: the property key, or the schema for items and variants. */
  at: SourceRef;
  /** Whether the enclosing object lists it as required. */
  required: boolean;
}

export interface RequestOwner {
  schema: SchemaNode;
  /** Where findings about its fields go: the parameter for parameter schemas, else the schema. */
  at: SourceRef;
  /** `schema "Pet"`, `parameter "limit" (query)`, `request body of POST /pets`. */
  title: string;
  /** Endpoints that send it, sorted. */
  endpoints: string[];
  /** The owner itself first (at the owner's place), then every inline descendant (read-only properties left out). */
  fields: OwnedField[];
  parameter?: Parameter;
}

const cache = new WeakMap<SpecModel, RequestOwner[]>();

/** True when `child` is written inside `parent` (not reached through a `$ref`). */
export function isInlineIn(child: SchemaNode, parent: SchemaNode): boolean {
  const c = child.at.pointer;
  const p = parent.at.pointer;
  // `c` starts with `${p}/`, without building that string (asked for every schema and member).
  return child.at.file === parent.at.file && c.length > p.length && c.charCodeAt(p.length) === 47 && c.startsWith(p);
}

/** Adds the ids of the members written inside `s` (not reached through a `$ref`) to `into`. */
function addInlineMembers(s: SchemaNode, into: Set<string>): void {
  const add = (c: SchemaNode): void => {
    if (isInlineIn(c, s)) into.add(c.id);
  };
  for (const c of s.allOf) add(c);
  for (const c of s.anyOf) add(c);
  for (const c of s.oneOf) add(c);
  if (s.items) add(s.items);
  if (typeof s.additionalProperties === 'object') add(s.additionalProperties);
  for (const p of s.properties) add(p.schema);
}

/** `not` and `prefixItems` sub-schemas are not modelled as children; never treat them as owners. */
function isUnmodelledSubschema(s: SchemaNode): boolean {
  if (!s.at.pointer.includes('/not') && !s.at.pointer.includes('/prefixItems')) return false;
  const segs = splitPointer(s.at.pointer);
  return segs.some((seg, i) => (seg === 'not' || seg === 'prefixItems') && segs[i - 1] !== 'properties');
}

function join(label: string, name: string): string {
  return label ? `${label}.${name}` : name;
}

function collectFields(owner: SchemaNode, rootName: string | undefined, rootAt: SourceRef): OwnedField[] {
  const out: OwnedField[] = [];
  const walk = (s: SchemaNode, label: string, name: string | undefined, at: SourceRef, required: boolean, depth: number): void => {
    const field: OwnedField = { label, schema: s, at, required };
    if (name !== undefined) field.name = name;
    out.push(field);
    if (depth > 16) return;
    const requiredList = Array.isArray(s.node.required) ? (s.node.required as unknown[]) : undefined;
    for (const p of s.properties) {
      if (!isInlineIn(p.schema, s) || isReadOnly(p.schema)) continue;
      walk(p.schema, join(label, p.name), p.name, p.at, p.required || (requiredList !== undefined && requiredList.includes(p.name)), depth + 1);
    }
    if (s.items && isInlineIn(s.items, s)) walk(s.items, `${label}[]`, name, s.items.at, false, depth + 1);
    for (const m of s.allOf) if (isInlineIn(m, s)) walk(m, label, name, m.at, required, depth + 1);
    for (const m of s.anyOf) if (isInlineIn(m, s)) walk(m, label, name, m.at, required, depth + 1);
    for (const m of s.oneOf) if (isInlineIn(m, s)) walk(m, label, name, m.at, required, depth + 1);
    const ap = s.additionalProperties;
    if (typeof ap === 'object' && isInlineIn(ap, s)) walk(ap, `${label}.*`, name, ap.at, false, depth + 1);
  };
  walk(owner, '', rootName, rootAt, true, 0);
  return out;
}

function titleOf(s: SchemaNode, endpoints: string[], parameter: Parameter | undefined): string {
  if (parameter) return parameter.in === 'formData' ? `form field "${parameter.name}"` : `parameter "${parameter.name}" (${parameter.in})`;
  if (s.componentName !== undefined) return `schema "${s.componentName}"`;
  const body = /^\/components\/requestBodies\/([^/]+)\//.exec(s.at.pointer);
  if (body) return `request body "${body[1]!.replace(/~1/g, '/').replace(/~0/g, '~')}"`;
  const param = /^\/components\/parameters\/([^/]+)/.exec(s.at.pointer);
  if (param) return `parameter "${param[1]!.replace(/~1/g, '/').replace(/~0/g, '~')}"`;
  if (endpoints.length === 1) return `request body of ${endpoints[0]}`;
  return `schema at ${s.at.file}#${s.at.pointer}`;
}

export function requestOwners(spec: SpecModel): RequestOwner[] {
  const known = cache.get(spec);
  if (known) return known;

  const inlineChild = new Set<string>();
  for (const s of spec.schemas) addInlineMembers(s, inlineChild);

  const parameterOf = new Map<string, Parameter>();
  for (const op of spec.operations)
    for (const p of op.parameters) {
      const s = p.schema;
      if (!s || parameterOf.has(s.id) || s.at.file !== p.at.file) continue;
      if (s.at.pointer === p.at.pointer || s.at.pointer.startsWith(`${p.at.pointer}/`)) parameterOf.set(s.id, p);
    }

  const owners: RequestOwner[] = [];
  for (const s of spec.schemas) {
    if (inlineChild.has(s.id) || isUnmodelledSubschema(s)) continue;
    if (s.usage.length === 0) continue;
    const endpoints = [...new Set([...endpointsUsing(s, 'request'), ...endpointsUsing(s, 'parameter')])].sort();
    if (!endpoints.length) continue;
    const parameter = parameterOf.get(s.id);
    const at = parameter ? parameter.at : s.at;
    const owner: RequestOwner = { schema: s, at, title: titleOf(s, endpoints, parameter), endpoints, fields: collectFields(s, parameter?.name, at) };
    if (parameter) owner.parameter = parameter;
    owners.push(owner);
  }
  cache.set(spec, owners);
  return owners;
}

/** How a field is named in a message: its path from the owner, or the owner when it is the owner. */
export function fieldName(owner: RequestOwner, field: OwnedField): string {
  const base = owner.parameter ? owner.parameter.name : 'body';
  if (!field.label) return owner.parameter ? base : '(the body itself)';
  return field.label.startsWith('[') || field.label.startsWith('.') ? `${base}${field.label}` : field.label;
}
