/**
 * Joins the endpoints of every spec and gateway of a run.
 *
 * A documented operation and a gateway route name the same endpoint when:
 * - the methods agree (a route without methods proxies every method: `*`);
 * - the paths agree, parameter names aside: the route's template equals the documented path,
 *   or matches it segment by segment with a parameter on one side (`template`), or is a prefix
 *   route above it (`/v2/{*}` exposes every documented `/v2/...` operation);
 * - either as documented or with a spec server's base path in front (a spec whose server is
 *   `https://api.x.com/v2` documents `/users`, which the gateway routes as `/v2/users`);
 * - and the hosts agree when both sides state them: when a spec's server hosts appear among a
 *   gateway's hosts, that gateway's routes with hosts only match operations served on one of
 *   them (so a `beta.` host route is not the documented production endpoint). Local and
 *   placeholder hosts (`localhost`, `example.com`) state nothing.
 *
 * Every route lands somewhere: on each documented endpoint it matches, and on an endpoint of its
 * own (documented by nobody) for each of its methods that matches none.
 */
import type { GatewayConfig, GatewayRoute } from '../model/gateway.js';
import type { SpecModel } from '../model/spec.js';
import type { DocumentedOperation, ExposingRoute, Inventory, InventoryEndpoint, InventoryLink, RouteMatch } from './inventory.js';
import { sourceKey } from '../model/source.js';
import { hostsMatch, isPlaceholderHost, literalAnchorsOf, literalSegments, matchSegments, pathKey, routePrefix, segmentsOf, splitServerUrl } from './path-match.js';

export { pathKey } from './path-match.js';

/** The documented operations of a spec model, in the inventory's form. */
export function documentedOperations(spec: SpecModel): DocumentedOperation[] {
  return spec.operations.map((op) => {
    const d: DocumentedOperation = {
      spec: spec.file,
      endpoint: op.endpoint,
      method: op.method.toUpperCase(),
      path: op.path,
      auth: op.auth,
      security: op.security,
      deprecated: op.deprecated,
      servers: op.servers.map((s) => withVariableDefaults(s.url, s.node)),
      at: op.at,
      operation: op,
    };
    if (op.operationId !== undefined) d.operationId = op.operationId;
    return d;
  });
}

/** A server URL with its variables replaced by their defaults (`https://{env}.x.com/{v}` → `https://api.x.com/v2`). */
function withVariableDefaults(url: string, node: Record<string, unknown>): string {
  const vars = node.variables;
  if (vars === null || typeof vars !== 'object') return url;
  return url.replace(/\{([^}]*)\}/g, (whole, name: string) => {
    const v = (vars as Record<string, unknown>)[name];
    const d = v !== null && typeof v === 'object' ? (v as Record<string, unknown>).default : undefined;
    return typeof d === 'string' && d !== '' ? d : whole;
  });
}

export function buildInventory(specs: readonly SpecModel[], gateways: readonly GatewayConfig[]): Inventory {
  return joinInventory(specs.flatMap(documentedOperations), gateways);
}

interface Candidate {
  endpoint: InventoryEndpoint;
  doc: DocumentedOperation;
  /** The documented path, or a server base path + the documented path. */
  path: string;
  /** `path` split into segments, once. */
  segments: string[];
  basePath?: string;
  hosts: string[];
}

/** The order `localeCompare` gives, with one collator built once instead of one lookup per comparison. */
const COLLATOR = new Intl.Collator();

const MATCH_RANK: Record<RouteMatch, number> = { exact: 3, template: 2, prefix: 1, none: 0 };


function methodsOf(route: GatewayRoute): string[] {
  const methods = [...new Set(route.methods.map((m) => m.toUpperCase()))];
  return methods.length === 0 || methods.includes('*') || methods.includes('ANY') ? ['*'] : methods;
}

/** How specific a route is for an endpoint; compared element by element, higher wins. */
function specificity(e: ExposingRoute): number[] {
  const { prefix } = routePrefix(e.route.pathTemplate, e.route.match);
  return [
    MATCH_RANK[e.match],
    literalSegments(prefix),
    prefix.split('/').filter((s) => s !== '').length,
    methodsOf(e.route)[0] === '*' ? 0 : 1,
    e.route.hosts.length ? 1 : 0,
  ];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

export function joinInventory(documented: readonly DocumentedOperation[], gateways: readonly GatewayConfig[]): Inventory {
  const byKey = new Map<string, InventoryEndpoint>();
  const endpointFor = (method: string, path: string, at: InventoryEndpoint['at'], hosts: readonly string[] = []): InventoryEndpoint => {
    const key = `${method} ${pathKey(path)}${hosts.length ? ` @${[...hosts].sort().join(',')}` : ''}`;
    let e = byKey.get(key);
    if (!e) {
      e = { method, path, endpoint: `${method} ${path}`, documented: [], exposed: [], at };
      if (hosts.length) e.hosts = [...hosts].sort();
      byKey.set(key, e);
    }
    return e;
  };

  // Documented endpoints, and the candidate paths a route may match them by, indexed by first segment.
  const candidates: Candidate[] = [];
  const specHosts = new Map<string, Set<string>>();
  for (const doc of documented) {
    const endpoint = endpointFor(doc.method, doc.path, doc.at);
    endpoint.documented.push(doc);
    const servers = doc.servers.map(splitServerUrl);
    const hosts = [...new Set(servers.map((s) => s.host).filter((h): h is string => h !== undefined && !isPlaceholderHost(h)))];
    let known = specHosts.get(doc.spec);
    if (!known) specHosts.set(doc.spec, (known = new Set()));
    for (const h of hosts) known.add(h);
    candidates.push({ endpoint, doc, path: doc.path, segments: segmentsOf(doc.path), hosts });
    for (const base of new Set(servers.map((s) => s.basePath))) {
      // A base path still holding a variable says nothing about where the gateway routes it.
      if (base === '' || base.includes('{')) continue;
      const path = `${base}/${doc.path.replace(/^\/+/, '')}`;
      candidates.push({ endpoint, doc, path, segments: segmentsOf(path), basePath: base, hosts });
    }
  }
  // Routes an importer read from a spec operation (AWS and Tyk OAS exports, APIM API specifications) sit at that operation.
  const byPlace = new Map<string, Candidate>();
  for (const c of candidates) if (c.basePath === undefined) byPlace.set(sourceKey(c.doc.at), c);
  // Candidates indexed by (position, literal segment); parameter segments under (position, `{}`). A route is compared
  // only with the candidates that agree with its most selective literal segment, which keeps 5,000 routes against a
  // large spec fast.
  const index = new Map<string, Candidate[]>();
  const push = (key: string, c: Candidate): void => {
    let list = index.get(key);
    if (!list) index.set(key, (list = []));
    list.push(c);
  };
  for (const c of candidates) c.segments.forEach((seg, i) => push(`${i}\0${seg.includes('{') ? '{}' : seg}`, c));
  const candidatesFor = (segments: readonly string[]): Candidate[] => {
    let best: Candidate[] | undefined;
    segments.forEach((seg, i) => {
      if (seg.includes('{')) return;
      const literal = index.get(`${i}\0${seg}`) ?? [];
      const params = index.get(`${i}\0{}`) ?? [];
      if (!best || literal.length + params.length < best.length) best = params.length ? [...literal, ...params] : literal;
    });
    return best ?? candidates;
  };

  const shared = new Map<string, { link: InventoryLink; endpoints: Set<InventoryEndpoint> }>();
  const linkOf = (spec: string, gateway: string, api: string | undefined): { link: InventoryLink; endpoints: Set<InventoryEndpoint> } => {
    const key = `${spec}\0${gateway}\0${api ?? ''}`;
    let l = shared.get(key);
    if (!l) {
      const link: InventoryLink = { spec, gateway, sharedEndpoints: 0, sharedHosts: [] };
      if (api !== undefined) link.api = api;
      shared.set(key, (l = { link, endpoints: new Set() }));
    }
    return l;
  };

  for (const gw of gateways) {
    const gatewayHosts = [...new Set([...gw.routes.flatMap((r) => r.hosts), ...gw.listeners.flatMap((l) => l.hostnames)])].filter(
      (h) => !isPlaceholderHost(h),
    );
    // Hosts filter a spec's operations only when the spec's hosts appear on this gateway at all.
    const filtersHosts = new Map<string, boolean>();
    for (const [spec, hosts] of specHosts) {
      filtersHosts.set(spec, [...hosts].some((h) => gatewayHosts.some((g) => hostsMatch(g, h))));
      if (!filtersHosts.get(spec)) continue;
      for (const route of gw.routes) {
        const common = [...hosts].filter((h) => route.hosts.some((rh) => !isPlaceholderHost(rh) && hostsMatch(rh, h)));
        if (!common.length) continue;
        const l = linkOf(spec, gw.file, route.api);
        for (const h of common) if (!l.link.sharedHosts.includes(h)) l.link.sharedHosts.push(h);
      }
    }
    for (const route of gw.routes) {
      const methods = methodsOf(route);
      const { prefix, isPrefix } = routePrefix(route.pathTemplate, route.match);
      const routeSegments = segmentsOf(prefix);
      const routeHosts = route.hosts.filter((h) => !isPlaceholderHost(h));
      const matchedMethods = new Set<string>();
      const attached = new Set<InventoryEndpoint>();
      const attach = (c: Candidate, match: Exclude<RouteMatch, 'none'>, basePath: string | undefined, evidence: boolean): void => {
        attached.add(c.endpoint);
        matchedMethods.add(methods[0] === '*' ? '*' : c.doc.method);
        const exposing: ExposingRoute = { gateway: gw.file, product: gw.product, route, match, effective: false };
        if (basePath !== undefined) exposing.basePath = basePath;
        c.endpoint.exposed.push(exposing);
        if (evidence) for (const d of c.endpoint.documented) linkOf(d.spec, gw.file, route.api).endpoints.add(c.endpoint);
      };
      const declaredAt = byPlace.get(sourceKey(route.at));
      if (declaredAt && (methods[0] === '*' || methods.includes(declaredAt.doc.method))) {
        const routeKey = pathKey(route.pathTemplate);
        const docKey = pathKey(declaredAt.doc.path);
        const base = docKey !== '/' && routeKey.endsWith(docKey) ? routeKey.slice(0, -docKey.length) : docKey === '/' ? routeKey : undefined;
        attach(declaredAt, 'exact', base && base !== '/' ? base : undefined, true);
      }
      for (const c of candidatesFor(routeSegments)) {
        if (attached.has(c.endpoint)) continue;
        if (methods[0] !== '*' && !methods.includes(c.doc.method)) continue;
        if (filtersHosts.get(c.doc.spec) && routeHosts.length && c.hosts.length && !routeHosts.some((rh) => c.hosts.some((h) => hostsMatch(rh, h))))
          continue;
        const match = matchSegments(routeSegments, isPrefix, c.segments);
        if (!match) continue;
        // Only a match anchored on a literal segment both sides name is evidence that spec and gateway describe the same
        // API: a catch-all (`/{*}`) or an all-parameter route (`/{tenant}/{*}`) matches every API's paths.
        attach(c, match, c.basePath, literalAnchorsOf(routeSegments, isPrefix, c.segments) > 0);
      }
      for (const m of methods) {
        if (matchedMethods.has(m)) continue;
        // Keyed with the route's hosts: a beta host's `GET /users` is not the documented `GET /users`.
        const endpoint = endpointFor(m, route.pathTemplate || '/', route.at, routeHosts);
        endpoint.exposed.push({ gateway: gw.file, product: gw.product, route, match: 'none', effective: true });
      }
    }
  }

  // The effective route(s) of each gateway for each endpoint.
  for (const endpoint of byKey.values()) {
    const byGateway = new Map<string, ExposingRoute[]>();
    for (const e of endpoint.exposed) {
      let list = byGateway.get(e.gateway);
      if (!list) byGateway.set(e.gateway, (list = []));
      list.push(e);
    }
    for (const list of byGateway.values()) {
      if (list.length === 1) {
        list[0]!.effective = true;
        continue;
      }
      const scores = list.map(specificity);
      const best = scores.reduce((a, b) => (compare(a, b) >= 0 ? a : b));
      list.forEach((e, i) => (e.effective = compare(scores[i]!, best) === 0));
    }
  }

  const links: InventoryLink[] = [];
  for (const { link, endpoints } of shared.values()) {
    link.sharedEndpoints = [...endpoints].filter((e) => e.documented.some((d) => d.spec === link.spec)).length;
    if (link.sharedEndpoints || link.sharedHosts.length) links.push(link);
  }
  const text = COLLATOR.compare;
  links.sort((a, b) => text(a.spec, b.spec) || text(a.gateway, b.gateway) || text(a.api ?? '', b.api ?? ''));
  const endpoints = [...byKey.values()];
  const hostKeys = new Map<InventoryEndpoint, string>();
  for (const e of endpoints) if (e.hosts) hostKeys.set(e, e.hosts.join());
  endpoints.sort((a, b) => text(a.path, b.path) || text(a.method, b.method) || text(hostKeys.get(a) ?? '', hostKeys.get(b) ?? ''));
  return { endpoints, links };
}

/** Whether a spec and a gateway describe the same API (share an endpoint or a host). */
export function isLinked(inventory: Inventory, spec: string, gateway: string): boolean {
  return inventory.links.some((l) => l.spec === spec && l.gateway === gateway);
}

/** Whether the API a route belongs to is described by some spec of the run. */
export function isRouteLinked(inventory: Inventory, gateway: string, route: GatewayRoute): boolean {
  let linked = linkedApis.get(inventory.links);
  if (!linked) {
    linked = new Set(inventory.links.map((l) => `${l.gateway}\0${l.api ?? ''}`));
    linkedApis.set(inventory.links, linked);
  }
  return linked.has(`${gateway}\0${route.api ?? ''}`);
}

/** `gateway\0api` of every link, per links array (cross rules ask once per exposing route). */
const linkedApis = new WeakMap<readonly InventoryLink[], Set<string>>();

/** Whether some gateway of the run serves the API a spec describes. */
export function isSpecLinked(inventory: Inventory, spec: string): boolean {
  return inventory.links.some((l) => l.spec === spec);
}
