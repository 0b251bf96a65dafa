/** API8 from traffic: bursts of 5xx answers, and stack traces or database errors in response bodies (HAR, payload logs). */
import { defineTrafficRule } from '../define-rule.js';
import { count, plural, TrafficReporter, when, windowText } from './evidence.js';

export const serverErrorBurst = defineTrafficRule({
  id: 'traffic.errors.server-error-burst',
  title: 'Burst of server errors (5xx)',
  severity: 'medium',
  confidence: 'likely',
  controls: ['API8:2023', 'API4:2023'],
  equivalents: [],
  rationale:
    'Minutes in which at least 10 requests, and at least half of all requests, ended in 5xx show the API failing under load or on crafted input: a denial-of-service exposure and, when error pages carry details, information leakage.',
  remediation: 'Find the cause of the burst (load, a failing upstream, input that crashes a handler), add limits and timeouts in front of it, and make error responses generic.',
  check(ctx) {
    const out = new TrafficReporter(ctx);
    for (const b of ctx.traffic.errors.bursts)
      out.report(
        b.samples,
        `${plural(b.errors, 'request')} of ${count(b.requests)} ended in 5xx in ${plural(b.minutes, 'minute')} from ${when(b.start)}${b.endpoints.length ? ` (on ${b.endpoints.join(', ')})` : ''}.`,
        { endpoints: b.endpoints.filter((e) => !e.startsWith('(')), occurrences: b.errors },
      );
  },
});

export const stackTraceInResponse = defineTrafficRule({
  id: 'traffic.errors.stack-trace-in-response',
  title: 'Stack trace or database error in a response body',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API8:2023'],
  equivalents: [],
  rationale:
    'A response that carries a stack trace or a database error tells an attacker the framework, file layout, library versions and sometimes query structure: it guides the next attack. Seen in captured bodies (HAR, payload logging).',
  remediation: 'Return generic error bodies (RFC 9457 problem details without internals) and log the details server-side only.',
  check(ctx) {
    const out = new TrafficReporter(ctx);
    for (const l of ctx.traffic.errors.bodyLeaks)
      out.report(l.samples, `${plural(l.count, 'response')} of ${l.endpoint} carried a ${l.kind} in the body ${windowText(l)}.`, {
        endpoints: l.endpoint.startsWith('(') ? [] : [l.endpoint],
        occurrences: l.count,
      });
  },
});
