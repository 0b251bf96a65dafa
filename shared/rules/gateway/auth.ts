/**
 * Authentication at the gateway (API2, and API1 where a route carries object identifiers):
 * routes nobody has to authenticate on, credentials in URLs, authentication that lets
 * anonymous callers through, weak token validation, legacy OAuth grants, credentials handed on
 * to the upstream, and API keys used as the only authentication.
 */
import type { Severity } from '../../model/finding.js';
import type { AuthControl, GatewayRoute } from '../../model/gateway.js';
import { sourceKey } from '../../model/source.js';
import { defineGatewayRule } from '../define-rule.js';
import {
  aiRouteOf,
  bool,
  ByCause,
  ByPlace,
  configRoot,
  containerOf,
  ofContainer,
  controlCause,
  detail,
  isAdminRoute,
  deniesEveryone,
  ipAllowList,
  isPreflightOnly,
  isPublicByDesign,
  listText,
  num,
  objectIdParameters,
  reliesOnDefault,
  reportRoutes,
  routeEndpoints,
  routeLabel,
  routeSettings,
  routesText,
  scopeText,
  scopesText,
  strs,
  worst,
} from './facts.js';

export const unauthenticatedRoute = defineGatewayRule({
  id: 'gateway.auth.unauthenticated-route',
  title: 'Route reachable without authentication at the gateway',
  severity: 'high',
  confidence: 'likely',
  controls: ['API2:2023', 'API1:2023', 'GDPR-32', 'GDPR-5(1)(f)', 'GDPR-25'],
  equivalents: [],
  rationale:
    'No authentication plugin or policy is in force on the route, its service or API, or globally, so the gateway forwards anyone\'s requests. ' +
    'Routes with object identifiers in the path let callers try other people\'s objects (BOLA), admin routes expose functions, and AI routes spend money per request. ' +
    'The backend may still authenticate: the gateway evidence cannot show that, so confirm it there.',
  remediation:
    'Put an authentication control on the route, its service or globally (Kong key-auth/jwt/openid-connect, an AWS authorizer, APIM validate-jwt, Apigee VerifyAPIKey/OAuthV2, Envoy jwt_authn, NGINX auth_request), or document why the route is public and suppress this finding with that reason.',
  check(ctx) {
    const gw = ctx.gateway;
    // Why a route is left out of the authentication an importer saw (Envoy: no jwt_authn rule matches it).
    const jwtNotes = routeSettings(gw, 'jwt-authn');
    // Routes with nothing route-specific to say are one problem of their service / server block.
    const plain = new ByCause<GatewayRoute>();
    for (const route of gw.routes) {
      if (route.controls.authentication.length || isPreflightOnly(route) || deniesEveryone(route)) continue;
      const ids = objectIdParameters(route);
      const admin = isAdminRoute(route);
      const ai = aiRouteOf(gw, route);
      let severity: Severity = 'high';
      const reasons: string[] = [];
      if (ids.length) reasons.push(`its path carries the object identifier${ids.length > 1 ? 's' : ''} ${ids.map((i) => `{${i}}`).join(', ')}, so anyone can try other people's objects unless the backend checks ownership (BOLA, API1)`);
      if (admin) reasons.push('it is an admin-style path');
      if (ai) reasons.push(`it is an AI route (${listText(ai.evidence, 3)}): every anonymous request spends model tokens (LLM10)`);
      let note: string;
      if (reasons.length) {
        severity = 'critical';
        note = `Rated critical: ${reasons.join('; ')}.`;
      } else if (isPublicByDesign(route)) {
        severity = 'low';
        note = 'The path looks public by design (sign-in, token, health or discovery), so this is rated low; confirm that it serves nothing else.';
      } else note = 'Rated high.';
      const allowList = ipAllowList(route);
      if (allowList) {
        const lowered: Severity = severity === 'critical' ? 'high' : severity === 'high' ? 'medium' : severity;
        note += ` Only callers from ${listText(allowList, 3)} are let through (an IP allow-list), so this is rated ${lowered}.`;
        severity = lowered;
      }
      const whyValue = jwtNotes.get(route.id)?.value;
      const why = whyValue === undefined ? undefined : String(whyValue);
      if (!reasons.length && !allowList && !why && severity === 'high' && !isPublicByDesign(route)) {
        plain.add(containerOf(gw, route), '', route, route);
        continue;
      }
      ctx.report(route.at, {
        message:
          `${routeLabel(route)} has no authentication at the gateway: no authentication plugin or policy is in force on the route, its service or API, or globally${why ? ` (${why})` : ''}. ` +
          `${note} The gateway evidence cannot show whether the backend authenticates.`,
        endpoints: routeEndpoints(route),
        severity,
      });
    }
    plain.report(ctx, 'high', (routes) => ({
      message:
        `${routesText(routes)}${ofContainer(routes[0])} ${routes.length === 1 ? 'has' : 'have'} no authentication at the gateway: no authentication plugin or policy is in force on ${routes.length === 1 ? 'the route, its' : 'these routes, their'} service or API, or globally. ` +
        'Rated high. The gateway evidence cannot show whether the backend authenticates.',
      severity: 'high',
    }));
  },
});

export const credentialsInQuery = defineGatewayRule({
  id: 'gateway.auth.credentials-in-query',
  title: 'Gateway accepts credentials in the query string',
  severity: 'high',
  confidence: 'confirmed',
  controls: ['API2:2023', 'GDPR-32', 'GDPR-5(1)(e)'],
  equivalents: [],
  rationale:
    'A key or token accepted in the URL ends up in access logs, proxy logs, browser history and Referer headers, and from there in every log store that keeps URLs. ' +
    'Kong key-auth accepts keys in the query by default (key_in_query defaults to true) and Kong jwt reads the `jwt` query parameter by default (uri_param_names).',
  remediation:
    'Accept credentials only in a header: Kong key-auth `key_in_query: false`, jwt `uri_param_names: []`; APIM validate-jwt `header-name` instead of `query-parameter-name`; Apigee `<APIKey ref="request.header.…"/>`; Envoy jwt_authn without `from_params`; Tyk without `use_param`.',
  check(ctx) {
    const gw = ctx.gateway;
    const FIELDS = ['keyInQuery', 'key_in_query', 'uriParamNames', 'uri_param_names', 'query'];
    const places = new ByCause<AuthControl>();
    for (const route of gw.routes)
      for (const auth of route.controls.authentication) {
        if (!auth.credentialsInQuery) continue;
        const byDefault = reliesOnDefault(auth.origin, auth.details, ...FIELDS);
        const params = strs(detail(auth.details, 'queryParams', 'queryParamNames', 'uriParamNames', 'keyNames', 'paramName', 'queryParameterName')) ?? [];
        places.add(controlCause(gw, auth.origin, byDefault), `${auth.kind}|${byDefault}|${params.join(',')}`, route, auth);
      }
    places.report(ctx, 'high', (routes, items) => {
      const auth = items[0]!;
      const params = strs(detail(auth.details, 'queryParams', 'queryParamNames', 'uriParamNames', 'keyNames', 'paramName', 'queryParameterName'));
      const names = params?.length ? ` (parameter${params.length > 1 ? 's' : ''} ${params.map((p) => `\`${p}\``).join(', ')})` : '';
      return {
        message:
          `${auth.kind} configured ${scopesText(items.map((i) => i.origin))} accepts credentials in the query string${names} on ${routesText(routes)}: ` +
          `keys and tokens in URLs are written to access logs, proxies and Referer headers.` +
          reliesOnDefault(auth.origin, auth.details, ...FIELDS),
      };
    });
  },
});

const FAIL_OPEN_FACTS = [
  'anonymous',
  'allowMissing',
  'allowMissingOrFailed',
  'failureModeAllow',
  'continueOnError',
  'failOpen',
  'optional',
  'allowsFailed',
  'satisfy',
  'allowedWithoutCredentials',
  'onlyForMethodsOtherThan',
  'stepCondition',
  'condition',
  'partial',
];

export const authFailsOpen = defineGatewayRule({
  id: 'gateway.auth.allows-anonymous',
  title: 'Authentication lets unauthenticated requests through',
  severity: 'high',
  confidence: 'confirmed',
  controls: ['API2:2023', 'API5:2023', 'GDPR-32'],
  equivalents: [],
  rationale:
    'An authentication control that falls back to an anonymous identity (Kong `anonymous`), accepts a missing or failed token (Envoy jwt_authn `allow_missing`/`allow_missing_or_failed`), ' +
    'or fails open when its authorization service errors (Envoy ext_authz `failure_mode_allow`, Apigee `continueOnError="true"`) makes authentication optional: the route looks protected but is not.',
  remediation:
    'Remove the anonymous fallback or fail-open setting; where anonymous access is intended, restrict what the anonymous identity can do (ACL, scopes, a separate route) and say so in the audit.',
  check(ctx) {
    const places = new ByPlace<{ route: GatewayRoute; auth: AuthControl }>();
    for (const route of ctx.gateway.routes)
      for (const auth of route.controls.authentication) if (auth.allowsAnonymous) places.add(auth.origin.at, { route, auth });
    places.each((at, items) => {
      const auth = items[0]!.auth;
      const facts = FAIL_OPEN_FACTS.map((f) => [f, detail(auth.details, f)] as const)
        .filter(([, v]) => v !== undefined && v !== false)
        .map(([f, v]) => (v === true ? f : `${f}: ${(typeof v === 'string' ? v : JSON.stringify(v)).slice(0, 120)}`));
      const routes = items.map((i) => i.route);
      const admin = routes.some(isAdminRoute);
      reportRoutes(
        ctx,
        at,
        routes,
        `${auth.kind} configured ${scopeText(auth.origin)} lets requests without valid credentials through${facts.length ? ` (${facts.join(', ')})` : ''} on ${routesText(routes)}: ` +
          `authentication there is optional, so anyone reaches what it seems to protect.${admin ? ' At least one of them is an admin-style path.' : ''}` +
          reliesOnDefault(auth.origin, auth.details, ...FAIL_OPEN_FACTS),
        admin ? 'critical' : undefined,
      );
    });
  },
});

const DAY = 86400;

/** The weaknesses the model shows for one token-validating control, worst first. */
function tokenWeaknesses(auth: AuthControl): { text: string; severity: Severity; fields: string[] }[] {
  const d = auth.details;
  const out: { text: string; severity: Severity; fields: string[] }[] = [];
  const verifiesExpiry = bool(detail(d, 'verifiesExpiry', 'verifyExpiry', 'requireExpirationTime'));
  const claims = strs(detail(d, 'claimsToVerify', 'claimsVerified', 'verifiedClaims'));
  if (verifiesExpiry === false || (verifiesExpiry === undefined && claims !== undefined && !claims.map((c) => c.toLowerCase()).includes('exp')))
    out.push({
      text: claims !== undefined && verifiesExpiry === undefined ? `expiry is not checked (the claims verified are ${claims.length ? claims.join(', ') : 'none'}, without \`exp\`)` : 'expiry is not checked',
      severity: 'high',
      fields: ['claimsToVerify', 'verifiesExpiry', 'requireExpirationTime'],
    });
  if (bool(detail(d, 'requireSignedTokens', 'requireSignature')) === false)
    out.push({ text: 'unsigned tokens are accepted', severity: 'high', fields: ['requireSignedTokens'] });
  const maxLifetime = num(detail(d, 'maximumExpiration', 'maxLifetimeSeconds', 'maxTokenLifetimeSeconds'));
  if (maxLifetime === 0) out.push({ text: 'token lifetimes are not capped (maximum expiration 0)', severity: 'medium', fields: ['maximumExpiration', 'maxLifetimeSeconds'] });
  else if (maxLifetime !== undefined && maxLifetime > DAY)
    out.push({ text: `tokens may live up to ${Math.round(maxLifetime / 3600)} hours`, severity: 'medium', fields: ['maximumExpiration', 'maxLifetimeSeconds'] });
  const lifetime = num(detail(d, 'tokenExpiration', 'tokenLifetimeSeconds', 'accessTokenTtlSeconds', 'expiresInSeconds'));
  if (lifetime !== undefined && lifetime > DAY)
    out.push({ text: `access tokens it issues live ${Math.round(lifetime / 3600)} hours`, severity: 'medium', fields: ['tokenExpiration', 'tokenLifetimeSeconds'] });
  const refresh = num(detail(d, 'refreshTokenTtl', 'refreshTokenTtlSeconds'));
  if (refresh !== undefined && (refresh === 0 || refresh > 90 * DAY))
    out.push({ text: refresh === 0 ? 'refresh tokens never expire' : `refresh tokens live ${Math.round(refresh / DAY)} days`, severity: 'medium', fields: ['refreshTokenTtl'] });
  const audiences = detail(d, 'audiences', 'audience');
  if ((Array.isArray(audiences) && audiences.length === 0) || audiences === '')
    out.push({ text: 'the audience is not checked, so tokens issued for other services are accepted', severity: 'medium', fields: ['audiences'] });
  const skew = num(detail(d, 'clockSkewSeconds', 'clockSkew', 'expiresAtValidationSkew'));
  if (skew !== undefined && skew > 300) out.push({ text: `a clock skew of ${skew} s extends every token's validity`, severity: 'low', fields: ['clockSkewSeconds', 'clockSkew'] });
  const ttl = num(detail(d, 'resultTtlSeconds', 'authorizerResultTtlInSeconds', 'cacheTtlSeconds'));
  if (ttl !== undefined && ttl > 3600) out.push({ text: `authorization results are cached ${ttl} s, so revoked credentials keep working that long`, severity: 'low', fields: ['resultTtlSeconds', 'authorizerResultTtlInSeconds'] });
  if (bool(detail(d, 'skipKid', 'jwtSkipKid')) === true) out.push({ text: 'the key id (`kid`) is not checked', severity: 'low', fields: ['skipKid'] });
  return out;
}

export const weakTokenValidation = defineGatewayRule({
  id: 'gateway.auth.weak-token-validation',
  title: 'Token validation leaves out expiry, signature, audience or lifetime limits',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API2:2023', 'GDPR-32'],
  equivalents: [],
  rationale:
    'A token validator that does not check `exp` accepts stolen tokens forever; one that accepts unsigned tokens accepts forgeries; one that checks no audience accepts tokens issued to other services (RFC 8725). ' +
    'Kong jwt verifies no claim unless `claims_to_verify` lists `exp` (no default) and caps no lifetime (`maximum_expiration` 0 by default).',
  remediation:
    'Verify `exp` (Kong `claims_to_verify: [exp]`, APIM `require-expiration-time="true"`), require signed tokens, check the audience, cap token lifetimes (Kong `maximum_expiration`), keep clock skew and authorizer cache TTLs short.',
  check(ctx) {
    const gw = ctx.gateway;
    const places = new ByCause<{ auth: AuthControl; weak: ReturnType<typeof tokenWeaknesses>; defaults: string }>();
    for (const route of gw.routes)
      for (const auth of route.controls.authentication) {
        const weak = tokenWeaknesses(auth);
        if (!weak.length) continue;
        const defaults = weak.map((w) => reliesOnDefault(auth.origin, auth.details, ...w.fields)).find((s) => s !== '') ?? '';
        places.add(controlCause(gw, auth.origin, defaults), `${auth.kind}|${weak.map((w) => w.text).join(';')}|${defaults}`, route, { auth, weak, defaults });
      }
    places.report(ctx, 'medium', (routes, items) => {
      const { auth, weak, defaults } = items[0]!;
      return {
        message: `${auth.kind} configured ${scopesText(items.map((i) => i.auth.origin))} validates tokens weakly on ${routesText(routes)}: ${weak.map((w) => w.text).join('; ')}.${defaults}`,
        severity: weak.map((w) => w.severity).reduce(worst),
      };
    });
  },
});

function legacyGrants(auth: AuthControl): string[] {
  const raw = detail(auth.details, 'grants', 'enabledGrants', 'grantTypes');
  // A list of enabled grants, or a map grant → enabled (Kong `enable_implicit_grant: true`).
  const grants = (
    raw !== null && typeof raw === 'object' && !Array.isArray(raw)
      ? Object.entries(raw as Record<string, unknown>)
          .filter(([, v]) => bool(v) === true)
          .map(([k]) => k)
      : (strs(raw) ?? [])
  ).map((g) => g.toLowerCase().replace(/^enable_?|_?grant$/g, ''));
  const out = new Set<string>();
  if (grants.some((g) => g === 'implicit' || g === 'token') || bool(detail(auth.details, 'enableImplicitGrant', 'implicitGrant')) === true) out.add('implicit');
  if (grants.some((g) => g === 'password' || g === 'resource-owner-password') || bool(detail(auth.details, 'enablePasswordGrant', 'passwordGrant')) === true) out.add('password');
  return [...out];
}

export const legacyOAuthGrant = defineGatewayRule({
  id: 'gateway.auth.legacy-oauth-grant',
  title: 'Gateway OAuth server enables the implicit or password grant',
  severity: 'high',
  confidence: 'confirmed',
  controls: ['API2:2023'],
  equivalents: [],
  rationale:
    'The OAuth 2.0 Security Best Current Practice (RFC 9700) advises against the implicit grant (tokens in URLs, no sender binding) and forbids the resource owner password grant (the client sees the user\'s password).',
  remediation: 'Disable the implicit and password grants (Kong oauth2 `enable_implicit_grant: false`, `enable_password_grant: false`) and use the authorization code grant with PKCE.',
  check(ctx) {
    const places = new ByPlace<{ route: GatewayRoute; auth: AuthControl }>();
    for (const route of ctx.gateway.routes) for (const auth of route.controls.authentication) if (legacyGrants(auth).length) places.add(auth.origin.at, { route, auth });
    places.each((at, items) => {
      const auth = items[0]!.auth;
      const grants = legacyGrants(auth);
      reportRoutes(
        ctx,
        at,
        items.map((i) => i.route),
        `${auth.kind} configured ${scopeText(auth.origin)} enables the ${grants.join(' and ')} grant${grants.length > 1 ? 's' : ''} on ${routesText(items.map((i) => i.route))}, which RFC 9700 advises against.`,
      );
    });
  },
});

export const credentialsForwarded = defineGatewayRule({
  id: 'gateway.auth.credentials-forwarded',
  title: 'Gateway passes the caller\'s credential on to the upstream',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API2:2023', 'GDPR-32', 'GDPR-25'],
  equivalents: [],
  rationale:
    'Once the gateway has checked a key or token, forwarding it lets the upstream (and its logs) see a credential it does not need; a compromised or logging upstream then leaks working credentials. ' +
    'Kong key-auth, basic-auth and oauth2 forward them unless `hide_credentials` is true (default false).',
  remediation: 'Strip the credential after validation (Kong `hide_credentials: true`, Tyk `strip_auth_data: true`) and pass the upstream an identity header instead.',
  check(ctx) {
    const gw = ctx.gateway;
    const FIELDS = ['hideCredentials', 'hide_credentials', 'stripAuthData', 'forward'];
    const places = new ByCause<AuthControl>();
    for (const route of gw.routes)
      for (const auth of route.controls.authentication) {
        if (!auth.forwardsCredentials) continue;
        const byDefault = reliesOnDefault(auth.origin, auth.details, ...FIELDS);
        places.add(controlCause(gw, auth.origin, byDefault), `${auth.kind}|${byDefault}`, route, auth);
      }
    places.report(ctx, 'low', (routes, items) => ({
      message:
        `${items[0]!.kind} configured ${scopesText(items.map((i) => i.origin))} forwards the caller's credential to the upstream on ${routesText(routes)}.` +
        reliesOnDefault(items[0]!.origin, items[0]!.details, ...FIELDS),
    }));
  },
});

const ROUTE_SCOPES = new Set(['route', 'operation', 'location']);

const API_KEY_KIND = /^(api-?key|key-auth|keyauth|subscription-key|verify-?api-?key|apikey|auth-token|standard-auth)$/i;

export const apiKeyOnly = defineGatewayRule({
  id: 'gateway.auth.api-key-only',
  title: 'Route authenticated by an API key alone',
  severity: 'low',
  confidence: 'candidate',
  controls: ['API2:2023', 'API1:2023'],
  equivalents: [],
  rationale:
    'An API key identifies a calling application, not a user: with no user identity at the gateway, object-level checks (whose order is this?) have nothing to compare against. ' +
    'AWS states that API keys must not be used for authentication or authorization; they exist for usage plans.',
  remediation: 'Add user authentication (JWT/OIDC, an authorizer) where routes act on user objects; keep API keys for client identification and quotas.',
  check(ctx) {
    const gw = ctx.gateway;
    const places = new ByCause<{ ids: string[] }>();
    for (const route of gw.routes) {
      const auth = route.controls.authentication;
      if (!auth.length || !auth.every((a) => API_KEY_KIND.test(a.kind))) continue;
      const ids = objectIdParameters(route);
      const aws = gw.product === 'aws-apigateway';
      if (!aws && !ids.length) continue;
      // The cause: one key check configured above the route (a service or global plugin), else the
      // gateway's authentication design as a whole (key checks written route by route), at the config root.
      const shared = auth.every((a) => !ROUTE_SCOPES.has(a.origin.scope)) && new Set(auth.map((a) => sourceKey(a.origin.at))).size === 1;
      places.add(shared ? auth[0]!.origin.at : configRoot(gw), listText([...new Set(auth.map((a) => a.kind))]), route, { ids });
    }
    places.report(ctx, 'low', (routes, items) => {
      const aws = gw.product === 'aws-apigateway';
      const ids = [...new Set(items.flatMap((i) => i.ids))];
      return {
        message:
          `${routesText(routes)} ${routes.length === 1 ? 'is' : 'are'} protected only by ${listText([...new Set(routes[0]!.controls.authentication.map((a) => a.kind))])}: an API key identifies the calling application, not the user` +
          (ids.length ? `, so nothing at the gateway ties the object ${listText(ids.map((i) => `{${i}}`), 3)} to the caller (API1 candidate)` : '') +
          (aws ? '. AWS documents that API keys must not be used for authentication or authorization, only for usage plans: rated medium.' : '.'),
        ...(aws ? { severity: 'medium' as const } : {}),
      };
    });
  },
});

export const authRules = [unauthenticatedRoute, credentialsInQuery, authFailsOpen, weakTokenValidation, legacyOAuthGrant, credentialsForwarded, apiKeyOnly];

/** Used by other families: whether anything authenticates callers on the route (anonymous fallbacks do not count). */
export function authenticates(route: GatewayRoute): boolean {
  return route.controls.authentication.some((a) => !a.allowsAnonymous);
}
