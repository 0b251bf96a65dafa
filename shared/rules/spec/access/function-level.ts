/** Function-level authorization candidates (API5): functions the description does not set apart. */
import type { Operation } from '../../../model/spec.js';
import { defineSpecRule } from '../../define-rule.js';
import { ADMIN_PATH } from '../../dictionaries.js';
import { describeRequirement, describeSecurity, listEndpoints, listNames, pathItemRef, requirementKey, securityKey } from './operation-facts.js';

export const adminPathSharedSecurity = defineSpecRule({
  id: 'spec.api5.admin-path-shared-security',
  title: 'Admin function accepts the same credentials as ordinary operations',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['API5:2023'],
  equivalents: ['owasp:api5:2023-admin-security-unique'],
  rationale:
    'When an admin-style path (`/admin`, `/internal`, `/manage`, `/debug`, `/actuator`, `…/all`) accepts exactly a credential that ordinary operations accept (same scheme, same scopes), nothing in the description reserves it for administrators; whether a normal user is refused depends on a role check the description does not show. ' +
    'Admin operations without any authentication are reported by spec.auth.unauthenticated-operation instead.',
  remediation: 'Protect admin functions with a distinct scheme or an admin-only scope (and enforce the role on the server, deny by default); move internal endpoints off the public API.',
  check(ctx) {
    const ordinary = new Map<string, string>();
    for (const op of ctx.spec.operations)
      if (op.auth === 'required' && !ADMIN_PATH.test(op.path))
        for (const alt of op.security) if (!ordinary.has(requirementKey(alt))) ordinary.set(requirementKey(alt), op.endpoint);
    for (const op of ctx.spec.operations) {
      if (op.auth !== 'required' || !ADMIN_PATH.test(op.path)) continue;
      const shared = op.security.find((alt) => ordinary.has(requirementKey(alt)));
      if (!shared) continue;
      ctx.report(op.at, {
        message:
          `${op.endpoint} looks like an admin function but accepts ${describeRequirement(shared)}, the same credential as ordinary operations such as ${ordinary.get(requirementKey(shared))}: ` +
          'the description does not reserve it for administrators.',
        endpoints: [op.endpoint],
      });
    }
  },
});

const WRITES = new Set(['put', 'patch', 'delete']);

function changeWord(writes: readonly Operation[]): string {
  const deletes = writes.filter((o) => o.method === 'delete').length;
  return deletes === 0 ? 'changing' : deletes === writes.length ? 'deleting' : 'changing or deleting';
}

export const writeSharesReadSecurity = defineSpecRule({
  id: 'spec.api5.write-shares-read-security',
  title: 'Changing a resource needs nothing more than reading it',
  severity: 'low',
  confidence: 'candidate',
  controls: ['API5:2023'],
  equivalents: [],
  rationale:
    'A PUT/PATCH/DELETE that requires exactly the security (schemes and scopes) of the GET on the same path does not distinguish reading from changing at the function level; switching the verb is the classic function-level attack. ' +
    'The server may still check roles, so this is a candidate for testing.',
  remediation: 'Require a write or delete scope (or a distinct role-bearing scheme) for the modifying methods, and test that read-only callers are refused.',
  check(ctx) {
    const byPath = new Map<string, Operation[]>();
    for (const op of ctx.spec.operations) {
      let list = byPath.get(op.path);
      if (!list) byPath.set(op.path, (list = []));
      list.push(op);
    }
    for (const ops of byPath.values()) {
      const get = ops.find((o) => o.method === 'get');
      if (!get || get.auth !== 'required') continue;
      const key = securityKey(get.security);
      const writes = ops.filter((o) => WRITES.has(o.method) && o.auth === 'required' && securityKey(o.security) === key);
      if (!writes.length) continue;
      const methods = writes.map((o) => o.method.toUpperCase());
      ctx.report(pathItemRef(get), {
        message: `${methods.join(', ')} on ${get.path} require${writes.length > 1 ? '' : 's'} the same security as GET (${describeSecurity(get.security)}): nothing in the description separates reading from ${changeWord(writes)}.`,
        endpoints: writes.map((o) => o.endpoint),
      });
    }
  },
});

export const oauthScopesNotRequired = defineSpecRule({
  id: 'spec.api5.oauth-scopes-not-required',
  title: 'OAuth2 scopes defined but operations require none',
  severity: 'medium',
  confidence: 'likely',
  controls: ['API5:2023'],
  equivalents: [],
  rationale:
    'A scheme that defines scopes shows the API meant to separate functions by them, yet an operation requiring the scheme with an empty scope list accepts any token, whatever it was granted for: the function-level separation is not applied there.',
  remediation: 'List the scope each operation needs in its security requirement (for example `- oauth: [orders:write]`) and enforce it.',
  check(ctx) {
    for (const scheme of ctx.spec.securitySchemes) {
      if (scheme.type !== 'oauth2') continue;
      const scopes = [...new Set(scheme.flows.flatMap((f) => f.scopes))];
      if (!scopes.length) continue;
      const endpoints = ctx.spec.operations
        .filter((o) => o.auth !== 'none' && o.security.some((alt) => Array.isArray(alt[scheme.name]) && alt[scheme.name]!.length === 0))
        .map((o) => o.endpoint)
        .sort();
      if (!endpoints.length) continue;
      ctx.report(scheme.at, {
        message:
          `OAuth2 scheme \`${scheme.name}\` defines the scopes ${listNames(scopes, 5)}, but ${endpoints.length} operation${endpoints.length > 1 ? 's require' : ' requires'} it with an empty scope list ` +
          `(${listEndpoints(endpoints)}): any token is accepted there.`,
        endpoints,
      });
    }
  },
});
