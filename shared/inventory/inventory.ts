/**
 * The endpoint inventory: every endpoint (method + path template) joined across sources —
 * documented by a spec, exposed by a gateway route, observed in traffic — with the gateway
 * routes that serve it. Cross-source rules (shadow, orphan, auth mismatch…) and
 * `gatehouse inventory` read it.
 */
import type { GatewayProduct, GatewayRoute } from '../model/gateway.js';
import type { SourceRef } from '../model/source.js';
import type { Operation, SecurityRequirement } from '../model/spec.js';

/** One documented operation, in the form both a spec model and a workspace spec summary give. */
export interface DocumentedOperation {
  /** The spec's root file (the evidence name). */
  spec: string;
  /** "GET /users/{id}" as the spec writes it. */
  endpoint: string;
  /** Upper-case method. */
  method: string;
  /** The path as documented (without any server base path). */
  path: string;
  operationId?: string;
  auth: 'none' | 'optional' | 'required';
  security: SecurityRequirement[];
  deprecated: boolean;
  /** Server URLs that apply to the operation (their host and base path take part in the join). */
  servers: string[];
  at: SourceRef;
  /** The full operation, when the inventory was built from the spec model (not from a workspace summary). */
  operation?: Operation;
}

/** How a gateway route reaches an endpoint. */
export type RouteMatch =
  /** The route template equals the documented path (parameter names aside). */
  | 'exact'
  /** Segment by segment, with a parameter on one side standing for a literal on the other. */
  | 'template'
  /** A prefix route (`/v2/{*}`) above the documented path. */
  | 'prefix'
  /** The route matches no documented endpoint: the endpoint is the route itself. */
  | 'none';

export interface ExposingRoute {
  /** The gateway config's root file (the evidence name). */
  gateway: string;
  product: GatewayProduct;
  route: GatewayRoute;
  match: RouteMatch;
  /** The server base path put in front of the documented path to match the route (e.g. `/v2`); absent when the documented path matched as it is. */
  basePath?: string;
  /**
   * Whether this route is the one its gateway most likely picks for the endpoint: the most
   * specific of that gateway's matching routes (exact before template before prefix, longer
   * before shorter, explicit methods and hosts before wildcards). Controls in force come from
   * the effective routes.
   */
  effective: boolean;
}

export interface InventoryEndpoint {
  /** Upper-case method, or `*` for a route that proxies every method. */
  method: string;
  /** The documented path when documented, else the route's template (prefix routes end in `/{*}`). */
  path: string;
  /** "METHOD /path" as findings list it. */
  endpoint: string;
  /**
   * The hosts of an endpoint only routes expose (sorted): a route on
   * `beta.api.example.com` that matches no documented operation is its own endpoint even when
   * the documented `GET /users` has the same method and path. Absent for other endpoints.
   */
  hosts?: string[];
  documented: DocumentedOperation[];
  exposed: ExposingRoute[];
  /** Filled by traffic evidence: request counts and the first/last time seen. */
  observed?: { requests: number; firstSeen?: string; lastSeen?: string; evidence: string[] };
  /** Where the endpoint is best shown (the spec operation, else the route). */
  at: SourceRef;
}

/**
 * A spec and a gateway (or one API of a gateway: a Kong service, an APIM API, an Apigee proxy)
 * that describe the same API: they share at least one endpoint or one host. Cross rules compare
 * only linked pairs, so a spec of one API never makes the routes of another look undocumented.
 */
export interface InventoryLink {
  spec: string;
  gateway: string;
  /** The route's `api` (service, API definition, proxy); absent for routes that name none. */
  api?: string;
  /** Documented endpoints of the spec that routes of this API expose. */
  sharedEndpoints: number;
  /** Hosts named by both the spec's servers and the routes. */
  sharedHosts: string[];
}

export interface Inventory {
  endpoints: InventoryEndpoint[];
  links: InventoryLink[];
}
