/** API8 / GDPR 32 from traffic: requests over legacy TLS versions or plain HTTP. */
import { defineTrafficRule } from '../define-rule.js';
import { count, plural, TrafficReporter, windowText } from './evidence.js';

export const legacyTls = defineTrafficRule({
  id: 'traffic.transport.legacy-tls',
  title: 'Requests over legacy TLS (1.0 / 1.1 or SSL)',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API8:2023', 'GDPR-32(1)(a)', 'GDPR-32'],
  equivalents: [],
  rationale: 'TLS 1.0 and 1.1 (and SSL) are deprecated (RFC 8996): clients that still negotiate them show the server accepts protocols with known weaknesses.',
  remediation: 'Accept TLS 1.2 and 1.3 only at every listener and load balancer, after telling the clients still on older versions.',
  check(ctx) {
    const t = ctx.traffic;
    const l = t.transport.legacy;
    if (l.count === 0) return;
    const total = Object.values(t.transport.byVersion).reduce((a, b) => a + b, 0);
    new TrafficReporter(ctx).report(
      l.samples,
      `${plural(l.count, 'request')} of ${count(total)} with a recorded TLS version used ${l.versions.join(', ')} ${windowText(l)}.`,
      { occurrences: l.count },
    );
  },
});

export const plaintextHttp = defineTrafficRule({
  id: 'traffic.transport.plaintext',
  title: 'Requests over plain HTTP',
  severity: 'high',
  confidence: 'confirmed',
  controls: ['API8:2023', 'GDPR-32(1)(a)', 'GDPR-32', 'API2:2023'],
  equivalents: [],
  rationale:
    'Requests the log records as plain HTTP (scheme http, no TLS on the connection) travel readable and alterable by anyone on the path, credentials and personal data included.',
  remediation: 'Serve the API over HTTPS only: redirect or refuse plain HTTP (and never accept credentials on it), and add HSTS.',
  check(ctx) {
    const t = ctx.traffic;
    const p = t.transport.plaintext;
    if (p.count === 0) return;
    new TrafficReporter(ctx).report(
      p.samples,
      `${plural(p.count, 'request')} came over plain HTTP ${windowText(p)}${p.endpoints.length ? `, to ${p.endpoints.slice(0, 10).join(', ')}` : ''}.`,
      { endpoints: p.endpoints.filter((e) => !e.startsWith('(')), occurrences: p.count },
    );
  },
});
