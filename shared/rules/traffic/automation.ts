/** API6 from traffic: automation user agents (libraries, headless browsers, scanners) on business flows. */
import { defineTrafficRule } from '../define-rule.js';
import { count, plural, THRESHOLDS, TrafficReporter, windowText } from './evidence.js';

export const automationOnBusinessFlows = defineTrafficRule({
  id: 'traffic.business.automation-on-flows',
  title: 'Automated clients on a business flow meant for people',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['API6:2023'],
  equivalents: [],
  rationale:
    'python-requests, curl, Go-http-client, okhttp, headless browsers and scanners on checkout, sign-up, redemption, booking, voting or login flows are the OWASP Automated Threats pattern (scalping, carding, account creation, credential stuffing). A user agent is only a hint — legitimate integrations use libraries too — so these are candidates for the business owner to confirm.',
  remediation: 'Decide which flows must only be used by people; protect them with bot management (device fingerprinting, CAPTCHA, proof of work), per-account and per-IP limits, and anomaly alerts.',
  check(ctx) {
    const out = new TrafficReporter(ctx);
    for (const a of ctx.traffic.automation) {
      if (a.count < THRESHOLDS.automationRequests) continue;
      out.report(
        a.samples,
        `${plural(a.count, 'request')} from ${a.agent} clients (${plural(a.clients, 'client IP')}) reached the ${a.flow} flow ${a.endpoint} ${windowText(a)}; ${count(a.success)} succeeded.`,
        { endpoints: [a.endpoint], occurrences: a.count, severity: a.agent === 'crawler' ? 'low' : 'medium' },
      );
    }
  },
});
