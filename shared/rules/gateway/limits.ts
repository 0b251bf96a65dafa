/**
 * Resource limits at the gateway (API4, API6, LLM10): routes without any rate limit, limits
 * configured but not enforcing, limits keyed on something that does not tell callers apart, and
 * missing, disabled or very large request size limits.
 */
import type { Severity } from '../../model/finding.js';
import type { GatewayConfig, GatewayRoute, RateLimitControl } from '../../model/gateway.js';
import { describeRateLimit, describeSize } from '../../inventory/controls-in-force.js';
import { defineGatewayRule } from '../define-rule.js';
import { acceptsBody, aiRouteOf, ByCause, ByPlace, containerOf, ofContainer, controlCause, deniesEveryone, isCredentialPath, isPreflightOnly, listText, reliesOnDefault, reportRoutes, routeEndpoints, routeLabel, routesText, strs, worst } from './facts.js';

/** Limits somebody configured (a product default such as AWS's account-level quota does not count). */
export function configuredLimits(route: GatewayRoute): RateLimitControl[] {
  return route.controls.rateLimits.filter((r) => r.origin.scope !== 'default');
}

/** Whether a configured limit is in force on the route. */
export function hasEnforcedLimit(route: GatewayRoute): boolean {
  return configuredLimits(route).some((r) => r.enforced);
}

export const noRateLimit = defineGatewayRule({
  id: 'gateway.limits.no-rate-limit',
  title: 'Route without any rate limit or quota',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API4:2023', 'API6:2023', 'GDPR-32'],
  equivalents: [],
  rationale:
    'With no rate limit, quota or connection limit on a route, its service, consumer or globally, one caller can send as many requests as the gateway forwards: denial of service, brute force, scraping and, on paid or AI upstreams, large bills. ' +
    'Limits that exist only as a product default (AWS account-level throttling) are no per-API control.',
  remediation:
    'Add a rate limit or quota keyed on the consumer or credential (Kong rate-limiting, AWS usage plan or stage throttling, APIM rate-limit-by-key/quota, Apigee SpikeArrest + Quota, Envoy local_ratelimit with filter_enforced, NGINX limit_req), stricter on sign-in and AI routes.',
  check(ctx) {
    const gw = ctx.gateway;
    // Routes with nothing route-specific to say are one problem of their service / server block.
    const plain = new ByCause<string>();
    for (const route of gw.routes) {
      if (isPreflightOnly(route) || deniesEveryone(route) || configuredLimits(route).length) continue;
      const ai = aiRouteOf(gw, route);
      const credential = isCredentialPath(route);
      let severity: Severity = 'medium';
      const why: string[] = [];
      if (ai) {
        severity = 'high';
        why.push(`it is an AI route (${listText(ai.evidence, 3)}), so unlimited requests are unlimited model spend (LLM10)`);
      }
      if (credential) {
        severity = 'high';
        why.push('it is a sign-in, token or verification path, where brute force and credential stuffing aim (API2)');
      }
      const defaults = route.controls.rateLimits.filter((r) => r.origin.scope === 'default');
      const defaultText = defaults.length
        ? ` Only the product default applies: ${defaults.map((d) => `${describeRateLimit(d)}${d.origin.defaultNote ? ` (${d.origin.defaultNote.replace(/\.$/, '')})` : ''}`).join('; ')}, which relies on the product default and is not a per-API limit.`
        : '';
      if (!why.length) {
        plain.add(containerOf(gw, route), defaultText, route, defaultText);
        continue;
      }
      ctx.report(route.at, {
        message: `${routeLabel(route)} has no rate limit, quota or connection limit at any scope.` + defaultText + ` Rated high: ${why.join('; ')}.`,
        endpoints: routeEndpoints(route),
        severity,
      });
    }
    plain.report(ctx, 'medium', (routes, items) => ({
      message: `${routesText(routes)}${ofContainer(routes[0])} ${routes.length === 1 ? 'has' : 'have'} no rate limit, quota or connection limit at any scope.` + items[0]!,
    }));
  },
});

export const rateLimitNotEnforced = defineGatewayRule({
  id: 'gateway.limits.rate-limit-not-enforced',
  title: 'Rate limit configured but not enforced',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API4:2023'],
  equivalents: [],
  rationale:
    'A limit that only counts does not protect: NGINX `limit_req_dry_run on` never rejects, Envoy local_ratelimit enforces nothing unless `filter_enabled` and `filter_enforced` are set (both default to 0 %), and a disabled plugin or policy is no limit. ' +
    'The config looks protected while nothing is.',
  remediation: 'Turn enforcement on (remove `limit_req_dry_run`, set Envoy `filter_enabled`/`filter_enforced` to 100 %, enable the plugin or policy) once the dry-run numbers are understood.',
  check(ctx) {
    const places = new ByPlace<{ route: GatewayRoute; limit: RateLimitControl; protectedOtherwise: boolean }>();
    for (const route of ctx.gateway.routes)
      for (const limit of configuredLimits(route))
        if (!limit.enforced) places.add(limit.origin.at, { route, limit, protectedOtherwise: configuredLimits(route).some((r) => r.enforced) });
    places.each((at, items) => {
      const limit = items[0]!.limit;
      const routes = items.map((i) => i.route);
      const covered = items.every((i) => i.protectedOtherwise);
      reportRoutes(
        ctx,
        at,
        routes,
        `${describeRateLimit(limit, false)} is configured but does not enforce${limit.notEnforcedWhy ? ` (${limit.notEnforcedWhy})` : ''} on ${routesText(routes)}` +
          (covered ? ': another limit is enforced there, so this one only misleads (rated low).' : ': no other limit is enforced there, so requests are not limited at all.') +
          reliesOnDefault(limit.origin, limit.details, 'enforce', 'enabled', 'dry_run', 'filter'),
        covered ? 'low' : undefined,
      );
    });
  },
});

const trustedProxiesCache = new WeakMap<GatewayConfig, string[]>();

/** The forwarded-address sources the gateway trusts (set_real_ip_from, trusted_ips, ...), read once per config. */
function trustedProxies(gw: GatewayConfig): string[] {
  let trusted = trustedProxiesCache.get(gw);
  if (!trusted) {
    trusted = Object.entries(gw.settings)
      .filter(([k]) => /set_real_ip_from|trusted_?ips|trusted_?proxies|xff_num_trusted_hops|realip/i.test(k))
      .flatMap(([, v]) => strs(v.value) ?? (typeof v.value === 'number' ? [String(v.value)] : []));
    trustedProxiesCache.set(gw, trusted);
  }
  return trusted;
}

/** What is wrong with a limit's key, if anything. */
function keyProblem(gw: GatewayConfig, route: GatewayRoute, limit: RateLimitControl): { text: string; severity: Severity } | undefined {
  const key = (limit.keyedBy ?? '').toLowerCase();
  if (key === 'constant' || key === 'host' || key === 'service' || key === 'global' || key === 'api') {
    return {
      text: `is keyed on ${key === 'constant' ? 'a constant' : `the ${key}`}, so all callers share one counter: one client can exhaust it for everybody, and it does not slow any single caller down`,
      severity: 'medium',
    };
  }
  if (/^(header|cookie|query)(:|$)/.test(key)) {
    return { text: `is keyed on a value the client chooses (${limit.keyedBy}): a caller gets a fresh counter by sending a new value`, severity: 'medium' };
  }
  if (key === 'ip') {
    const trusted = trustedProxies(gw);
    if (trusted.some((t) => t === '0.0.0.0/0' || t === '::/0' || t === 'all')) {
      return {
        text: `is keyed on the client IP while the gateway trusts forwarded client addresses from anywhere (${listText(trusted)}): a caller sets X-Forwarded-For and gets a fresh counter per request`,
        severity: 'medium',
      };
    }
    return {
      text:
        'is keyed on the client IP only: behind a load balancer, CDN or NAT without the real client address restored every client shares one counter, and attackers spread requests over many addresses (API6)',
      severity: 'low',
    };
  }
  if ((key === 'consumer' || key === 'credential') && !route.controls.authentication.some((a) => !a.allowsAnonymous)) {
    return {
      text: `is keyed on the ${key}, but nothing authenticates callers there: with no ${key} identified the limit falls back to the client IP (Kong) or to one shared counter`,
      severity: 'low',
    };
  }
  return undefined;
}

export const weakRateLimitKey = defineGatewayRule({
  id: 'gateway.limits.weak-rate-limit-key',
  title: 'Rate limit keyed on a constant, a client-chosen value or the IP alone',
  severity: 'low',
  confidence: 'likely',
  controls: ['API4:2023', 'API6:2023'],
  equivalents: [],
  rationale:
    'A limit protects only as well as its key tells callers apart: a constant key (APIM `counter-key` constant, an Apigee Quota without `<Identifier>`) is one counter for everybody, a header or query value is whatever the caller sends, ' +
    'and a client IP is shared behind proxies, spoofable when every forwarded address is trusted (`set_real_ip_from 0.0.0.0/0`), and cheap to rotate.',
  remediation: 'Key limits on the authenticated consumer, subscription or credential; restore client IPs only from known proxies (NGINX `set_real_ip_from <proxy range>`, Envoy `xff_num_trusted_hops`).',
  check(ctx) {
    const gw = ctx.gateway;
    const FIELDS = ['limit_by', 'identifier', 'key'];
    // The cause: where the key is defined (NGINX limit_req_zone), the product default key, or the limit's own place.
    const places = new ByCause<{ limit: RateLimitControl; problem: { text: string; severity: Severity } }>();
    for (const route of gw.routes)
      for (const limit of configuredLimits(route)) {
        if (!limit.enforced) continue;
        const problem = keyProblem(gw, route, limit);
        if (!problem) continue;
        const byDefault = reliesOnDefault(limit.origin, limit.details, ...FIELDS);
        const at = limit.keyedAt ?? controlCause(gw, limit.origin, byDefault);
        places.add(at, `${limit.keyedAt || byDefault ? limit.kind : describeRateLimit(limit, false)}|${byDefault}`, route, { limit, problem });
      }
    places.report(ctx, 'low', (routes, items) => {
      const limit = items[0]!.limit;
      const texts = [...new Set(items.map((i) => i.problem.text))];
      const described = [...new Set(items.map((i) => describeRateLimit(i.limit, false)))];
      return {
        message:
          `${listText(described, 3)} on ${routesText(routes)} ${texts.slice(0, 2).join('; it also ')}.` +
          reliesOnDefault(limit.origin, limit.details, ...FIELDS),
        severity: items.map((i) => i.problem.severity).reduce(worst),
      };
    });
  },
});

const LARGE_BYTES = 100 * 1024 * 1024;

export const requestSizeLimit = defineGatewayRule({
  id: 'gateway.limits.request-size',
  title: 'No request size limit, a disabled one, or a very large one',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API4:2023'],
  equivalents: [],
  rationale:
    'Without a cap on request bodies, one caller can send bodies large enough to exhaust memory, disk or upstream workers (and, on AI routes, tokens). ' +
    'NGINX `client_max_body_size 0` disables the check; Kong request-size-limiting allows 128 MB unless `allowed_payload_size` is set.',
  remediation: 'Limit request bodies to what the API needs (NGINX `client_max_body_size 1m`, Kong request-size-limiting, APIM validate-content `max-size`, Apigee JSONThreatProtection, Envoy buffer `max_request_bytes`).',
  check(ctx) {
    const places = new ByPlace<GatewayRoute>();
    const missing = new ByCause<GatewayRoute>();
    for (const route of ctx.gateway.routes) {
      if (!acceptsBody(route) || deniesEveryone(route)) continue;
      const size = route.controls.sizeLimit;
      if (!size) {
        missing.add(containerOf(ctx.gateway, route), '', route, route);
        continue;
      }
      if (size.maxBytes === null || size.maxBytes > LARGE_BYTES) places.add(size.origin.at, route);
    }
    missing.report(ctx, 'medium', (routes) => ({
      message: `${routesText(routes)}${ofContainer(routes[0])} accept${routes.length === 1 ? 's' : ''} request bodies with no size limit at the gateway.`,
    }));
    places.each((at, routes) => {
      const size = routes[0]!.controls.sizeLimit!;
      const disabled = size.maxBytes === null;
      reportRoutes(
        ctx,
        at,
        routes,
        (disabled
          ? `The request size limit is disabled for ${routesText(routes)}: bodies of any size are accepted.`
          : `The request size limit for ${routesText(routes)} is ${describeSize(size.maxBytes!)}, far more than an API request needs (rated low).`) +
          reliesOnDefault(size.origin, undefined, 'size', 'body', 'payload'),
        disabled ? undefined : 'low',
      );
    });
  },
});

export const limitRules = [noRateLimit, rateLimitNotEnforced, weakRateLimitKey, requestSizeLimit];
