/** Over-exposure of object properties in responses (API3): secrets, writeOnly misuse, shared and free-form schemas. */
import type { Operation, SchemaNode, SchemaProperty } from '../../../model/spec.js';
import { defineSpecRule } from '../../define-rule.js';
import { isSecretName, normalizeName } from '../../dictionaries.js';
import { effectiveProperties, endpointsUsing, isUsedIn, operationsByEndpoint, typesOf } from '../schema-helpers.js';
import { issuesCredentials, listEndpoints, listNames } from './operation-facts.js';
import {
  isBooleanOnly,
  isFixedOrCalendarValue,
  isReadOnly,
  isStructured,
  isWriteOnly,
  relatedRefs,
  requestBodySchemas,
  capitalizedSchemaLabel,
  successResponseSchemas,
} from './schema-facts.js';

/** Secret names beyond the shared dictionary (normalized). */
const MORE_SECRETS = new Set([
  'pass', 'pwd', 'hashedpassword', 'passwordsalt', 'salt', 'apisecret', 'secretkey', 'sessionid', 'sessiontoken', 'authtoken', 'idtoken',
  'jwt', 'resettoken', 'passwordresettoken', 'verificationcode', 'otpcode', 'otpsecret', 'twofactorsecret', 'pincode', 'cvv2',
  'securitycode', 'webhooksecret', 'signingsecret',
]);

/** Secrets a credential-issuing operation (login, token, key creation) is expected to return. */
const ISSUED = /token|jwt|session|secret|apikey|key$/;
/** Debug output and internal bookkeeping (`debug_info`, `internalNotes`); not configuration such as `internal_ports`. */
const INTERNAL = /^(debug([-_.]?[a-z]+)?|internal[-_]?(notes?|comments?|remarks?|id|ref|reference|data|info|details|use|use[-_]?only|only|flags?|score|rating|cost|margin|memo))$/i;

/** Language-model token streams (`token` next to `logprob`) hold text, not credentials. */
function isModelTokenList(owner: SchemaNode): boolean {
  return owner.properties.some((q) => /logprob|tokenid|tokenids/.test(normalizeName(q.name)));
}

/** In an address, `pincode` is the (Indian) postal code, not a PIN. */
function isPostalAddress(owner: SchemaNode): boolean {
  return owner.properties.some((q) => /^(city|state|street|country|district|addressline\d?|address|locality|town)$/.test(normalizeName(q.name)));
}

function isSecretProperty(p: SchemaProperty, owner: SchemaNode): boolean {
  const n = normalizeName(p.name);
  if (!isSecretName(p.name) && !MORE_SECRETS.has(n)) return false;
  if (n === 'token' && isModelTokenList(owner)) return false;
  if (n === 'pincode' && isPostalAddress(owner)) return false;
  if (isWriteOnly(p) || isStructured(p.schema) || isBooleanOnly(p.schema) || isFixedOrCalendarValue(p.schema)) return false;
  return true;
}

export const sensitivePropertyInResponse = defineSpecRule({
  id: 'spec.api3.sensitive-property-in-response',
  title: 'Secret or internal property returned in a response',
  severity: 'high',
  confidence: 'likely',
  controls: ['API3:2023', 'GDPR-32'],
  equivalents: [],
  rationale:
    'A response schema that carries passwords, password hashes, tokens, API keys, card security codes or PINs hands them to every client that can call the operation, and to every log or cache that stores responses. ' +
    'Values that cannot hold a secret are skipped (booleans, enums, dates, `writeOnly` properties), and tokens or keys returned by login, token and key-creation operations are expected there. `internal*`/`debug*` properties are reported at medium.',
  remediation: 'Remove the property from the response schema (and from the serializer), or mark request-only secrets `writeOnly: true` and split request and response schemas.',
  check(ctx) {
    const ops = operationsByEndpoint(ctx.spec.operations);
    const issuing = (e: string): boolean => {
      const op = ops.get(e);
      return op !== undefined && issuesCredentials(op, ctx.spec);
    };
    for (const schema of ctx.spec.schemas) {
      if (!schema.properties.length) continue;
      const all = endpointsUsing(schema, 'response');
      if (!all.length) continue;
      const secrets: SchemaProperty[] = [];
      const internal: SchemaProperty[] = [];
      const endpoints = new Set<string>();
      for (const p of schema.properties) {
        if (isSecretProperty(p, schema)) {
          const where = ISSUED.test(normalizeName(p.name)) ? all.filter((e) => !issuing(e)) : all;
          if (!where.length) continue;
          secrets.push(p);
          where.forEach((e) => endpoints.add(e));
        } else if (INTERNAL.test(p.name) && !isWriteOnly(p)) {
          internal.push(p);
          all.forEach((e) => endpoints.add(e));
        }
      }
      if (!secrets.length && !internal.length) continue;
      const list = [...endpoints].sort();
      const parts: string[] = [];
      if (secrets.length) parts.push(`the secret${secrets.length > 1 ? 's' : ''} ${listNames(secrets.map((p) => p.name))}`);
      if (internal.length) parts.push(`the internal ${internal.length > 1 ? 'properties' : 'property'} ${listNames(internal.map((p) => p.name))}`);
      ctx.report(schema.at, {
        message:
          `${capitalizedSchemaLabel(schema)} returns ${parts.join(' and ')} to callers of ${listEndpoints(list)}` +
          (secrets.length ? '.' : ' (rated medium: no secret, only internal detail).'),
        endpoints: list,
        related: relatedRefs([...secrets, ...internal]),
        severity: secrets.length ? 'high' : 'medium',
      });
    }
  },
});

export const writeOnlyInResponse = defineSpecRule({
  id: 'spec.api3.write-only-in-response',
  title: 'writeOnly property inside a response-only schema',
  severity: 'medium',
  confidence: 'likely',
  controls: ['API3:2023'],
  equivalents: [],
  rationale:
    '`writeOnly: true` means "sent by the client, never returned". In a schema used only by responses the marker has no job: the property was reused from a request model, and serializers that ignore the marker return it (a password, a secret answer).',
  remediation: 'Remove the property from the response schema; keep writeOnly properties in request (or shared, correctly annotated) schemas only.',
  check(ctx) {
    for (const schema of ctx.spec.schemas) {
      const props = schema.properties.filter(isWriteOnly);
      if (!props.length || !isUsedIn(schema, 'response') || isUsedIn(schema, 'request')) continue;
      const endpoints = endpointsUsing(schema, 'response');
      ctx.report(schema.at, {
        message: `${capitalizedSchemaLabel(schema)}, used only in responses, contains the writeOnly ${props.length > 1 ? 'properties' : 'property'} ${listNames(props.map((p) => p.name))} (returned by ${listEndpoints(endpoints)}): they were reused from a request model and may be serialized back.`,
        endpoints: [...endpoints],
        related: relatedRefs(props),
      });
    }
  },
});

export const sharedRequestResponseSchema = defineSpecRule({
  id: 'spec.api3.shared-request-response-schema',
  title: 'Same component schema used as request body and response',
  severity: 'low',
  confidence: 'candidate',
  controls: ['API3:2023'],
  equivalents: [],
  rationale:
    'When one model (e.g. `User`) is both what the client sends and what the server returns, every field the server shows can also be sent back (mass assignment) and every field accepted is echoed (over-exposure). Schemas that mark properties `readOnly`/`writeOnly` are sharing deliberately and are skipped.',
  remediation: 'Split the model into input and output schemas (e.g. `UserCreate`, `UserUpdate`, `UserView`), or mark server-owned properties `readOnly: true` and secrets `writeOnly: true`.',
  check(ctx) {
    const requestUse = new Map<SchemaNode, Set<string>>();
    const responseUse = new Map<SchemaNode, Set<string>>();
    const add = (map: Map<SchemaNode, Set<string>>, s: SchemaNode, op: Operation): void => {
      if (s.componentName === undefined || !s.properties.length) return;
      let set = map.get(s);
      if (!set) map.set(s, (set = new Set()));
      set.add(op.endpoint);
    };
    for (const op of ctx.spec.operations) {
      for (const s of requestBodySchemas(op)) add(requestUse, s, op);
      for (const r of successResponseSchemas(op)) add(responseUse, r.schema, op);
    }
    for (const [schema, requests] of requestUse) {
      const responses = responseUse.get(schema);
      if (!responses) continue;
      if (effectiveProperties(schema).some((p) => isReadOnly(p) || isWriteOnly(p))) continue;
      const req = [...requests].sort();
      const res = [...responses].sort();
      ctx.report(schema.at, {
        message:
          `${capitalizedSchemaLabel(schema)} is both the request body of ${listEndpoints(req)} and the response of ${listEndpoints(res)}, and none of its properties is readOnly or writeOnly: ` +
          'whatever the server returns can be sent back, and whatever is accepted is echoed.',
        endpoints: [...new Set([...req, ...res])].sort(),
      });
    }
  },
});

const IGNORED_KEYWORDS = new Set(['description', 'title', 'example', 'examples', 'nullable', 'default', 'deprecated', 'readOnly', 'writeOnly', 'externalDocs', 'xml', '$schema', '$id', '$comment']);

/** `{}`, `type: object` with nothing else, or `additionalProperties: true`: a body whose shape is not described. */
function isFreeForm(schema: SchemaNode, depth = 0): boolean {
  if (schema.properties.length || schema.allOf.length || schema.anyOf.length || schema.oneOf.length || schema.items) return false;
  const types = typesOf(schema).filter((t) => t !== 'null');
  if (types.length === 0) {
    if (Object.keys(schema.node).some((k) => !IGNORED_KEYWORDS.has(k) && !k.startsWith('x-'))) return false;
    return true;
  }
  if (types.length !== 1 || types[0] !== 'object') return false;
  if (schema.node.patternProperties !== undefined || schema.node.propertyNames !== undefined) return false;
  const ap = schema.additionalProperties;
  if (ap === undefined || ap === true) return true;
  if (ap === false) return false;
  return depth < 1 && isFreeForm(ap, depth + 1);
}

export const freeFormResponse = defineSpecRule({
  id: 'spec.api3.free-form-response',
  title: 'Free-form response body',
  severity: 'low',
  confidence: 'candidate',
  controls: ['API3:2023', 'GDPR-5(1)(c)'],
  equivalents: [],
  rationale:
    'A success response described as `{}` or as an object with no properties can return anything: nobody can review it for over-exposure or data minimisation, and contract tests cannot catch a field that should not be there. Only JSON bodies of 2xx/default responses are checked.',
  remediation: 'Describe the response with explicit `properties` (and `additionalProperties: false` where the shape is closed), or document a typed map with `additionalProperties: {…}`.',
  check(ctx) {
    const found = new Map<SchemaNode, { endpoints: Set<string>; where: string }>();
    for (const op of ctx.spec.operations)
      for (const r of successResponseSchemas(op)) {
        if (!/json|\*\/\*/i.test(r.mediaType) || !isFreeForm(r.schema)) continue;
        let f = found.get(r.schema);
        if (!f) found.set(r.schema, (f = { endpoints: new Set(), where: `The ${r.status} response of ${op.endpoint}` }));
        f.endpoints.add(op.endpoint);
      }
    for (const [schema, f] of found) {
      const endpoints = [...f.endpoints].sort();
      const label = schema.componentName !== undefined ? `${capitalizedSchemaLabel(schema)}, returned by ${listEndpoints(endpoints)},` : f.where;
      ctx.report(schema.at, {
        message: `${label} is free-form (an object with no declared properties): what it returns cannot be reviewed or minimised.`,
        endpoints,
      });
    }
  },
});
