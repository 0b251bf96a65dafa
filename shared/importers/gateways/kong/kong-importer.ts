/**
 * Kong decK declarative configuration (YAML or JSON, `_format_version` 1.1/2.1/3.0): services →
 * upstreams, routes (nested under services or top-level) → one gateway route per path, consumers
 * and their credentials → secret hits, consumer groups, and plugins at global, service, route,
 * consumer and consumer-group scope. Per route the plugins in force follow Kong's precedence:
 * for each plugin name the most specific instance wins (route+service, then route, then service,
 * then global); consumer- and consumer-group-scoped instances are listed beside them with that
 * scope, because they apply only to those consumers.
 * Not read: kong.conf (listeners, admin_listen, global TLS) is not part of a decK file;
 * certificates/snis beyond private keys; custom entities; licences; RBAC.
 */
import type { GatewayConfig, GatewayRoute, Upstream } from '../../../model/gateway.js';
import { childPointer, type SourceRef } from '../../../model/source.js';
import type { FileAccess } from '../../file-access.js';
import { ImportError } from '../../import-error.js';
import { parseStructured } from '../../text/parse-structured.js';
import {
  copyControls,
  defaultPort,
  emptyControls,
  isTlsScheme,
  newConfig,
  normalizeMethods,
  origin,
  parseUrl,
  setSetting,
} from '../common/a-gateway-config.js';
import { asBool, asText, asTextList, isObj, NodeReader, type Obj } from '../common/a-node-reader.js';
import { ParsedSources } from '../common/a-parsed-sources.js';
import { looksLikeRegex, prefixTemplate, regexToTemplate, cleanPath } from '../common/a-path-template.js';
import { isClearTextSecret, redactSecretsInText, scanSecrets, urlHasCredentials, withoutUrlCredentials } from '../common/a-secrets.js';
import type { GatewayImport, GatewayImporter } from '../gateway-importer.js';
import { applyPlugin, type KongPlugin } from './kong-plugins.js';

/** Top-level keys of a decK file (used to recognise files that have no `_format_version`). */
const DECK_KEYS = new Set([
  '_format_version',
  '_transform',
  '_info',
  '_workspace',
  '_konnect',
  '_plugin_configs',
  'services',
  'routes',
  'consumers',
  'consumer_groups',
  'plugins',
  'upstreams',
  'targets',
  'certificates',
  'ca_certificates',
  'snis',
  'vaults',
  'licenses',
  'rbac_roles',
  'workspaces',
  'filter_chains',
  'custom_entities',
  'key_sets',
  'keys',
  'partials',
  'degraphql_routes',
  'graphql_ratelimiting_cost_decorations',
]);
const ENTITY_KEYS = ['services', 'routes', 'consumers', 'plugins', 'consumer_groups', 'upstreams'];
/** Consumer-scoped instances of one plugin listed on a route one by one, before one stands for all. */
const MAX_SUBJECTS_LISTED = 5;

export function sniffKongDeck(_file: string, head: string): boolean {
  const text = head.replace(/^\uFEFF/, '');
  const first = /^\s*(\S)/.exec(text)?.[1];
  if (first === '{' || first === '[') {
    if (first === '[') return false;
    if (/"_format_version"\s*:/.test(text)) return true;
    return /"(_workspace|_info|_konnect)"\s*:/.test(text) && /"(services|routes|consumers|plugins)"\s*:\s*\[/.test(text);
  }
  if (/^["']?_format_version["']?\s*:/m.test(text)) return true;
  const keys = [...text.matchAll(/^(?:"([^"\n]+)"|'([^'\n]+)'|([A-Za-z_][\w-]*))[ \t]*:(?=\s|$)/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
  if (!keys.length || !keys.every((k) => DECK_KEYS.has(k)) || !keys.some((k) => ENTITY_KEYS.includes(k))) return false;
  // In decK every entity key introduces a list; docker-compose's `services:` introduces a mapping.
  return keys.filter((k) => ENTITY_KEYS.includes(k)).every((k) => introducesList(text, k));
}

function introducesList(text: string, key: string): boolean {
  const m = new RegExp(`^["']?${key}["']?[ \\t]*:(.*)$`, 'm').exec(text);
  if (!m) return true;
  const rest = m[1]!.replace(/#.*$/, '').trim();
  if (rest !== '') return rest.startsWith('[') || rest === 'null' || rest === '~';
  for (const line of text.slice(m.index + m[0].length + 1).split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    return t.startsWith('-') || !/^\s/.test(line);
  }
  return true;
}

export const kongDeckImporter: GatewayImporter = {
  product: 'kong',
  label: 'Kong decK declarative config',
  sniff: sniffKongDeck,
  parse: parseKongDeck,
};

interface ServiceEntity {
  key: string;
  name: string;
  node: Obj;
  ptr: string;
  enabled: boolean;
  upstreamId?: string;
  tags: string[];
}

interface RouteEntity {
  key: string;
  label: string;
  node: Obj;
  ptr: string;
  serviceKey?: string;
}

const AUTH_PLUGINS = new Set([
  'key-auth',
  'key-auth-enc',
  'jwt',
  'oauth2',
  'basic-auth',
  'hmac-auth',
  'ldap-auth',
  'ldap-auth-advanced',
  'openid-connect',
  'mtls-auth',
  'oauth2-introspection',
  'vault-auth',
  'saml',
]);

export function parseKongDeck(file: string, files: FileAccess): GatewayImport {
  const text = files.readText(file);
  if (text === undefined) throw new ImportError(file, 'file not found');
  const sources = new ParsedSources();
  const doc = sources.add(parseStructured(text, file));
  const r = new NodeReader(sources, file);
  if (!isObj(doc.value)) throw sources.error(file, '', 'not a Kong decK declarative config: the document is not a mapping');
  const root: Obj = doc.value;
  const known = Object.keys(root).filter((k) => DECK_KEYS.has(k));
  if (!known.some((k) => ENTITY_KEYS.includes(k) || k === '_format_version'))
    r.fail('', `not a Kong decK declarative config: no services, routes, consumers or plugins (found: ${Object.keys(root).slice(0, 6).join(', ') || 'nothing'})`);

  const rawVersion = root._format_version;
  const version = typeof rawVersion === 'number' ? rawVersion.toFixed(1) : r.optText(root, '_format_version', '', '_format_version');
  const config = newConfig('kong', file, version ? `deck-${version}` : 'deck');
  const legacyRegex = version !== undefined && /^[12]\./.test(version);
  if (version) setSetting(config, 'kong.format_version', version, origin('global', r.ref('/_format_version')));
  const workspace = r.optText(root, '_workspace', '');
  if (workspace) setSetting(config, 'kong.workspace', workspace, origin('global', r.ref('/_workspace')));
  const info = r.optObj(root, '_info', '');
  if (info) {
    const tags = asTextList(info.select_tags);
    if (tags.length) setSetting(config, 'kong.select_tags', tags, origin('global', r.ref('/_info/select_tags')));
  }
  const sharedConfigs = r.optObj(root, '_plugin_configs', '') ?? {};

  const plugins: KongPlugin[] = [];
  const serviceRefs = new Map<string, ServiceEntity>();
  const routeRefs = new Map<string, RouteEntity>();
  const consumerRefs = new Map<string, string>();
  const groupRefs = new Map<string, string>();
  const services: ServiceEntity[] = [];
  const routes: RouteEntity[] = [];

  const refName = (v: unknown): string | undefined => {
    if (isObj(v)) return asText(v.name) ?? asText(v.id) ?? asText(v.username) ?? asText(v.custom_id);
    return asText(v);
  };
  const secret = (kind: string, where: string, at: SourceRef): void => {
    config.secrets.push({ kind, where, at });
  };

  // --- services and their nested routes
  r.list(root, 'services', '').forEach((s, i) => {
    const ptr = `/services/${i}`;
    const node = r.obj(s, ptr, `services[${i}]`);
    const name = r.optText(node, 'name', ptr) ?? r.optText(node, 'id', ptr) ?? `services[${i}]`;
    const svc: ServiceEntity = { key: `s${i}`, name, node, ptr, enabled: r.optBool(node, 'enabled', ptr) ?? true, tags: r.textList(node, 'tags', ptr) };
    services.push(svc);
    for (const ref of [asText(node.name), asText(node.id)]) if (ref) serviceRefs.set(ref, svc);
    r.list(node, 'routes', ptr).forEach((rt, j) => {
      const rptr = `${ptr}/routes/${j}`;
      const rnode = r.obj(rt, rptr, `services[${i}].routes[${j}]`);
      routes.push({ key: `${svc.key}r${j}`, label: asText(rnode.name) ?? asText(rnode.id) ?? `${name}.routes[${j}]`, node: rnode, ptr: rptr, serviceKey: svc.key });
    });
  });
  // --- top-level routes
  r.list(root, 'routes', '').forEach((rt, j) => {
    const rptr = `/routes/${j}`;
    const rnode = r.obj(rt, rptr, `routes[${j}]`);
    const route: RouteEntity = { key: `r${j}`, label: asText(rnode.name) ?? asText(rnode.id) ?? `routes[${j}]`, node: rnode, ptr: rptr };
    if (rnode.service !== undefined && rnode.service !== null) {
      const ref = refName(rnode.service);
      const svc = ref === undefined ? undefined : serviceRefs.get(ref);
      if (svc) route.serviceKey = svc.key;
      else config.problems.push({ message: `route "${route.label}" names service "${ref ?? '?'}", which is not in the file`, at: r.ref(rptr, 'service') });
    }
    routes.push(route);
  });
  for (const rt of routes) for (const ref of [asText(rt.node.name), asText(rt.node.id)]) if (ref) routeRefs.set(ref, rt);

  // --- consumers, consumer groups, credentials
  const consumerSummaries: Record<string, unknown>[] = [];
  const consumers = r.list(root, 'consumers', '');
  consumers.forEach((c, i) => {
    const ptr = `/consumers/${i}`;
    const node = r.obj(c, ptr, `consumers[${i}]`);
    const username = r.optText(node, 'username', ptr) ?? r.optText(node, 'custom_id', ptr) ?? r.optText(node, 'id', ptr) ?? `consumers[${i}]`;
    for (const ref of [asText(node.username), asText(node.id), asText(node.custom_id)]) if (ref) consumerRefs.set(ref, `c${i}`);
    const credentialKinds: string[] = [];
    const creds: [string, string, string, string][] = [
      ['keyauth_credentials', 'key', 'consumer-key', 'key-auth'],
      ['jwt_secrets', 'secret', 'jwt-secret', 'jwt'],
      ['basicauth_credentials', 'password', 'basic-auth-password', 'basic-auth'],
      ['hmacauth_credentials', 'secret', 'hmac-secret', 'hmac-auth'],
      ['oauth2_credentials', 'client_secret', 'client-secret', 'oauth2'],
      ['mtls_auth_credentials', '', '', 'mtls-auth'],
    ];
    for (const [listKey, field, kind, credKind] of creds) {
      const items = r.list(node, listKey, ptr, `consumers[${i}].${listKey}`);
      if (items.length) credentialKinds.push(credKind);
      items.forEach((item, k) => {
        const iptr = `${ptr}/${listKey}/${k}`;
        const cred = r.obj(item, iptr, `consumers[${i}].${listKey}[${k}]`);
        if (field && isClearTextSecret(cred[field])) secret(kind, `consumer "${username}" ${listKey}[${k}].${field}`, r.ref(iptr, field));
      });
    }
    const aclGroups = r.list(node, 'acls', ptr).map((a) => (isObj(a) ? asText(a.group) : asText(a))).filter((g): g is string => !!g);
    const groups = r.list(node, 'groups', ptr).map(refName).filter((g): g is string => !!g);
    consumerSummaries.push({ username, credentials: credentialKinds, aclGroups, consumerGroups: groups });
    r.list(node, 'plugins', ptr).forEach((p, k) => plugins.push(readPlugin(p, `${ptr}/plugins/${k}`, { consumer: `c${i}` }, `consumer "${username}"`)));
  });
  const groupSummaries: Record<string, unknown>[] = [];
  r.list(root, 'consumer_groups', '').forEach((g, i) => {
    const ptr = `/consumer_groups/${i}`;
    const node = r.obj(g, ptr, `consumer_groups[${i}]`);
    const name = r.optText(node, 'name', ptr) ?? r.optText(node, 'id', ptr) ?? `consumer_groups[${i}]`;
    for (const ref of [asText(node.name), asText(node.id)]) if (ref) groupRefs.set(ref, `g${i}`);
    groupSummaries.push({ name, consumers: r.list(node, 'consumers', ptr).map(refName).filter((x): x is string => !!x) });
    r.list(node, 'plugins', ptr).forEach((p, k) => plugins.push(readPlugin(p, `${ptr}/plugins/${k}`, { consumerGroup: `g${i}` }, `consumer group "${name}"`)));
  });
  if (consumerSummaries.length) setSetting(config, 'kong.consumers', consumerSummaries, origin('consumer', r.ref('/consumers')));
  if (groupSummaries.length) setSetting(config, 'kong.consumer_groups', groupSummaries, origin('consumer-group', r.ref('/consumer_groups')));

  // --- plugins nested under services and routes, then top-level plugins
  for (const svc of services)
    r.list(svc.node, 'plugins', svc.ptr).forEach((p, k) => plugins.push(readPlugin(p, `${svc.ptr}/plugins/${k}`, { service: svc.key }, `service "${svc.name}"`)));
  for (const rt of routes) r.list(rt.node, 'plugins', rt.ptr).forEach((p, k) => plugins.push(readPlugin(p, `${rt.ptr}/plugins/${k}`, { route: rt.key }, `route "${rt.label}"`)));
  r.list(root, 'plugins', '').forEach((p, k) => plugins.push(readPlugin(p, `/plugins/${k}`, {}, 'global')));
  const active = plugins.filter((p) => p.enabled && !p.unresolved);
  for (const p of active)
    if ((p.scope.consumer || p.scope.consumerGroup) && AUTH_PLUGINS.has(p.name))
      config.problems.push({ message: `${p.owner} has an authentication plugin (${p.name}); Kong does not run authentication plugins scoped to consumers, so it protects nothing`, at: p.at });
  // Plugins indexed by what they attach to, so that a route only looks at those that can apply to it;
  // consumer-scoped ones apart (they apply to their consumers only).
  const index = () => ({ global: [] as KongPlugin[], service: new Map<string, KongPlugin[]>(), route: new Map<string, KongPlugin[]>() });
  const general = index();
  const subject = index();
  for (const p of active) {
    if ((p.scope.consumer || p.scope.consumerGroup) && AUTH_PLUGINS.has(p.name)) continue;
    const target = p.scope.consumer || p.scope.consumerGroup ? subject : general;
    const [map, key] = p.scope.route ? [target.route, p.scope.route] : p.scope.service ? [target.service, p.scope.service] : [undefined, ''];
    if (!map) target.global.push(p);
    else {
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      list.push(p);
    }
  }
  const subjectBase = new Map<string, Map<string, KongPlugin>>();
  const subjectSummary = new Map<string, Effective[]>();
  const disabled = plugins.filter((p) => !p.enabled).map((p) => ({ plugin: p.name, owner: p.owner }));
  if (disabled.length) setSetting(config, 'kong.disabled_plugins', disabled, origin('global', r.ref('')));

  // --- certificates, vaults: private keys and secrets in clear text
  r.list(root, 'certificates', '').forEach((c, i) => {
    const ptr = `/certificates/${i}`;
    const node = r.obj(c, ptr, `certificates[${i}]`);
    const id = asText(node.id) ?? String(i);
    for (const field of ['key', 'key_alt']) if (isClearTextSecret(node[field])) secret('private-key', `certificate "${id}" ${field}`, r.ref(ptr, field));
  });
  r.list(root, 'vaults', '').forEach((v, i) => {
    const node = r.obj(v, `/vaults/${i}`, `vaults[${i}]`);
    scanSecrets(node.config, r.ref(`/vaults/${i}`, 'config'), `vault "${asText(node.prefix) ?? asText(node.name) ?? i}" config`, (h) => config.secrets.push(h));
  });
  const upstreamEntities = r.list(root, 'upstreams', '').map((u, i) => {
    const node = r.obj(u, `/upstreams/${i}`, `upstreams[${i}]`);
    return { name: asText(node.name) ?? `upstreams[${i}]`, targets: r.list(node, 'targets', `/upstreams/${i}`).map((t) => (isObj(t) ? asText(t.target) : asText(t)) ?? '') };
  });
  if (upstreamEntities.length) setSetting(config, 'kong.upstreams', upstreamEntities, origin('global', r.ref('/upstreams')));

  // --- upstreams of services
  for (const svc of services) {
    const up = serviceUpstream(svc, r, upstreamEntities, config);
    if (up) {
      config.upstreams.push(up);
      svc.upstreamId = up.id;
    }
  }

  // --- routes with their effective plugins
  const unmapped = new Set<string>();
  const duplicates = new Set<KongPlugin>();
  const serviceByKey = new Map(services.map((s) => [s.key, s]));
  const usedIds = new Set<string>();
  for (const rt of routes) {
    const svc = rt.serviceKey ? serviceByKey.get(rt.serviceKey) : undefined;
    if (svc && !svc.enabled) {
      config.problems.push({ message: `service "${svc.name}" is disabled (enabled: false): route "${rt.label}" is not proxied and was not listed`, at: r.ref(svc.ptr, 'enabled') });
      continue;
    }
    const protocolsSet = r.textList(rt.node, 'protocols', rt.ptr).map((p) => p.toLowerCase());
    const protocols = protocolsSet.length ? protocolsSet : ['http', 'https'];
    const controls = emptyControls();
    const dynamic: { expression: string; at: SourceRef }[] = [];
    for (const { plugin, scope, subject } of effectivePlugins(rt, svc?.key, protocols)) {
      const place = subject ? { scope, subject } : { scope };
      if (!applyPlugin(plugin, place, controls)) unmapped.add(plugin.name);
      const dyn = dynamicUpstream(plugin);
      if (dyn) dynamic.push(dyn);
    }
    let upstreamId = svc?.upstreamId;
    if (dynamic.length && svc?.upstreamId) {
      const base = config.upstreams.find((u) => u.id === svc.upstreamId)!;
      const id = `${base.id}#dynamic:${rt.label}`;
      config.upstreams.push({ ...base, id, dynamicFromRequest: dynamic[0]! });
      upstreamId = id;
    }
    const paths = routePaths(rt, r, legacyRegex);
    const hosts = r.textList(rt.node, 'hosts', rt.ptr);
    const methods = normalizeMethods(r.textList(rt.node, 'methods', rt.ptr).concat(paths.methods));
    const tags = r.textList(rt.node, 'tags', rt.ptr).concat(svc?.tags ?? []);
    const version = tags.map((t) => /^version[:=](.+)$/i.exec(t)?.[1]).find((v) => v !== undefined);
    const redirect = r.optNumber(rt.node, 'https_redirect_status_code', rt.ptr);
    paths.list.forEach((p, k) => {
      let id = rt.label;
      if (paths.list.length > 1) id = `${id}#${k}`;
      while (usedIds.has(id)) id = `${id}'`;
      usedIds.add(id);
      const route: GatewayRoute = {
        id,
        name: rt.label,
        methods,
        rawPath: p.raw,
        pathTemplate: p.template,
        match: p.match,
        hosts,
        protocols,
        controls: k === 0 ? controls : copyControls(controls),
        at: r.ref(rt.ptr),
        protocolsOrigin: protocolsSet.length
          ? origin('route', r.ref(rt.ptr, 'protocols'))
          : origin('default', r.ref(rt.ptr), 'Kong route protocols defaults to ["http", "https"] (plain http is served; https_redirect_status_code applies only when http is removed)'),
        details: {
          httpsRedirectStatusCode: redirect ?? 426,
          stripPath: asBool(rt.node.strip_path) ?? true,
          preserveHost: asBool(rt.node.preserve_host) ?? false,
          ...(p.note ? { pathNote: p.note } : {}),
        },
      };
      if (svc) {
        route.api = svc.name;
        route.container = { scope: 'service', name: svc.name, at: r.ref(svc.ptr) };
      }
      if (upstreamId) route.upstreamId = upstreamId;
      if (version) route.version = version;
      config.routes.push(route);
    });
  }
  if (unmapped.size) setSetting(config, 'kong.other_plugins', [...unmapped].sort(), origin('global', r.ref('')));

  // --- secrets in plugin configs (every scope, enabled or not: the value sits in the file either way)
  for (const p of plugins) {
    scanSecrets(p.config, childRefOf(p.at, 'config'), `${p.owner} plugin ${p.name} config`, (h) => config.secrets.push(h));
    if (p.name === 'ai-prompt-decorator' || p.name === 'ai-prompt-template') {
      const texts: [string, unknown][] = [];
      const prompts = isObj(p.config.prompts) ? p.config.prompts : {};
      for (const side of ['prepend', 'append'])
        if (Array.isArray(prompts[side])) (prompts[side] as unknown[]).forEach((m, i) => texts.push([`prompts/${side}/${i}/content`, isObj(m) ? m.content : undefined]));
      if (Array.isArray(p.config.templates)) p.config.templates.forEach((t, i) => texts.push([`templates/${i}/template`, isObj(t) ? t.template : undefined]));
      for (const [rel, value] of texts)
        if (typeof value === 'string' && redactSecretsInText(value).found)
          secret('secret-in-prompt', `${p.owner} plugin ${p.name} ${rel.replace(/\//g, '.')}`, { file, pointer: `${p.at.pointer}/config/${rel}` });
    }
  }

  config.files = sources.files;
  return { config, sources };

  function readPlugin(p: unknown, ptr: string, scope: KongPlugin['scope'], owner: string): KongPlugin {
    const node = r.obj(p, ptr, 'a plugin');
    const name = r.optText(node, 'name', ptr);
    if (!name) throw sources.error(file, ptr, `plugin of ${owner} has no name`);
    let cfg = r.optObj(node, 'config', ptr, `plugin ${name} config`) ?? {};
    const shared = asText(node._config);
    if (shared && isObj(sharedConfigs[shared])) cfg = { ...(sharedConfigs[shared] as Obj), ...cfg };
    const out: KongPlugin = {
      name,
      config: cfg,
      enabled: r.optBool(node, 'enabled', ptr) ?? true,
      at: r.ref(ptr),
      owner,
      scope: { ...scope },
    };
    const protocols = r.textList(node, 'protocols', ptr);
    if (protocols.length) out.protocols = protocols.map((x) => x.toLowerCase());
    // Top-level (and nested) plugins may name the entities they attach to.
    const links: [keyof KongPlugin['scope'], string, Map<string, unknown>][] = [
      ['service', 'service', serviceRefs],
      ['route', 'route', routeRefs],
      ['consumer', 'consumer', consumerRefs],
      ['consumerGroup', 'consumer_group', groupRefs],
    ];
    for (const [slot, field, map] of links) {
      if (node[field] === undefined || node[field] === null) continue;
      const ref = refName(node[field]);
      const target = ref === undefined ? undefined : map.get(ref);
      if (target === undefined) {
        config.problems.push({ message: `plugin ${name} of ${owner} names ${field.replace('_', ' ')} "${ref ?? '?'}", which is not in the file; it was not applied`, at: r.ref(ptr, field) });
        out.unresolved = true;
        continue;
      }
      const key = typeof target === 'string' ? target : (target as { key: string }).key;
      out.scope[slot] = key;
      const label = field === 'consumer_group' ? 'consumer group' : field;
      out.owner = owner === 'global' ? `${label} "${ref}"` : `${owner} + ${label} "${ref}"`;
    }
    return out;
  }

  /** The plugins in force on a route, with Kong's precedence applied per plugin name. */
  function effectivePlugins(rt: RouteEntity, serviceKey: string | undefined, protocols: string[]): Effective[] {
    const svc = serviceKey ? (general.service.get(serviceKey) ?? []) : [];
    const own = general.route.get(rt.key) ?? [];
    const best = bestOf([...general.global, ...svc, ...own], rt.key, serviceKey, protocols, new Map());
    const out: Effective[] = [...best.values()].map((plugin) => ({ plugin, scope: plugin.scope.route ? 'route' : plugin.scope.service ? 'service' : 'global', subject: undefined }));
    const extra = [...(serviceKey ? (subject.service.get(serviceKey) ?? []) : []), ...(subject.route.get(rt.key) ?? [])];
    const protoKey = protocols.join(',');
    let base = subjectBase.get(protoKey);
    if (!base) subjectBase.set(protoKey, (base = bestOf(subject.global, undefined, undefined, protocols, new Map())));
    if (!extra.length) {
      let summary = subjectSummary.get(protoKey);
      if (!summary) subjectSummary.set(protoKey, (summary = summarize(base)));
      return out.concat(summary);
    }
    return out.concat(summarize(bestOf(extra, rt.key, serviceKey, protocols, new Map(base))));
  }

  /** For each plugin name (and consumer / group), the most specific instance among the candidates. */
  function bestOf(candidates: KongPlugin[], routeKey: string | undefined, serviceKey: string | undefined, protocols: string[], best: Map<string, KongPlugin>): Map<string, KongPlugin> {
    for (const p of candidates) {
      if (p.scope.route && p.scope.route !== routeKey) continue;
      if (p.scope.service && p.scope.service !== serviceKey) continue;
      if (p.protocols && !p.protocols.some((x) => protocols.includes(x))) continue;
      const key = pluginKey(p);
      const known = best.get(key);
      if (known && rank(p) === rank(known) && !duplicates.has(p)) {
        duplicates.add(p);
        config.problems.push({ message: `plugin ${p.name} is declared twice for ${p.owner}; Kong refuses duplicate plugins, so which one applies is undefined (the first was used)`, at: p.at });
      }
      if (!known || rank(p) > rank(known)) best.set(key, p);
    }
    return best;
  }

  /**
   * Consumer-scoped instances of one plugin are listed one by one up to a few; beyond that one
   * stands for all of them (thousands of consumers must not multiply every route's controls).
   */
  function summarize(best: Map<string, KongPlugin>): Effective[] {
    const groups = new Map<string, KongPlugin[]>();
    for (const p of best.values()) {
      const key = `${p.scope.consumer ? 'consumer' : 'consumer-group'}\n${p.name}`;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(p);
    }
    const out: Effective[] = [];
    for (const [key, list] of groups) {
      const scope = key.split('\n')[0] as 'consumer' | 'consumer-group';
      if (list.length <= MAX_SUBJECTS_LISTED) for (const plugin of list) out.push({ plugin, scope, subject: plugin.owner });
      else {
        const names = list.slice(0, MAX_SUBJECTS_LISTED).map((p) => p.owner.replace(/^consumer (group )?/, ''));
        out.push({ plugin: list[0]!, scope, subject: `${list.length} ${scope === 'consumer' ? 'consumers' : 'consumer groups'} (${names.join(', ')}, …)` });
      }
    }
    return out;
  }
}

function childRefOf(at: SourceRef, key: string): SourceRef {
  return { file: at.file, pointer: childPointer(at.pointer, key) };
}

/** The upstream a service proxies to: its `url`, or protocol/host/port/path. */
function serviceUpstream(svc: ServiceEntity, r: NodeReader, entities: { name: string; targets: string[] }[], config: GatewayConfig): Upstream | undefined {
  const node = svc.node;
  const url = r.optText(node, 'url', svc.ptr);
  const parsed = url ? parseUrl(url) : undefined;
  if (url && !parsed) config.problems.push({ message: `service "${svc.name}" url "${url}" is not a URL`, at: r.ref(svc.ptr, 'url') });
  const scheme = (r.optText(node, 'protocol', svc.ptr) ?? parsed?.scheme ?? 'http').toLowerCase();
  const host = r.optText(node, 'host', svc.ptr) ?? parsed?.host;
  if (!host) {
    config.problems.push({ message: `service "${svc.name}" has neither url nor host`, at: r.ref(svc.ptr) });
    return undefined;
  }
  const port = r.optNumber(node, 'port', svc.ptr) ?? parsed?.port ?? (url ? defaultPort(scheme) : 80);
  const path = r.optText(node, 'path', svc.ptr) ?? (parsed && parsed.path !== '/' ? parsed.path : '');
  if (urlHasCredentials(url)) config.secrets.push({ kind: 'url-credentials', where: `service "${svc.name}" url`, at: r.ref(svc.ptr, 'url') });
  const up: Upstream = {
    id: `service:${svc.name}`,
    name: svc.name,
    url: url ? withoutUrlCredentials(url) : `${scheme}://${host}${port !== undefined ? `:${port}` : ''}${path}`,
    scheme,
    host,
    at: r.ref(svc.ptr),
  };
  if (port !== undefined) up.port = port;
  if (isTlsScheme(scheme)) {
    const verify = r.optBool(node, 'tls_verify', svc.ptr);
    up.tlsVerify =
      verify === undefined
        ? {
            enabled: false,
            origin: origin('default', r.ref(svc.ptr), 'Kong service tls_verify is unset: it falls back to the global setting (NGINX proxy_ssl_verify, off by default), so the upstream certificate is not verified'),
          }
        : { enabled: verify, origin: origin('service', r.ref(svc.ptr, 'tls_verify')) };
  }
  const t = { connect: r.optNumber(node, 'connect_timeout', svc.ptr), read: r.optNumber(node, 'read_timeout', svc.ptr), write: r.optNumber(node, 'write_timeout', svc.ptr) };
  const unset = Object.entries(t).filter(([, v]) => v === undefined).map(([k]) => `${k}_timeout`);
  const note = unset.length ? `Kong service ${unset.join(', ')} default${unset.length === 1 ? 's' : ''} to 60000 ms` : undefined;
  up.timeouts = {
    connectMs: t.connect ?? 60000,
    readMs: t.read ?? 60000,
    writeMs: t.write ?? 60000,
    origin: unset.length === 3 ? origin('default', r.ref(svc.ptr), note) : origin('service', r.ref(svc.ptr), note),
  };
  const entity = entities.find((e) => e.name === host);
  up.details = {
    retries: asText(node.retries) !== undefined ? Number(node.retries) : 5,
    ...(entity ? { kongUpstream: entity.name, targets: entity.targets } : {}),
    ...(node.client_certificate !== undefined ? { clientCertificate: true } : {}),
    ...(node.ca_certificates !== undefined ? { caCertificates: asTextList(node.ca_certificates) } : {}),
  };
  return up;
}

type Effective = { plugin: KongPlugin; scope: 'consumer' | 'consumer-group' | 'route' | 'service' | 'global'; subject: string | undefined };

/** Kong's precedence: route+service, then route, then service, then global (consumer scope aside). */
function rank(p: KongPlugin): number {
  return (p.scope.route ? 2 : 0) + (p.scope.service ? 1 : 0);
}

/** A plugin's identity for precedence: its name and the consumer or group it is scoped to. */
function pluginKey(p: KongPlugin): string {
  if (p.key === undefined) {
    const who = p.scope.consumer ? `c:${p.scope.consumer}` : p.scope.consumerGroup ? `g:${p.scope.consumerGroup}` : '';
    p.key = `${p.name}\n${who}`;
  }
  return p.key;
}

interface RoutePath {
  raw: string;
  template: string;
  match: GatewayRoute['match'];
  note?: string;
}

/** Paths of a route (or of its `expression`), each as a template; `/` prefix when it has none. */
function routePaths(rt: RouteEntity, r: NodeReader, legacyRegex: boolean): { list: RoutePath[]; methods: string[] } {
  const list: RoutePath[] = [];
  const methods: string[] = [];
  for (const raw of r.textList(rt.node, 'paths', rt.ptr)) {
    const isRegex = raw.startsWith('~') || (legacyRegex && looksLikeRegex(raw));
    if (isRegex) {
      const t = regexToTemplate(raw.replace(/^~/, ''));
      const p: RoutePath = { raw, template: t.template, match: 'regex' };
      if (!t.converted) p.note = 'regex path not fully convertible; template is its literal prefix';
      list.push(p);
    } else list.push({ raw, template: prefixTemplate(raw), match: 'prefix' });
  }
  const expression = r.optText(rt.node, 'expression', rt.ptr);
  if (expression) {
    for (const m of expression.matchAll(/http\.path\s*(==|\^=|~)\s*(?:r#)?"([^"]*)"/g)) {
      const [, op, value] = m as unknown as [string, string, string];
      if (op === '==') list.push({ raw: value, template: cleanPath(value), match: 'exact' });
      else if (op === '^=') list.push({ raw: value, template: prefixTemplate(value), match: 'prefix' });
      else list.push({ raw: value, template: regexToTemplate(value).template, match: 'regex' });
    }
    for (const m of expression.matchAll(/http\.method\s*==\s*"([A-Za-z]+)"/g)) methods.push(m[1]!);
  }
  if (!list.length) list.push({ raw: '/', template: '/{*}', match: 'prefix' });
  return { list, methods };
}

/** A serverless function that picks the upstream from request data (SSRF / open proxy). */
function dynamicUpstream(p: KongPlugin): { expression: string; at: SourceRef } | undefined {
  if (p.name === 'route-transformer-advanced') {
    const host = asText(p.config.host);
    if (host && /\$\((headers|query_params|uri_captures)/.test(host)) return { expression: `host = ${host}`, at: childRefOf(childRefOf(p.at, 'config'), 'host') };
    return undefined;
  }
  if (!['pre-function', 'post-function', 'serverless-functions'].includes(p.name)) return undefined;
  for (const [phase, code] of Object.entries(p.config)) {
    for (const snippet of asTextList(code)) {
      const setsTarget = /kong\.service\.set_(target|upstream)|kong\.service\.request\.set_host|ngx\.var\.upstream_(host|uri)|ngx\.ctx\.balancer/.test(snippet);
      const readsRequest = /kong\.request\.get_(header|headers|query|query_arg|path|raw_body|body)|ngx\.var\.(arg_|http_)|ngx\.req\.get_(headers|uri_args)/.test(snippet);
      if (setsTarget && readsRequest) {
        const line = snippet.split('\n').find((l) => /set_(target|upstream|host)|upstream_/.test(l))?.trim() ?? snippet.slice(0, 120);
        return { expression: `${p.name} ${phase}: ${line.slice(0, 200)}`, at: childRefOf(childRefOf(p.at, 'config'), phase) };
      }
    }
  }
  return undefined;
}

