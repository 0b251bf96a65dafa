/**
 * The inventory as plain rows: one per endpoint, with its documented / exposed / observed flags,
 * who documents and who exposes it, and the controls in force (from the routes each gateway most
 * likely picks). `gatehouse inventory --format json` prints exactly this; table and CSV are
 * views of it.
 */
import type { SourceRef } from '../model/source.js';
import { controlsInForce, type ControlsInForce } from './controls-in-force.js';
import type { Inventory, InventoryEndpoint, RouteMatch } from './inventory.js';

export interface InventoryRow {
  endpoint: string;
  method: string;
  path: string;
  /** Hosts of an endpoint that only routes on those hosts expose (a beta host); empty otherwise. */
  hosts: string[];
  documented: boolean;
  exposed: boolean;
  /** Traffic seen for the endpoint; null until traffic evidence is joined. */
  observed: { requests: number; firstSeen?: string; lastSeen?: string; evidence: string[] } | null;
  documentedBy: { spec: string; operationId: string | null; auth: string; deprecated: boolean; location: SourceRef }[];
  exposedBy: {
    gateway: string;
    product: string;
    route: string;
    path: string;
    methods: string[];
    hosts: string[];
    match: RouteMatch;
    basePath: string | null;
    effective: boolean;
    location: SourceRef;
  }[];
  /** The controls in force on the effective routes (every gateway's, merged); null when no gateway exposes the endpoint. */
  controls: ControlsInForce | null;
}

export interface InventoryCounts {
  endpoints: number;
  documented: number;
  exposed: number;
  documentedAndExposed: number;
  /** Exposed, not documented. */
  undocumented: number;
  /** Documented, not exposed by any gateway of the run. */
  unrouted: number;
  /** Endpoints seen in traffic; null until traffic evidence is joined. */
  observed: number | null;
}

function merge(list: ControlsInForce[]): ControlsInForce | null {
  if (!list.length) return null;
  const union = (k: 'authentication' | 'authorization' | 'rateLimits' | 'logging' | 'ai'): string[] => [...new Set(list.flatMap((c) => c[k]))];
  const one = (k: 'sizeLimit' | 'cors' | 'requestValidation'): string | null => {
    const values = [...new Set(list.map((c) => c[k]).filter((v): v is string => v !== null))];
    return values.length ? values.join('; ') : null;
  };
  return {
    authentication: union('authentication'),
    authorization: union('authorization'),
    rateLimits: union('rateLimits'),
    sizeLimit: one('sizeLimit'),
    cors: one('cors'),
    logging: union('logging'),
    ai: union('ai'),
    requestValidation: one('requestValidation'),
  };
}

export function inventoryRow(e: InventoryEndpoint): InventoryRow {
  return {
    endpoint: e.endpoint,
    method: e.method,
    path: e.path,
    hosts: e.hosts ?? [],
    documented: e.documented.length > 0,
    exposed: e.exposed.length > 0,
    observed: e.observed ?? null,
    documentedBy: e.documented.map((d) => ({ spec: d.spec, operationId: d.operationId ?? null, auth: d.auth, deprecated: d.deprecated, location: d.at })),
    exposedBy: e.exposed.map((x) => ({
      gateway: x.gateway,
      product: x.product,
      route: x.route.name ?? x.route.id,
      path: x.route.pathTemplate,
      methods: x.route.methods.length ? x.route.methods : ['*'],
      hosts: x.route.hosts,
      match: x.match,
      basePath: x.basePath ?? null,
      effective: x.effective,
      location: x.route.at,
    })),
    controls: merge(e.exposed.filter((x) => x.effective).map((x) => controlsInForce(x.route))),
  };
}

export function inventoryRows(inventory: Inventory): InventoryRow[] {
  return inventory.endpoints.map(inventoryRow);
}

export function inventoryCounts(inventory: Inventory): InventoryCounts {
  const e = inventory.endpoints;
  const anyObserved = e.some((x) => x.observed !== undefined);
  return {
    endpoints: e.length,
    documented: e.filter((x) => x.documented.length).length,
    exposed: e.filter((x) => x.exposed.length).length,
    documentedAndExposed: e.filter((x) => x.documented.length && x.exposed.length).length,
    undocumented: e.filter((x) => !x.documented.length && x.exposed.length).length,
    unrouted: e.filter((x) => x.documented.length && !x.exposed.length).length,
    observed: anyObserved ? e.filter((x) => x.observed !== undefined).length : null,
  };
}
