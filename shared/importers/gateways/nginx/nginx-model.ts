/**
 * nginx directives → the normalized gateway model. Inheritance follows nginx's merge rules:
 * a setting in force at a location comes from the innermost level (location, enclosing
 * location, server, http) that sets it, and for the array-like directives (add_header,
 * allow/deny, limit_req, limit_conn, access_log, proxy_set_header) a level that defines any of
 * them replaces everything above it — which is how a location's `add_header` silently drops the
 * server's Strict-Transport-Security. Documented defaults (controls.md §5.4) are recorded with
 * `scope: 'default'` where nothing is configured.
 *
 * Per-route facts the route model has no field for are kept in `settings` under
 * `route:<route id>:<name>` (`strict-transport-security`, `autoindex`).
 */
import type {
  AuthControl,
  AuthzControl,
  GatewayConfig,
  GatewayRoute,
  Listener,
  LoggingControl,
  Origin,
  RateLimitControl,
  RouteControls,
  SettingScope,
  Upstream,
} from '../../../model/gateway.js';
import type { SourceRef } from '../../../model/source.js';
import type { MappedSources } from '../../text/mapped-sources.js';
import {
  containsPrivateKey,
  defaultOrigin,
  emptyConfig,
  emptyControls,
  isReferenceOrEmpty,
  literalAuthorization,
  llmProviderOf,
  origin,
  prefixTemplate,
  regexToTemplate,
  secretKindOfName,
  splitUrl,
} from '../common/b-model.js';
import type { LoadedConfig } from './nginx-includes.js';
import type { NginxDirective } from './nginx-syntax.js';

/** One configuration level: http (scope global), server or location. */
interface Level {
  scope: SettingScope;
  byName: Map<string, NginxDirective[]>;
  parent?: Level;
  node?: NginxDirective;
  at: SourceRef;
}

function levelOf(scope: SettingScope, directives: NginxDirective[], at: SourceRef, parent?: Level, node?: NginxDirective): Level {
  const byName = new Map<string, NginxDirective[]>();
  for (const d of directives) {
    let list = byName.get(d.name);
    if (!list) byName.set(d.name, (list = []));
    list.push(d);
  }
  const level: Level = { scope, byName, at };
  if (parent) level.parent = parent;
  if (node) level.node = node;
  return level;
}

const ref = (d: NginxDirective): SourceRef => ({ file: d.file, pointer: d.pointer });

/** The directives of the innermost level that defines any of `names`, with that level. */
function effective(level: Level, ...names: string[]): { items: NginxDirective[]; level: Level } | undefined {
  for (let l: Level | undefined = level; l; l = l.parent) {
    if (names.length === 1) {
      const items = l.byName.get(names[0]!);
      if (items) return { items, level: l };
      continue;
    }
    const items: NginxDirective[] = [];
    for (const n of names) items.push(...(l.byName.get(n) ?? []));
    if (items.length) return { items: items.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : 0)), level: l };
  }
  return undefined;
}

/** The last value of a single-valued directive in force, with its origin. */
function setting(level: Level, name: string): { d: NginxDirective; origin: Origin } | undefined {
  const e = effective(level, name);
  if (!e) return undefined;
  const d = e.items[e.items.length - 1]!;
  return { d, origin: origin(e.level.scope, ref(d)) };
}

/** Variables a client controls, when they make up the upstream host. */
const HOST_FROM_REQUEST = /\$\{?(arg_|http_|cookie_|host\b)/;
/** Variables that start the path part of a proxy_pass URL. */
const PATH_VARIABLE = /\$\{?(request_uri|uri|args|query_string|is_args|document_uri)\b/;

export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([kKmMgG]?)$/.exec(text.trim());
  if (!m) return undefined;
  const mult = { '': 1, k: 1024, m: 1048576, g: 1073741824 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * mult);
}

/** nginx time units: ms s m h d w M y; a bare number is seconds. */
const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000, M: 2592000000, y: 31536000000 };
const TIME_TEXT = /^(\d+(ms|s|m|h|d|w|M|y)?\s*)+$/;

export function parseDurationMs(text: string): number | undefined {
  const t = text.trim();
  if (!TIME_TEXT.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+)(ms|s|m|h|d|w|M|y)?/g)) total += Number(m[1]) * (TIME_UNITS[m[2] ?? 's'] ?? 1000);
  return total;
}

interface ZoneDef {
  key: string;
  rate?: { limit: number; windowSeconds: number };
  d: NginxDirective;
}

interface Context {
  config: GatewayConfig;
  reqZones: Map<string, ZoneDef>;
  connZones: Map<string, ZoneDef>;
  logFormats: Map<string, { format: string; d: NginxDirective }>;
  upstreamBlocks: Map<string, { servers: { host: string; port?: number }[]; d: NginxDirective }>;
  /** Values a variable may take: `set` and `map` entries. */
  vars: Map<string, { value: string; d: NginxDirective }[]>;
  httpLevel: Level;
}

export function buildNginxModel(root: string, loaded: LoadedConfig, sources: MappedSources): GatewayConfig {
  const config = emptyConfig('nginx', root, 'nginx-conf');
  config.files = loaded.files;
  config.problems.push(...loaded.problems);
  for (const [file, text] of loaded.texts) sources.addFile(file, text);
  const visit = (list: NginxDirective[]): void => {
    for (const d of list) {
      sources.set(ref(d), d.line, d.column);
      if (d.block) visit(d.block);
    }
  };
  visit(loaded.directives);

  const top = loaded.directives;
  const httpBlocks = top.filter((d) => d.name === 'http' && d.block);
  let httpDirectives: NginxDirective[];
  let httpAt: SourceRef;
  if (httpBlocks.length) {
    httpDirectives = httpBlocks.flatMap((h) => h.block!);
    httpAt = ref(httpBlocks[0]!);
  } else if (top.some((d) => ['server', 'upstream', 'map', 'log_format', 'limit_req_zone', 'location'].includes(d.name))) {
    // A stand-alone file of the http context (conf.d/*.conf, sites-enabled/*).
    httpDirectives = top;
    httpAt = { file: root, pointer: '' };
  } else {
    httpDirectives = [];
    httpAt = { file: root, pointer: '' };
    config.problems.push({ message: 'no http block and no server block: this configuration serves no HTTP traffic', at: httpAt });
  }
  const httpLevel = levelOf('global', httpDirectives, httpAt);
  const ctx: Context = {
    config,
    reqZones: new Map(),
    connZones: new Map(),
    logFormats: new Map(),
    upstreamBlocks: new Map(),
    vars: new Map(),
    httpLevel,
  };
  collectDefinitions(ctx, httpDirectives);
  collectVariables(ctx, loaded.directives);
  collectSecrets(ctx, loaded.directives);
  collectSettings(ctx, httpLevel, loaded.directives);

  let serverIndex = 0;
  for (const s of httpDirectives) if (s.name === 'server' && s.block) buildServer(ctx, s, serverIndex++);
  for (const stream of top.filter((d) => d.name === 'stream' && d.block)) buildStreamListeners(ctx, stream);
  return config;
}

function collectDefinitions(ctx: Context, http: NginxDirective[]): void {
  for (const d of http) {
    if (d.name === 'upstream' && d.block && d.args[0]) {
      const servers = d.block
        .filter((x) => x.name === 'server' && x.args[0])
        .map((x) => {
          const hp = splitHostPort(x.args[0]!);
          return hp.port === undefined ? { host: hp.host } : hp;
        });
      ctx.upstreamBlocks.set(d.args[0], { servers, d });
    } else if (d.name === 'limit_req_zone' || d.name === 'limit_conn_zone') {
      const zoneArg = d.args.find((a) => a.startsWith('zone='));
      const name = zoneArg?.slice(5).split(':')[0];
      if (!name) continue;
      const def: ZoneDef = { key: d.args[0] ?? '', d };
      const rate = d.args.find((a) => a.startsWith('rate='));
      const m = rate ? /^rate=(\d+(?:\.\d+)?)r\/([sm])$/.exec(rate) : null;
      if (m) def.rate = { limit: Number(m[1]), windowSeconds: m[2] === 'm' ? 60 : 1 };
      (d.name === 'limit_req_zone' ? ctx.reqZones : ctx.connZones).set(name, def);
    } else if (d.name === 'log_format' && d.args[0]) {
      const rest = d.args.slice(1).filter((a) => !a.startsWith('escape='));
      ctx.logFormats.set(d.args[0], { format: rest.join(''), d });
      ctx.config.settings[`log_format:${d.args[0]}`] = {
        value: { format: rest.join(''), escape: d.args.find((a) => a.startsWith('escape='))?.slice(7) ?? 'default' },
        origin: origin('global', ref(d)),
      };
    }
  }
}

function collectVariables(ctx: Context, list: NginxDirective[]): void {
  const add = (name: string, value: string, d: NginxDirective): void => {
    const key = name.replace(/^\$\{?|\}$/g, '');
    let l = ctx.vars.get(key);
    if (!l) ctx.vars.set(key, (l = []));
    l.push({ value, d });
  };
  const walk = (items: NginxDirective[]): void => {
    for (const d of items) {
      if (d.name === 'set' && d.args.length >= 2) add(d.args[0]!, d.args[1]!, d);
      else if (d.name === 'map' && d.block && d.args[1]) {
        for (const e of d.block) if (e.args[0] !== undefined && !['hostnames', 'volatile', 'include'].includes(e.name)) add(d.args[1], e.args[0], e);
      }
      if (d.block) walk(d.block);
    }
  };
  walk(list);
}

function collectSecrets(ctx: Context, list: NginxDirective[]): void {
  const hit = (kind: string, where: string, d: NginxDirective): void => {
    ctx.config.secrets.push({ kind, where, at: ref(d) });
  };
  const walk = (items: NginxDirective[], mapTarget?: string): void => {
    for (const d of items) {
      if (d.args.some(containsPrivateKey)) hit('private-key', `${d.name} directive`, d);
      else if (mapTarget !== undefined) {
        const kind = secretKindOfName(mapTarget);
        const value = d.args[0];
        if (kind && value !== undefined && !isReferenceOrEmpty(value) && !['hostnames', 'volatile', 'include'].includes(d.name))
          hit(kind, `map ${mapTarget} (${d.name === 'default' ? 'default' : `key "${d.name}"`})`, d);
      } else if (d.name === 'set' && d.args.length >= 2) {
        const kind = secretKindOfName(d.args[0]!);
        if (kind && !isReferenceOrEmpty(d.args[1]!)) hit(kind, `set ${d.args[0]}`, d);
      } else if (/^(proxy|grpc|fastcgi|uwsgi)_set_header$|^add_header$|^(fastcgi|uwsgi|scgi)_param$/.test(d.name) && d.args.length >= 2) {
        const [name, value] = [d.args[0]!, d.args[1]!];
        if (/^authorization$/i.test(name) && literalAuthorization(value)) hit('authorization-header', `${d.name} ${name}`, d);
        else if (!/^authorization$/i.test(name) && secretKindOfName(name) && !isReferenceOrEmpty(value) && !/\$/.test(value)) hit(secretKindOfName(name)!, `${d.name} ${name}`, d);
      } else if (/_pass$/.test(d.name) && d.args[0]) {
        const parts = splitUrl(d.args[0]);
        if (parts?.userinfo?.includes(':') && !/\$/.test(parts.userinfo)) hit('password', `${d.name} URL credentials`, d);
      } else if (d.name === 'secure_link_secret' && d.args[0] && !isReferenceOrEmpty(d.args[0])) hit('secret', 'secure_link_secret', d);
      if (d.block) walk(d.block, d.name === 'map' ? d.args[1] : undefined);
    }
  };
  walk(list);
}

function collectSettings(ctx: Context, http: Level, all: NginxDirective[]): void {
  const s = ctx.config.settings;
  const tokens = setting(http, 'server_tokens');
  s.server_tokens = tokens
    ? { value: tokens.d.args[0] ?? 'on', origin: tokens.origin }
    : { value: 'on', origin: defaultOrigin(http.at, 'nginx server_tokens defaults to on: the version is sent in the Server header and error pages') };
  const status = setting(http, 'limit_req_status');
  s.limit_req_status = status
    ? { value: Number(status.d.args[0]), origin: status.origin }
    : { value: 503, origin: defaultOrigin(http.at, 'nginx limit_req_status defaults to 503') };
  const protocols = setting(http, 'ssl_protocols');
  if (protocols) s.ssl_protocols = { value: protocols.d.args, origin: protocols.origin };
  const resolver = setting(http, 'resolver');
  if (resolver) s.resolver = { value: resolver.d.args.filter((a) => !a.includes('=')), origin: resolver.origin };
  const realIp: NginxDirective[] = [];
  const headers: NginxDirective[] = [];
  const walk = (items: NginxDirective[]): void => {
    for (const d of items) {
      if (d.name === 'set_real_ip_from') realIp.push(d);
      else if (d.name === 'real_ip_header') headers.push(d);
      if (d.block) walk(d.block);
    }
  };
  walk(all);
  if (realIp.length) s.set_real_ip_from = { value: realIp.map((d) => d.args[0] ?? ''), origin: origin('global', ref(realIp[0]!)) };
  if (headers.length) s.real_ip_header = { value: headers[0]!.args[0], origin: origin('global', ref(headers[0]!)) };
}

function splitHostPort(text: string): { host: string; port?: number } {
  if (text.startsWith('unix:')) return { host: text };
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (v6) return v6[2] ? { host: v6[1]!, port: Number(v6[2]) } : { host: v6[1]! };
  const i = text.lastIndexOf(':');
  if (i > 0 && /^\d+$/.test(text.slice(i + 1))) return { host: text.slice(0, i), port: Number(text.slice(i + 1)) };
  return { host: text };
}

interface ListenSpec {
  host?: string;
  port?: number;
  ssl: boolean;
  d?: NginxDirective;
}

function parseListen(d: NginxDirective, legacySsl: boolean): ListenSpec {
  const first = d.args[0] ?? '';
  const params = d.args.slice(1);
  const ssl = legacySsl || params.includes('ssl') || params.includes('quic');
  if (/^\d+$/.test(first)) return { port: Number(first), ssl, d };
  const hp = splitHostPort(first);
  const spec: ListenSpec = { host: hp.host === '*' ? '0.0.0.0' : hp.host, ssl, d };
  spec.port = hp.port ?? (hp.host.startsWith('unix:') ? undefined : 80);
  if (spec.port === undefined) delete spec.port;
  return spec;
}

/** A `return 30x https://…` (or `rewrite … https://… permanent|redirect`). */
function isHttpsRedirect(d: NginxDirective): boolean {
  if (d.name === 'return') {
    const [code, url] = d.args;
    return /^30[1278]$/.test(code ?? '') && /^https:\/\//i.test(url ?? '');
  }
  if (d.name === 'rewrite') return /^https:\/\//i.test(d.args[1] ?? '') && /^(permanent|redirect)$/.test(d.args[2] ?? '');
  return false;
}

function buildServer(ctx: Context, s: NginxDirective, index: number): void {
  const config = ctx.config;
  const level = levelOf('server', s.block!, ref(s), ctx.httpLevel, s);
  const names = (level.byName.get('server_name') ?? []).flatMap((d) => d.args).filter((n) => n !== '_' && n !== '' && n !== '""');
  const label = names[0] ?? `server ${index}`;
  const legacySsl = setting(level, 'ssl')?.d.args[0] === 'on';
  const listens: ListenSpec[] = (level.byName.get('listen') ?? []).map((d) => parseListen(d, legacySsl));
  const own = s.block!;
  const unconditionalReturn = own.find((d) => d.name === 'return');
  const serverRedirect = own.some((d) => isHttpsRedirect(d) && (d.name === 'return' || /^\^/.test(d.args[0] ?? '')));
  const schemeRedirect = own.some(
    (d) => d.name === 'if' && /\$(scheme|https|server_port|http_x_forwarded_proto)/.test(d.args.join(' ')) && (d.block ?? []).some(isHttpsRedirect),
  );
  const locations = own.filter((d) => d.name === 'location' && d.block);
  const rootRedirect = locations.length === 1 && /^\/$/.test(locations[0]!.args[locations[0]!.args.length - 1] ?? '') && locations[0]!.block!.some(isHttpsRedirect);
  const plainRedirects = serverRedirect || schemeRedirect || rootRedirect;

  // TLS settings in force for this server's https listeners.
  const proto = setting(level, 'ssl_protocols');
  const tls = proto
    ? { protocols: proto.d.args.filter((a) => /^(SSLv[23]|TLSv1(\.[0-3])?)$/.test(a)), origin: proto.origin }
    : {
        protocols: ['TLSv1.2', 'TLSv1.3'],
        origin: defaultOrigin(
          ref(s),
          'ssl_protocols is not set: nginx 1.27.3 and later default to TLSv1.2 TLSv1.3, but 1.23.4–1.27.2 default to TLSv1 TLSv1.1 TLSv1.2 TLSv1.3 and releases before 1.23.4 to TLSv1 TLSv1.1 TLSv1.2 — the version in use is not in the configuration',
        ),
      };
  const specs: ListenSpec[] = listens.length ? listens : [{ host: '0.0.0.0', port: 80, ssl: legacySsl }];
  const listenerNames: string[] = [];
  for (const l of specs) {
    const listener: Listener = {
      name: `${label}:${l.host && l.host !== '0.0.0.0' ? `${l.host.includes(':') ? `[${l.host}]` : l.host}:` : ''}${l.port ?? ''}`,
      protocol: l.ssl ? 'https' : 'http',
      hostnames: names,
      redirectsToHttps: !l.ssl && plainRedirects,
      at: l.d ? ref(l.d) : ref(s),
    };
    if (l.host !== undefined) listener.host = l.host;
    if (l.port !== undefined) listener.port = l.port;
    if (l.ssl) listener.tls = tls;
    config.listeners.push(listener);
    listenerNames.push(listener.name);
  }
  if (!listens.length)
    config.settings[`server:${label}:listen`] = { value: '*:80', origin: defaultOrigin(ref(s), 'no listen directive: nginx listens on *:80 (or *:8000 when not started as root)') };
  const tokens = level.byName.get('server_tokens');
  if (tokens?.length) config.settings[`server:${label}:server_tokens`] = { value: tokens[tokens.length - 1]!.args[0], origin: origin('server', ref(tokens[tokens.length - 1]!)) };

  // A server-level return answers every request before any location is chosen.
  const everythingReturned = !!unconditionalReturn;
  const protocols = [...new Set(specs.flatMap((l) => (l.ssl ? ['https'] : plainRedirects ? [] : ['http'])))];
  const walk = (list: NginxDirective[], parent: Level): void => {
    for (const loc of list) {
      if (loc.name !== 'location' || !loc.block) continue;
      const locLevel = levelOf('location', loc.block, ref(loc), parent, loc);
      const route = buildRoute(ctx, loc, locLevel, names, label, protocols);
      if (route && !everythingReturned) {
        // The server block's listen directives serve its locations; a control set in the server block covers them all.
        route.listeners = listenerNames;
        route.container = { scope: 'server', name: label, at: level.at };
        config.routes.push(route);
      }
      walk(loc.block, locLevel);
    }
  };
  walk(own, level);
}

interface LocationMatch {
  match: GatewayRoute['match'] | 'named';
  path: string;
  raw: string;
}

function locationMatch(loc: NginxDirective): LocationMatch {
  const a = loc.args;
  const raw = a.join(' ');
  if (a.length >= 2) {
    const mod = a[0]!;
    const path = a[1]!;
    if (mod === '=') return { match: 'exact', path, raw };
    if (mod === '~' || mod === '~*') return { match: 'regex', path, raw };
    return { match: 'prefix', path, raw };
  }
  const p = a[0] ?? '/';
  if (p.startsWith('@')) return { match: 'named', path: p, raw };
  if (p.startsWith('=')) return { match: 'exact', path: p.slice(1), raw };
  if (p.startsWith('~*')) return { match: 'regex', path: p.slice(2), raw };
  if (p.startsWith('^~')) return { match: 'prefix', path: p.slice(2), raw };
  if (p.startsWith('~')) return { match: 'regex', path: p.slice(1), raw };
  return { match: 'prefix', path: p, raw };
}

function buildRoute(ctx: Context, loc: NginxDirective, level: Level, hosts: string[], api: string, protocols: string[]): GatewayRoute | undefined {
  const m = locationMatch(loc);
  const upstreams = upstreamsOf(ctx, loc, level);
  if (m.match === 'named' || level.byName.has('internal')) return undefined;
  const id = `${loc.file}#${loc.pointer}`;
  const pathTemplate =
    m.match === 'exact' ? (m.path.startsWith('/') ? m.path : `/${m.path}`) : m.match === 'prefix' ? prefixTemplate(m.path) : regexToTemplate(m.path).template;
  const { controls, methods } = controlsOf(ctx, level, id, upstreams[0]);
  const route: GatewayRoute = {
    id,
    name: `location ${m.raw}`,
    methods,
    rawPath: m.raw,
    pathTemplate,
    match: m.match,
    hosts,
    protocols,
    api,
    controls,
    at: ref(loc),
  };
  if (upstreams[0]) route.upstreamId = upstreams[0].id;
  return route;
}

/** proxy_pass and friends in this location (and its `if` blocks), recorded as upstreams. */
function upstreamsOf(ctx: Context, loc: NginxDirective, level: Level): Upstream[] {
  const out: Upstream[] = [];
  const passes = loc.block!.filter((d) => /^(proxy|grpc|fastcgi|uwsgi|scgi)_pass$/.test(d.name));
  for (const i of loc.block!) if (i.name === 'if' && i.block) passes.push(...i.block.filter((d) => /^(proxy|grpc|fastcgi|uwsgi|scgi)_pass$/.test(d.name)));
  for (const d of passes) {
    const u = upstreamFor(ctx, d, level);
    ctx.config.upstreams.push(u);
    out.push(u);
  }
  return out;
}

function resolveVariable(ctx: Context, text: string): string | undefined {
  const m = /^\$\{?(\w+)\}?/.exec(text);
  if (!m) return undefined;
  const values = ctx.vars.get(m[1]!);
  const literal = values?.find((v) => v.d.name === 'default' || v.d.name === 'set')?.value ?? values?.[0]?.value;
  return literal === undefined ? undefined : literal + text.slice(m[0].length);
}

function upstreamFor(ctx: Context, d: NginxDirective, level: Level): Upstream {
  const raw = d.args[0] ?? '';
  const kind = d.name.replace(/_pass$/, '');
  let parts = splitUrl(raw);
  const resolved = parts ? undefined : resolveVariable(ctx, raw);
  if (!parts && resolved) parts = splitUrl(resolved);
  if (!parts) {
    // fastcgi_pass host:port, grpc_pass host:port, a variable we cannot resolve.
    const hp = /^\$/.test(raw) ? { host: '' } : splitHostPort(raw);
    parts = { scheme: kind === 'proxy' ? '' : kind, host: hp.host, path: '' };
    if (hp.port !== undefined) parts.port = hp.port;
  }
  const u: Upstream = { id: `${d.file}#${d.pointer}`, url: raw, scheme: parts.scheme, host: parts.host, at: ref(d) };
  const block = ctx.upstreamBlocks.get(parts.host);
  if (block) {
    u.name = parts.host;
    const first = block.servers[0];
    if (first) {
      u.host = first.host;
      if (first.port !== undefined) u.port = first.port;
    }
  } else if (parts.port !== undefined) u.port = parts.port;
  if (resolved) u.name = resolved;

  const prefix = kind === 'proxy' ? 'proxy' : kind;
  if (parts.scheme === 'https' || parts.scheme === 'grpcs') {
    const verify = setting(level, `${prefix}_ssl_verify`);
    u.tlsVerify = verify
      ? { enabled: verify.d.args[0] === 'on', origin: verify.origin }
      : { enabled: false, origin: defaultOrigin(ref(d), `nginx ${prefix}_ssl_verify defaults to off: the upstream certificate is not verified`) };
  }
  const timeouts: { connectMs?: number; readMs?: number; writeMs?: number; origin: Origin } = {
    origin: defaultOrigin(ref(d), `nginx ${prefix}_connect_timeout, ${prefix}_read_timeout and ${prefix}_send_timeout default to 60s`),
  };
  let explicit: Origin | undefined;
  for (const [field, name] of [
    ['connectMs', 'connect_timeout'],
    ['readMs', 'read_timeout'],
    ['writeMs', 'send_timeout'],
  ] as const) {
    const t = setting(level, `${prefix}_${name}`);
    const ms = t ? parseDurationMs(t.d.args[0] ?? '') : undefined;
    timeouts[field] = ms ?? 60000;
    if (t && !explicit) explicit = t.origin;
  }
  if (explicit) timeouts.origin = explicit;
  u.timeouts = timeouts;

  // Upstream host taken from the request: an open proxy / SSRF sink.
  const hostPart = (raw.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '').split(PATH_VARIABLE)[0] ?? '';
  const viaSet = [...hostPart.matchAll(/\$\{?(\w+)\}?/g)].some((v) => (ctx.vars.get(v[1]!) ?? []).some((x) => HOST_FROM_REQUEST.test(x.value.split(PATH_VARIABLE)[0] ?? '')));
  if (HOST_FROM_REQUEST.test(hostPart) || viaSet) u.dynamicFromRequest = { expression: raw, at: ref(d) };
  return u;
}

function controlsOf(ctx: Context, level: Level, routeId: string, upstream: Upstream | undefined): { controls: RouteControls; methods: string[] } {
  const c = emptyControls();
  const s = ctx.config.settings;
  let methods: string[] = [];

  // Forwarded credentials: nginx passes the client's Authorization header on unless cleared.
  const headers = effective(level, 'proxy_set_header');
  const authHeader = headers?.items.filter((d) => /^authorization$/i.test(d.args[0] ?? '')).pop();
  const forwards = upstream ? !authHeader || (authHeader.args[1] ?? '') === '$http_authorization' : undefined;

  const authentication = authOf(level, forwards);
  c.authentication.push(...authentication);

  // Access rules and `satisfy any`.
  const access = effective(level, 'allow', 'deny');
  if (access) {
    const z: AuthzControl = {
      kind: 'allow-deny',
      allow: access.items.filter((d) => d.name === 'allow').map((d) => d.args[0] ?? ''),
      deny: access.items.filter((d) => d.name === 'deny').map((d) => d.args[0] ?? ''),
      details: { rules: access.items.map((d) => `${d.name} ${d.args.join(' ')}`) },
      origin: origin(access.level.scope, ref(access.items[0]!)),
    };
    c.authorization.push(z);
  }
  const satisfy = setting(level, 'satisfy');
  if (satisfy?.d.args[0] === 'any' && access && c.authentication.length) {
    for (const a of c.authentication) {
      a.allowsAnonymous = true;
      a.details.satisfy = 'any';
      a.details.allowedWithoutCredentials = access.items.filter((d) => d.name === 'allow').map((d) => d.args[0]);
    }
  }

  // limit_except: methods other than those listed get the block's access rules / auth.
  const limitExcept = level.byName.get('limit_except')?.find((d) => d.block);
  if (limitExcept) {
    const listed = limitExcept.args.map((m) => m.toUpperCase());
    if (listed.includes('GET') && !listed.includes('HEAD')) listed.push('HEAD');
    const inner = levelOf('location', limitExcept.block!, ref(limitExcept));
    const rules = limitExcept.block!.filter((d) => d.name === 'allow' || d.name === 'deny');
    const innerAuth = authOf(inner, forwards);
    c.authorization.push({
      kind: 'limit-except',
      allow: listed,
      deny: [],
      details: { otherMethods: { rules: rules.map((d) => `${d.name} ${d.args.join(' ')}`), authentication: innerAuth.map((a) => a.kind) } },
      origin: origin('location', ref(limitExcept)),
    });
    for (const a of innerAuth) {
      a.allowsAnonymous = true;
      a.details.onlyForMethodsOtherThan = listed;
      c.authentication.push(a);
    }
    if (rules.length === 1 && rules[0]!.name === 'deny' && rules[0]!.args[0] === 'all' && !innerAuth.length) methods = listed;
  }

  // Rate limits.
  const dry = setting(level, 'limit_req_dry_run');
  const limitReq = effective(level, 'limit_req');
  for (const d of limitReq?.items ?? []) {
    const zoneName = d.args.find((a) => a.startsWith('zone='))?.slice(5);
    const zone = zoneName ? ctx.reqZones.get(zoneName) : undefined;
    if (zoneName && !zone) ctx.config.problems.push({ message: `limit_req uses zone "${zoneName}", which no limit_req_zone defines`, at: ref(d) });
    const r: RateLimitControl = { kind: 'limit_req', unit: 'requests', enforced: dry?.d.args[0] !== 'on', origin: origin(limitReq!.level.scope, ref(d)) };
    if (zone?.rate) {
      r.limit = zone.rate.limit;
      r.windowSeconds = zone.rate.windowSeconds;
    }
    if (zone) {
      r.keyedBy = keyKind(zone.key);
      r.keyedAt = ref(zone.d);
    }
    if (!r.enforced) r.notEnforcedWhy = 'limit_req_dry_run is on: excess requests are only counted, never rejected';
    c.rateLimits.push(r);
  }
  const connDry = setting(level, 'limit_conn_dry_run');
  const limitConn = effective(level, 'limit_conn');
  for (const d of limitConn?.items ?? []) {
    const zone = ctx.connZones.get(d.args[0] ?? '');
    if (!zone) ctx.config.problems.push({ message: `limit_conn uses zone "${d.args[0] ?? ''}", which no limit_conn_zone defines`, at: ref(d) });
    const r: RateLimitControl = { kind: 'limit_conn', unit: 'connections', enforced: connDry?.d.args[0] !== 'on', origin: origin(limitConn!.level.scope, ref(d)) };
    const n = Number(d.args[1]);
    if (Number.isFinite(n)) r.limit = n;
    if (zone) r.keyedBy = keyKind(zone.key);
    if (!r.enforced) r.notEnforcedWhy = 'limit_conn_dry_run is on';
    c.rateLimits.push(r);
  }

  // Body size.
  const body = setting(level, 'client_max_body_size');
  if (body) {
    const bytes = parseSize(body.d.args[0] ?? '');
    c.sizeLimit = { maxBytes: bytes === 0 ? null : (bytes ?? null), origin: body.origin };
  } else c.sizeLimit = { maxBytes: 1048576, origin: defaultOrigin(level.at, 'nginx client_max_body_size defaults to 1m') };

  // Response headers: CORS and HSTS (add_header is inherited only by levels that set none).
  const added = effective(level, 'add_header');
  const headerIn = (items: NginxDirective[], name: string): NginxDirective | undefined => items.filter((d) => d.args[0]?.toLowerCase() === name).pop();
  const ifHeaders = [...(level.byName.get('if') ?? [])].flatMap((d) => (d.block ?? []).filter((x) => x.name === 'add_header'));
  const corsOrigin = headerIn(added?.items ?? [], 'access-control-allow-origin') ?? headerIn(ifHeaders, 'access-control-allow-origin');
  if (corsOrigin) {
    const value = corsOrigin.args[1] ?? '';
    const creds = headerIn([...(added?.items ?? []), ...ifHeaders], 'access-control-allow-credentials');
    const scope = added?.items.includes(corsOrigin) ? added.level.scope : 'location';
    // Echoing the request's Origin back admits every origin.
    const origins = /^\$(http_origin|\{http_origin\})$/.test(value) ? ['*'] : value.split(/\s+/).filter(Boolean);
    c.cors = { origins, credentials: (creds?.args[1] ?? '').toLowerCase() === 'true', origin: origin(scope, ref(corsOrigin)) };
  }
  const hsts = headerIn(added?.items ?? [], 'strict-transport-security');
  if (hsts) s[`route:${routeId}:strict-transport-security`] = { value: hsts.args[1] ?? '', origin: origin(added!.level.scope, ref(hsts)) };
  else {
    let dropped: NginxDirective | undefined;
    for (let l = added?.level.parent; l && !dropped; l = l.parent) dropped = headerIn(l.byName.get('add_header') ?? [], 'strict-transport-security');
    s[`route:${routeId}:strict-transport-security`] = {
      value: null,
      origin: dropped
        ? defaultOrigin(
            ref(added!.items[0]!),
            `this level's add_header replaces every add_header above it, so the Strict-Transport-Security set at ${dropped.file}:${dropped.line} does not apply here`,
          )
        : defaultOrigin(level.at, 'no add_header Strict-Transport-Security is in force here'),
    };
  }

  const autoindex = setting(level, 'autoindex');
  if (autoindex?.d.args[0] === 'on') s[`route:${routeId}:autoindex`] = { value: true, origin: autoindex.origin };

  // Logging.
  c.logging.push(...loggingOf(ctx, level));

  // AI provider upstreams.
  const provider = llmProviderOf(upstream?.host);
  if (upstream && provider) c.ai.push({ kind: 'llm-upstream', provider, providerHost: upstream.host, details: {}, origin: origin('location', upstream.at) });
  return { controls: c, methods };
}

function authOf(level: Level, forwards: boolean | undefined): AuthControl[] {
  const out: AuthControl[] = [];
  const add = (a: AuthControl): void => {
    if (forwards !== undefined && a.kind !== 'auth-request') a.forwardsCredentials = forwards;
    out.push(a);
  };
  const request = setting(level, 'auth_request');
  if (request && request.d.args[0] !== 'off') add({ kind: 'auth-request', details: { uri: request.d.args[0] }, origin: request.origin });
  const basic = setting(level, 'auth_basic');
  if (basic && basic.d.args[0] !== 'off') {
    const file = setting(level, 'auth_basic_user_file');
    add({ kind: 'basic', details: { realm: basic.d.args[0], userFile: file?.d.args[0] }, origin: basic.origin });
  }
  const jwt = setting(level, 'auth_jwt');
  if (jwt && jwt.d.args[0] !== 'off') {
    const token = jwt.d.args.find((a) => a.startsWith('token='))?.slice(6);
    const keyFile = setting(level, 'auth_jwt_key_file');
    const keyRequest = setting(level, 'auth_jwt_key_request');
    const a: AuthControl = {
      kind: 'jwt',
      details: { realm: jwt.d.args[0], token: token ?? 'Authorization: Bearer', keyFile: keyFile?.d.args[0], keyRequest: keyRequest?.d.args[0] },
      origin: jwt.origin,
    };
    if (token && /^\$\{?arg_/.test(token)) a.credentialsInQuery = true;
    add(a);
  }
  return out;
}

function keyKind(key: string): string {
  if (/^\$(binary_remote_addr|remote_addr|realip_remote_addr)$/.test(key)) return 'ip';
  if (/^\$(server_name|host|http_host)$/.test(key)) return 'host';
  if (/^\$http_(x_api_key|apikey|api_key|authorization)$/i.test(key)) return 'credential';
  if (/^\$http_/.test(key)) return 'header';
  if (/^\$cookie_/.test(key)) return 'cookie';
  if (/^\$arg_/.test(key)) return 'query';
  if (/^\$jwt_claim_/.test(key)) return 'claim';
  if (/^\$(request_uri|uri)$/.test(key)) return 'path';
  if (!key.includes('$')) return 'constant';
  return 'expression';
}

function loggingOf(ctx: Context, level: Level): LoggingControl[] {
  const logs = effective(level, 'access_log');
  if (!logs) {
    const combined: LoggingControl = {
      kind: 'access_log',
      capturesBodies: false,
      capturesHeaders: false,
      origin: defaultOrigin(level.at, 'access_log is not set: nginx writes logs/access.log in the combined format'),
    };
    return [combined];
  }
  const out: LoggingControl[] = [];
  for (const d of logs.items) {
    const target = d.args[0] ?? '';
    if (target === 'off') continue;
    const formatName = d.args[1] && !d.args[1].includes('=') ? d.args[1] : 'combined';
    const format = ctx.logFormats.get(formatName)?.format ?? '';
    const l: LoggingControl = {
      kind: target.startsWith('syslog:') ? 'syslog' : 'access_log',
      capturesBodies: /\$(request_body|response_body)/.test(format),
      capturesHeaders: /\$(http_authorization|http_cookie|http_x_api_key|cookie_|sent_http_set_cookie)/.test(format),
      origin: origin(logs.level.scope, ref(d)),
    };
    if (target.startsWith('syslog:')) {
      const server = /server=([^,]+)/.exec(target)?.[1];
      if (server) l.sink = server;
    }
    out.push(l);
  }
  return out;
}

function buildStreamListeners(ctx: Context, stream: NginxDirective): void {
  for (const s of stream.block!.filter((d) => d.name === 'server' && d.block)) {
    for (const d of s.block!.filter((x) => x.name === 'listen')) {
      const l = parseListen(d, false);
      const listener: Listener = { name: `stream:${l.port ?? l.host ?? ''}`, protocol: l.ssl ? 'tls' : 'tcp', hostnames: [], redirectsToHttps: false, at: ref(d) };
      if (l.host !== undefined) listener.host = l.host;
      if (l.port !== undefined) listener.port = l.port;
      ctx.config.listeners.push(listener);
    }
  }
}
