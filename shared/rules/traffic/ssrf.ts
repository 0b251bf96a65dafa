/** API7 from traffic: parameters that point the server at internal addresses, metadata services or local schemes. */
import { defineTrafficRule } from '../define-rule.js';
import { count, plural, privacyNote, TrafficReporter, windowText } from './evidence.js';

const TARGET_TEXT: Record<string, string> = {
  loopback: 'the server itself (loopback)',
  'cloud-metadata': 'the cloud metadata service (169.254.169.254 or equivalent)',
  'link-local': 'a link-local address',
  'private-network': 'a private network address',
  'internal-hostname': 'an internal host name',
};

export const ssrfPayloads = defineTrafficRule({
  id: 'traffic.ssrf.internal-target-in-parameter',
  title: 'SSRF payload in a request parameter',
  severity: 'high',
  confidence: 'likely',
  controls: ['API7:2023'],
  equivalents: [],
  rationale:
    'Parameters holding loopback, private, link-local or cloud-metadata addresses, or file:/gopher:/dict: URLs (checked raw, URL-decoded and double-decoded), are server-side request forgery attempts. A successful answer does not prove the server fetched the target, but it is the request to test first.',
  remediation: 'Validate URL inputs against an allow-list of hosts and schemes, resolve and reject internal addresses (after redirects), block metadata endpoints from the application network, and review the successful requests listed.',
  check(ctx) {
    const t = ctx.traffic;
    const out = new TrafficReporter(ctx);
    for (const s of t.ssrf) {
      const target = TARGET_TEXT[s.target] ?? (s.target.startsWith('scheme:') ? `a ${s.target.slice(7)}: URL` : s.target);
      out.report(
        s.samples,
        `${plural(s.count, 'request')} to ${s.endpoint} pointed ${s.parameter === 'body' ? 'the request body' : `parameter \`${s.parameter}\``} at ${target} ${windowText(s)}; ${count(s.success)} answered successfully.` +
          privacyNote(t),
        { endpoints: s.endpoint.startsWith('(') ? [] : [s.endpoint], occurrences: s.count, severity: s.success > 0 ? 'high' : 'medium' },
      );
    }
  },
});
