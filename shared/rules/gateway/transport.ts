/**
 * Transport security on the client side of the gateway (API8, GDPR-32(1)(a)): legacy TLS
 * versions accepted, plain-http listeners that do not redirect, and routes accepting http.
 */
import type { Severity } from '../../model/finding.js';
import type { GatewayRoute, Listener, Origin } from '../../model/gateway.js';
import { sourceKey } from '../../model/source.js';
import { defineGatewayRule } from '../define-rule.js';
import { ByCause, ByPlace, containerOf, controlCause, isPrivateHost, listText, reliesOnDefault, reportRoutes, routeSettings, routesText } from './facts.js';

/** Canonical name of a legacy protocol (`SSLv3`, `TLSv1.0`, `TLSv1.1`), or undefined for TLS 1.2 and later. */
export function legacyProtocol(p: string): string | undefined {
  const s = p.replace(/[\s_]/g, '').toLowerCase();
  if (/^sslv?2(\.0)?$/.test(s)) return 'SSLv2';
  if (/^sslv?3(\.0)?$/.test(s)) return 'SSLv3';
  if (/^tls(v)?1(\.0|0)?$/.test(s) || s === 'tls10' || s === 'tls1_0') return 'TLSv1.0';
  if (/^tls(v)?1\.?1$/.test(s) || s === 'tls11') return 'TLSv1.1';
  return undefined;
}

function isLoopbackOnly(l: Listener): boolean {
  return l.host !== undefined && /^(127\.|localhost$|\[?::1\]?$)/i.test(l.host);
}

export const legacyTls = defineGatewayRule({
  id: 'gateway.tls.legacy-protocol',
  title: 'Listener accepts SSL, TLS 1.0 or TLS 1.1',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API8:2023', 'GDPR-32', 'GDPR-32(1)(a)'],
  equivalents: [],
  rationale:
    'SSLv3, TLS 1.0 and TLS 1.1 are deprecated (RFC 8996) and open to downgrade and padding-oracle attacks; only TLS 1.2 and 1.3 protect data in transit today. ' +
    'Defaults differ by version: NGINX before 1.27.3 enables TLSv1 and TLSv1.1 when `ssl_protocols` is absent, and AWS custom domains may use the TLS_1_0 policy, so a missing directive is not automatically safe.',
  remediation: 'Accept only TLS 1.2 and 1.3 (NGINX `ssl_protocols TLSv1.2 TLSv1.3;`, AWS `SecurityPolicy: TLS_1_2`, Envoy `tls_minimum_protocol_version: TLSv1_2`, Tyk `min_version: 771`).',
  check(ctx) {
    const places = new ByPlace<{ listener: Listener; legacy: string[]; byVersion: boolean }>();
    for (const l of ctx.gateway.listeners) {
      if (!l.tls) continue;
      const legacy = [...new Set(l.tls.protocols.map(legacyProtocol).filter((p): p is string => p !== undefined))];
      if (legacy.length) places.add(l.tls.origin.at, { listener: l, legacy, byVersion: false });
      else if (l.tls.origin.scope === 'default' && l.tls.origin.defaultNote) {
        // A default that depends on the product version (NGINX before 1.27.3 enables TLSv1 and TLSv1.1).
        const named = [...new Set((l.tls.origin.defaultNote.match(/\b(SSLv[23]|TLSv?1(\.[01])?|TLS_1_[01])\b/gi) ?? []).map(legacyProtocol))].filter(
          (p): p is string => p !== undefined,
        );
        if (named.length) places.add(l.tls.origin.at, { listener: l, legacy: named, byVersion: true });
      }
    }
    places.each((at, items) => {
      const first = items[0]!;
      const legacy = [...new Set(items.flatMap((i) => i.legacy))].sort();
      const origin = first.listener.tls!.origin;
      const who = items.length === 1 ? `Listener ${first.listener.name}` : `${items.length} listeners (${listText(items.map((i) => i.listener.name))})`;
      const loopback = items.every((i) => isLoopbackOnly(i.listener));
      if (first.byVersion) {
        ctx.report(at, {
          message:
            `${who} set${items.length === 1 ? 's' : ''} no TLS protocol versions, and the product default accepts ${legacy.join(', ')} in some versions: ` +
            `whether the deployed version does is not visible in the config.${reliesOnDefault(origin)} Rated low until the version is confirmed.`,
          severity: 'low',
        });
        return;
      }
      const severity: Severity = loopback ? 'low' : legacy.some((p) => p.startsWith('SSL')) ? 'high' : 'medium';
      ctx.report(at, {
        message:
          `${who} accept${items.length === 1 ? 's' : ''} ${legacy.join(', ')} (protocols: ${first.listener.tls!.protocols.join(' ')}): deprecated protocols that no longer protect data in transit.` +
          reliesOnDefault(origin, undefined, 'ssl_protocols', 'protocols', 'tls', 'SecurityPolicy', 'min_version'),
        severity,
      });
    });
  },
});

export const plainHttpListener = defineGatewayRule({
  id: 'gateway.tls.plain-http-listener',
  title: 'Listener serves plain http without redirecting to https',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API8:2023', 'GDPR-32(1)(a)', 'GDPR-32'],
  equivalents: [],
  rationale:
    'On a plain-http listener, credentials, tokens and personal data cross the network unencrypted; a listener that only redirects to https is fine, one that serves the API is not.',
  remediation: 'Serve the API only over TLS; let port 80 answer with a redirect to https (NGINX `return 301 https://$host$request_uri;`) or close it.',
  check(ctx) {
    for (const l of ctx.gateway.listeners) {
      if (l.protocol.toLowerCase() !== 'http' || l.redirectsToHttps || isLoopbackOnly(l)) continue;
      const names = l.hostnames.length ? ` for ${listText(l.hostnames)}` : '';
      ctx.report(l.at, {
        message: `Listener ${l.name}${l.port !== undefined ? ` (port ${l.port})` : ''}${names} serves plain http and does not redirect to https: requests and responses travel unencrypted.`,
      });
    }
  },
});

export const routeAcceptsHttp = defineGatewayRule({
  id: 'gateway.tls.route-accepts-http',
  title: 'Route accepts plain http',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API8:2023', 'GDPR-32(1)(a)'],
  equivalents: [],
  rationale:
    'A route whose protocols include http serves the API unencrypted to any client that asks for it, even when https is offered beside it. ' +
    'Kong routes accept `["http", "https"]` by default, and its `https_redirect_status_code` only applies once http is removed from `protocols`.',
  remediation: 'Limit the route to https (Kong `protocols: [https]`, APIM API `protocols: [https]`); plain-http clients then get a redirect or an error.',
  check(ctx) {
    const gw = ctx.gateway;
    const listeners = new Map(gw.listeners.map((l) => [l.name, l] as const));
    // The cause: the product default (protocols not written), the route's own protocols, the plain-http
    // listener that serves it (an NGINX `listen 80` without a redirect), or else its server block / API.
    const places = new ByCause<{ note: string; listener?: Listener }>();
    for (const route of gw.routes) {
      const protocols = route.protocols.map((p) => p.toLowerCase());
      if (!protocols.includes('http')) continue;
      if (route.hosts.length && route.hosts.every((h) => isPrivateHost(h))) continue;
      const byDefault = reliesOnDefault(route.protocolsOrigin, undefined, 'protocols');
      const plain = route.protocolsOrigin ? undefined : route.listeners?.map((n) => listeners.get(n)).find((l) => l !== undefined && l.protocol.toLowerCase() === 'http' && !l.redirectsToHttps);
      const at = route.protocolsOrigin ? controlCause(gw, route.protocolsOrigin, byDefault) : (plain?.at ?? containerOf(gw, route));
      places.add(at, `${protocols.join(',')}|${byDefault}`, route, plain ? { note: byDefault, listener: plain } : { note: byDefault });
    }
    places.report(ctx, 'medium', (routes, items) => ({
      message:
        `${routesText(routes)} accept${routes.length === 1 ? 's' : ''} plain http (protocols: ${routes[0]!.protocols.map((p) => p.toLowerCase()).join(', ')})` +
        (items[0]!.listener ? ` on listener ${items[0]!.listener.name}, which does not redirect to https` : '') +
        `: clients can send credentials and personal data unencrypted.` +
        items[0]!.note,
    }));
  },
});

export const missingHsts = defineGatewayRule({
  id: 'gateway.tls.missing-hsts',
  title: 'No Strict-Transport-Security header on the route',
  severity: 'low',
  confidence: 'likely',
  controls: ['API8:2023', 'GDPR-32(1)(a)'],
  equivalents: [],
  rationale:
    'Without Strict-Transport-Security, a browser client that once reaches the API over http can be downgraded by anyone on the network. ' +
    'In NGINX, an `add_header` in a location replaces every `add_header` above it, so a server-level HSTS header silently disappears there.',
  remediation: 'Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every https response, repeating it in each level that has its own add_header (NGINX) or setting it in the response policy.',
  check(ctx) {
    const gw = ctx.gateway;
    const byId = new Map(gw.routes.map((r) => [r.id, r] as const));
    const places = new ByPlace<{ route: GatewayRoute | undefined; origin: Origin }>();
    for (const [id, v] of routeSettings(gw, 'strict-transport-security')) {
      if (v.value !== null && v.value !== undefined && v.value !== false && v.value !== '') continue;
      const route = byId.get(id);
      // No header anywhere above the route: one problem of its server block (or API); a header dropped by the route's own add_header stays at that directive.
      const at = route && v.origin.scope === 'default' && sourceKey(v.origin.at) === sourceKey(route.at) ? containerOf(gw, route) : v.origin.at;
      places.add(at, { route, origin: v.origin });
    }
    places.each((at, items) => {
      const routes = items.map((i) => i.route).filter((r): r is GatewayRoute => r !== undefined);
      const origin = items[0]!.origin;
      reportRoutes(
        ctx,
        at,
        routes,
        `${routes.length ? routesText(routes) : 'Routes here'} send${routes.length === 1 ? 's' : ''} no Strict-Transport-Security header${origin.defaultNote ? `: ${origin.defaultNote.replace(/\.$/, '')}` : ''}.`,
      );
    });
  },
});

export const transportRules = [legacyTls, plainHttpListener, routeAcceptsHttp, missingHsts];
