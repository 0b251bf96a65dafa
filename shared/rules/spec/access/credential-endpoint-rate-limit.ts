import { defineSpecRule } from '../../define-rule.js';
import { isCredentialEndpoint } from './operation-facts.js';

const RATE_LIMIT_HEADER = /^(x-)?rate-?limit|^retry-after$/i;

export const credentialEndpointWithoutRateLimit = defineSpecRule({
  id: 'spec.auth.credential-endpoint-without-rate-limit',
  title: 'Login, token, password-reset or OTP operation documents no rate limit',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['API2:2023', 'API4:2023'],
  equivalents: [],
  rationale:
    'Credential stuffing, password guessing and OTP brute force all run against these operations; OWASP asks for stricter limits (and lockout) here than elsewhere. ' +
    'A description with no `429` response and no rate-limit header gives no evidence that any limit exists. Documentation-level evidence: confirm against the gateway or traffic.',
  remediation:
    'Rate-limit these operations per account and per client (with lockout or backoff), and document it: a `429` response with `Retry-After`, and `RateLimit`/`X-RateLimit-*` headers.',
  check(ctx) {
    for (const op of ctx.spec.operations) {
      if (op.method === 'options' || op.method === 'head' || !isCredentialEndpoint(op)) continue;
      if (op.responses.some((r) => r.status === '429' || r.headers.some((h) => RATE_LIMIT_HEADER.test(h.name)))) continue;
      ctx.report(op.at, {
        message: `${op.endpoint} handles credentials (login, token, password reset or one-time code) but documents no \`429\` response and no rate-limit header: nothing shows that guessing is throttled.`,
        endpoints: [op.endpoint],
      });
    }
  },
});
