/**
 * Tyk OAS API definitions: an OpenAPI document with `x-tyk-api-gateway` (info, upstream,
 * server, middleware). The same file is audited as a spec by the OpenAPI importer; here it is
 * read as what Tyk enforces:
 * - `server.authentication` (absent or `enabled: false` means keyless: the OpenAPI `security`
 *   section is then documentation only), its securitySchemes (header/query/cookie sources),
 *   `stripAuthorizationData`, HMAC, OIDC and custom auth;
 * - `upstream.url`, `upstream.tlsTransport` (insecureSkipVerify, minVersion), `upstream.rateLimit`;
 * - `server.listenPath`, `server.ipAccessControl`, `server.detailedActivityLogs`,
 *   `middleware.global` (cors, trafficLogs, requestSizeLimit, skipRateLimit, skipQuota);
 * - per operation (`middleware.operations.<operationId>`): allow, block, ignoreAuthentication,
 *   internal, validateRequest, requestSizeLimit, rateLimit, urlRewrite.
 * Every OpenAPI operation becomes a route, plus a catch-all `/{*}` (Tyk proxies every path
 * under the listen path) unless an allow list restricts the API to the listed operations.
 * Paths are relative to the listen path, like the OpenAPI paths of the same document.
 */
import type { AuthControl, GatewayConfig, GatewayRoute, RateLimitControl, RouteControls } from '../../../model/gateway.js';
import { childPointer, type SourceRef } from '../../../model/source.js';
import { copyControls, emptyControls, joinNotes, normalizeMethods, origin, setSetting } from '../common/a-gateway-config.js';
import { asBool, asNumber, asText, asTextList, isObj, type NodeReader, type Obj } from '../common/a-node-reader.js';
import { cleanPath, prefixTemplate } from '../common/a-path-template.js';
import { analyticsLogging, durationSeconds, isExpired, tykUpstream } from './tyk-shared.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function readTykOas(doc: Obj, r: NodeReader, config: GatewayConfig): void {
  const xPtr = '/x-tyk-api-gateway';
  const x = r.obj(doc['x-tyk-api-gateway'], xPtr, 'x-tyk-api-gateway');
  const at = (...segs: (string | number)[]): SourceRef => r.ref(xPtr, ...segs);
  const info = r.optObj(x, 'info', xPtr) ?? {};
  const server = r.optObj(x, 'server', xPtr) ?? {};
  const upstream = r.optObj(x, 'upstream', xPtr) ?? {};
  const middleware = r.optObj(x, 'middleware', xPtr) ?? {};
  const global = isObj(middleware.global) ? middleware.global : {};
  const docInfo = isObj(doc.info) ? doc.info : {};
  const name = asText(info.name) ?? asText(docInfo.title) ?? 'Tyk OAS API';
  const listenPath = isObj(server.listenPath) ? (asText(server.listenPath.value) ?? '/') : '/';
  setSetting(config, 'tyk.api_id', asText(info.id), origin('api', at('info', 'id')));
  setSetting(config, 'tyk.listen_path', listenPath, origin('api', isObj(server.listenPath) ? at('server', 'listenPath', 'value') : at('server')));
  const state = isObj(info.state) ? info.state : {};
  if (state.active !== undefined) setSetting(config, 'tyk.active', asBool(state.active) ?? true, origin('api', at('info', 'state', 'active')));
  if (asBool(state.internal)) setSetting(config, 'tyk.internal', true, origin('api', at('info', 'state', 'internal')));
  const expiration = asText(info.expiration);
  const expired = isExpired(expiration);
  if (expiration) setSetting(config, 'tyk.expiration', { expires: expiration, expired }, origin('api', at('info', 'expiration')));
  if (isObj(info.versioning)) setSetting(config, 'tyk.versioning', info.versioning, origin('api', at('info', 'versioning')));
  const domain = isObj(server.customDomain) && asBool(server.customDomain.enabled) ? asText(server.customDomain.name) : undefined;

  // --- API-wide controls
  const controls = emptyControls();
  const authn = isObj(server.authentication) ? server.authentication : undefined;
  if (authn && asBool(authn.enabled)) controls.authentication.push(...authControls(doc, authn, r, xPtr));
  else
    setSetting(
      config,
      'tyk.use_keyless',
      true,
      origin(
        authn ? 'api' : 'default',
        authn ? at('server', 'authentication', 'enabled') : at('server'),
        authn ? undefined : 'x-tyk-api-gateway.server.authentication is not set: Tyk runs the API keyless and does not enforce the OpenAPI security requirements',
      ),
    );
  const rl = isObj(upstream.rateLimit) ? upstream.rateLimit : undefined;
  if (rl) {
    const rate = asNumber(rl.rate) ?? 0;
    const per = durationSeconds(rl.per) ?? 0;
    const enabled = asBool(rl.enabled) ?? false;
    const limit: RateLimitControl = { kind: 'global-rate-limit', unit: 'requests', keyedBy: 'api', enforced: enabled && rate > 0 && per > 0, origin: origin('api', at('upstream', 'rateLimit')) };
    if (rate > 0) limit.limit = rate;
    if (per > 0) limit.windowSeconds = per;
    if (!limit.enforced) limit.notEnforcedWhy = enabled ? 'rate or per is 0' : 'upstream.rateLimit.enabled is false';
    controls.rateLimits.push(limit);
  }
  if (asBool(global.skipRateLimit))
    controls.rateLimits.push({ kind: 'key-rate-limit', unit: 'requests', keyedBy: 'key', enforced: false, notEnforcedWhy: 'middleware.global.skipRateLimit is true', origin: origin('api', at('middleware', 'global', 'skipRateLimit')) });
  if (asBool(global.skipQuota))
    controls.rateLimits.push({ kind: 'key-quota', unit: 'requests', keyedBy: 'key', enforced: false, notEnforcedWhy: 'middleware.global.skipQuota is true', origin: origin('api', at('middleware', 'global', 'skipQuota')) });
  const cors = isObj(global.cors) ? global.cors : undefined;
  if (cors && asBool(cors.enabled)) {
    const origins = asTextList(cors.allowedOrigins);
    controls.cors = { origins: origins.length ? origins : ['*'], credentials: asBool(cors.allowCredentials) ?? false, origin: origin('api', at('middleware', 'global', 'cors'), origins.length ? undefined : 'Tyk CORS with no allowedOrigins allows every origin (*)') };
  }
  const size = isObj(global.requestSizeLimit) ? global.requestSizeLimit : undefined;
  if (size && asBool(size.enabled)) {
    const v = asNumber(size.value);
    if (v !== undefined) controls.sizeLimit = { maxBytes: v === 0 ? null : v, origin: origin('api', at('middleware', 'global', 'requestSizeLimit')) };
  }
  const ip = isObj(server.ipAccessControl) ? server.ipAccessControl : undefined;
  if (ip && asBool(ip.enabled) !== false && (ip.allow !== undefined || ip.block !== undefined))
    controls.authorization.push({ kind: 'ip-restriction', allow: asTextList(ip.allow), deny: asTextList(ip.block), details: {}, origin: origin('api', at('server', 'ipAccessControl')) });
  const traffic = isObj(global.trafficLogs) ? global.trafficLogs : undefined;
  const detailed = isObj(server.detailedActivityLogs) ? asBool(server.detailedActivityLogs.enabled) ?? false : false;
  if (!traffic || asBool(traffic.enabled) !== false)
    controls.logging.push(analyticsLogging(detailed, detailed ? at('server', 'detailedActivityLogs') : traffic ? at('middleware', 'global', 'trafficLogs') : at(), 'api', detailed || !!traffic));

  // --- upstream
  const url = asText(upstream.url);
  let upstreamId: string | undefined;
  if (url) {
    const tls = isObj(upstream.tlsTransport) ? upstream.tlsTransport : {};
    const skip = asBool(tls.insecureSkipVerify);
    const up = tykUpstream(config, `api:${name}`, {
      url,
      at: at('upstream', 'url'),
      scope: 'api',
      ...(skip !== undefined ? { insecureSkipVerify: { value: skip, at: at('upstream', 'tlsTransport', 'insecureSkipVerify') } } : {}),
      ...(tls.minVersion !== undefined ? { minVersion: { value: tls.minVersion, at: at('upstream', 'tlsTransport', 'minVersion') } } : {}),
      details: {
        ...(isObj(upstream.mutualTLS) && asBool(upstream.mutualTLS.enabled) ? { mutualTLS: true } : {}),
        ...(isObj(upstream.certificatePinning) && asBool(upstream.certificatePinning.enabled) ? { certificatePinning: true } : {}),
      },
    });
    if (up) {
      upstreamId = up.id;
      if (up.details?.sslMinVersion) setSetting(config, 'tyk.upstream_ssl_min_version', up.details.sslMinVersion, origin('api', at('upstream', 'tlsTransport', 'minVersion')));
    }
  } else config.problems.push({ message: `Tyk OAS API "${name}" has no x-tyk-api-gateway.upstream.url`, at: at('upstream') });

  // --- operations
  const operations = isObj(middleware.operations) ? middleware.operations : {};
  const routes: GatewayRoute[] = [];
  let allowList = false;
  const paths = isObj(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/') || !isObj(item)) continue;
    for (const m of METHODS) {
      const op = item[m];
      if (!isObj(op)) continue;
      const opId = asText(op.operationId);
      const route: GatewayRoute = {
        id: `${m.toUpperCase()} ${path}`,
        name,
        methods: normalizeMethods([m]),
        rawPath: path,
        pathTemplate: cleanPath(path),
        match: 'template',
        hosts: domain ? [domain] : [],
        protocols: ['http', 'https'],
        api: name,
        controls: copyControls(controls),
        at: r.ref(childPointer('/paths', path, m)),
      };
      if (asBool(op.deprecated)) route.deprecated = true;
      const mw = opId && isObj(operations[opId]) ? (operations[opId] as Obj) : undefined;
      if (mw) allowList = operationMiddleware(route, mw, childPointer(xPtr, 'middleware', 'operations', opId!), r, config) || allowList;
      routes.push(route);
    }
  }
  const catchAll: GatewayRoute = {
    id: `${name} ${listenPath}*`,
    name,
    methods: [],
    rawPath: listenPath,
    pathTemplate: prefixTemplate('/'),
    match: 'prefix',
    hosts: domain ? [domain] : [],
    protocols: ['http', 'https'],
    api: name,
    controls: copyControls(controls),
    at: isObj(server.listenPath) ? at('server', 'listenPath') : at(),
    details: { listenPath },
  };
  if (allowList)
    catchAll.controls.authorization.push({ kind: 'allow-list', allow: [], deny: ['*'], details: { why: 'an operation allow list is enabled: only the allowed operations are reachable' }, origin: origin('operation', at('middleware', 'operations')) });
  for (const route of [catchAll, ...routes]) {
    if (upstreamId && !route.upstreamId) route.upstreamId = upstreamId;
    if (expired) route.deprecated = true;
  }
  config.routes.push(catchAll, ...routes);
}

/** Applies one operation's middleware; true when it enables an allow list. */
function operationMiddleware(route: GatewayRoute, mw: Obj, ptr: string, r: NodeReader, config: GatewayConfig): boolean {
  const c: RouteControls = route.controls;
  const on = (key: string): Obj | undefined => (isObj(mw[key]) && asBool((mw[key] as Obj).enabled) === true ? (mw[key] as Obj) : undefined);
  const at = (key: string) => r.ref(ptr, key);
  if (on('ignoreAuthentication')) {
    c.authentication = [];
    route.details = { ignoredAuthentication: true, at: at('ignoreAuthentication') };
  }
  if (on('block')) c.authorization.push({ kind: 'block', allow: [], deny: ['*'], details: { why: 'blocked operation' }, origin: origin('operation', at('block')) });
  const allow = on('allow');
  if (allow) c.authorization.push({ kind: 'allow-list', allow: [`${route.methods.join(',')} ${route.rawPath}`], deny: [], details: {}, origin: origin('operation', at('allow')) });
  if (on('internal')) c.authorization.push({ kind: 'internal', allow: ['internal'], deny: ['*'], details: { why: 'reachable only from other APIs (looping)' }, origin: origin('operation', at('internal')) });
  const validate = isObj(mw.validateRequest) ? mw.validateRequest : undefined;
  if (validate) c.requestValidation = { enabled: asBool(validate.enabled) ?? false, origin: origin('operation', at('validateRequest')) };
  const size = on('requestSizeLimit');
  if (size) {
    const v = asNumber(size.value);
    if (v !== undefined) c.sizeLimit = { maxBytes: v === 0 ? null : v, origin: origin('operation', at('requestSizeLimit')) };
  }
  const rl = on('rateLimit');
  if (rl) {
    const rate = asNumber(rl.rate);
    const per = durationSeconds(rl.per);
    const limit: RateLimitControl = { kind: 'endpoint-rate-limit', unit: 'requests', keyedBy: 'api', enforced: !!rate && !!per, origin: origin('operation', at('rateLimit')) };
    if (rate) limit.limit = rate;
    if (per) limit.windowSeconds = per;
    c.rateLimits.push(limit);
  }
  const rewrite = on('urlRewrite');
  if (rewrite) {
    const to = asText(rewrite.rewriteTo) ?? '';
    const host = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(to)?.[1];
    if (host && /\$tyk_context\.|\$\d|\$tyk_meta\./.test(host)) {
      const id = `rewrite:${route.id}`;
      config.upstreams.push({ id, url: to, scheme: to.split(':')[0]!.toLowerCase(), host, dynamicFromRequest: { expression: `${asText(rewrite.pattern) ?? route.rawPath} → ${to}`, at: at('urlRewrite') }, at: at('urlRewrite') });
      route.upstreamId = id;
    }
  }
  return !!allow;
}

/** The Tyk-enforced authentication: the OpenAPI security schemes Tyk enables, and HMAC/OIDC/custom. */
function authControls(doc: Obj, authn: Obj, r: NodeReader, xPtr: string): AuthControl[] {
  const aPtr = childPointer(xPtr, 'server', 'authentication');
  const strip = asBool(authn.stripAuthorizationData);
  const stripNote = strip === undefined ? 'stripAuthorizationData defaults to false: credentials are forwarded to the upstream' : undefined;
  const tykSchemes = isObj(authn.securitySchemes) ? authn.securitySchemes : {};
  const components = isObj(doc.components) && isObj(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const names = new Set<string>();
  if (Array.isArray(doc.security)) for (const req of doc.security) if (isObj(req)) for (const n of Object.keys(req)) names.add(n);
  for (const n of Object.keys(tykSchemes)) names.add(n);
  const out: AuthControl[] = [];
  for (const n of names) {
    const tyk = isObj(tykSchemes[n]) ? (tykSchemes[n] as Obj) : undefined;
    if (tyk && asBool(tyk.enabled) === false) continue;
    const oas = isObj(components[n]) ? (components[n] as Obj) : {};
    const type = (asText(oas.type) ?? '').toLowerCase();
    const scheme = (asText(oas.scheme) ?? '').toLowerCase();
    const kind = type === 'apikey' ? 'auth-token' : type === 'http' && scheme === 'basic' ? 'basic' : type === 'http' && scheme === 'bearer' ? 'jwt' : type === 'oauth2' ? 'oauth2' : type === 'openidconnect' ? 'openid-connect' : type || 'auth-token';
    const source = (k: string) => (tyk && isObj(tyk[k]) ? asBool((tyk[k] as Obj).enabled) ?? false : false);
    const a: AuthControl = {
      kind,
      credentialsInQuery: source('query') || (type === 'apikey' && asText(oas.in) === 'query'),
      allowsAnonymous: false,
      forwardsCredentials: strip !== true,
      details: { scheme: n, header: source('header') || (type === 'apikey' && asText(oas.in) === 'header'), cookie: source('cookie') || (type === 'apikey' && asText(oas.in) === 'cookie') },
      origin: origin('api', tyk ? r.ref(aPtr, 'securitySchemes', n) : r.ref(aPtr), joinNotes([stripNote].filter((x): x is string => !!x))),
    };
    if (tyk && kind === 'jwt') Object.assign(a.details, { signingMethod: asText(tyk.signingMethod), source: tyk.source !== undefined, defaultPolicies: asTextList(tyk.defaultPolicies), skipKid: asBool(tyk.skipKid) ?? false });
    out.push(a);
  }
  for (const [key, kind] of [
    ['hmac', 'hmac'],
    ['oidc', 'openid-connect'],
    ['custom', 'custom'],
  ] as const) {
    const v = isObj(authn[key]) ? (authn[key] as Obj) : undefined;
    if (v && asBool(v.enabled)) out.push({ kind, forwardsCredentials: strip !== true, details: {}, origin: origin('api', r.ref(aPtr, key), stripNote) });
  }
  return out;
}
