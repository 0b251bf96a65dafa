/**
 * Request objects that accept properties they do not declare (API3). Both rules are noisy by
 * nature, so they only look at schemas used in request bodies, where an unknown property actually
 * reaches the server, and they are rated info/low.
 */
import type { SchemaNode, SpecModel } from '../../../model/spec.js';
import { defineSpecRule } from '../../define-rule.js';
import { effectiveProperties, endpointsUsing, typesOf } from '../schema-helpers.js';
import { listEndpoints } from './operation-facts.js';
import { allOfMemberIds, capitalizedSchemaLabel, requestBodySchemas } from './schema-facts.js';

/** An object schema a request body (or a nested part of one) is validated against. */
function requestObjects(spec: SpecModel): { schema: SchemaNode; endpoints: readonly string[] }[] {
  const members = allOfMemberIds(spec.schemas);
  const bodies = new Set(spec.operations.flatMap((op) => requestBodySchemas(op).map((s) => s.id)));
  const out: { schema: SchemaNode; endpoints: readonly string[] }[] = [];
  for (const schema of spec.schemas) {
    // Closing an allOf member belongs to the schema that composes it (unless it is a body of its own).
    if (members.has(schema.id) && !bodies.has(schema.id)) continue;
    const composedObject = schema.allOf.some((m) => typesOf(m).includes('object') || m.properties.length > 0);
    if (!typesOf(schema).includes('object') && !schema.properties.length && !composedObject) continue;
    // Before OAS 3.1, `additionalProperties: false` next to `allOf` rejects the members' properties: nothing to ask for.
    if (schema.allOf.length && spec.version !== '3.1') continue;
    const endpoints = endpointsUsing(schema, 'request');
    if (endpoints.length) out.push({ schema, endpoints });
  }
  return out;
}

/** A keyword's value when it opens the object explicitly: `true` or a schema. */
function opener(value: unknown): 'true' | 'schema' | undefined {
  if (value === true) return 'true';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return 'schema';
  return undefined;
}

function closed(schema: SchemaNode, version: SpecModel['version']): boolean {
  return schema.node.additionalProperties === false || (version === '3.1' && schema.node.unevaluatedProperties === false);
}

/** The explicit, unbounded opening of the object, if any: which keyword, and how. */
function unboundedOpening(schema: SchemaNode, version: SpecModel['version']): { keyword: string; how: 'true' | 'schema' } | undefined {
  if (schema.node.maxProperties !== undefined) return undefined;
  const ap = opener(schema.node.additionalProperties);
  if (ap) return { keyword: 'additionalProperties', how: ap };
  if (version === '3.1') {
    const up = opener(schema.node.unevaluatedProperties);
    if (up) return { keyword: 'unevaluatedProperties', how: up };
  }
  return undefined;
}

export const openRequestObject = defineSpecRule({
  id: 'spec.api3.open-request-object',
  title: 'Request object accepts undeclared properties',
  severity: 'info',
  confidence: 'candidate',
  controls: ['API3:2023'],
  equivalents: ['owasp:api3:2023-no-additionalProperties', 'owasp:api3:2023-no-unevaluatedProperties'],
  rationale:
    'JSON Schema accepts unknown properties unless told otherwise, so a gateway or validator enforcing the description lets `"role": "admin"` through to a model binder. ' +
    'Almost every real description leaves objects open, so this is reported at info and only for request bodies, where extra properties reach the server (open responses are harmless for mass assignment). ' +
    'OAS 3.1 schemas that compose with `allOf` are expected to close with `unevaluatedProperties: false`; allOf members and pre-3.1 composed schemas are skipped because closing them breaks composition.',
  remediation: 'Add `additionalProperties: false` (OAS 3.1 with composition: `unevaluatedProperties: false`) to request objects and validate bodies against the description at the gateway or in the service.',
  check(ctx) {
    const version = ctx.spec.version;
    for (const { schema, endpoints } of requestObjects(ctx.spec)) {
      if (closed(schema, version) || unboundedOpening(schema, version)) continue;
      const keyword =
        version === '3.1' ? (schema.allOf.length ? '`unevaluatedProperties: false`' : '`additionalProperties: false` (or `unevaluatedProperties: false`)') : '`additionalProperties: false`';
      const count = effectiveProperties(schema).length;
      const shape = count ? `declares ${count} propert${count > 1 ? 'ies' : 'y'} but` : 'declares no properties and';
      ctx.report(schema.at, {
        message: `${capitalizedSchemaLabel(schema)} ${shape} does not set ${keyword}: ${listEndpoints(endpoints)} accept${endpoints.length > 1 ? '' : 's'} properties it does not describe.`,
        endpoints: [...endpoints],
      });
    }
  },
});

export const unboundedAdditionalProperties = defineSpecRule({
  id: 'spec.api3.unbounded-additional-properties',
  title: 'Request object allows unlimited extra properties',
  severity: 'low',
  confidence: 'candidate',
  controls: ['API3:2023', 'API4:2023'],
  equivalents: ['owasp:api3:2023-constrained-additionalProperties', 'owasp:api3:2023-constrained-unevaluatedProperties'],
  rationale:
    'An object that opens itself with `additionalProperties` (or, in OAS 3.1, `unevaluatedProperties`) set to `true` or a schema, without `maxProperties`, accepts any number of arbitrary keys: unknown fields reach the binder and huge maps reach the parser. ' +
    'Only request bodies are checked (where the keys reach the server); typed maps are common, hence the low rating.',
  remediation: 'Set `additionalProperties: false` where the shape is known; for real maps keep the value schema and add `maxProperties` (and `propertyNames` with a pattern).',
  check(ctx) {
    const version = ctx.spec.version;
    for (const { schema, endpoints } of requestObjects(ctx.spec)) {
      const open = unboundedOpening(schema, version);
      if (!open || closed(schema, version)) continue;
      const how = open.how === 'true' ? `\`${open.keyword}: true\`` : `an \`${open.keyword}\` schema`;
      ctx.report(schema.at, {
        message: `${capitalizedSchemaLabel(schema)} allows extra properties through ${how} with no \`maxProperties\`: ${listEndpoints(endpoints)} accept${endpoints.length > 1 ? '' : 's'} any number of undeclared keys.`,
        endpoints: [...endpoints],
      });
    }
  },
});
