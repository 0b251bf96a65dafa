/**
 * The gateway as a client of its upstreams (API10, API7, GDPR-32(1)(a)): plain http to hosts
 * outside the network, certificate verification off, upstreams chosen from request data, and
 * missing, disabled or very long timeouts.
 */
import type { Severity } from '../../model/finding.js';
import type { GatewayRoute, Upstream } from '../../model/gateway.js';
import { defineGatewayRule, type GatewayRuleContext } from '../define-rule.js';
import { configRoot, isPrivateHost, isVariableHost, listText, llmProviderOf, redact, reliesOnDefault, ROUTE_SAMPLE, routeEndpoints, routesByUpstream, routesText } from './facts.js';

function label(u: Upstream): string {
  return `Upstream ${u.name ? `"${u.name}" ` : ''}(${redact(u.url)})`;
}

function servedBy(routes: readonly GatewayRoute[] | undefined): string {
  return routes?.length ? `, used by ${routesText(routes)}` : '';
}

function report(
  ctx: GatewayRuleContext,
  at: Upstream['at'],
  routes: readonly GatewayRoute[] | undefined,
  message: string,
  severity?: Severity,
): void {
  const endpoints = [...new Set((routes ?? []).flatMap(routeEndpoints))];
  ctx.report(at, { message, endpoints, occurrences: Math.max(1, routes?.length ?? 0), ...(severity ? { severity } : {}) });
}

const PLAIN = new Set(['http', 'ws', 'grpc', 'tcp', 'udp']);

export const plainHttpUpstream = defineGatewayRule({
  id: 'gateway.upstream.plain-http',
  title: 'Gateway calls an upstream outside the network over plain http',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API10:2023', 'API8:2023', 'GDPR-32(1)(a)', 'GDPR-32'],
  equivalents: [],
  rationale:
    'Requests the gateway forwards over plain http to a host outside the private network (a SaaS API, a partner, a public cloud endpoint) cross networks the API owner does not control: ' +
    'anyone on the path reads the credentials and personal data in them, or answers in the upstream\'s place. Private and internal hosts are not reported.',
  remediation: 'Call the upstream over https with certificate verification (Kong service `protocol: https` and `tls_verify: true`, NGINX `proxy_pass https://…` with `proxy_ssl_verify on`).',
  check(ctx) {
    const users = routesByUpstream(ctx.gateway);
    for (const u of ctx.gateway.upstreams) {
      if (!PLAIN.has(u.scheme.toLowerCase()) || !u.host || isVariableHost(u.host) || isPrivateHost(u.host)) continue;
      const routes = users.get(u.id);
      const provider = llmProviderOf(u.host);
      const authenticated = routes?.some((r) => r.controls.authentication.some((a) => a.forwardsCredentials));
      const severity: Severity = provider || authenticated ? 'high' : 'medium';
      report(
        ctx,
        u.at,
        routes,
        `${label(u)} is reached over plain ${u.scheme} at ${u.host}, a host outside the private network${servedBy(routes)}: requests, credentials and personal data travel unencrypted.` +
          (provider ? ` It is the LLM provider ${provider.provider}: prompts and the provider key cross the network in clear text.` : '') +
          (authenticated && !provider ? ' The routes forward callers\' credentials to it.' : '') +
          (severity === 'high' ? ' Rated high.' : ''),
        severity,
      );
    }
  },
});

export const upstreamTlsVerifyOff = defineGatewayRule({
  id: 'gateway.upstream.tls-verify-off',
  title: 'Upstream certificate is not verified',
  severity: 'high',
  confidence: 'confirmed',
  controls: ['API10:2023', 'API8:2023', 'GDPR-32(1)(a)'],
  equivalents: [],
  rationale:
    'TLS without certificate verification encrypts the connection but does not authenticate the upstream: anyone who can intercept it presents any certificate and reads or alters the traffic. ' +
    'NGINX does not verify upstream certificates unless `proxy_ssl_verify on` (default off); Kong services fall back to the global `tls_verify` setting (off) when unset.',
  remediation:
    'Verify the upstream certificate against a trusted CA (NGINX `proxy_ssl_verify on` + `proxy_ssl_trusted_certificate`, Kong `tls_verify: true` + `ca_certificates`, AWS `insecureSkipVerification: false`, Tyk `ssl_insecure_skip_verify: false`, Apigee `<IgnoreValidationErrors>false` with a `<TrustStore>`, Envoy `validation_context`).',
  check(ctx) {
    const gw = ctx.gateway;
    const users = routesByUpstream(gw);
    const FIELDS = ['verify', 'tls_verify', 'ssl_verify', 'insecure', 'validation'];
    // Upstreams that do not verify because nothing says so share one cause: the product default (a missing global setting).
    const byDefault = new Map<string, { u: Upstream; internal: boolean }[]>();
    for (const u of gw.upstreams) {
      if (!u.tlsVerify || u.tlsVerify.enabled || PLAIN.has(u.scheme.toLowerCase())) continue;
      const routes = users.get(u.id);
      const internal = !!u.host && !isVariableHost(u.host) && isPrivateHost(u.host);
      const note = reliesOnDefault(u.tlsVerify.origin, undefined, ...FIELDS);
      if (note !== '') {
        let list = byDefault.get(note);
        if (!list) byDefault.set(note, (list = []));
        list.push({ u, internal });
        continue;
      }
      report(
        ctx,
        u.tlsVerify.origin.at,
        routes,
        `${label(u)} is called over TLS without verifying its certificate${servedBy(routes)}: anyone able to intercept the connection can impersonate it.` +
          (internal ? ' The host is internal, so this is rated medium.' : '') +
          reliesOnDefault(u.tlsVerify.origin, undefined, ...FIELDS),
        internal ? 'medium' : undefined,
      );
    }
    if (!byDefault.size) return;
    const all = [...byDefault.values()].flat();
    const routes = all.flatMap(({ u }) => users.get(u.id) ?? []);
    const external = all.filter((x) => !x.internal).map((x) => x.u);
    const names = all.map(({ u }) => u.name ?? redact(u.url));
    ctx.report(configRoot(gw), {
      message:
        `${all.length === 1 ? `${label(all[0]!.u)} is` : `${all.length} upstreams (${listText(names, 3)}) are`} called over TLS without verifying ${all.length === 1 ? 'its certificate' : 'their certificates'}${servedBy(routes)}: anyone able to intercept the connection can impersonate ${all.length === 1 ? 'it' : 'them'}.` +
        (external.length ? ` ${external.length === all.length ? (all.length === 1 ? 'It is' : 'They are') : `${listText(external.map((u) => u.name ?? u.host), 3)} ${external.length === 1 ? 'is' : 'are'}`} outside the private network.` : ' The hosts are internal, so this is rated medium.') +
        [...byDefault.keys()].join(''),
      endpoints: [...new Set(routes.flatMap(routeEndpoints))],
      occurrences: all.length,
      related: all.slice(0, ROUTE_SAMPLE).map(({ u }) => u.tlsVerify!.origin.at),
      ...(external.length ? {} : { severity: 'medium' as const }),
    });
  },
});

export const dynamicUpstream = defineGatewayRule({
  id: 'gateway.upstream.dynamic-target',
  title: 'Upstream chosen from request data',
  severity: 'high',
  confidence: 'likely',
  controls: ['API7:2023', 'API10:2023'],
  equivalents: [],
  rationale:
    'When the gateway builds the upstream URL or host from request data (NGINX `proxy_pass http://$arg_host`, APIM `set-backend-service` from a request expression, Envoy dynamic_forward_proxy, an AWS integration URI from request parameters), ' +
    'a caller picks where the gateway connects: cloud metadata endpoints, internal services, or any host on the internet (SSRF, open proxy).',
  remediation: 'Route to fixed upstreams; where a choice is needed, map request values to an allow-list of upstreams (NGINX `map`, APIM policy with a fixed set) and never connect to a host the caller names.',
  check(ctx) {
    const users = routesByUpstream(ctx.gateway);
    for (const u of ctx.gateway.upstreams) {
      if (!u.dynamicFromRequest) continue;
      const routes = users.get(u.id);
      report(
        ctx,
        u.dynamicFromRequest.at,
        routes,
        `${label(u)} is chosen from request data (${redact(u.dynamicFromRequest.expression).slice(0, 200)})${servedBy(routes)}: a caller can make the gateway connect to internal services or cloud metadata endpoints (SSRF) or use it as an open proxy.`,
      );
    }
  },
});

const LONG_MS = 300_000;

export const upstreamTimeouts = defineGatewayRule({
  id: 'gateway.upstream.timeouts',
  title: 'Upstream timeouts missing, disabled or very long',
  severity: 'low',
  confidence: 'likely',
  controls: ['API10:2023', 'API4:2023'],
  equivalents: [],
  rationale:
    'Without a bounded timeout, a slow or hanging upstream holds gateway connections and workers until they run out: one misbehaving dependency, or a caller who finds a slow request, takes the API down. ' +
    'A timeout of 0 disables the limit (Envoy route `timeout: 0s`).',
  remediation: 'Set connect, read and write timeouts suited to the upstream (seconds, not minutes): Kong service `connect_timeout`/`read_timeout`/`write_timeout`, NGINX `proxy_*_timeout`, Envoy route `timeout`, AWS `timeoutInMillis`.',
  check(ctx) {
    const users = routesByUpstream(ctx.gateway);
    for (const u of ctx.gateway.upstreams) {
      const routes = users.get(u.id);
      if (!routes?.length && !u.timeouts) continue;
      const t = u.timeouts;
      if (!t) {
        report(ctx, u.at, routes, `${label(u)} has no timeout in the config${servedBy(routes)}: a hanging upstream holds gateway connections for as long as the product allows.`);
        continue;
      }
      const values = (
        [
          ['connect', t.connectMs],
          ['read', t.readMs],
          ['write', t.writeMs],
        ] as const
      ).filter((v): v is readonly ['connect' | 'read' | 'write', number] => v[1] !== undefined);
      const disabled = values.filter(([, ms]) => ms === 0).map(([k]) => k);
      const long = values.filter(([, ms]) => ms > LONG_MS).map(([k, ms]) => `${k} ${Math.round(ms / 1000)} s`);
      if (!disabled.length && !long.length) continue;
      const parts = [
        ...(disabled.length ? [`the ${disabled.join(' and ')} timeout${disabled.length > 1 ? 's are' : ' is'} 0 (no limit)`] : []),
        ...(long.length ? [`very long timeouts (${long.join(', ')})`] : []),
      ];
      report(
        ctx,
        t.origin.at,
        routes,
        `${label(u)} has ${parts.join(' and ')}${servedBy(routes)}: slow or hanging calls hold gateway resources.` + reliesOnDefault(t.origin, undefined, 'timeout'),
        disabled.length ? 'medium' : undefined,
      );
    }
  },
});

export const upstreamRules = [plainHttpUpstream, upstreamTlsVerifyOff, dynamicUpstream, upstreamTimeouts];
