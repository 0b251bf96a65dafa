/**
 * API Gateway integrations → upstreams: the integration `uri` (an AWS service ARN such as a
 * Lambda invocation, or an http(s) URL), its TLS verification (`tlsConfig.insecureSkipVerification`),
 * its timeout (`timeoutInMillis`, default 29 s for REST APIs and 30 s for HTTP APIs), and whether
 * the backend host is taken from the request (`requestParameters` mapping a method request
 * parameter into the host part of the URI: an SSRF / open-proxy sink).
 */
import type { GatewayConfig, Origin, Upstream } from '../../../model/gateway.js';
import type { SourceRef } from '../../../model/source.js';
import { childRef } from '../../../model/source.js';
import { defaultPort, origin, parseUrl } from '../common/a-gateway-config.js';
import { asBool, asNumber, asText, isObj, type Obj } from '../common/a-node-reader.js';
import { cfnText } from './aws-intrinsics.js';
import { withoutUrlCredentials } from '../common/a-secrets.js';

export interface IntegrationInput {
  type?: string;
  uri?: string;
  subtype?: string;
  connectionType?: string;
  connectionId?: string;
  httpMethod?: string;
  timeoutMs?: number;
  insecureSkipVerification?: boolean;
  requestParameters: Record<string, string>;
  payloadFormatVersion?: string;
  /** The integration node, and where its fields sit (for origins). */
  at: SourceRef;
  uriAt?: SourceRef;
  timeoutAt?: SourceRef;
  tlsAt?: SourceRef;
  requestParametersAt?: SourceRef;
  scope: Origin['scope'];
}

/** Reads `x-amazon-apigateway-integration` (OpenAPI) or a CloudFormation `Integration` (PascalCase). */
export function readIntegration(node: Obj, at: SourceRef, scope: Origin['scope']): IntegrationInput {
  const pick = (...keys: string[]): [unknown, string | undefined] => {
    for (const k of keys) if (node[k] !== undefined && node[k] !== null) return [node[k], k];
    return [undefined, undefined];
  };
  const [uri, uriKey] = pick('uri', 'Uri', 'IntegrationUri');
  const [timeout, timeoutKey] = pick('timeoutInMillis', 'TimeoutInMillis');
  const [tls, tlsKey] = pick('tlsConfig', 'TlsConfig');
  const [params, paramsKey] = pick('requestParameters', 'RequestParameters');
  const out: IntegrationInput = { requestParameters: {}, at, scope };
  const type = asText(pick('type', 'Type', 'IntegrationType')[0]);
  if (type) out.type = type.toLowerCase();
  const u = cfnText(uri);
  if (u) out.uri = u;
  if (uriKey) out.uriAt = childRef(at, uriKey);
  const subtype = asText(pick('integrationSubtype', 'IntegrationSubtype')[0]);
  if (subtype) out.subtype = subtype;
  const ct = asText(pick('connectionType', 'ConnectionType')[0]);
  if (ct) out.connectionType = ct.toUpperCase();
  const cid = cfnText(pick('connectionId', 'ConnectionId')[0]);
  if (cid) out.connectionId = cid;
  const hm = asText(pick('httpMethod', 'IntegrationHttpMethod')[0]);
  if (hm) out.httpMethod = hm;
  const t = asNumber(timeout);
  if (t !== undefined) out.timeoutMs = t;
  if (timeoutKey) out.timeoutAt = childRef(at, timeoutKey);
  if (isObj(tls)) {
    const skip = asBool(tls.insecureSkipVerification ?? tls.InsecureSkipVerification);
    if (skip !== undefined) {
      out.insecureSkipVerification = skip;
      out.tlsAt = childRef(childRef(at, tlsKey!), tls.insecureSkipVerification !== undefined ? 'insecureSkipVerification' : 'InsecureSkipVerification');
    }
  }
  if (isObj(params)) {
    for (const [k, v] of Object.entries(params)) {
      const s = cfnText(v);
      if (s !== undefined) out.requestParameters[k] = s;
    }
    out.requestParametersAt = childRef(at, paramsKey!);
  }
  const pfv = asText(pick('payloadFormatVersion', 'PayloadFormatVersion')[0]);
  if (pfv) out.payloadFormatVersion = pfv;
  return out;
}

/** Collects upstreams, one per distinct integration target and settings. */
export class UpstreamRegistry {
  private readonly byKey = new Map<string, string>();
  constructor(private readonly config: GatewayConfig) {}

  /** The upstream id for an integration, or undefined for a mock (no backend). */
  add(integ: IntegrationInput, apiType: 'rest' | 'http'): string | undefined {
    if (integ.type === 'mock') return undefined;
    const url = integ.uri ?? (integ.subtype ? `aws:${integ.subtype}` : undefined);
    if (!url) return undefined;
    const parsed = parseUrl(url);
    const arn = /^arn:aws[a-z-]*:apigateway:(\$\{[^}]*\}|[^:]*):([^:]+):/.exec(url) ?? /^arn:aws[a-z-]*:(lambda):(\$\{[^}]*\}|[^:]*):/.exec(url);
    let scheme: string;
    let host: string;
    let port: number | undefined;
    if (parsed) {
      scheme = parsed.scheme;
      host = parsed.host;
      port = parsed.port ?? defaultPort(scheme);
    } else if (arn) {
      scheme = 'arn';
      const [region, service] = url.startsWith('arn:aws:lambda') ? [arn[2]!, 'lambda'] : [arn[1]!, arn[2]!];
      host = `${service}.${region || '${AWS::Region}'}.amazonaws.com`;
    } else if (url.startsWith('aws:')) {
      scheme = 'aws';
      host = `${(integ.subtype ?? '').split('-')[0]!.toLowerCase() || 'aws'}.amazonaws.com`;
    } else {
      scheme = 'unknown';
      host = url;
    }
    const key = JSON.stringify([url, integ.insecureSkipVerification, integ.timeoutMs, integ.connectionType, dynamicFrom(integ)?.expression]);
    const known = this.byKey.get(key);
    if (known) return known;
    const shown = withoutUrlCredentials(url);
    let id = `integration:${shown}`;
    for (let n = 2; this.config.upstreams.some((u) => u.id === id); n++) id = `integration:${shown}#${n}`;
    const up: Upstream = { id, url: withoutUrlCredentials(url), scheme, host, at: integ.uriAt ?? integ.at };
    if (port !== undefined) up.port = port;
    if (scheme === 'https') {
      up.tlsVerify =
        integ.insecureSkipVerification === true
          ? { enabled: false, origin: origin(integ.scope, integ.tlsAt ?? integ.at) }
          : integ.insecureSkipVerification === false
            ? { enabled: true, origin: origin(integ.scope, integ.tlsAt ?? integ.at) }
            : { enabled: true, origin: origin('default', integ.at, 'API Gateway verifies the integration certificate unless tlsConfig.insecureSkipVerification is true') };
    }
    const defaultTimeout = apiType === 'http' ? 30000 : 29000;
    up.timeouts = {
      readMs: integ.timeoutMs ?? defaultTimeout,
      origin:
        integ.timeoutMs !== undefined
          ? origin(integ.scope, integ.timeoutAt ?? integ.at)
          : origin('default', integ.at, `API Gateway ${apiType === 'http' ? 'HTTP API' : 'REST API'} integration timeout defaults to ${defaultTimeout} ms`),
    };
    const dyn = dynamicFrom(integ);
    if (dyn) up.dynamicFromRequest = dyn;
    up.details = {
      integrationType: integ.type,
      connectionType: integ.connectionType ?? 'INTERNET',
      ...(integ.connectionId ? { connectionId: integ.connectionId } : {}),
      ...(integ.subtype ? { integrationSubtype: integ.subtype } : {}),
      ...(integ.httpMethod ? { httpMethod: integ.httpMethod } : {}),
    };
    this.config.upstreams.push(up);
    this.byKey.set(key, id);
    return id;
  }
}

/** A `{name}` in the URI's host part filled from the method request (REST) or `$request` (HTTP API). */
function dynamicFrom(integ: IntegrationInput): { expression: string; at: SourceRef } | undefined {
  if (!integ.uri) return undefined;
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(integ.uri)?.[1];
  if (!authority) return undefined;
  if (/\$request\.|\{request\./.test(authority)) return { expression: integ.uri, at: integ.uriAt ?? integ.at };
  for (const m of authority.matchAll(/\{([A-Za-z0-9_.-]+)\}/g)) {
    const name = m[1]!;
    for (const [target, source] of Object.entries(integ.requestParameters)) {
      if (target !== `integration.request.path.${name}`) continue;
      if (/^method\.request\./.test(source) || source.startsWith('$request.'))
        return { expression: `${integ.uri} (${name} ← ${source})`, at: integ.requestParametersAt ?? integ.at };
    }
  }
  return undefined;
}
