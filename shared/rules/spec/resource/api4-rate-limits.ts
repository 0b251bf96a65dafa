/**
 * API4 rate-limit documentation: 429 responses, Retry-After on them, and rate-limit headers on
 * successful responses. Documentation-level evidence only (the gateway is where limits live),
 * so these are aggregated: one finding for the description when no operation documents the
 * limit at all, one per operation when only a few lack what the others have. Spectral fires
 * its header rule on every single response; this fires once per operation at most.
 */
import type { Operation, ResponseHeader } from '../../../model/spec.js';
import { defineSpecRule } from '../../define-rule.js';
import { aiEndpointOf } from './ai-endpoints.js';
import { isSuccess } from './operation-fields.js';
import { documentedOperations, hasStatus, reportGaps } from './operation-gaps.js';
import { count, listEndpoints } from './wording.js';

const RATE_LIMIT_HEADER = /^(x-)?rate-?limit(-|$)|^ratelimit(-policy)?$|^x-rate-limit-/i;
const RETRY_HEADER = /^(retry-after|(x-)?rate-?limit-reset|ratelimit)$/i;

export function isRateLimitHeader(h: ResponseHeader): boolean {
  return RATE_LIMIT_HEADER.test(h.name);
}

export function documents429(op: Operation): boolean {
  return hasStatus(op, '429');
}

export const rateLimit429 = defineSpecRule({
  id: 'spec.api4.rate-limit-429',
  title: 'No 429 Too Many Requests response documented',
  severity: 'low',
  confidence: 'candidate',
  controls: ['API4:2023', 'API6:2023'],
  equivalents: ['owasp:api4:2023-rate-limit-responses-429'],
  rationale:
    'When no 429 response is documented, nothing in the contract says the API limits request rates; clients do not back off and reviewers cannot tell whether limits exist at all.',
  remediation:
    'Enforce rate limits at the gateway and document a 429 response (with Retry-After) on every operation, for example through a shared components/responses entry.',
  check(ctx) {
    const candidates = documentedOperations(ctx.spec);
    const ai = aiEndpointOf(ctx.spec);
    reportGaps(ctx, {
      candidates,
      lacking: candidates.filter((op) => !documents429(op)),
      one: (op) => `${op.endpoint} documents no 429 (Too Many Requests) response, although other operations do.`,
      many: (lacking, all) =>
        lacking.length === all.length
          ? `No operation documents a 429 (Too Many Requests) response: the description says nothing about rate limits for its ${count(all.length, 'operation')}.`
          : `${lacking.length} of ${all.length} operations document no 429 (Too Many Requests) response: ${listEndpoints(lacking.map((o) => o.endpoint))}.`,
      // AI endpoints without 429 are reported by spec.llm.no-rate-limit, with a higher severity.
      skipWhenSingle: (op) => ai.has(op),
    });
  },
});

export const rateLimitRetryAfter = defineSpecRule({
  id: 'spec.api4.rate-limit-retry-after',
  title: '429 response without Retry-After',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API4:2023'],
  equivalents: ['owasp:api4:2023-rate-limit-retry-after'],
  rationale:
    'A 429 without Retry-After (or a RateLimit reset header) leaves clients guessing when to try again; well-behaved clients retry too early and amplify the load the limit was meant to shed.',
  remediation: 'Document a Retry-After header (seconds or an HTTP date) on every 429 response.',
  check(ctx) {
    for (const op of ctx.spec.operations)
      for (const r of op.responses) {
        if (r.status !== '429' || r.headers.some((h) => RETRY_HEADER.test(h.name))) continue;
        ctx.report(r.at, {
          message: `The 429 response of ${op.endpoint} documents no Retry-After header, so clients cannot tell when to retry.`,
          endpoints: [op.endpoint],
        });
      }
  },
});

export const rateLimitHeaders = defineSpecRule({
  id: 'spec.api4.rate-limit-headers',
  title: 'No rate-limit headers on successful responses',
  severity: 'info',
  confidence: 'candidate',
  controls: ['API4:2023'],
  equivalents: ['owasp:api4:2023-rate-limit'],
  rationale:
    'RateLimit / X-RateLimit-* headers on successful responses tell clients their remaining budget, so they slow down before being refused; their absence in the contract also means the limits are not part of it.',
  remediation:
    'Document RateLimit-Policy and RateLimit (IETF draft) or X-RateLimit-Limit / -Remaining / -Reset headers on the 2xx responses, once through a shared components/headers entry.',
  check(ctx) {
    const candidates = documentedOperations(ctx.spec).filter((op) => op.responses.some((r) => isSuccess(r.status)));
    const has = (op: Operation): boolean => op.responses.some((r) => isSuccess(r.status) && r.headers.some(isRateLimitHeader));
    reportGaps(ctx, {
      candidates,
      lacking: candidates.filter((op) => !has(op)),
      one: (op) => `The successful responses of ${op.endpoint} carry no RateLimit or X-RateLimit-* header, although other operations document them.`,
      many: (lacking, all) =>
        lacking.length === all.length
          ? `No successful response documents a RateLimit or X-RateLimit-* header (${count(all.length, 'operation')}): clients cannot see their remaining budget.`
          : `${lacking.length} of ${all.length} operations document no RateLimit or X-RateLimit-* header on their successful responses: ${listEndpoints(lacking.map((o) => o.endpoint))}.`,
    });
  },
});
