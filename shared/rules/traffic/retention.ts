/** GDPR 5(1)(e) from traffic: how long a span the logs cover, and the personal data they hold. */
import { defineTrafficRule } from '../define-rule.js';
import { count, plural, when } from './evidence.js';
import { lineRef } from './evidence.js';

const KIND_TEXT: Record<string, string> = {
  'client-ip': 'client IP addresses',
  principal: 'user or consumer identities',
  'user-agent': 'user agents',
  'email-in-url': 'e-mail addresses in URLs',
  'phone-in-url': 'phone numbers in URLs',
  'card-number-in-url': 'card numbers in URLs',
  'iban-in-url': 'IBANs in URLs',
  'national-id-in-url': 'national ids in URLs',
  'personal-data-in-url': 'other personal data in URLs',
  'credential-in-url': 'credentials in URLs',
  'jwt-in-url': 'tokens in URLs',
};

export const logRetention = defineTrafficRule({
  id: 'traffic.gdpr.log-retention',
  title: 'Personal data held in the logs, and the period they cover',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['GDPR-5(1)(e)', 'GDPR-5(1)(c)', 'GDPR-30'],
  equivalents: [],
  rationale:
    'Access logs are personal data (IP addresses, identities, user agents; Recital 30, CJEU C-582/14 Breyer). What a file holds and the period it covers are the evidence for storage limitation: whether that period is justified is for the controller to decide and document (retention in the record of processing).',
  remediation: 'Set and enforce a retention period for these logs (rotation, log-group retention), pseudonymize or truncate IP addresses where the full value is not needed, and keep personal data out of URLs.',
  check(ctx) {
    const t = ctx.traffic;
    if (t.volume.requests === 0) return;
    const pd = t.personalData;
    const kinds = pd.kinds.map((k) => KIND_TEXT[k] ?? k);
    const span = t.span ? `${when(t.span.first)} to ${when(t.span.last)} (${t.span.days} day${t.span.days === 1 ? '' : 's'}; oldest entry on line ${t.span.firstLine})` : 'a period the log does not date';
    const counts = [
      pd.clientIps ? `${pd.clientIpsCapped ? 'more than ' : ''}${plural(pd.clientIps, 'distinct client IP')}` : '',
      pd.principals ? plural(pd.principals, 'distinct identity', 'distinct identities') : '',
      pd.userAgents ? plural(pd.userAgents, 'distinct user agent') : '',
      pd.urlsWithPersonalData ? `${plural(pd.urlsWithPersonalData, 'URL')} with personal data` : '',
    ].filter(Boolean);
    ctx.report(lineRef(t.file, t.span?.firstLine ?? 1), {
      message:
        `${t.file} (${t.formatLabel}) holds ${plural(t.volume.requests, 'request')} from ${span}` +
        (kinds.length ? `, with ${kinds.join(', ')}: ${counts.join(', ')}.` : ', and no personal data the importer recognises.') +
        (t.privacy.pseudonymized ? ' The workspace keeps them pseudonymized (keyed hashes); the original log still holds them in clear.' : ' They are kept as logged unless the import is pseudonymized (--pseudonymize-key-file).') +
        (t.parse.malformed ? ` ${plural(t.parse.malformed, 'malformed line')} could not be read.` : ''),
      severity: kinds.length ? 'low' : 'info',
    });
  },
});
