/**
 * What cross rules share: which documented endpoints and routes belong to an API that both a
 * spec and a gateway of the run describe (a link in the inventory), and grouping of reports by
 * the route that causes them.
 */
import type { GatewayRoute } from '../../model/gateway.js';
import type { SourceRef } from '../../model/source.js';
import { isRouteLinked, isSpecLinked } from '../../inventory/build-inventory.js';
import type { DocumentedOperation, ExposingRoute, Inventory, InventoryEndpoint } from '../../inventory/inventory.js';

/** Cross rules speak only when both a spec and a gateway are in the run and they describe the same API. */
export function hasLinks(inventory: Inventory): boolean {
  return inventory.links.length > 0;
}

/** The documented entries of an endpoint whose spec is linked to some gateway of the run. */
export function linkedDocs(inventory: Inventory, e: InventoryEndpoint): DocumentedOperation[] {
  return e.documented.filter((d) => isSpecLinked(inventory, d.spec));
}

/** The routes each gateway most likely picks for an endpoint, among those of APIs linked to a spec. */
export function effectiveRoutes(inventory: Inventory, e: InventoryEndpoint): ExposingRoute[] {
  return e.exposed.filter((x) => x.effective && x.match !== 'none' && isRouteLinked(inventory, x.gateway, x.route));
}

/** Reports grouped by route: one finding per route naming every endpoint it concerns. */
export class ByRoute<T> {
  private readonly groups = new Map<GatewayRoute, { exposing: ExposingRoute; items: T[] }>();

  add(exposing: ExposingRoute, item: T): void {
    let g = this.groups.get(exposing.route);
    if (!g) this.groups.set(exposing.route, (g = { exposing, items: [] }));
    g.items.push(item);
  }

  each(fn: (exposing: ExposingRoute, items: T[]) => void): void {
    for (const g of this.groups.values()) fn(g.exposing, g.items);
  }
}

/** `GET /users/{id} (api.yaml)` */
export function docLabel(d: DocumentedOperation): string {
  return `${d.endpoint} (${d.spec})`;
}

export function uniqueRefs(refs: readonly SourceRef[]): SourceRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.file}#${r.pointer}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** How a route reaches the documented path, for messages. */
export function viaText(x: ExposingRoute): string {
  const base = x.basePath ? ` behind the server base path ${x.basePath}` : '';
  return x.match === 'prefix' ? `its prefix ${x.route.pathTemplate}${base}` : `${x.route.pathTemplate}${base}`;
}
