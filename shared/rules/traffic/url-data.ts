/**
 * Secrets and personal data in request URLs (API2, GDPR 5(1)(c), 32): query parameters and
 * path segments that carried credentials, tokens, e-mail addresses, card numbers… Found by the
 * importer before masking; a finding names the parameter and the kind, never the value.
 */
import type { UrlDataStat } from '../../model/traffic.js';
import { defineTrafficRule } from '../define-rule.js';
import { count, plural, TrafficReporter, windowText } from './evidence.js';

const SECRET_KINDS = new Set(['credential', 'jwt']);

const KIND_TEXT: Record<string, string> = {
  credential: 'a credential (key, token, password or signature)',
  jwt: 'a JSON Web Token',
  email: 'an e-mail address',
  'card-number': 'a payment card number',
  iban: 'an IBAN',
  phone: 'a phone number',
  'national-id': 'a national id or passport number',
  'personal-data': 'personal data',
};

function place(d: UrlDataStat): string {
  return d.where === 'path' ? 'a path segment' : `query parameter \`${d.where}\``;
}

function maskedNote(masked: boolean): string {
  return masked ? ' The values were masked before anything was stored and are not repeated here.' : ' Masking was off for this import; the values are not repeated here.';
}

export const secretsInUrls = defineTrafficRule({
  id: 'traffic.data.secrets-in-urls',
  title: 'Credentials or tokens sent in request URLs',
  severity: 'high',
  confidence: 'confirmed',
  controls: ['API2:2023', 'GDPR-32', 'GDPR-5(1)(f)'],
  equivalents: ['owasp:api2:2023-no-credentials-in-url'],
  rationale:
    'A key, token, password or signature in the URL is written to every access log, proxy log and browser history on the way, and leaks in Referer headers: whoever reads those can replay it. The log proves clients actually send it this way.',
  remediation: 'Accept credentials only in headers (Authorization, a key header) or bodies, reject them in the query string, and rotate the credentials that appear in these logs.',
  check(ctx) {
    const t = ctx.traffic;
    const out = new TrafficReporter(ctx);
    for (const d of t.urlData.filter((x) => SECRET_KINDS.has(x.kind)))
      out.report(
        d.samples,
        `${plural(d.count, 'request')} to ${d.endpoint} carried ${KIND_TEXT[d.kind] ?? d.kind} in ${place(d)} ${windowText(d)} (${count(d.success)} successful).${maskedNote(t.privacy.maskedUrls)}`,
        { endpoints: d.endpoint.startsWith('(') ? [] : [d.endpoint], occurrences: d.count },
      );
  },
});

export const personalDataInUrls = defineTrafficRule({
  id: 'traffic.data.personal-data-in-urls',
  title: 'Personal data sent in request URLs',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['GDPR-5(1)(c)', 'GDPR-32', 'GDPR-25', 'API3:2023'],
  equivalents: [],
  rationale:
    'E-mail addresses, phone numbers, card numbers, IBANs or other personal data in URLs end up in every access log, cache and analytics tool that records URLs, far beyond the purpose they were sent for (data minimisation), and are kept as long as those logs are.',
  remediation: 'Send personal data in request bodies (POST) or identify people by opaque ids; scrub existing logs according to their retention.',
  check(ctx) {
    const t = ctx.traffic;
    const out = new TrafficReporter(ctx);
    for (const d of t.urlData.filter((x) => !SECRET_KINDS.has(x.kind)))
      out.report(
        d.samples,
        `${plural(d.count, 'request')} to ${d.endpoint} carried ${KIND_TEXT[d.kind] ?? d.kind} in ${place(d)} ${windowText(d)} (${count(d.success)} successful).${maskedNote(t.privacy.maskedUrls)}`,
        { endpoints: d.endpoint.startsWith('(') ? [] : [d.endpoint], occurrences: d.count, severity: d.kind === 'card-number' || d.kind === 'national-id' || d.kind === 'iban' ? 'high' : 'medium' },
      );
  },
});
