/**
 * Properties a client should not choose in a write request body: owner/tenant keys (API1) and
 * server-controlled fields (API3 mass assignment). Reported once per schema node, with the write
 * endpoints that accept it; admin paths are left out (setting roles is their job).
 */
import type { SchemaNode, SchemaProperty } from '../../../model/spec.js';
import { defineSpecRule } from '../../define-rule.js';
import { ADMIN_PATH, normalizeName } from '../../dictionaries.js';
import { endpointsUsing, typesOf } from '../schema-helpers.js';
import { listEndpoints, listNames, methodOf, pathOf } from './operation-facts.js';
import { capitalizedSchemaLabel, isReadOnly, isStructured, relatedRefs } from './schema-facts.js';

/** Keys that say whose object is written. */
const OWNER_KEYS = new Set(['userid', 'ownerid', 'accountid', 'tenantid', 'customerid', 'organizationid', 'organisationid', 'orgid', 'memberid']);

/** Privilege fields: a client setting them escalates itself. */
const PRIVILEGE_FIELDS = new Set([
  'role', 'roles', 'userrole', 'isadmin', 'admin', 'issuperuser', 'superuser', 'isstaff', 'permissions', 'permission', 'privileges',
  'privilege', 'accesslevel', 'usertype', 'isroot',
]);

/** State, money and attribution fields the server should own. */
const SERVER_FIELDS = new Set([
  'balance', 'accountbalance', 'credit', 'credits', 'price', 'unitprice', 'discount', 'status', 'verified', 'isverified', 'emailverified',
  'phoneverified', 'approved', 'isapproved', 'blocked', 'isblocked', 'banned', 'isbanned', 'locked', 'islocked', 'isactive', 'createdby',
  'updatedby', 'modifiedby', 'deletedby',
]);

/** Money fields count only as amounts: a `price` string is usually the id of a price object the client may pick. */
const MONEY_FIELDS = new Set(['balance', 'accountbalance', 'credit', 'credits', 'price', 'unitprice', 'discount']);

function isAmount(schema: SchemaNode): boolean {
  const types = typesOf(schema);
  return types.length === 0 || types.includes('number') || types.includes('integer');
}

/** The `role` of a chat message (`user`, `assistant`, `system`…) names a speaker, not a privilege. */
const CONVERSATION_ROLES = new Set(['system', 'user', 'assistant', 'tool', 'function', 'developer', 'model']);

function isConversationRole(schema: SchemaNode): boolean {
  const values = [...(Array.isArray(schema.node.enum) ? schema.node.enum : []), ...(schema.node.const !== undefined ? [schema.node.const] : [])];
  return values.length > 0 && values.every((v) => typeof v === 'string' && CONVERSATION_ROLES.has(v.toLowerCase()));
}

/** Write endpoints (POST/PUT/PATCH, not admin paths) whose request body uses the schema. */
function writeEndpoints(schema: SchemaNode): string[] {
  return endpointsUsing(schema, 'request').filter((e) => {
    const m = methodOf(e);
    return (m === 'post' || m === 'put' || m === 'patch') && !ADMIN_PATH.test(pathOf(e));
  });
}

function matching(schema: SchemaNode, test: (p: SchemaProperty, normalized: string) => boolean): SchemaProperty[] {
  return schema.properties.filter((p) => !isReadOnly(p) && test(p, normalizeName(p.name)));
}

export const ownerKeyInRequestBody = defineSpecRule({
  id: 'spec.api1.owner-key-in-request-body',
  title: 'Write request body names the owner or tenant',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['API1:2023', 'API3:2023'],
  equivalents: [],
  rationale:
    'When a create or update body carries `userId`, `ownerId`, `accountId`, `tenantId` or `customerId`, the caller chooses whose object is written; unless the server overrides the value with the authenticated identity, one user can write into another user\'s or tenant\'s data. ' +
    'Admin paths are skipped; `ownerId` is reported here rather than as mass assignment.',
  remediation: 'Take the owner and tenant from the authenticated identity on the server, drop these properties from the request schema (or mark them `readOnly: true`), and reject requests that set them.',
  check(ctx) {
    for (const schema of ctx.spec.schemas) {
      const props = matching(schema, (p, n) => OWNER_KEYS.has(n) && !isStructured(p.schema));
      if (!props.length) continue;
      const endpoints = writeEndpoints(schema);
      if (!endpoints.length) continue;
      ctx.report(schema.at, {
        message: `${capitalizedSchemaLabel(schema)} lets the caller set the owner/tenant key ${listNames(props.map((p) => p.name))} on ${listEndpoints(endpoints)}: the client decides whose object is written.`,
        endpoints,
        related: relatedRefs(props),
      });
    }
  },
});

export const massAssignment = defineSpecRule({
  id: 'spec.api3.mass-assignment',
  title: 'Server-controlled properties accepted in a write request body',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['API3:2023'],
  equivalents: [],
  rationale:
    'Frameworks that bind a request body straight onto a model let the client set every property the schema lists. Privilege (`role`, `isAdmin`, `permissions`), money (`balance`, `price`), state (`status`, `verified`, `blocked`) and attribution (`createdBy`) belong to the server. ' +
    'Properties marked `readOnly: true`, admin paths, and money fields that are not numbers (a `price` id the client picks) and chat-message roles (`user`/`assistant`) are skipped; owner/tenant keys are reported by spec.api1.owner-key-in-request-body. Raised to high when a privilege field is among them.',
  remediation:
    'Remove these properties from the request schema or mark them `readOnly: true`, bind requests to a dedicated input type (allow-list), and set the values on the server.',
  check(ctx) {
    for (const schema of ctx.spec.schemas) {
      const props = matching(
        schema,
        (p, n) => (PRIVILEGE_FIELDS.has(n) && !isConversationRole(p.schema)) || (SERVER_FIELDS.has(n) && (!MONEY_FIELDS.has(n) || isAmount(p.schema))),
      );
      if (!props.length) continue;
      const endpoints = writeEndpoints(schema);
      if (!endpoints.length) continue;
      const privileged = props.filter((p) => PRIVILEGE_FIELDS.has(normalizeName(p.name)));
      ctx.report(schema.at, {
        message:
          `${capitalizedSchemaLabel(schema)} accepts the server-controlled ${props.length > 1 ? 'properties' : 'property'} ${listNames(props.map((p) => p.name))} ` +
          `(not readOnly) on ${listEndpoints(endpoints)}: a client can set ${props.length > 1 ? 'them' : 'it'} itself` +
          (privileged.length ? `; rated high because ${listNames(privileged.map((p) => p.name))} grant${privileged.length > 1 ? '' : 's'} privileges.` : '.'),
        endpoints,
        related: relatedRefs(props),
        severity: privileged.length ? 'high' : 'medium',
      });
    }
  },
});
