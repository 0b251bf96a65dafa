/**
 * What Tyk classic API definitions and Tyk OAS (`x-tyk-api-gateway`) have in common: the
 * upstream (target URL, TLS verification, minimum TLS version as Go's constants 769–772),
 * Go duration strings (`"1s"`, `"1m"`), Tyk path templates, version expiry, and analytics.
 */
import type { GatewayConfig, GatewayRoute, LoggingControl, SettingScope, Upstream } from '../../../model/gateway.js';
import type { SourceRef } from '../../../model/source.js';
import { defaultPort, origin, parseUrl } from '../common/a-gateway-config.js';
import { cleanPath, looksLikeRegex, regexToTemplate } from '../common/a-path-template.js';
import { withoutUrlCredentials } from '../common/a-secrets.js';

const TLS_VERSIONS: Record<string, string> = { '769': 'TLSv1.0', '770': 'TLSv1.1', '771': 'TLSv1.2', '772': 'TLSv1.3', '1.0': 'TLSv1.0', '1.1': 'TLSv1.1', '1.2': 'TLSv1.2', '1.3': 'TLSv1.3' };

/** 771 / "1.2" → "TLSv1.2". */
export function tlsVersionName(v: unknown): string | undefined {
  if (v === undefined || v === null || v === 0 || v === '') return undefined;
  return TLS_VERSIONS[String(v)] ?? String(v);
}

/** Go durations as Tyk writes them (`"1s"`, `"1m30s"`, `60`) → seconds. */
export function durationSeconds(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  let total = 0;
  let any = false;
  for (const m of v.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    any = true;
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : m[2] === 'ms' ? n / 1000 : n;
  }
  return any ? total : undefined;
}

export interface TykUpstreamInput {
  url: string;
  at: SourceRef;
  insecureSkipVerify?: { value: boolean; at: SourceRef };
  minVersion?: { value: unknown; at: SourceRef };
  scope: SettingScope;
  details?: Record<string, unknown>;
}

export function tykUpstream(config: GatewayConfig, id: string, input: TykUpstreamInput): Upstream | undefined {
  const parsed = parseUrl(input.url);
  if (!parsed) {
    config.problems.push({ message: `upstream "${input.url}" is not a URL`, at: input.at });
    return undefined;
  }
  const up: Upstream = { id, url: withoutUrlCredentials(input.url), scheme: parsed.scheme, host: parsed.host, at: input.at };
  const port = parsed.port ?? defaultPort(parsed.scheme);
  if (port !== undefined) up.port = port;
  if (parsed.scheme === 'https' || parsed.scheme === 'wss') {
    up.tlsVerify = input.insecureSkipVerify
      ? { enabled: !input.insecureSkipVerify.value, origin: origin(input.scope, input.insecureSkipVerify.at) }
      : {
          enabled: true,
          origin: origin('default', input.at, 'Tyk verifies the upstream certificate unless ssl_insecure_skip_verify is set on the API or proxy_ssl_insecure_skip_verify in tyk.conf (not part of this evidence)'),
        };
  }
  const min = tlsVersionName(input.minVersion?.value);
  up.details = { ...(input.details ?? {}), ...(min ? { sslMinVersion: min, sslMinVersionAt: input.minVersion!.at } : {}) };
  config.upstreams.push(up);
  return up;
}

/** A Tyk endpoint path (`/users/{id}`, or a regex) → template and match kind. */
export function tykPathTemplate(path: string): { template: string; match: GatewayRoute['match'] } {
  const withoutParams = path.replace(/\{[^}/]+\}/g, '');
  if (!looksLikeRegex(withoutParams)) return { template: cleanPath(path), match: 'template' };
  const named = path.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '(?<$1>[^/]+)');
  return { template: regexToTemplate(named.endsWith('$') ? named : `${named}$`).template, match: 'regex' };
}

/** True when a Tyk expiry date (`2030-01-02 15:04`, RFC 3339…) is in the past. */
export function isExpired(expires: string | undefined, now = Date.now()): boolean {
  if (!expires || expires === '-1') return false;
  const t = Date.parse(expires.includes('T') ? expires : expires.replace(' ', 'T') + (/[zZ+]|-\d\d:?\d\d$/.test(expires) ? '' : 'Z'));
  return Number.isFinite(t) && t < now;
}

export function analyticsLogging(detailed: boolean, at: SourceRef, scope: SettingScope, explicit: boolean): LoggingControl {
  const note = `Tyk writes analytics records only when tyk.conf enable_analytics is true (not part of this evidence)${detailed ? '; detailed recording stores full request and response bodies' : ''}`;
  return {
    kind: 'analytics',
    sink: 'Tyk analytics (Redis → Tyk Pump)',
    capturesBodies: detailed,
    capturesHeaders: detailed,
    origin: origin(explicit ? scope : 'default', at, note),
  };
}
