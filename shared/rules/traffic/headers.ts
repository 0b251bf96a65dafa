/**
 * API8 / API2 from HAR captures: what the response and request headers show — HTTPS responses
 * without HSTS, version banners, CORS that trusts any origin, JWTs with `alg: none`, no `exp` or
 * a very long lifetime. Each finding names the header or claim facts and the entries
 * (`log.entries[N]`, 0-based) beside the lines; never a token.
 */
import type { HeaderStat, TrafficSummary } from '../../model/traffic.js';
import { defineTrafficRule } from '../define-rule.js';
import { plural, TrafficReporter, windowText } from './evidence.js';

const statsOf = (t: TrafficSummary, ...kinds: HeaderStat['kind'][]): HeaderStat[] => (t.headers ?? []).filter((h) => kinds.includes(h.kind));

/** `log.entries[0], [4], [9]` */
export function entriesText(entries: readonly number[]): string {
  return entries.length ? `log.entries${entries.map((e) => `[${e}]`).join(', ')}` : '';
}

const list = (values: readonly string[], max = 5): string => values.slice(0, max).join(', ') + (values.length > max ? ` (+${values.length - max} more)` : '');

export const hstsMissing = defineTrafficRule({
  id: 'traffic.headers.hsts-missing',
  title: 'HTTPS responses without HSTS (Strict-Transport-Security)',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API8:2023', 'GDPR-32(1)(a)'],
  equivalents: ['zap:10035'],
  rationale:
    'Without a Strict-Transport-Security header (or with max-age=0) a browser or client that once reached the API over HTTPS will still try plain HTTP first, where an attacker on the path can strip TLS and read or alter the traffic, tokens included.',
  remediation: 'Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response (at the gateway or load balancer), and refuse or redirect plain HTTP.',
  check(ctx) {
    const out = new TrafficReporter(ctx);
    for (const h of statsOf(ctx.traffic, 'hsts-missing'))
      out.report(h.samples, `${plural(h.count, 'HTTPS response')} from ${h.subject} had ${list(h.values, 2)} ${windowText(h)} (${entriesText(h.entries)}).`, {
        endpoints: h.endpoints.filter((e) => !e.startsWith('(')),
        occurrences: h.count,
      });
  },
});

export const versionBanner = defineTrafficRule({
  id: 'traffic.headers.version-banner',
  title: 'Server or framework version in response headers',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API8:2023'],
  equivalents: ['zap:10036', 'zap:10037', 'zap:10061'],
  rationale:
    '`Server`, `X-Powered-By` or `X-AspNet-Version` headers that carry a version number tell an attacker which known vulnerabilities to try, without a single probe; OWASP API8 lists unpatched, self-announcing components as misconfiguration.',
  remediation: 'Remove the version from banners (NGINX `server_tokens off`, Express `app.disable("x-powered-by")`, IIS/ASP.NET `enableVersionHeader="false"`, PHP `expose_php = Off`) or strip the headers at the gateway.',
  check(ctx) {
    const out = new TrafficReporter(ctx);
    for (const h of statsOf(ctx.traffic, 'version-banner'))
      out.report(h.samples, `${plural(h.count, 'response')} from ${list(h.values, 3)} announced \`${h.subject}\` ${windowText(h)} (${entriesText(h.entries)}).`, {
        endpoints: h.endpoints.filter((e) => !e.startsWith('(')),
        occurrences: h.count,
      });
  },
});

export const permissiveCors = defineTrafficRule({
  id: 'traffic.headers.permissive-cors',
  title: 'CORS that trusts any origin (reflected Origin, or a wildcard with credentials)',
  severity: 'high',
  confidence: 'likely',
  controls: ['API8:2023'],
  equivalents: ['zap:40040'],
  rationale:
    'An API that copies whatever `Origin` it receives into `Access-Control-Allow-Origin` lets any web page read its responses from a visitor’s browser — with `Access-Control-Allow-Credentials: true`, with the visitor’s cookies, i.e. as the visitor. A wildcard together with credentials shows the same intent (browsers refuse that pair, so it is often "fixed" by reflecting the origin). A host counts as reflecting any origin when the capture shows it echo two different foreign origins, or `null`.',
  remediation: 'Compare `Origin` against an explicit allow-list of the API’s own front-ends and answer only those; never reflect it as is, never allow `null`, and send `Access-Control-Allow-Credentials: true` only for allow-listed origins.',
  check(ctx) {
    const out = new TrafficReporter(ctx);
    const t = ctx.traffic;
    for (const h of statsOf(t, 'cors-wildcard-credentials'))
      out.report(
        h.samples,
        `${plural(h.count, 'response')} from ${h.subject} allowed any origin (\`Access-Control-Allow-Origin: *\`) together with \`Access-Control-Allow-Credentials: true\` ${windowText(h)} (${entriesText(h.entries)}).`,
        { endpoints: h.endpoints.filter((e) => !e.startsWith('(')), occurrences: h.count, severity: 'medium' },
      );
    // Reflections per host, with and without credentials.
    const byHost = new Map<string, HeaderStat[]>();
    for (const h of statsOf(t, 'cors-reflected-origin', 'cors-reflected-origin-credentials')) byHost.set(h.subject, [...(byHost.get(h.subject) ?? []), h]);
    for (const [host, stats] of byHost) {
      const origins = [...new Set(stats.flatMap((s) => s.values))];
      if (origins.length < 2 && !origins.some((o) => o.toLowerCase() === 'null')) continue;
      const credentials = stats.some((s) => s.kind === 'cors-reflected-origin-credentials');
      const count = stats.reduce((n, s) => n + s.count, 0);
      const samples = [...new Set(stats.flatMap((s) => s.samples))].sort((a, b) => a - b).slice(0, 5);
      const entries = [...new Set(stats.flatMap((s) => s.entries))].sort((a, b) => a - b).slice(0, 5);
      const first = stats.map((s) => s.firstSeen).filter((x): x is string => !!x).sort()[0];
      const last = stats.map((s) => s.lastSeen).filter((x): x is string => !!x).sort().at(-1);
      const window = windowText({ ...(first ? { firstSeen: first } : {}), ...(last ? { lastSeen: last } : {}) });
      out.report(
        samples,
        `${host} echoed ${plural(origins.length, 'different Origin')} (${list(origins)}) back in \`Access-Control-Allow-Origin\`${credentials ? ' with `Access-Control-Allow-Credentials: true`' : ''} in ${plural(count, 'response')} ${window} (${entriesText(entries)}).`,
        { endpoints: [...new Set(stats.flatMap((s) => s.endpoints))].filter((e) => !e.startsWith('(')), occurrences: count, severity: credentials ? 'high' : 'medium' },
      );
    }
  },
});

export const weakJwtClaims = defineTrafficRule({
  id: 'traffic.auth.weak-jwt',
  title: 'JWTs sent with alg "none", no expiry, or a very long lifetime',
  severity: 'high',
  confidence: 'confirmed',
  controls: ['API2:2023'],
  equivalents: [],
  rationale:
    'A JWT with `"alg": "none"` carries no signature: if the API accepts it, anyone can mint tokens for anyone (RFC 8725 §3.1). A token without `exp` never expires and one valid for days outlives a logout or a stolen laptop; both make a leaked token a lasting account takeover. Only the token header and claims are read (the lifetime is `exp − iat`, else `exp −` the time of the request; long means over 24 hours).',
  remediation:
    'Accept only the expected signing algorithms (never `none`), require `exp` and check it, keep access tokens short-lived (minutes, with refresh tokens for longer sessions), and configure the gateway’s JWT validation to enforce it (Kong `claims_to_verify: [exp]` and `maximum_expiration`, APIM `require-expiration-time`).',
  check(ctx) {
    const out = new TrafficReporter(ctx);
    for (const h of statsOf(ctx.traffic, 'jwt-alg-none', 'jwt-no-exp', 'jwt-long-lifetime')) {
      const what =
        h.kind === 'jwt-alg-none' ? 'an unsigned JWT (`"alg": "none"`)' : h.kind === 'jwt-no-exp' ? 'a JWT without an `exp` claim (it never expires)' : `a JWT valid for ${list(h.values, 3)}`;
      out.report(h.samples, `${plural(h.count, 'request')} sent ${what} — ${h.subject} — ${windowText(h)} (${entriesText(h.entries)}).`, {
        endpoints: h.endpoints.filter((e) => !e.startsWith('(')),
        occurrences: h.count,
        severity: h.kind === 'jwt-alg-none' ? 'critical' : h.kind === 'jwt-no-exp' ? 'high' : 'medium',
      });
    }
  },
});
