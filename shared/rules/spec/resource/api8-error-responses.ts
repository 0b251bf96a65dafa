/**
 * API8: error responses the contract leaves out (401/403, 500, 400/422) and the CORS origin
 * header. Each is one finding for the whole description when most operations lack it (Spectral
 * reports every operation of a 400-operation spec separately), one per operation when only a
 * few do.
 */
import type { Operation } from '../../../model/spec.js';
import { defineSpecRule } from '../../define-rule.js';
import { documentedOperations, hasStatus, reportGaps } from './operation-gaps.js';
import { count, listEndpoints } from './wording.js';

/** `what` names the missing response without an article: `401 or 403 response`. */
function many(what: string, scope: string) {
  return (lacking: readonly Operation[], all: readonly Operation[]): string => {
    const generic = lacking.filter((op) => hasStatus(op, 'default')).length;
    const note = generic ? ` (${generic === lacking.length ? 'all' : generic} of them only describe errors through a generic \`default\` response)` : '';
    return lacking.length === all.length
      ? all.length === 1
        ? `The only ${scope} (${all[0]!.endpoint}) documents no ${what}${note}.`
        : `None of the ${count(all.length, scope)} documents a ${what}${note}: ${listEndpoints(lacking.map((o) => o.endpoint))}.`
      : `${lacking.length} of ${all.length} ${scope}s document no ${what}${note}: ${listEndpoints(lacking.map((o) => o.endpoint))}.`;
  };
}

export const missingAuthErrors = defineSpecRule({
  id: 'spec.api8.missing-auth-errors',
  title: 'Secured operations without 401/403 responses',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API8:2023', 'API2:2023'],
  equivalents: ['owasp:api8:2023-define-error-responses-401'],
  rationale:
    'A secured operation whose contract has no 401/403 response says nothing about how a missing or wrong credential is answered; implementations then leak framework error pages and contract tests cannot check that access is refused.',
  remediation: 'Document 401 (missing or invalid credentials) and 403 (not allowed) with a uniform error schema on every secured operation, for example through shared components/responses.',
  check(ctx) {
    const candidates = documentedOperations(ctx.spec).filter((op) => op.auth !== 'none');
    reportGaps(ctx, {
      candidates,
      lacking: candidates.filter((op) => !hasStatus(op, '401', '403', '4XX')),
      one: (op) => `${op.endpoint} requires credentials but documents no 401 or 403 response.`,
      many: many('401 or 403 response', 'secured operation'),
    });
  },
});

export const missingServerError = defineSpecRule({
  id: 'spec.api8.missing-500',
  title: 'Operations without a 500 response',
  severity: 'info',
  confidence: 'confirmed',
  controls: ['API8:2023'],
  equivalents: ['owasp:api8:2023-define-error-responses-500'],
  rationale:
    'Without a documented 500 response and schema, nothing says what an internal failure returns, and implementations tend to return stack traces or framework pages that reveal internals.',
  remediation: 'Document a 500 (or 5XX) response with a generic error schema that carries a correlation id and no internals.',
  check(ctx) {
    const candidates = documentedOperations(ctx.spec);
    reportGaps(ctx, {
      candidates,
      lacking: candidates.filter((op) => !hasStatus(op, '500', '5XX')),
      one: (op) => `${op.endpoint} documents no 500 (or 5XX) response.`,
      many: many('500 (or 5XX) response', 'operation'),
    });
  },
});

export const missingValidationError = defineSpecRule({
  id: 'spec.api8.missing-validation-error',
  title: 'Operations that take input without a 400/422 response',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API8:2023', 'API4:2023'],
  equivalents: ['owasp:api8:2023-define-error-validation'],
  rationale:
    'An operation that takes input but documents no 400, 422 or 4XX response does not promise to reject invalid input; validation failures then surface as 500s with internal detail, or not at all.',
  remediation: 'Validate input against the description and document a 400 or 422 response (or 4XX) with a uniform error schema.',
  check(ctx) {
    const candidates = documentedOperations(ctx.spec).filter((op) => op.parameters.length > 0 || op.requestBody !== undefined);
    reportGaps(ctx, {
      candidates,
      lacking: candidates.filter((op) => !hasStatus(op, '400', '422', '4XX')),
      one: (op) => `${op.endpoint} takes input but documents no 400, 422 or 4XX response.`,
      many: many('400, 422 or 4XX response', 'input-taking operation'),
    });
  },
});

function documentsCorsOrigin(op: Operation): boolean {
  return op.responses.some((r) => r.headers.some((h) => h.name.toLowerCase() === 'access-control-allow-origin'));
}

export const corsOriginUndocumented = defineSpecRule({
  id: 'spec.api8.cors-origin-undocumented',
  title: 'Access-Control-Allow-Origin not documented',
  severity: 'info',
  confidence: 'candidate',
  controls: ['API8:2023'],
  equivalents: ['owasp:api8:2023-define-cors-origin'],
  rationale:
    'When the contract does not say which origins may call the API from a browser, CORS is configured ad hoc at the gateway or in the framework, often as a reflected origin with credentials, which lets any web page act with the user\'s session.',
  remediation:
    'If browsers call the API, document the Access-Control-Allow-Origin response header with the allowed origins (never a reflected origin together with credentials); if they do not, say so and send no CORS headers.',
  check(ctx) {
    const candidates = documentedOperations(ctx.spec);
    reportGaps(ctx, {
      candidates,
      lacking: candidates.filter((op) => !documentsCorsOrigin(op)),
      one: (op) => `${op.endpoint} documents no Access-Control-Allow-Origin header, although other operations do.`,
      many: (lacking, all) =>
        lacking.length === all.length
          ? `No response documents an Access-Control-Allow-Origin header, so the description does not say which browser origins may call the API (${count(all.length, 'operation')}).`
          : `${lacking.length} of ${all.length} operations document no Access-Control-Allow-Origin header: ${listEndpoints(lacking.map((o) => o.endpoint))}.`,
    });
  },
});
