/**
 * The controls a gateway route puts in force, summarized for people: the inventory view
 * (`gatehouse inventory`, the report's inventory section) shows these per endpoint. Each entry
 * says when it is only the product's default or configured but not enforcing.
 */
import type { GatewayRoute, Origin, RateLimitControl } from '../model/gateway.js';
import { redact } from './redact.js';

export interface ControlsInForce {
  /** Authentication kinds, e.g. `key-auth`, `jwt (anonymous allowed)`; empty: none. */
  authentication: string[];
  /** Authorization kinds (acl, rbac, scopes, ip allow-lists…); empty: none. */
  authorization: string[];
  /** Rate limits and quotas, e.g. `rate-limiting 60 requests/60s by consumer`; empty: none. */
  rateLimits: string[];
  /** Request size limit, e.g. `1048576 bytes (default)`, `disabled`; null: none. */
  sizeLimit: string | null;
  /** CORS, e.g. `* with credentials`; null: none. */
  cors: string | null;
  /** Logging, e.g. `http-log → https://logs.example.net (bodies)`; empty: none. */
  logging: string[];
  /** AI plugins or policies, e.g. `ai-proxy openai gpt-4o max_tokens 512`. */
  ai: string[];
  /** Request validation: `on`, `off`, or null when the config has none. */
  requestValidation: string | null;
}

const isDefault = (o: Origin): boolean => o.scope === 'default';
const tag = (o: Origin): string => (isDefault(o) ? ' (default)' : '');

function windowText(seconds: number): string {
  const units: [number, string][] = [
    [86400 * 365, 'year'],
    [86400 * 30, 'month'],
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, name] of units) if (seconds === size) return name;
  return `${seconds}s`;
}

/** `rate-limiting 60 requests/minute by consumer`, with `(not enforced: …)` and `(default)` unless `withState` is false. */
export function describeRateLimit(r: RateLimitControl, withState = true): string {
  const amount = r.limit !== undefined ? ` ${r.limit} ${r.unit}${r.windowSeconds !== undefined ? `/${windowText(r.windowSeconds)}` : ''}` : '';
  const key = r.keyedBy ? ` by ${r.keyedBy}` : '';
  if (!withState) return `${r.kind}${amount}${key}`;
  const state = r.enforced ? '' : ` (not enforced${r.notEnforcedWhy ? `: ${r.notEnforcedWhy}` : ''})`;
  return `${r.kind}${amount}${key}${state}${tag(r.origin)}`;
}

export function describeSize(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024 * 1024, 'GB'],
    [1024 * 1024, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, name] of units) if (bytes >= size && bytes % size === 0) return `${bytes / size} ${name}`;
  return `${bytes} bytes`;
}

export function controlsInForce(route: GatewayRoute): ControlsInForce {
  const c = route.controls;
  return {
    authentication: c.authentication.map(
      (a) => `${a.kind}${a.allowsAnonymous ? ' (anonymous allowed)' : ''}${a.credentialsInQuery ? ' (credentials in query)' : ''}${tag(a.origin)}`,
    ),
    authorization: c.authorization.map((a) => `${a.kind}${a.allow.length ? ` allow ${a.allow.join(',')}` : ''}${a.deny.length ? ` deny ${a.deny.join(',')}` : ''}${tag(a.origin)}`),
    rateLimits: c.rateLimits.map((r) => describeRateLimit(r)),
    sizeLimit: c.sizeLimit ? (c.sizeLimit.maxBytes === null ? `disabled${tag(c.sizeLimit.origin)}` : `${describeSize(c.sizeLimit.maxBytes)}${tag(c.sizeLimit.origin)}`) : null,
    cors: c.cors ? `${c.cors.origins.join(' ') || '(no origins)'}${c.cors.credentials ? ' with credentials' : ''}${tag(c.cors.origin)}` : null,
    logging: c.logging.map(
      (l) => `${l.kind}${l.sink ? ` → ${redact(l.sink)}` : ''}${l.capturesBodies ? ' (bodies)' : ''}${l.masksPersonalData === false ? ' (unmasked)' : ''}${tag(l.origin)}`,
    ),
    ai: c.ai.map(
      (a) =>
        `${a.kind}${a.provider ? ` ${a.provider}` : ''}${a.model ? ` ${a.model}` : ''}${a.maxTokens !== undefined ? ` max_tokens ${a.maxTokens}` : ''}` +
        `${a.logsPayloads ? ' (logs payloads)' : ''}${tag(a.origin)}`,
    ),
    requestValidation: c.requestValidation ? (c.requestValidation.enabled ? `on${tag(c.requestValidation.origin)}` : `off${tag(c.requestValidation.origin)}`) : null,
  };
}
