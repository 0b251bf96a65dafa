/**
 * The traffic side of the inventory: which endpoints were observed, how often and when, and
 * which were observed without being documented or exposed by any spec or gateway (observed
 * only). Also what the traffic importers need from the inventory to match requests to it:
 * the endpoint templates and the spec servers' base paths.
 */
import type { EndpointTemplate } from '../importers/traffic/endpoint-matcher.js';
import type { TrafficSummary } from '../model/traffic.js';
import type { Inventory, InventoryEndpoint } from './inventory.js';
import { pathKey, splitServerUrl } from './path-match.js';

/** The templates and base paths a traffic import matches requests against. */
export function matchTargets(inventory: Inventory): { endpoints: EndpointTemplate[]; basePaths: string[] } {
  const endpoints: EndpointTemplate[] = [];
  const bases = new Set<string>();
  for (const e of inventory.endpoints) {
    endpoints.push({ method: e.method, path: e.path });
    for (const d of e.documented)
      for (const url of d.servers) {
        const base = splitServerUrl(url).basePath;
        if (base && !base.includes('{')) bases.add(base);
      }
    for (const x of e.exposed) if (x.basePath) bases.add(x.basePath);
  }
  return { endpoints, basePaths: [...bases] };
}

/** The inventory endpoint a summary's endpoint statistic belongs to (same method, or `*`, and the same template). */
export function inventoryEndpointOf(inventory: Inventory, method: string, template: string): InventoryEndpoint | undefined {
  const key = pathKey(template);
  let wildcard: InventoryEndpoint | undefined;
  for (const e of inventory.endpoints) {
    if (pathKey(e.path) !== key) continue;
    if (e.method === method) return e;
    if (e.method === '*' || (method === 'HEAD' && e.method === 'GET')) wildcard ??= e;
  }
  return wildcard;
}

const earlier = (a: string | undefined, b: string | undefined): string | undefined => (a === undefined ? b : b === undefined ? a : a < b ? a : b);
const later = (a: string | undefined, b: string | undefined): string | undefined => (a === undefined ? b : b === undefined ? a : a > b ? a : b);

/**
 * Fills `observed` (requests, first and last seen, the traffic files) on the endpoints the
 * traffic reached, and adds an endpoint for each template observed without being in the
 * inventory (static files and templates that only ever answered 404 are left out). Returns the
 * same inventory object.
 */
export function addObserved(inventory: Inventory, summaries: readonly TrafficSummary[]): Inventory {
  const index = new Map<string, InventoryEndpoint>();
  for (const e of inventory.endpoints) index.set(`${e.method} ${pathKey(e.path)}`, e);
  const added: InventoryEndpoint[] = [];
  for (const summary of summaries)
    for (const stat of summary.endpoints) {
      const key = pathKey(stat.template);
      let target = index.get(`${stat.method} ${key}`) ?? index.get(`* ${key}`) ?? (stat.method === 'HEAD' ? index.get(`GET ${key}`) : undefined);
      if (!target) {
        if (stat.static || stat.byClass['4xx'] === stat.requests) continue;
        target = {
          method: stat.method,
          path: stat.template,
          endpoint: stat.endpoint,
          documented: [],
          exposed: [],
          at: { file: summary.file, pointer: `/line/${stat.samples[0] ?? 1}` },
        };
        index.set(`${stat.method} ${key}`, target);
        added.push(target);
      }
      const o = (target.observed ??= { requests: 0, evidence: [] });
      o.requests += stat.requests;
      const first = earlier(o.firstSeen, stat.firstSeen);
      const last = later(o.lastSeen, stat.lastSeen);
      if (first !== undefined) o.firstSeen = first;
      if (last !== undefined) o.lastSeen = last;
      if (!o.evidence.includes(summary.file)) o.evidence.push(summary.file);
    }
  if (added.length) {
    inventory.endpoints.push(...added);
    inventory.endpoints.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  }
  return inventory;
}
