/** API8: documented TRACE operations and wildcard (any/any) content types. */
import type { MediaContent } from '../../../model/spec.js';
import { defineSpecRule } from '../../define-rule.js';

export const traceMethod = defineSpecRule({
  id: 'spec.api8.trace-method',
  title: 'TRACE operation documented',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API8:2023'],
  equivalents: [],
  rationale:
    'TRACE echoes the request back, including headers such as cookies and Authorization that intermediaries add (cross-site tracing); APIs have no use for it and OWASP lists unneeded HTTP verbs as misconfiguration.',
  remediation: 'Remove the TRACE operation and refuse the method at the gateway and the server.',
  check(ctx) {
    for (const op of ctx.spec.operations)
      if (op.method === 'trace')
        ctx.report(op.at, { message: `${op.endpoint} is documented; TRACE reflects request headers back to the caller.`, endpoints: [op.endpoint] });
  },
});

const WILDCARD = /^\*\/\*(\s*;.*)?$/;

export const wildcardContentType = defineSpecRule({
  id: 'spec.api8.wildcard-content-type',
  title: 'Wildcard */* content type',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API8:2023', 'API3:2023'],
  equivalents: [],
  rationale:
    'A request body of */* accepts any format, so parsers the API never meant to expose (XML with external entities, YAML, form data) may run on client input; a response of */* leaves the content type, and how browsers interpret it, undefined.',
  remediation: 'Declare the exact media types the operation accepts and returns (application/json, multipart/form-data...) and reject others with 415.',
  check(ctx) {
    for (const op of ctx.spec.operations) {
      const hits: { where: string; media: MediaContent }[] = [];
      for (const c of op.requestBody?.content ?? []) if (WILDCARD.test(c.mediaType)) hits.push({ where: 'request body', media: c });
      for (const r of op.responses)
        for (const c of r.content) if (WILDCARD.test(c.mediaType)) hits.push({ where: `${r.status} response`, media: c });
      if (!hits.length) continue;
      ctx.report(hits[0]!.media.at, {
        message: `${op.endpoint} declares */* as the content type of its ${[...new Set(hits.map((h) => h.where))].join(', ')}.`,
        endpoints: [op.endpoint],
        related: hits.slice(1).map((h) => h.media.at),
      });
    }
  },
});
