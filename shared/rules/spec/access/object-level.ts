/** Object-level authorization candidates (API1): what the description shows about object identifiers and who may use them. */
import { sourceKey, type SourceRef } from '../../../model/source.js';
import type { Operation } from '../../../model/spec.js';
import { defineSpecRule } from '../../define-rule.js';
import { effectiveProperties, typesOf } from '../schema-helpers.js';
import {
  describeRequirement,
  isIdLikeName,
  isObjectOperation,
  isPublicByDesign,
  listEndpoints,
  listNames,
  objectIdParameters,
  requirementKey,
  requirementRef,
  schemeNamed,
} from './operation-facts.js';

export const numericObjectId = defineSpecRule({
  id: 'spec.api1.numeric-object-id',
  title: 'Predictable numeric object identifier',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API1:2023'],
  equivalents: ['owasp:api1:2023-no-numeric-ids'],
  rationale:
    'Sequential numbers let an attacker enumerate other users\' objects by counting. Predictability does not prove broken object-level authorization, but it makes any such flaw trivial to exploit at scale.',
  remediation: 'Expose random, non-guessable identifiers (UUIDs, `format: uuid`) and, above all, check on every request that the caller may access the object named.',
  check(ctx) {
    for (const op of ctx.spec.operations)
      for (const p of op.parameters) {
        if ((p.in !== 'path' && p.in !== 'query') || !isIdLikeName(p.name) || !p.schema) continue;
        const type = typesOf(p.schema).find((t) => t === 'integer' || t === 'number');
        if (!type) continue;
        ctx.report(p.at, {
          message: `${p.in === 'path' ? 'Path' : 'Query'} parameter \`${p.name}\` of ${op.endpoint} is ${type === 'integer' ? 'an' : 'a'} ${type} identifier: neighbouring objects can be reached by counting.`,
          endpoints: [op.endpoint],
        });
      }
  },
});

function verbOf(op: Operation): string {
  return op.method === 'get' ? 'reads' : op.method === 'delete' ? 'deletes' : 'changes';
}

export const unauthenticatedObjectOperation = defineSpecRule({
  id: 'spec.api1.unauthenticated-object-operation',
  title: 'Object operation without (or with optional) authentication',
  severity: 'high',
  confidence: 'likely',
  controls: ['API1:2023', 'API2:2023'],
  equivalents: [],
  rationale:
    'A GET/PUT/PATCH/DELETE that takes an object identifier from the path but needs no authentication (or offers the anonymous `{}` alternative) has no caller to check ownership against: anyone who can guess or collect identifiers reaches every object. It is the strongest spec-only signal of broken object-level authorization.',
  remediation: 'Require authentication on the operation and check, for every request, that the authenticated caller owns or may access the object named in the path.',
  check(ctx) {
    for (const op of ctx.spec.operations) {
      if (op.auth === 'required' || !isObjectOperation(op) || isPublicByDesign(op, ctx.spec)) continue;
      const names = objectIdParameters(op).map((p) => p.name);
      const how = op.auth === 'none' ? 'without any authentication' : 'with authentication optional (an anonymous `{}` alternative)';
      ctx.report(op.at, {
        message: `${op.endpoint} ${verbOf(op)} the object named by path parameter ${listNames(names)} ${how}: no caller identity exists to check that this particular object may be accessed.`,
        endpoints: [op.endpoint],
      });
    }
  },
});

export const apiKeyOnlyObjectOperation = defineSpecRule({
  id: 'spec.api1.api-key-only-object-operation',
  title: 'Object operations authorized by an API key alone',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['API1:2023', 'API2:2023'],
  equivalents: [],
  rationale:
    'An API key identifies the calling application, not the person using it. When a key alone is enough to read or change an object by identifier, the server has no user identity to check ownership against, so object-level authorization depends on something the description does not show.',
  remediation: 'Require a user-bound credential (OAuth 2.0 / OpenID Connect token, session) on object operations, or document how the key maps to a single owner whose objects are the only ones reachable.',
  check(ctx) {
    const groups = new Map<string, { at: SourceRef; alt: Record<string, string[]>; others: Set<string>; endpoints: string[] }>();
    for (const op of ctx.spec.operations) {
      if (op.auth !== 'required' || !isObjectOperation(op)) continue;
      for (const alt of op.security) {
        const names = Object.keys(alt);
        const schemes = names.map((n) => schemeNamed(ctx.spec, n));
        if (!names.length || !schemes.every((s) => s?.type === 'apiKey')) continue;
        const key = requirementKey(alt);
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { at: schemes[0]!.at, alt, others: new Set(), endpoints: [] }));
        g.endpoints.push(op.endpoint);
        for (const other of op.security) if (other !== alt) g.others.add(describeRequirement(other));
      }
    }
    for (const g of groups.values()) {
      const names = Object.keys(g.alt);
      const where = names
        .map((n) => {
          const s = schemeNamed(ctx.spec, n);
          return `\`${n}\` (${s?.in ?? '?'} \`${s?.paramName ?? '?'}\`)`;
        })
        .join(' + ');
      const alternative = g.others.size ? ` (as an alternative to ${[...g.others].join(', ')})` : '';
      ctx.report(g.at, {
        message:
          `The API key ${where} alone authorizes ${g.endpoints.length} object operation${g.endpoints.length > 1 ? 's' : ''}${alternative}, such as ${listEndpoints(g.endpoints)}: ` +
          'a key names the calling application, not a user, so there is no owner to check the object against.',
        endpoints: g.endpoints,
      });
    }
  },
});

export const oauthObjectOperationWithoutScopes = defineSpecRule({
  id: 'spec.api1.oauth-object-operation-without-scopes',
  title: 'OAuth2-secured object operations that require no scope',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['API1:2023'],
  equivalents: [],
  rationale:
    'An OAuth2/OpenID Connect requirement with an empty scope list accepts any token the authorization server issued, whatever it was granted for; authorization of object operations is then coarse and rests entirely on checks the description does not show.',
  remediation: 'List the scopes each object operation needs (for example `orders:read`, `orders:write`) and enforce them, in addition to per-object ownership checks.',
  check(ctx) {
    const groups = new Map<string, { at: SourceRef; schemes: Set<string>; endpoints: string[]; root: boolean }>();
    for (const op of ctx.spec.operations) {
      if (op.auth !== 'required' || !isObjectOperation(op)) continue;
      op.security.forEach((alt, index) => {
        const bare = Object.entries(alt).filter(([n, scopes]) => {
          const t = schemeNamed(ctx.spec, n)?.type;
          return (t === 'oauth2' || t === 'openIdConnect') && scopes.length === 0;
        });
        if (!bare.length) return;
        const at = requirementRef(ctx.spec, op, index);
        const key = sourceKey(at);
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { at, schemes: new Set(), endpoints: [], root: op.securitySource === 'root' }));
        for (const [n] of bare) g.schemes.add(n);
        g.endpoints.push(op.endpoint);
      });
    }
    for (const g of groups.values()) {
      const where = g.root ? 'The root `security` requirement' : `The \`security\` requirement of ${g.endpoints[0]}`;
      ctx.report(g.at, {
        message:
          `${where} lists ${listNames([...g.schemes])} with no scopes for ${g.endpoints.length > 1 ? `${g.endpoints.length} object operations (${listEndpoints(g.endpoints)})` : 'this object operation'}: ` +
          'any token the authorization server issued is accepted, whatever it was granted for.',
        endpoints: g.endpoints,
      });
    }
  },
});

const GRAPHQL_PATH = /(^|\/)graphql(\/|$)/i;

export const graphqlEndpoint = defineSpecRule({
  id: 'spec.api1.graphql-endpoint',
  title: 'GraphQL endpoint: object-level rules need manual testing',
  severity: 'info',
  confidence: 'candidate',
  controls: ['API1:2023', 'API5:2023'],
  equivalents: [],
  rationale:
    'A GraphQL endpoint multiplexes every object and function behind one path; the OpenAPI description cannot express which caller may resolve which object or field, so object- and function-level authorization can only be assessed by testing the resolvers.',
  remediation: 'Add the GraphQL schema to the audit and test authorization per query, mutation and field (including nested and batched queries); disable introspection in production.',
  check(ctx) {
    for (const op of ctx.spec.operations) {
      let why: string | undefined;
      if (GRAPHQL_PATH.test(op.path)) why = 'its path is a GraphQL endpoint';
      else if (op.requestBody?.content.some((c) => c.mediaType.toLowerCase() === 'application/graphql')) why = 'it accepts `application/graphql` bodies';
      else if (
        op.requestBody?.content.some((c) => {
          const names = c.schema ? effectiveProperties(c.schema).map((p) => p.name) : [];
          return names.includes('query') && (names.includes('variables') || names.includes('operationName'));
        })
      )
        why = 'its body carries `query` with `variables`/`operationName`';
      if (!why) continue;
      ctx.report(op.at, {
        message: `${op.endpoint} looks like GraphQL (${why}): per-object and per-field authorization cannot be read from the description; route it to manual testing.`,
        endpoints: [op.endpoint],
      });
    }
  },
});
