/**
 * Building blocks for the normalized gateway model (shared/model/gateway.ts) used by the Kong,
 * AWS API Gateway and Tyk importers: an empty config, empty route controls, origins, settings,
 * URL and method helpers.
 */
import type {
  GatewayConfig,
  GatewayProduct,
  Origin,
  RouteControls,
  SettingScope,
} from '../../../model/gateway.js';
import type { SourceRef } from '../../../model/source.js';

export function newConfig(product: GatewayProduct, file: string, format: string): GatewayConfig {
  return { product, file, files: [file], format, listeners: [], routes: [], upstreams: [], secrets: [], settings: {}, problems: [] };
}

export function emptyControls(): RouteControls {
  return { authentication: [], authorization: [], rateLimits: [], logging: [], ai: [] };
}

/** A copy whose lists can be extended without touching the original (controls shared by routes). */
export function copyControls(c: RouteControls): RouteControls {
  const out: RouteControls = {
    authentication: [...c.authentication],
    authorization: [...c.authorization],
    rateLimits: [...c.rateLimits],
    logging: [...c.logging],
    ai: [...c.ai],
  };
  if (c.sizeLimit) out.sizeLimit = c.sizeLimit;
  if (c.cors) out.cors = c.cors;
  if (c.requestValidation) out.requestValidation = c.requestValidation;
  return out;
}

export function origin(scope: SettingScope, at: SourceRef, defaultNote?: string): Origin {
  return defaultNote ? { scope, at, defaultNote } : { scope, at };
}

/** Several default notes joined into one (undefined when there are none). */
export function joinNotes(notes: readonly string[]): string | undefined {
  return notes.length ? notes.join('; ') : undefined;
}

export function setSetting(config: GatewayConfig, key: string, value: unknown, o: Origin): void {
  config.settings[key] = { value, origin: o };
}

/** Parses `scheme://[user@]host[:port][/path]`, tolerating placeholders such as `${Alb.DNSName}`. */
export function parseUrl(url: string): { scheme: string; host: string; port?: number; path: string; userinfo?: string } | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:([^@/?#]*)@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d+))?([^?#]*)/.exec(url.trim());
  if (!m) return undefined;
  const out: { scheme: string; host: string; port?: number; path: string; userinfo?: string } = { scheme: m[1]!.toLowerCase(), host: m[3] ?? '', path: m[5] || '/' };
  if (m[4]) out.port = Number(m[4]);
  if (m[2]) out.userinfo = m[2];
  return out;
}

/** The well-known port of a scheme, for upstreams written without one. */
export function defaultPort(scheme: string): number | undefined {
  switch (scheme) {
    case 'http':
    case 'ws':
    case 'grpc':
      return 80;
    case 'https':
    case 'wss':
    case 'grpcs':
      return 443;
    default:
      return undefined;
  }
}

/** Schemes whose connection to the upstream is TLS. */
export function isTlsScheme(scheme: string): boolean {
  return ['https', 'wss', 'grpcs', 'tls', 'tls_passthrough'].includes(scheme);
}

/** Upper-case HTTP methods, de-duplicated, in the given order. */
export function normalizeMethods(methods: readonly string[]): string[] {
  return [...new Set(methods.map((m) => m.trim().toUpperCase()).filter((m) => m !== ''))];
}
