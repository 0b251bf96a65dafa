/**
 * Tyk classic API definitions (JSON with `api_id` and `proxy.listen_path`; also the Dashboard's
 * `{"api_definition": …}` export). Authentication from `use_keyless` and the auth flags
 * (standard auth token with `auth_configs.authToken`/`auth`, basic, JWT, OAuth 2.0, OpenID,
 * HMAC signatures, mutual TLS, custom plugins) and `strip_auth_data`; `global_rate_limit`,
 * `disable_rate_limit`, `disable_quota`; `CORS`; IP allow/deny lists; analytics
 * (`do_not_track`, `enable_detailed_recording`); the upstream (`proxy.target_url`,
 * `proxy.transport.ssl_insecure_skip_verify`/`ssl_min_version`); and per version
 * (`version_data.versions`, `expires`) the extended paths: ignored (no auth), white_list,
 * black_list, per-endpoint rate limits, size limits, JSON/request validation, internal paths and
 * URL rewrites to request-chosen hosts.
 * Routes are relative to the listen path, like the paths of the API's own spec.
 * Not read: per-key and per-policy rates and quotas (they live in keys and policies), tyk.conf.
 */
import type { AuthControl, GatewayConfig, GatewayRoute, RateLimitControl, RouteControls } from '../../../model/gateway.js';
import { childPointer, type SourceRef } from '../../../model/source.js';
import { copyControls, emptyControls, joinNotes, normalizeMethods, origin, setSetting } from '../common/a-gateway-config.js';
import { asBool, asNumber, asText, asTextList, isObj, type NodeReader, type Obj } from '../common/a-node-reader.js';
import { joinPath } from '../common/a-path-template.js';
import { analyticsLogging, isExpired, tykPathTemplate, tykUpstream } from './tyk-shared.js';

export function readTykClassic(def: Obj, base: string, r: NodeReader, config: GatewayConfig): void {
  const ref = (...segs: (string | number)[]): SourceRef => r.ref(base, ...segs);
  const name = asText(def.name) ?? asText(def.api_id) ?? 'Tyk API';
  const proxy = r.optObj(def, 'proxy', base, 'proxy');
  if (!proxy) r.fail(base, 'a Tyk API definition needs a proxy section (listen_path, target_url)');
  const proxyPtr = childPointer(base, 'proxy');
  const listenPath = r.optText(proxy, 'listen_path', proxyPtr) ?? '/';
  const api = ref();
  setSetting(config, 'tyk.api_id', asText(def.api_id), origin('api', ref('api_id')));
  setSetting(config, 'tyk.listen_path', listenPath, origin('api', r.ref(proxyPtr, 'listen_path')));
  if (def.org_id !== undefined) setSetting(config, 'tyk.org_id', asText(def.org_id), origin('api', ref('org_id')));
  const active = asBool(def.active);
  if (active !== undefined) setSetting(config, 'tyk.active', active, origin('api', ref('active')));
  if (asBool(def.internal)) setSetting(config, 'tyk.internal', true, origin('api', ref('internal')));
  if (asBool(def.enable_batch_request_support)) setSetting(config, 'tyk.batch_requests', true, origin('api', ref('enable_batch_request_support')));
  const domain = asText(def.domain);

  // --- API-wide controls
  const controls = emptyControls();
  const keyless = r.optBool(def, 'use_keyless', base) ?? false;
  if (!keyless) controls.authentication.push(...authControls(def, base, r, config));
  else setSetting(config, 'tyk.use_keyless', true, origin('api', ref('use_keyless')));
  rateLimits(def, base, r, controls);
  const cors = isObj(def.CORS) ? def.CORS : undefined;
  if (cors && asBool(cors.enable)) {
    const origins = asTextList(cors.allowed_origins);
    controls.cors = {
      origins: origins.length ? origins : ['*'],
      credentials: asBool(cors.allow_credentials) ?? false,
      origin: origin('api', ref('CORS'), origins.length ? undefined : 'Tyk CORS with no allowed_origins allows every origin (*)'),
    };
  }
  if (asBool(def.enable_ip_whitelisting)) controls.authorization.push({ kind: 'ip-restriction', allow: asTextList(def.allowed_ips), deny: [], details: {}, origin: origin('api', ref('allowed_ips')) });
  if (asBool(def.enable_ip_blacklisting)) controls.authorization.push({ kind: 'ip-restriction', allow: [], deny: asTextList(def.blacklisted_ips), details: {}, origin: origin('api', ref('blacklisted_ips')) });
  const dnt = asBool(def.do_not_track);
  if (dnt !== true) {
    const detailed = asBool(def.enable_detailed_recording) ?? false;
    controls.logging.push(analyticsLogging(detailed, def.enable_detailed_recording !== undefined ? ref('enable_detailed_recording') : dnt === false ? ref('do_not_track') : api, 'api', def.enable_detailed_recording !== undefined || dnt === false));
  }

  // --- upstream
  const transport = isObj(proxy.transport) ? proxy.transport : {};
  const transportPtr = childPointer(proxyPtr, 'transport');
  const target = r.optText(proxy, 'target_url', proxyPtr);
  let upstreamId: string | undefined;
  if (target) {
    const skip = asBool(transport.ssl_insecure_skip_verify);
    const up = tykUpstream(config, `api:${name}`, {
      url: target,
      at: r.ref(proxyPtr, 'target_url'),
      scope: 'api',
      ...(skip !== undefined ? { insecureSkipVerify: { value: skip, at: r.ref(transportPtr, 'ssl_insecure_skip_verify') } } : {}),
      ...(transport.ssl_min_version !== undefined ? { minVersion: { value: transport.ssl_min_version, at: r.ref(transportPtr, 'ssl_min_version') } } : {}),
      details: {
        stripListenPath: asBool(proxy.strip_listen_path) ?? false,
        ...(asBool(proxy.enable_load_balancing) ? { loadBalancing: asTextList(proxy.target_list) } : {}),
        ...(asBool(transport.ssl_force_common_name_check) ? { sslForceCommonNameCheck: true } : {}),
        ...(isObj(def.upstream_certificates) ? { upstreamCertificates: true } : {}),
        ...(asBool(def.certificate_pinning_disabled) === false || isObj(def.pinned_public_keys) ? { pinnedPublicKeys: true } : {}),
      },
    });
    if (up) {
      upstreamId = up.id;
      if (up.details?.sslMinVersion) setSetting(config, 'tyk.upstream_ssl_min_version', up.details.sslMinVersion, origin('api', r.ref(transportPtr, 'ssl_min_version')));
    }
  } else config.problems.push({ message: `API "${name}" has no proxy.target_url`, at: r.ref(proxyPtr) });

  // --- versions and their endpoints
  const vd = isObj(def.version_data) ? def.version_data : {};
  const vdPtr = childPointer(base, 'version_data');
  const notVersioned = asBool(vd.not_versioned) ?? true;
  const versions = isObj(vd.versions) ? Object.entries(vd.versions).filter(([, v]) => isObj(v)) as [string, Obj][] : [];
  const location = isObj(def.definition) ? asText(def.definition.location) : undefined;
  const chosen = versions.length === 0 ? [['Default', {}] as [string, Obj]] : notVersioned ? [versions.find(([n]) => n === 'Default') ?? versions[0]!] : versions;
  const versionSummary: Record<string, unknown>[] = [];
  for (const [vname, v] of chosen) {
    const vptr = childPointer(vdPtr, 'versions', vname);
    const expires = asText(v.expires);
    const expired = isExpired(expires);
    versionSummary.push({ name: vname, expires, expired });
    const prefix = !notVersioned && location === 'url' ? `/${vname}` : '';
    const vControls = copyControls(controls);
    const globalSize = asNumber(v.global_size_limit);
    if (globalSize) vControls.sizeLimit = { maxBytes: globalSize, origin: origin('api', r.ref(vptr, 'global_size_limit')) };
    let vUpstream = upstreamId;
    const override = asText(v.override_target);
    if (override) vUpstream = tykUpstream(config, `api:${name}:${vname}`, { url: override, at: r.ref(vptr, 'override_target'), scope: 'api' })?.id ?? upstreamId;
    const routes = endpointRoutes(v, vptr, r, vControls, prefix, config, name);
    const whiteListed = routes.some((x) => x.listed === 'white_list');
    const catchAll: GatewayRoute = {
      id: notVersioned ? `${name} ${listenPath}*` : `${name} ${vname} ${listenPath}*`,
      name,
      methods: [],
      rawPath: joinPath(listenPath, prefix) + (listenPath.endsWith('/') ? '/' : ''),
      pathTemplate: joinPath('/', `${prefix}/{*}`),
      match: 'prefix',
      hosts: domain ? [domain] : [],
      protocols: protocolsOf(def),
      api: name,
      controls: whiteListed ? withBlock(vControls, 'white-list', r.ref(vptr, 'extended_paths', 'white_list'), 'only the white_list endpoints are reachable') : vControls,
      at: r.ref(proxyPtr, 'listen_path'),
      details: { listenPath },
    };
    const all: GatewayRoute[] = [catchAll, ...routes.map((x) => x.route)];
    for (const route of all) {
      if (vUpstream && !route.upstreamId) route.upstreamId = vUpstream;
      if (!notVersioned) route.version = vname;
      if (expired) route.deprecated = true;
      if (domain && !route.hosts.length) route.hosts = [domain];
    }
    config.routes.push(...all);
  }
  setSetting(config, 'tyk.versions', { notVersioned, location, versions: versionSummary }, origin('api', r.ref(vdPtr)));
}

function protocolsOf(def: Obj): string[] {
  const p = asText(def.protocol);
  return p ? [p.toLowerCase()] : ['http', 'https'];
}

/** Authentication in force when use_keyless is false. */
function authControls(def: Obj, base: string, r: NodeReader, config: GatewayConfig): AuthControl[] {
  const ref = (...segs: (string | number)[]): SourceRef => r.ref(base, ...segs);
  const configs = isObj(def.auth_configs) ? def.auth_configs : {};
  const strip = asBool(def.strip_auth_data);
  const stripNote = strip === undefined ? 'Tyk strip_auth_data defaults to false: credentials are forwarded to the upstream' : undefined;
  const out: AuthControl[] = [];
  const push = (kind: string, flag: string, conf: Obj | undefined, details: Record<string, unknown>, extraNote?: string): void => {
    const a: AuthControl = {
      kind,
      forwardsCredentials: strip !== true,
      allowsAnonymous: false,
      details: { flag, ...details },
      origin: origin('api', def[flag] !== undefined ? ref(flag) : ref(), joinNotes([extraNote, stripNote].filter((x): x is string => !!x))),
    };
    if (kind !== 'mtls' && kind !== 'custom') a.credentialsInQuery = asBool(conf?.use_param) ?? false;
    if (conf) {
      Object.assign(a.details, {
        header: asText(conf.auth_header_name),
        paramName: asText(conf.param_name),
        useCookie: asBool(conf.use_cookie) ?? false,
        cookieName: asText(conf.cookie_name),
        disableHeader: asBool(conf.disable_header) ?? false,
        useCertificate: asBool(conf.use_certificate) ?? false,
        validateSignature: asBool(conf.validate_signature) ?? false,
      });
    }
    for (const k of Object.keys(a.details)) if (a.details[k] === undefined) delete a.details[k];
    out.push(a);
  };
  const tokenConf = isObj(configs.authToken) ? configs.authToken : isObj(def.auth) ? def.auth : undefined;
  if (asBool(def.use_basic_auth))
    push('basic', 'use_basic_auth', isObj(configs.basic) ? configs.basic : undefined, isObj(def.basic_auth) ? { disableCaching: asBool(def.basic_auth.disable_caching), extractFromBody: asBool(def.basic_auth.extract_from_body) } : {});
  if (asBool(def.enable_jwt)) {
    const method = asText(def.jwt_signing_method);
    const source = asText(def.jwt_source);
    const shared = method === 'hmac' && !!source;
    if (shared) config.secrets.push({ kind: 'jwt-secret', where: 'jwt_source (shared HMAC secret)', at: ref('jwt_source') });
    push('jwt', 'enable_jwt', isObj(configs.jwt) ? configs.jwt : undefined, {
      signingMethod: method,
      sharedSecret: shared,
      jwksUris: Array.isArray(def.jwt_jwks_uris) ? def.jwt_jwks_uris.length : undefined,
      skipKid: asBool(def.jwt_skip_kid) ?? false,
      expiresAtValidationSkew: asNumber(def.jwt_expires_at_validation_skew) ?? 0,
      issuedAtValidationSkew: asNumber(def.jwt_issued_at_validation_skew) ?? 0,
      notBeforeValidationSkew: asNumber(def.jwt_not_before_validation_skew) ?? 0,
      identityBaseField: asText(def.jwt_identity_base_field),
      policyFieldName: asText(def.jwt_policy_field_name),
      defaultPolicies: asTextList(def.jwt_default_policies),
    });
  }
  if (asBool(def.use_oauth2)) push('oauth2', 'use_oauth2', isObj(configs.oauth) ? configs.oauth : undefined, { allowedAuthorizeTypes: isObj(def.oauth_meta) ? asTextList(def.oauth_meta.allowed_authorize_types) : [] });
  if (isObj(def.external_oauth) && asBool(def.external_oauth.enabled)) push('external-oauth', 'external_oauth', undefined, {});
  if (asBool(def.use_openid)) push('openid-connect', 'use_openid', isObj(configs.oidc) ? configs.oidc : undefined, {});
  if (asBool(def.enable_signature_checking))
    push('hmac', 'enable_signature_checking', isObj(configs.hmac) ? configs.hmac : undefined, { allowedAlgorithms: asTextList(def.hmac_allowed_algorithms), allowedClockSkew: asNumber(def.hmac_allowed_clock_skew) });
  if (asBool(def.use_mutual_tls_auth)) push('mtls', 'use_mutual_tls_auth', undefined, {});
  for (const flag of ['enable_coprocess_auth', 'use_go_plugin_auth', 'custom_plugin_auth_enabled'])
    if (asBool(def[flag])) push('custom', flag, isObj(configs.coprocess) ? configs.coprocess : undefined, {});
  if (asBool(def.use_standard_auth) || out.length === 0)
    push(
      'auth-token',
      'use_standard_auth',
      tokenConf,
      {},
      asBool(def.use_standard_auth) ? undefined : 'use_keyless is false and no other method is enabled: Tyk uses its standard auth token',
    );
  if (def.base_identity_provided_by !== undefined) for (const a of out) a.details.baseIdentityProvidedBy = asText(def.base_identity_provided_by);
  return out;
}

function rateLimits(def: Obj, base: string, r: NodeReader, c: RouteControls): void {
  const ref = (...segs: (string | number)[]): SourceRef => r.ref(base, ...segs);
  const g = isObj(def.global_rate_limit) ? def.global_rate_limit : undefined;
  if (g) {
    const rate = asNumber(g.rate) ?? 0;
    const per = asNumber(g.per) ?? 0;
    const disabled = asBool(g.disabled) ?? false;
    const rl: RateLimitControl = { kind: 'global-rate-limit', unit: 'requests', keyedBy: 'api', enforced: !disabled && rate > 0 && per > 0, origin: origin('api', ref('global_rate_limit')) };
    if (rate > 0) rl.limit = rate;
    if (per > 0) rl.windowSeconds = per;
    if (!rl.enforced) rl.notEnforcedWhy = disabled ? 'global_rate_limit.disabled is true' : 'global_rate_limit rate or per is 0';
    c.rateLimits.push(rl);
  }
  if (asBool(def.disable_rate_limit))
    c.rateLimits.push({ kind: 'key-rate-limit', unit: 'requests', keyedBy: 'key', enforced: false, notEnforcedWhy: 'disable_rate_limit is true: the rates of keys and policies are not applied', origin: origin('api', ref('disable_rate_limit')) });
  if (asBool(def.disable_quota))
    c.rateLimits.push({ kind: 'key-quota', unit: 'requests', keyedBy: 'key', enforced: false, notEnforcedWhy: 'disable_quota is true: the quotas of keys and policies are not applied', origin: origin('api', ref('disable_quota')) });
}

function withBlock(c: RouteControls, kind: string, at: SourceRef, why: string): RouteControls {
  const out = copyControls(c);
  out.authorization.push({ kind, allow: [], deny: ['*'], details: { why }, origin: origin('api', at) });
  return out;
}

interface EndpointRoute {
  route: GatewayRoute;
  listed?: 'white_list' | 'black_list' | 'ignored';
}

/** Routes for the endpoints a version configures (extended_paths, or the legacy `paths` lists). */
function endpointRoutes(v: Obj, vptr: string, r: NodeReader, base: RouteControls, prefix: string, config: GatewayConfig, api: string): EndpointRoute[] {
  const out = new Map<string, EndpointRoute>();
  const get = (path: string, method: string | undefined, at: SourceRef): EndpointRoute => {
    const methods = method ? normalizeMethods([method]) : [];
    const key = `${methods.join(',') || '*'} ${path}`;
    let e = out.get(key);
    if (!e) {
      const t = tykPathTemplate(joinPath('/', `${prefix}/${path}`));
      e = {
        route: { id: `${api} ${key}`, name: api, methods, rawPath: path, pathTemplate: t.template, match: t.match, hosts: [], protocols: ['http', 'https'], api, controls: copyControls(base), at },
      };
      out.set(key, e);
    }
    return e;
  };
  const entries = (list: unknown, ptr: string, fn: (path: string, method: string | undefined, node: Obj | undefined, at: SourceRef) => void): void => {
    if (!Array.isArray(list)) return;
    list.forEach((item, i) => {
      const at = r.ref(ptr, i);
      if (typeof item === 'string') return fn(item, undefined, undefined, at);
      if (!isObj(item)) return;
      const path = asText(item.path);
      if (!path) return;
      const actions = isObj(item.method_actions) ? Object.keys(item.method_actions) : [];
      const method = asText(item.method);
      if (actions.length) for (const m of actions) fn(path, m, item, at);
      else fn(path, method, item, at);
    });
  };
  const ext = isObj(v.extended_paths) ? v.extended_paths : undefined;
  const lists = ext ?? (isObj(v.paths) ? v.paths : {});
  const lptr = ext ? childPointer(vptr, 'extended_paths') : childPointer(vptr, 'paths');
  entries(lists.ignored, `${lptr}/ignored`, (path, m, _n, at) => {
    const e = get(path, m, at);
    e.listed = 'ignored';
    e.route.controls.authentication = [];
    e.route.controls.rateLimits = [];
    e.route.details = { ...(e.route.details ?? {}), ignored: true, note: 'ignored endpoints skip authentication, rate limits and quotas' };
  });
  entries(lists.white_list, `${lptr}/white_list`, (path, m, _n, at) => {
    const e = get(path, m, at);
    e.listed = 'white_list';
    e.route.controls.authorization.push({ kind: 'white-list', allow: [`${m ?? '*'} ${path}`], deny: [], details: {}, origin: origin('operation', at) });
  });
  entries(lists.black_list, `${lptr}/black_list`, (path, m, _n, at) => {
    const e = get(path, m, at);
    e.listed = 'black_list';
    e.route.controls.authorization.push({ kind: 'black-list', allow: [], deny: ['*'], details: { why: 'black_list endpoint: Tyk blocks it' }, origin: origin('operation', at) });
  });
  if (ext) {
    entries(ext.rate_limit, `${lptr}/rate_limit`, (path, m, n, at) => {
      const rate = asNumber(n?.rate);
      const per = asNumber(n?.per);
      const disabled = asBool(n?.disabled) ?? false;
      const rl: RateLimitControl = { kind: 'endpoint-rate-limit', unit: 'requests', keyedBy: 'api', enforced: !disabled && !!rate && !!per, origin: origin('operation', at) };
      if (rate) rl.limit = rate;
      if (per) rl.windowSeconds = per;
      if (!rl.enforced) rl.notEnforcedWhy = disabled ? 'disabled' : 'rate or per is 0';
      get(path, m, at).route.controls.rateLimits.push(rl);
    });
    entries(ext.size_limits, `${lptr}/size_limits`, (path, m, n, at) => {
      const size = asNumber(n?.size_limit);
      if (size !== undefined) get(path, m, at).route.controls.sizeLimit = { maxBytes: size === 0 ? null : size, origin: origin('operation', at) };
    });
    for (const key of ['validate_json', 'validate_request'])
      entries(ext[key], `${lptr}/${key}`, (path, m, n, at) => {
        get(path, m, at).route.controls.requestValidation = { enabled: asBool(n?.enabled) ?? !asBool(n?.disabled), origin: origin('operation', at) };
      });
    entries(ext.internal, `${lptr}/internal`, (path, m, _n, at) => {
      get(path, m, at).route.controls.authorization.push({ kind: 'internal', allow: ['internal'], deny: ['*'], details: { why: 'reachable only from other APIs (looping)' }, origin: origin('operation', at) });
    });
    entries(ext.url_rewrites, `${lptr}/url_rewrites`, (path, m, n, at) => {
      const to = asText(n?.rewrite_to) ?? '';
      const host = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(to)?.[1];
      if (host && /\$tyk_context\.|\$\d|\$tyk_meta\./.test(host)) {
        const e = get(path, m, at);
        const upId = `rewrite:${e.route.id}`;
        config.upstreams.push({ id: upId, url: to, scheme: to.split(':')[0]!.toLowerCase(), host, dynamicFromRequest: { expression: `${asText(n?.match_pattern) ?? path} → ${to}`, at }, at });
        e.route.upstreamId = upId;
      }
    });
  }
  return [...out.values()];
}

