/**
 * Joins the endpoints of every spec and gateway of a run. Paths are compared with parameter
 * names erased (`/users/{id}` = `/users/{userId}`); a gateway route whose template ends in
 * `{*}` (a prefix route) exposes every documented path under it.
 */
import type { GatewayConfig } from '../model/gateway.js';
import type { SpecModel } from '../model/spec.js';
import type { Inventory, InventoryEndpoint } from './inventory.js';

/** The comparison key of a path template: parameter names erased, trailing slash dropped. */
export function pathKey(path: string): string {
  const p = path.replace(/\{[^}/]*\}/g, '{}').replace(/\/+$/, '');
  return p === '' ? '/' : p;
}

export function buildInventory(specs: readonly SpecModel[], gateways: readonly GatewayConfig[]): Inventory {
  const byKey = new Map<string, InventoryEndpoint>();
  const get = (method: string, path: string, at: InventoryEndpoint['at']): InventoryEndpoint => {
    const key = `${method} ${pathKey(path)}`;
    let e = byKey.get(key);
    if (!e) {
      e = { method, path, endpoint: `${method} ${path}`, documented: [], exposed: [], at };
      byKey.set(key, e);
    }
    return e;
  };
  for (const spec of specs)
    for (const op of spec.operations) get(op.method.toUpperCase(), op.path, op.at).documented.push({ spec: spec.file, operation: op });
  for (const gw of gateways)
    for (const route of gw.routes) {
      const methods = route.methods.length ? route.methods : ['*'];
      for (const m of methods) get(m, route.pathTemplate, route.at).exposed.push({ gateway: gw.file, route });
    }
  return { endpoints: [...byKey.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method)) };
}
