/**
 * The endpoint inventory: every endpoint (method + path template) joined across sources —
 * documented by a spec, exposed by a gateway route, observed in traffic — with the controls a
 * gateway puts in force on it. Cross-source rules (shadow, orphan, auth mismatch…) read it.
 */
import type { GatewayRoute } from '../model/gateway.js';
import type { SourceRef } from '../model/source.js';
import type { Operation } from '../model/spec.js';

export interface InventoryEndpoint {
  /** Upper-case method, or `*` for a route that proxies every method. */
  method: string;
  /** Normalized template: parameters written `{}`-style with their names as documented when known. */
  path: string;
  /** "METHOD /path" as findings list it. */
  endpoint: string;
  documented: { spec: string; operation: Operation }[];
  exposed: { gateway: string; route: GatewayRoute }[];
  /** Filled by traffic evidence: request counts and the first/last time seen. */
  observed?: { requests: number; firstSeen?: string; lastSeen?: string; evidence: string[] };
  /** Where the endpoint is best shown (the spec operation, else the route). */
  at: SourceRef;
}

export interface Inventory {
  endpoints: InventoryEndpoint[];
}
