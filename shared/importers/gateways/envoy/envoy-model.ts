/**
 * Envoy v3 static configuration → the normalized gateway model (controls.md §5.7).
 *
 * Listeners come from `static_resources.listeners` (one per filter chain when a listener has
 * several), routes from the inline `route_config` of each http_connection_manager, upstreams from
 * `static_resources.clusters`. The HTTP filters of a connection manager apply to all of its
 * routes, overridden per virtual host and per route by `typed_per_filter_config`.
 *
 * Defaults recorded where a field is absent: DownstreamTlsContext minimum TLSv1_2 (maximum
 * TLSv1_3); no `validation_context` on an UpstreamTlsContext → the upstream certificate is not
 * verified; local_ratelimit `filter_enabled`/`filter_enforced` 0 % → nothing is enforced;
 * ratelimit `failure_mode_deny` false; ext_authz `failure_mode_allow` false; jwt_authn without
 * `from_headers`/`from_params`/`from_cookies` also reads the `access_token` query parameter; route
 * `timeout` 15 s (0s = none); cluster `connect_timeout` 5 s; `use_remote_address` false.
 *
 * Per-route facts without a field in the route model go to `settings` under
 * `route:<route id>:<name>` (`jwt-authn`, `ratelimit-failure-mode-deny`); connection-manager
 * settings under `listener:<name>:<field>`.
 */
import type { AuthControl, GatewayConfig, GatewayRoute, Listener, LoggingControl, Origin, RateLimitControl, SettingScope, Upstream } from '../../../model/gateway.js';
import { childRef, escapePointerSegment, type SourceRef } from '../../../model/source.js';
import { containsPrivateKey, defaultOrigin, emptyConfig, emptyControls, literalAuthorization, llmProviderOf, origin, prefixTemplate, regexToTemplate } from '../common/b-model.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** A protobuf Duration as YAML writes it: "5s", "0.25s", "1.5s", or {seconds, nanos}. */
export function durationMs(v: unknown): number | undefined {
  if (typeof v === 'string') {
    const m = /^(\d+(?:\.\d+)?)s$/.exec(v.trim());
    return m ? Math.round(Number(m[1]) * 1000) : undefined;
  }
  if (v && typeof v === 'object') {
    const d = v as Obj;
    return Number(d.seconds ?? 0) * 1000 + Math.round(Number(d.nanos ?? 0) / 1e6);
  }
  return undefined;
}

/** A FractionalPercent / RuntimeFractionalPercent as a percentage. */
function percent(v: unknown): number | undefined {
  const p = obj(v);
  const fraction = 'default_value' in p ? obj(p.default_value) : p;
  if (!('numerator' in fraction) && !('denominator' in fraction)) return 'default_value' in p ? 0 : undefined;
  const denominator = { HUNDRED: 100, TEN_THOUSAND: 10000, MILLION: 1000000 }[String(fraction.denominator ?? 'HUNDRED')] ?? 100;
  return (Number(fraction.numerator ?? 0) / denominator) * 100;
}

const TLS_VERSIONS = ['TLSv1_0', 'TLSv1_1', 'TLSv1_2', 'TLSv1_3'];
const TLS_NAMES: Record<string, string> = { TLSv1_0: 'TLSv1', TLSv1_1: 'TLSv1.1', TLSv1_2: 'TLSv1.2', TLSv1_3: 'TLSv1.3' };

/** The short name of a typed config (`…http.jwt_authn.v3.JwtAuthentication` → `jwt_authn`). */
function filterKind(f: Obj): string {
  const name = str(f.name) ?? '';
  const type = str(obj(f.typed_config)['@type']) ?? '';
  const byType: [RegExp, string][] = [
    [/jwt_authn\./, 'jwt_authn'],
    [/ext_authz\./, 'ext_authz'],
    [/\.rbac\./, 'rbac'],
    [/local_ratelimit\./, 'local_ratelimit'],
    [/filters\.http\.ratelimit\./, 'ratelimit'],
    [/\.cors\./, 'cors'],
    [/\.buffer\./, 'buffer'],
    [/dynamic_forward_proxy\./, 'dynamic_forward_proxy'],
    [/\.oauth2\./, 'oauth2'],
    [/basic_auth\./, 'basic_auth'],
    [/http_connection_manager\./, 'http_connection_manager'],
    [/tcp_proxy\./, 'tcp_proxy'],
    [/\.router\./, 'router'],
  ];
  for (const [re, kind] of byType) if (re.test(type)) return kind;
  return name.replace(/^envoy\.(filters\.(http|network)\.)?/, '').replace(/^http_connection_manager$/, 'http_connection_manager');
}

interface Filter {
  kind: string;
  name: string;
  config: Obj;
  at: SourceRef;
}

interface RouteContext {
  config: GatewayConfig;
  file: string;
  filters: Filter[];
  hcmAt: SourceRef;
  logging: LoggingControl[];
  clusters: Map<string, Upstream>;
  listenerName: string;
}

export function buildEnvoyModel(file: string, doc: unknown): GatewayConfig {
  const config = emptyConfig('envoy', file, 'envoy-v3');
  const root = obj(doc);
  const ref = (pointer: string): SourceRef => ({ file, pointer });
  if (!('static_resources' in root)) config.problems.push({ message: 'no static_resources: listeners and clusters come from xDS and are not in this file', at: ref('') });
  const sr = obj(root.static_resources);

  const clusters = new Map<string, Upstream>();
  arr(sr.clusters).forEach((c, i) => {
    const u = clusterUpstream(obj(c), ref(`/static_resources/clusters/${i}`));
    clusters.set(u.name ?? `cluster ${i}`, u);
    config.upstreams.push(u);
  });

  arr(sr.listeners).forEach((l, i) => readListener(config, file, obj(l), `/static_resources/listeners/${i}`, clusters));

  // Admin interface.
  const admin = obj(root.admin);
  const sa = obj(obj(admin.address).socket_address);
  if (Object.keys(sa).length) {
    const address = str(sa.address) ?? '';
    config.settings['admin.address'] = { value: `${address}:${str(sa.port_value) ?? ''}`, origin: origin('global', ref('/admin/address/socket_address')) };
    config.settings['admin.listens-on-all-interfaces'] = { value: address === '0.0.0.0' || address === '::' || address === '[::]', origin: origin('global', ref('/admin/address/socket_address/address')) };
  }
  if (collectSecrets(config, root, '', file))
    config.problems.push({ message: 'the configuration uses the v2 API (envoy.api.v2), which Envoy no longer supports; it was read as v3 where the fields agree', at: ref('') });
  return config;
}

function clusterUpstream(c: Obj, at: SourceRef): Upstream {
  const name = str(c.name) ?? '';
  const endpoint = arr(obj(c.load_assignment).endpoints)
    .flatMap((e) => arr(obj(e).lb_endpoints))
    .map((e) => obj(obj(obj(obj(e).endpoint).address).socket_address))[0] ?? obj(obj(arr(c.hosts)[0]).socket_address);
  const ts = obj(c.transport_socket);
  const tlsContext = obj(ts.typed_config);
  const tls = /UpstreamTlsContext/.test(str(tlsContext['@type']) ?? '') || str(ts.name) === 'envoy.transport_sockets.tls' || /tls/.test(str(ts.name) ?? '');
  const host = str(endpoint.address) ?? '';
  const port = Number(endpoint.port_value);
  const scheme = tls ? 'https' : 'http';
  const url = host ? `${scheme}://${host}${Number.isFinite(port) ? `:${port}` : ''}` : `${scheme}://(no static endpoint)`;
  const u: Upstream = { id: `cluster:${name}`, name, url, scheme, host, at };
  if (Number.isFinite(port)) u.port = port;
  if (tls) {
    const ctc = obj(tlsContext.common_tls_context);
    const vc = ctc.validation_context ?? ctc.combined_validation_context ?? ctc.validation_context_sds_secret_config;
    const untrusted = str(obj(vc).trust_chain_verification) === 'ACCEPT_UNTRUSTED';
    u.tlsVerify =
      vc !== undefined && !untrusted
        ? { enabled: true, origin: origin('service', childRef(at, 'transport_socket', 'typed_config', 'common_tls_context')) }
        : untrusted
          ? { enabled: false, origin: origin('service', childRef(at, 'transport_socket', 'typed_config', 'common_tls_context', 'validation_context', 'trust_chain_verification')) }
          : { enabled: false, origin: defaultOrigin(childRef(at, 'transport_socket'), 'the UpstreamTlsContext has no validation_context: Envoy does not verify the upstream certificate') };
  }
  const connect = durationMs(c.connect_timeout);
  u.timeouts = {
    connectMs: connect ?? 5000,
    readMs: 15000,
    origin: connect !== undefined ? origin('service', childRef(at, 'connect_timeout')) : defaultOrigin(at, 'Envoy cluster connect_timeout defaults to 5 s and route timeout to 15 s'),
  };
  const type = str(obj(c.cluster_type).name) ?? '';
  if (/dynamic_forward_proxy/.test(type)) u.dynamicFromRequest = { expression: 'dynamic_forward_proxy cluster: the upstream is the Host of the request', at: childRef(at, 'cluster_type') };
  if (str(c.type) === 'ORIGINAL_DST' && obj(c.original_dst_lb_config).use_http_header === true)
    u.dynamicFromRequest = { expression: 'ORIGINAL_DST with use_http_header: the upstream comes from the x-envoy-original-dst-host request header', at: childRef(at, 'original_dst_lb_config') };
  return u;
}

function tlsSettings(ctx: Obj, at: SourceRef): { protocols: string[]; origin: Origin } {
  const params = obj(obj(ctx.common_tls_context).tls_params);
  const min = str(params.tls_minimum_protocol_version);
  const max = str(params.tls_maximum_protocol_version);
  const lo = TLS_VERSIONS.indexOf(min && min !== 'TLS_AUTO' ? min : 'TLSv1_2');
  const hi = TLS_VERSIONS.indexOf(max && max !== 'TLS_AUTO' ? max : 'TLSv1_3');
  const protocols = TLS_VERSIONS.slice(Math.max(0, lo), hi + 1).map((v) => TLS_NAMES[v]!);
  return min && min !== 'TLS_AUTO'
    ? { protocols, origin: origin('listener', childRef(at, 'typed_config', 'common_tls_context', 'tls_params', 'tls_minimum_protocol_version')) }
    : { protocols, origin: defaultOrigin(at, 'tls_minimum_protocol_version is not set: Envoy servers default to TLSv1_2 (maximum TLSv1_3)') };
}

function readListener(config: GatewayConfig, file: string, l: Obj, pointer: string, clusters: Map<string, Upstream>): void {
  const ref = (p: string): SourceRef => ({ file, pointer: p });
  const name = str(l.name) ?? `listener ${pointer.split('/').pop()}`;
  const sa = obj(obj(l.address).socket_address);
  const chains = arr(l.filter_chains).map((c, j) => ({ chain: obj(c), pointer: `${pointer}/filter_chains/${j}` }));
  if (l.default_filter_chain) chains.push({ chain: obj(l.default_filter_chain), pointer: `${pointer}/default_filter_chain` });
  const listenerLogs = loggingOf(arr(l.access_log), `${pointer}/access_log`, file, 'listener');
  for (const { chain, pointer: cp } of chains) {
    const ts = obj(chain.transport_socket);
    const tlsCtx = obj(ts.typed_config);
    const tls = /DownstreamTlsContext/.test(str(tlsCtx['@type']) ?? '') || (str(ts.name) ?? '').includes('tls');
    const filters = arr(chain.filters).map((f, k) => ({ f: obj(f), pointer: `${cp}/filters/${k}` }));
    const hcm = filters.find((x) => filterKind(x.f) === 'http_connection_manager');
    const hostnames = new Set(arr(obj(chain.filter_chain_match).server_names).map(String));
    const listener: Listener = {
      name: chains.length > 1 ? `${name}#${cp.split('/').pop()}` : name,
      protocol: hcm ? (tls ? 'https' : 'http') : tls ? 'tls' : 'tcp',
      hostnames: [],
      redirectsToHttps: false,
      at: ref(chains.length > 1 ? cp : pointer),
    };
    if (str(sa.address)) listener.host = str(sa.address)!;
    if (Number.isFinite(Number(sa.port_value))) listener.port = Number(sa.port_value);
    if (tls) listener.tls = tlsSettings(tlsCtx, ref(`${cp}/transport_socket`));
    config.listeners.push(listener);
    if (!hcm) continue;
    const h = obj(hcm.f.typed_config ?? hcm.f.config);
    const hp = `${hcm.pointer}/typed_config`;
    hcmSettings(config, listener.name, h, ref(hp));
    if (h.rds) config.problems.push({ message: 'routes come from RDS (dynamic), not from this file: they were not audited', at: ref(`${hp}/rds`) });
    const httpFilters: Filter[] = arr(h.http_filters).map((f, k) => ({ kind: filterKind(obj(f)), name: str(obj(f).name) ?? '', config: obj(obj(f).typed_config ?? obj(f).config), at: ref(`${hp}/http_filters/${k}`) }));
    const ctx: RouteContext = {
      config,
      file,
      filters: httpFilters,
      hcmAt: ref(hp),
      logging: [...listenerLogs, ...loggingOf(arr(h.access_log), `${hp}/access_log`, file, 'listener')],
      clusters,
      listenerName: listener.name,
    };
    const rc = obj(h.route_config);
    let redirects = 0;
    let total = 0;
    arr(rc.virtual_hosts).forEach((vhRaw, v) => {
      const vh = obj(vhRaw);
      const vp = `${hp}/route_config/virtual_hosts/${v}`;
      const domains = arr(vh.domains).map(String);
      for (const d of domains) hostnames.add(d);
      const requireTls = str(vh.require_tls) === 'ALL' || (str(vh.require_tls) === 'EXTERNAL_ONLY' && !tls);
      arr(vh.routes).forEach((rRaw, k) => {
        total++;
        const r = obj(rRaw);
        if (obj(r.redirect).https_redirect === true || requireTls) {
          redirects++;
          if (requireTls && !tls) return;
        }
        if (obj(r.redirect).https_redirect === true) return;
        const route = buildRoute(ctx, vh, vp, r, `${vp}/routes/${k}`, domains, tls);
        if (!route) return;
        // The listener (filter chain) whose route table holds the route serves it; an http filter in its
        // HTTP connection manager is what covers all of that listener's routes.
        route.listeners = [listener.name];
        route.container = { scope: 'listener', name: listener.name, at: ref(hp) };
        config.routes.push(route);
      });
    });
    listener.hostnames = [...hostnames].filter((d) => d !== '*');
    listener.redirectsToHttps = !tls && total > 0 && redirects === total;
  }
}

function hcmSettings(config: GatewayConfig, listener: string, h: Obj, at: SourceRef): void {
  const set = (key: string, value: unknown, field: string, note?: string): void => {
    config.settings[`listener:${listener}:${key}`] = note ? { value, origin: defaultOrigin(at, note) } : { value, origin: origin('listener', childRef(at, field)) };
  };
  if (h.use_remote_address !== undefined) set('use_remote_address', h.use_remote_address, 'use_remote_address');
  else set('use_remote_address', false, 'use_remote_address', 'use_remote_address defaults to false: the client address is taken from X-Forwarded-For');
  if (h.xff_num_trusted_hops !== undefined) set('xff_num_trusted_hops', h.xff_num_trusted_hops, 'xff_num_trusted_hops');
  else set('xff_num_trusted_hops', 0, 'xff_num_trusted_hops', 'xff_num_trusted_hops defaults to 0');
  if (h.server_header_transformation !== undefined) set('server_header_transformation', h.server_header_transformation, 'server_header_transformation');
  else set('server_header_transformation', 'OVERWRITE', 'server_header_transformation', 'server_header_transformation defaults to OVERWRITE: responses carry "server: envoy"');
  for (const field of ['request_timeout', 'stream_idle_timeout', 'max_request_headers_kb'])
    if (h[field] !== undefined) set(field, h[field], field);
}

function loggingOf(logs: unknown[], pointer: string, file: string, scope: SettingScope): LoggingControl[] {
  return logs.map((raw, i) => {
    const l = obj(raw);
    const tc = obj(l.typed_config ?? l.config);
    const type = str(tc['@type']) ?? '';
    const name = str(l.name) ?? type;
    const format = JSON.stringify(tc.log_format ?? tc.format ?? tc.json_format ?? '');
    const log: LoggingControl = {
      kind: /file/.test(name + type) ? 'file' : /stdout|stderr|stream/.test(name + type) ? 'stdout' : /grpc/.test(name + type) ? 'grpc' : /open_telemetry/.test(name + type) ? 'open-telemetry' : name,
      capturesBodies: false,
      capturesHeaders: /%REQ\((AUTHORIZATION|COOKIE|X-API-KEY)\)%/i.test(format),
      origin: origin(scope, { file, pointer: `${pointer}/${i}` }),
    };
    const cluster = str(obj(obj(obj(tc.common_config).grpc_service).envoy_grpc).cluster_name) ?? str(obj(obj(tc.grpc_service).envoy_grpc).cluster_name);
    if (cluster) log.sink = `cluster:${cluster}`;
    return log;
  });
}

/** A jwt_authn rule's match, read once per filter. */
interface RuleMatch {
  prefix?: string;
  path?: string;
  regex?: RegExp | null;
}

const ruleMatches = new WeakMap<Obj, RuleMatch[]>();
function rulesOf(jwtConfig: Obj): RuleMatch[] {
  let list = ruleMatches.get(jwtConfig);
  if (!list) {
    list = arr(jwtConfig.rules).map((rule) => {
      const m = obj(obj(rule).match);
      const out: RuleMatch = {};
      if (str(m.prefix) !== undefined) out.prefix = str(m.prefix)!;
      else if (str(m.path) !== undefined) out.path = str(m.path)!;
      else if (str(obj(m.safe_regex).regex) !== undefined) {
        try {
          out.regex = new RegExp(`^(?:${str(obj(m.safe_regex).regex)!})$`);
        } catch {
          out.regex = null;
        }
      }
      return out;
    });
    ruleMatches.set(jwtConfig, list);
  }
  return list;
}

/** Does a jwt_authn rule cover every request of a route with this match, some of them, or none? */
function covers(rule: RuleMatch, route: { prefix?: string; path?: string }): 'all' | 'some' | 'none' {
  const target = route.prefix ?? route.path ?? '';
  if (rule.prefix !== undefined) {
    if (target.startsWith(rule.prefix)) return 'all';
    if (route.prefix !== undefined && rule.prefix.startsWith(route.prefix)) return 'some';
    return 'none';
  }
  if (rule.path !== undefined) return route.path === rule.path ? 'all' : route.prefix !== undefined && rule.path.startsWith(route.prefix) ? 'some' : 'none';
  if (rule.regex !== undefined) return rule.regex && route.path !== undefined && rule.regex.test(target) ? 'all' : 'some';
  return 'none';
}

function buildRoute(ctx: RouteContext, vh: Obj, vp: string, r: Obj, rp: string, domains: string[], tls: boolean): GatewayRoute | undefined {
  const { config, file } = ctx;
  const ref = (p: string): SourceRef => ({ file, pointer: p });
  const m = obj(r.match);
  let rawPath: string;
  let pathTemplate: string;
  let match: GatewayRoute['match'];
  const routeMatch: { prefix?: string; path?: string } = {};
  if (str(m.path) !== undefined) {
    rawPath = str(m.path)!;
    pathTemplate = rawPath;
    match = 'exact';
    routeMatch.path = rawPath;
  } else if (str(m.safe_regex ? obj(m.safe_regex).regex : undefined) !== undefined) {
    rawPath = str(obj(m.safe_regex).regex)!;
    pathTemplate = regexToTemplate(`^${rawPath.replace(/^\^/, '').replace(/\$$/, '')}$`).template;
    match = 'regex';
    // For rule coverage, the literal start of the regex acts as a prefix.
    routeMatch.prefix = pathTemplate.slice(0, pathTemplate.indexOf('{') === -1 ? undefined : pathTemplate.indexOf('{'));
  } else if (str(obj(m.path_match_policy).typed_config ? obj(obj(m.path_match_policy).typed_config).path_template : undefined) !== undefined) {
    rawPath = str(obj(obj(m.path_match_policy).typed_config).path_template)!;
    pathTemplate = rawPath.replace(/\{\*\*?\}$/, '{*}').replace(/\{([^}=]+)=\*\}/g, '{$1}');
    match = 'template';
  } else if (m.connect_matcher !== undefined) {
    rawPath = 'CONNECT';
    pathTemplate = '/{*}';
    match = 'prefix';
  } else {
    rawPath = str(m.prefix) ?? str(m.path_separated_prefix) ?? '/';
    pathTemplate = prefixTemplate(rawPath);
    match = 'prefix';
    routeMatch.prefix = rawPath;
  }
  const methods: string[] = [];
  for (const h of arr(m.headers).map(obj)) {
    if (str(h.name) !== ':method') continue;
    const v = str(h.exact_match) ?? str(obj(h.string_match).exact);
    if (v) methods.push(v.toUpperCase());
    const re = str(obj(h.safe_regex_match).regex) ?? str(obj(obj(h.string_match).safe_regex).regex);
    if (re && /^[A-Z|()]+$/.test(re)) methods.push(...re.replace(/[()]/g, '').split('|'));
  }
  if (m.connect_matcher !== undefined) methods.push('CONNECT');
  const id = `${file}#${rp}`;
  const action = obj(r.route);
  const perFilter = { ...obj(vh.typed_per_filter_config), ...obj(r.typed_per_filter_config) };
  const perFilterAt = (key: string): SourceRef => ref(obj(r.typed_per_filter_config)[key] !== undefined ? `${rp}/typed_per_filter_config/${escapePointerSegment(key)}` : `${vp}/typed_per_filter_config/${escapePointerSegment(key)}`);
  const perFilterFor = (kind: string): { config: Obj; at: SourceRef; scope: SettingScope } | undefined => {
    const key = Object.keys(perFilter).find((k) => k === `envoy.filters.http.${kind}` || filterKind({ name: k, typed_config: perFilter[k] }) === kind || ctx.filters.some((f) => f.kind === kind && f.name === k));
    if (!key) return undefined;
    // A virtual host is the server-like level above its routes.
    return { config: obj(perFilter[key]), at: perFilterAt(key), scope: obj(r.typed_per_filter_config)[key] !== undefined ? 'route' : 'server' };
  };

  const c = emptyControls();
  c.logging.push(...ctx.logging);
  const filterAt = (kind: string): Filter | undefined => ctx.filters.find((f) => f.kind === kind);

  // Upstream.
  let upstream: Upstream | undefined;
  const clusterName = str(action.cluster) ?? str(obj(arr(obj(action.weighted_clusters).clusters)[0]).name);
  if (clusterName) {
    upstream = ctx.clusters.get(clusterName);
    if (!upstream) config.problems.push({ message: `route sends to cluster "${clusterName}", which static_resources does not define`, at: ref(`${rp}/route`) });
  } else if (str(action.cluster_header)) {
    upstream = { id: `${id}/cluster_header`, url: `cluster from header ${str(action.cluster_header)}`, scheme: '', host: '', at: ref(`${rp}/route/cluster_header`), dynamicFromRequest: { expression: `cluster_header: ${str(action.cluster_header)}`, at: ref(`${rp}/route/cluster_header`) } };
    config.upstreams.push(upstream);
  }
  if (upstream) {
    const t = durationMs(action.timeout);
    if (t !== undefined) {
      // A route timeout of its own: the upstream as seen from this route.
      upstream = { ...upstream, id: `${upstream.id}@${rp}`, timeouts: { ...upstream.timeouts, readMs: t, origin: origin('route', ref(`${rp}/route/timeout`)) } };
      config.upstreams.push(upstream);
    }
  }

  // jwt_authn.
  const jwt = filterAt('jwt_authn');
  if (jwt) {
    const per = perFilterFor('jwt_authn');
    const providers = obj(jwt.config.providers);
    const fromRequirement = (req: Obj): { providers: string[]; anonymous: boolean; failedAllowed: boolean } => {
      if (req.allow_missing !== undefined) return { providers: [], anonymous: true, failedAllowed: false };
      if (req.allow_missing_or_failed !== undefined) return { providers: [], anonymous: true, failedAllowed: true };
      if (str(req.provider_name)) return { providers: [str(req.provider_name)!], anonymous: false, failedAllowed: false };
      const any = arr(obj(req.requires_any).requirements).map((x) => fromRequirement(obj(x)));
      if (any.length) return { providers: any.flatMap((x) => x.providers), anonymous: any.some((x) => x.anonymous), failedAllowed: any.some((x) => x.failedAllowed) };
      const all = arr(obj(req.requires_all).requirements).map((x) => fromRequirement(obj(x)));
      return { providers: all.flatMap((x) => x.providers), anonymous: all.length > 0 && all.every((x) => x.anonymous), failedAllowed: all.some((x) => x.failedAllowed) };
    };
    let requirement: { req: Obj; at: SourceRef; partial: boolean } | undefined;
    if (per?.config.disabled === true) requirement = undefined;
    else if (per && str(per.config.requirement_name)) {
      const name = str(per.config.requirement_name)!;
      requirement = { req: obj(obj(jwt.config.requirement_map)[name]), at: per.at, partial: false };
    } else {
      // Envoy applies the first rule that matches a request.
      const rules = rulesOf(jwt.config);
      let k = -1;
      let full = false;
      for (let i = 0; i < rules.length && k === -1; i++) {
        const cover = covers(rules[i]!, routeMatch);
        if (cover !== 'none') {
          k = i;
          full = cover === 'all';
        }
      }
      if (k !== -1) requirement = { req: obj(obj(arr(jwt.config.rules)[k]).requires), at: childRef(jwt.at, 'typed_config', 'rules', k), partial: !full };
    }
    if (requirement) {
      const r = fromRequirement(requirement.req);
      const used = r.providers.length ? r.providers : Object.keys(providers);
      const ps = used.map((n) => ({ name: n, p: obj(providers[n]) }));
      const defaultLocation = ps.some(({ p }) => !arr(p.from_headers).length && !arr(p.from_params).length && !arr(p.from_cookies).length);
      const control: AuthControl = {
        kind: 'jwt',
        credentialsInQuery: ps.some(({ p }) => arr(p.from_params).length > 0) || defaultLocation,
        forwardsCredentials: ps.some(({ p }) => p.forward === true),
        details: {
          providers: used,
          issuers: ps.map(({ p }) => str(p.issuer)),
          audiences: ps.flatMap(({ p }) => arr(p.audiences).map(String)),
          fromParams: ps.flatMap(({ p }) => arr(p.from_params).map(String)),
          remoteJwks: ps.map(({ p }) => str(obj(obj(p.remote_jwks).http_uri).uri)).filter(Boolean),
          requirement: requirement.req,
          defaultsApplied: defaultLocation ? ['no from_headers/from_params/from_cookies: Envoy reads the Authorization header and the access_token query parameter'] : [],
        },
        origin: origin(per?.scope ?? 'listener', requirement.at),
      };
      if (r.anonymous || requirement.partial) control.allowsAnonymous = true;
      if (r.failedAllowed) control.details.allowsFailed = true;
      if (requirement.partial) control.details.partial = 'the matching jwt_authn rule covers only part of this route';
      c.authentication.push(control);
    } else {
      config.settings[`route:${id}:jwt-authn`] = {
        value: per?.config.disabled === true ? 'disabled for this route' : 'no jwt_authn rule matches this route: no JWT is required',
        origin: per ? origin(per.scope, per.at) : defaultOrigin(jwt.at, 'jwt_authn requires a JWT only on routes its rules match'),
      };
    }
  }

  // ext_authz.
  const ext = filterAt('ext_authz');
  if (ext) {
    const per = perFilterFor('ext_authz');
    const enabled = percent(ext.config.filter_enabled);
    if (per?.config.disabled !== true && enabled !== 0) {
      const failOpen = ext.config.failure_mode_allow === true;
      const control: AuthControl = {
        kind: 'ext-authz',
        details: {
          failureModeAllow: failOpen,
          service: str(obj(obj(ext.config.http_service).server_uri).uri) ?? str(obj(obj(ext.config.grpc_service).envoy_grpc).cluster_name),
          cluster: str(obj(obj(ext.config.http_service).server_uri).cluster),
          withRequestBody: ext.config.with_request_body !== undefined,
          defaultsApplied: ext.config.failure_mode_allow === undefined ? ['failure_mode_allow defaults to false (fails closed)'] : [],
        },
        origin: origin('listener', ext.at),
      };
      if (failOpen) control.allowsAnonymous = true;
      c.authentication.push(control);
    }
  }
  for (const kind of ['oauth2', 'basic_auth'] as const) {
    const f = filterAt(kind);
    if (f && perFilterFor(kind)?.config.disabled !== true) c.authentication.push({ kind: kind === 'basic_auth' ? 'basic' : 'oauth2', details: {}, origin: origin('listener', f.at) });
  }

  // rbac.
  const rbac = filterAt('rbac');
  if (rbac) {
    const per = perFilterFor('rbac');
    const conf = per ? obj(per.config.rbac) : rbac.config;
    if (!per || per.config.rbac !== undefined) {
      const rules = obj(conf.rules);
      const action = str(rules.action) ?? 'ALLOW';
      const policies = Object.keys(obj(rules.policies));
      const matcherActions: string[] = [];
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') {
          const o = v as Obj;
          if (str(o['@type'])?.endsWith('rbac.v3.Action') && str(o.name)) matcherActions.push(`${str(o.name)}:${str(o.action) ?? 'ALLOW'}`);
          Object.values(o).forEach(walk);
        }
      };
      walk(conf.matcher);
      const shadowOnly = conf.rules === undefined && conf.matcher === undefined && (conf.shadow_rules !== undefined || conf.shadow_matcher !== undefined);
      c.authorization.push({
        kind: 'rbac',
        allow: conf.rules !== undefined && action === 'ALLOW' ? policies : matcherActions.filter((a) => a.endsWith(':ALLOW')).map((a) => a.split(':')[0]!),
        deny: conf.rules !== undefined && action === 'DENY' ? policies : matcherActions.filter((a) => a.endsWith(':DENY')).map((a) => a.split(':')[0]!),
        details: {
          action: conf.rules !== undefined ? action : undefined,
          matcher: conf.matcher !== undefined,
          enforced: !shadowOnly,
          shadowOnly,
          shadowPolicies: Object.keys(obj(obj(conf.shadow_rules).policies)),
        },
        origin: per ? origin(per.scope, per.at) : origin('listener', rbac.at),
      });
    }
  }

  // local_ratelimit.
  const local = filterAt('local_ratelimit');
  if (local) {
    const per = perFilterFor('local_ratelimit');
    const conf = per?.config ?? local.config;
    const at = per?.at ?? local.at;
    const bucket = obj(conf.token_bucket);
    const enabled = percent(conf.filter_enabled) ?? 0;
    const enforced = percent(conf.filter_enforced) ?? 0;
    const r: RateLimitControl = {
      kind: 'local_ratelimit',
      unit: 'requests',
      keyedBy: arr(conf.descriptors).length ? 'descriptor' : conf.local_rate_limit_per_downstream_connection === true ? 'connection' : 'constant',
      enforced: conf.token_bucket !== undefined && enabled > 0 && enforced > 0,
      origin: conf.filter_enabled === undefined || conf.filter_enforced === undefined ? origin(per?.scope ?? 'listener', at, 'filter_enabled and filter_enforced default to 0 %') : origin(per?.scope ?? 'listener', at),
    };
    const fill = Number(bucket.tokens_per_fill ?? 1);
    const interval = durationMs(bucket.fill_interval);
    if (conf.token_bucket !== undefined) r.limit = fill;
    if (interval !== undefined) r.windowSeconds = interval / 1000;
    if (!r.enforced)
      r.notEnforcedWhy =
        conf.token_bucket === undefined
          ? 'no token_bucket is configured for this route'
          : enabled === 0
            ? `filter_enabled is ${conf.filter_enabled === undefined ? 'not set (0 % by default)' : '0 %'}: the filter is off`
            : `filter_enforced is ${conf.filter_enforced === undefined ? 'not set (0 % by default)' : '0 %'}: excess requests are only counted`;
    c.rateLimits.push(r);
  }

  // Global ratelimit.
  const global = filterAt('ratelimit');
  if (global) {
    const actions = [...arr(action.rate_limits), ...arr(vh.rate_limits)].flatMap((x) => arr(obj(x).actions).map(obj));
    const keyOf = (a: Obj): string => (a.remote_address !== undefined ? 'ip' : a.request_headers !== undefined || a.header_value_match !== undefined ? 'header' : a.generic_key !== undefined ? 'constant' : 'descriptor');
    const r: RateLimitControl = { kind: 'ratelimit', unit: 'requests', enforced: actions.length > 0, origin: origin('listener', global.at) };
    if (actions.length) r.keyedBy = [...new Set(actions.map(keyOf))].join('+');
    else r.notEnforcedWhy = 'the route and its virtual host define no rate_limits actions, so no descriptor is sent to the rate limit service';
    c.rateLimits.push(r);
    config.settings[`route:${id}:ratelimit-failure-mode-deny`] =
      global.config.failure_mode_deny === undefined
        ? { value: false, origin: defaultOrigin(global.at, 'failure_mode_deny defaults to false: requests pass when the rate limit service fails') }
        : { value: global.config.failure_mode_deny, origin: origin('listener', childRef(global.at, 'typed_config', 'failure_mode_deny')) };
  }

  // CORS: policies act only when the cors filter is in the chain.
  if (filterAt('cors')) {
    const per = perFilterFor('cors');
    const legacy = r.cors !== undefined ? { config: obj(r.cors), at: ref(`${rp}/cors`) } : vh.cors !== undefined ? { config: obj(vh.cors), at: ref(`${vp}/cors`) } : undefined;
    const policy = per ?? legacy;
    if (policy && percent(policy.config.filter_enabled) !== 0) {
      const origins = arr(policy.config.allow_origin_string_match).map((x) => {
        const o = obj(x);
        const re = str(obj(o.safe_regex).regex);
        if (re !== undefined) return re === '\\*' || re === '.*' || re === '*' ? '*' : re;
        return str(o.exact) ?? (str(o.prefix) !== undefined ? `${str(o.prefix)}*` : str(o.suffix) !== undefined ? `*${str(o.suffix)}` : str(o.contains) ?? '');
      });
      const scope: SettingScope = per ? per.scope : r.cors !== undefined ? 'route' : 'server';
      c.cors = { origins, credentials: policy.config.allow_credentials === true, origin: origin(scope, policy.at) };
    }
  }

  // Body size.
  const buffer = filterAt('buffer');
  if (buffer) {
    const per = perFilterFor('buffer');
    if (per?.config.disabled !== true) {
      const conf = per ? obj(per.config.buffer) : buffer.config;
      const max = Number(conf.max_request_bytes);
      if (Number.isFinite(max)) c.sizeLimit = { maxBytes: max, origin: origin(per?.scope ?? 'listener', per?.at ?? buffer.at) };
    }
  }

  const provider = llmProviderOf(upstream?.host);
  if (upstream && provider) c.ai.push({ kind: 'llm-upstream', provider, providerHost: upstream.host, details: {}, origin: origin('service', upstream.at) });

  const route: GatewayRoute = {
    id,
    name: str(r.name) ?? `${str(vh.name) ?? 'vhost'} ${rawPath}`,
    methods,
    rawPath,
    pathTemplate,
    match,
    hosts: domains.filter((d) => d !== '*'),
    protocols: [tls ? 'https' : 'http'],
    api: str(vh.name) ?? ctx.listenerName,
    controls: c,
    at: ref(rp),
  };
  if (upstream) route.upstreamId = upstream.id;
  if (obj(r.direct_response).status !== undefined) route.name = `${route.name} (direct response ${String(obj(r.direct_response).status)})`;
  return route;
}

/**
 * Clear-text secrets anywhere in the document: private keys, generic secrets, literal auth
 * headers, symmetric JWKs. Returns whether a v2 API type (`envoy.api.v2`) was seen on the way.
 */
function collectSecrets(config: GatewayConfig, v: unknown, pointer: string, file: string, parentKey = ''): boolean {
  if (Array.isArray(v)) {
    let v2 = false;
    v.forEach((x, i) => {
      if (collectSecrets(config, x, `${pointer}/${i}`, file, parentKey)) v2 = true;
    });
    return v2;
  }
  if (!v || typeof v !== 'object') return false;
  const o = v as Obj;
  let v2 = typeof o['@type'] === 'string' && o['@type'].includes('envoy.api.v2');
  for (const [k, x] of Object.entries(o)) {
    const p = `${pointer}/${escapePointerSegment(k)}`;
    if ((k === 'inline_string' || k === 'inline_bytes') && typeof x === 'string') {
      if (containsPrivateKey(x)) config.secrets.push({ kind: 'private-key', where: `${parentKey}.${k}`, at: { file, pointer: p } });
      else if (parentKey === 'secret' || parentKey === 'token_secret' || parentKey === 'hmac_secret') config.secrets.push({ kind: 'secret', where: `${parentKey}.${k}`, at: { file, pointer: p } });
      else if (parentKey === 'local_jwks' && /"kty"\s*:\s*"oct"/.test(x)) config.secrets.push({ kind: 'jwt-secret', where: 'jwt_authn local_jwks (symmetric key)', at: { file, pointer: p } });
      else if (parentKey === 'users') config.secrets.push({ kind: 'password-hash', where: 'basic_auth users', at: { file, pointer: p } });
    } else if (k === 'header' && x && typeof x === 'object') {
      const h = x as Obj;
      if (/^authorization$/i.test(str(h.key) ?? '') && literalAuthorization(str(h.value) ?? '')) config.secrets.push({ kind: 'authorization-header', where: 'header added to requests', at: { file, pointer: `${p}/value` } });
    }
    if (collectSecrets(config, x, p, file, k)) v2 = true;
  }
  return v2;
}
