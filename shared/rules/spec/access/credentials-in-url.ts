import { defineSpecRule } from '../../define-rule.js';
import { CREDENTIAL_NAME } from '../../dictionaries.js';
import { isCollectionIdentifier } from './operation-facts.js';

/** Compound names the dictionary's exact match misses (`reset_token`, `userPassword`); pagination tokens are not credentials. */
const CREDENTIAL_COMPOUND =
  /((auth|access|refresh|id|session|bearer|api|reset|verification|verify|confirm|confirmation|invite|magic|login|csrf|xsrf)[-_]?token|pass(word|wd)|secret|api[-_]?key)$/i;
const NOT_A_CREDENTIAL = /(page|next|continuation|cursor|sync|pagination)[-_]?token$/i;

export function isCredentialParameterName(name: string): boolean {
  if (NOT_A_CREDENTIAL.test(name)) return false;
  return CREDENTIAL_NAME.test(name) || CREDENTIAL_COMPOUND.test(name);
}

export const credentialInUrl = defineSpecRule({
  id: 'spec.auth.credential-in-url',
  title: 'Credential passed in the URL',
  severity: 'high',
  confidence: 'likely',
  controls: ['API2:2023', 'GDPR-32'],
  equivalents: ['owasp:api2:2023-no-credentials-in-url'],
  rationale:
    'Path and query parameters are part of the URL, which access logs, proxies, browser history and Referer headers record; a token, password or key there leaks to all of them. The name is matched against the shared credential dictionary; page/cursor tokens and path parameters that name their own collection (`/sessions/{session}`) are identifiers, not credentials.',
  remediation: 'Move the credential into the `Authorization` header (or a request body for one-time codes) and stop accepting it in the URL.',
  check(ctx) {
    for (const op of ctx.spec.operations)
      for (const p of op.parameters) {
        if ((p.in !== 'query' && p.in !== 'path') || !isCredentialParameterName(p.name) || isCollectionIdentifier(op, p)) continue;
        ctx.report(p.at, {
          message: `${p.in === 'path' ? 'Path' : 'Query'} parameter \`${p.name}\` of ${op.endpoint} carries a credential in the URL, where logs, proxies and browser history record it.`,
          endpoints: [op.endpoint],
        });
      }
  },
});
