/**
 * JSON access-log records (docs/controls.md §4.3–§4.9), recognised by their keys: Kong log
 * plugins, AWS API Gateway JSON presets (REST and HTTP APIs), Azure APIM GatewayLogs (the
 * resource-specific table and the legacy diagnostic shape), Envoy/Istio JSON access logs, and
 * anything else through an editable field mapping. CloudWatch containers are unwrapped by the
 * importer before a record reaches this file.
 */
import type { TrafficAiUsage, TrafficEvent } from '../../model/traffic.js';
import { applyRequestLine, type LineResult } from './clf.js';
import { newEvent } from './event.js';
import { parseAnyTime } from './time.js';

export type JsonObject = Record<string, unknown>;

export type RecordKind = 'kong' | 'aws-apigw' | 'apim' | 'apim-legacy' | 'envoy' | 'cloudwatch-subscription' | 'cloudwatch-event';

export const RECORD_LABELS: Record<RecordKind | 'field-map', string> = {
  kong: 'Kong log plugin JSON',
  'aws-apigw': 'AWS API Gateway access log (JSON)',
  apim: 'Azure APIM GatewayLogs (ApiManagementGatewayLogs)',
  'apim-legacy': 'Azure APIM GatewayLogs (diagnostic export)',
  envoy: 'Envoy/Istio JSON access log',
  'cloudwatch-subscription': 'CloudWatch Logs subscription record',
  'cloudwatch-event': 'CloudWatch Logs event (filter-log-events)',
  'field-map': 'JSON with a field mapping',
};

export const RECORD_FORMATS: Record<RecordKind | 'field-map', string> = {
  kong: 'kong-json',
  'aws-apigw': 'aws-apigw-json',
  apim: 'apim-json',
  'apim-legacy': 'apim-json',
  envoy: 'envoy-json',
  'cloudwatch-subscription': 'cloudwatch',
  'cloudwatch-event': 'cloudwatch',
  'field-map': 'field-map',
};

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const has = (o: JsonObject, k: string): boolean => o[k] !== undefined;

/** What kind of access-log record a parsed JSON object is, if any. */
export function recognizeRecord(o: JsonObject): RecordKind | undefined {
  if (o.messageType === 'DATA_MESSAGE' || o.messageType === 'CONTROL_MESSAGE') return 'cloudwatch-subscription';
  if (typeof o.message === 'string' && (has(o, 'logStreamName') || has(o, 'eventId') || has(o, 'ingestionTime'))) return 'cloudwatch-event';
  if (isObject(o.request) && isObject(o.response) && (has(o, 'started_at') || has(o, 'client_ip') || has(o, 'latencies'))) return 'kong';
  if (o.category === 'GatewayLogs' || (typeof o.operationName === 'string' && /ApiManagement\/GatewayLogs/i.test(o.operationName))) return 'apim-legacy';
  if ((has(o, 'TimeGenerated') || has(o, 'CorrelationId')) && has(o, 'Method') && has(o, 'Url') && has(o, 'ResponseCode')) return 'apim';
  if (has(o, 'httpMethod') && (has(o, 'resourcePath') || has(o, 'routeKey') || has(o, 'path')) && (has(o, 'requestId') || has(o, 'requestTime') || has(o, 'extendedRequestId')))
    return 'aws-apigw';
  if (has(o, 'response_code') && (has(o, 'start_time') || has(o, 'upstream_host') || has(o, 'downstream_remote_address') || has(o, 'authority')) && (has(o, 'method') || has(o, 'path')))
    return 'envoy';
  return undefined;
}

const str = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v === '' || v === '-' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
};
const num = (v: unknown): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v !== '' && v !== '-') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
};

/** The value at a dotted path (`request.headers.user-agent`); a key containing dots is tried whole first. */
export function valueAtPath(o: unknown, path: string): unknown {
  if (!isObject(o)) return undefined;
  if (path in o) return o[path];
  const dot = path.indexOf('.');
  if (dot === -1) return undefined;
  // Longest key prefix first, so `authorizer.claims.sub` works whether nested or flattened.
  for (let i = path.lastIndexOf('.'); i > 0; i = path.lastIndexOf('.', i - 1)) {
    const head = path.slice(0, i);
    if (head in o) return valueAtPath(o[head], path.slice(i + 1));
  }
  return undefined;
}

/** Splits an absolute URL into scheme, host and path+query; a relative one is kept as the path. */
export function applyUrl(ev: TrafficEvent, url: string): void {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^#]*)/i.exec(url);
  if (m) {
    ev.scheme = m[1]!.toLowerCase();
    ev.host = m[2]!.replace(/^[^@]*@/, '').toLowerCase();
    ev.pathRaw = m[3] || '/';
  } else ev.pathRaw = url;
}

const header = (headers: unknown, name: string): string | undefined => {
  if (!isObject(headers)) return undefined;
  const v = headers[name] ?? headers[name.toLowerCase()] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(v) ? str(v[0]) : str(v);
};

/** Kong `ai.<plugin>.meta/usage` (and OpenAI-style `usage`). */
function aiUsage(ai: unknown): TrafficAiUsage | undefined {
  if (!isObject(ai)) return undefined;
  const usage: TrafficAiUsage = {};
  const take = (block: JsonObject): void => {
    const meta = isObject(block.meta) ? block.meta : undefined;
    const u = isObject(block.usage) ? block.usage : undefined;
    if (meta) {
      const provider = str(meta.provider_name);
      const model = str(meta.response_model) ?? str(meta.request_model);
      if (provider) usage.provider = provider;
      if (model) usage.model = model;
    }
    if (u) {
      const p = num(u.prompt_tokens);
      const c = num(u.completion_tokens);
      const t = num(u.total_tokens);
      if (p !== undefined) usage.promptTokens = (usage.promptTokens ?? 0) + p;
      if (c !== undefined) usage.completionTokens = (usage.completionTokens ?? 0) + c;
      if (t !== undefined) usage.totalTokens = (usage.totalTokens ?? 0) + t;
    }
  };
  if (isObject(ai.meta) || isObject(ai.usage)) take(ai);
  else for (const v of Object.values(ai)) if (isObject(v)) take(v);
  if (usage.totalTokens === undefined && (usage.promptTokens !== undefined || usage.completionTokens !== undefined))
    usage.totalTokens = (usage.promptTokens ?? 0) + (usage.completionTokens ?? 0);
  return Object.keys(usage).length ? usage : undefined;
}

function kongEvent(o: JsonObject, line: number): LineResult {
  const req = o.request as JsonObject;
  const res = o.response as JsonObject;
  const ev = newEvent(line, (str(req.method) ?? '-').toUpperCase(), '', num(res.status) ?? 0);
  const url = str(req.url);
  if (url) applyUrl(ev, url);
  const uri = str(req.uri);
  if (uri) {
    // request.uri carries the query on current Kong; add the querystring table when it does not.
    ev.pathRaw = uri;
    if (!uri.includes('?') && isObject(req.querystring) && Object.keys(req.querystring).length)
      ev.pathRaw += '?' + Object.entries(req.querystring).map(([k, v]) => (v === true ? k : `${k}=${String(v)}`)).join('&');
  }
  if (!ev.pathRaw) return { reason: 'Kong record without request.uri or request.url' };
  const ts = parseAnyTime(o.started_at);
  if (ts !== undefined) ev.ts = ts;
  const ip = str(o.client_ip);
  if (ip) ev.clientIp = ip;
  const consumer = isObject(o.consumer) ? o.consumer : undefined;
  const entity = isObject(o.authenticated_entity) ? o.authenticated_entity : undefined;
  const principal = (consumer && (str(consumer.username) ?? str(consumer.custom_id) ?? str(consumer.id))) ?? (entity && (str(entity.consumer_id) ?? str(entity.id)));
  if (principal) ev.principal = principal;
  const tls = isObject(req.tls) ? req.tls : undefined;
  if (tls && str(tls.version)) ev.tlsVersion = str(tls.version)!;
  else if (ev.scheme === 'http') ev.tlsVersion = 'none';
  const ua = header(req.headers, 'user-agent');
  if (ua) ev.userAgent = ua;
  const host = header(req.headers, 'host');
  if (host && !ev.host) ev.host = host.toLowerCase();
  const rid = header(req.headers, 'x-kong-request-id') ?? header(res.headers, 'x-kong-request-id') ?? str(req.id);
  if (rid) ev.requestId = rid;
  const bytesOut = num(res.size);
  if (bytesOut !== undefined) ev.bytesOut = bytesOut;
  const bytesIn = num(req.size);
  if (bytesIn !== undefined) ev.bytesIn = bytesIn;
  const lat = isObject(o.latencies) ? num(o.latencies.request) : undefined;
  if (lat !== undefined) ev.latencyMs = lat;
  const tries = Array.isArray(o.tries) ? o.tries : [];
  const lastTry = tries[tries.length - 1];
  if (isObject(lastTry) && str(lastTry.ip)) ev.upstream = `${str(lastTry.ip)}${lastTry.port !== undefined ? ':' + String(lastTry.port) : ''}`;
  else if (isObject(o.service) && str(o.service.host)) ev.upstream = str(o.service.host)!;
  if (isObject(o.route) && str(o.route.name)) ev.routeHint = str(o.route.name)!;
  const ai = aiUsage(o.ai);
  if (ai) ev.ai = ai;
  return ev;
}

const APIGW_PRINCIPAL = ['principalId', 'authorizer.principalId', 'authorizer.claims.sub', 'claims.sub', 'sub', 'apiKeyId', 'identity.apiKeyId', 'userArn', 'cognitoIdentityId', 'user', 'caller'];

function apigwEvent(o: JsonObject, line: number): LineResult {
  const ev = newEvent(line, (str(o.httpMethod) ?? '-').toUpperCase(), '', num(o.status) ?? 0);
  const routeKey = str(o.routeKey);
  const resource = str(o.resourcePath) ?? (routeKey && routeKey.includes(' ') ? routeKey.slice(routeKey.indexOf(' ') + 1) : routeKey);
  if (resource && resource !== '$default') ev.routeHint = resource;
  ev.pathRaw = str(o.path) ?? resource ?? '';
  if (!ev.pathRaw) return { reason: 'API Gateway record without path, resourcePath or routeKey' };
  const ts = parseAnyTime(o.requestTimeEpoch) ?? parseAnyTime(o.requestTime);
  if (ts !== undefined) ev.ts = ts;
  const ip = str(o.ip) ?? str(o.sourceIp) ?? str(valueAtPath(o, 'identity.sourceIp'));
  if (ip) ev.clientIp = ip;
  for (const k of APIGW_PRINCIPAL) {
    const v = str(valueAtPath(o, k));
    if (v) {
      ev.principal = v;
      break;
    }
  }
  const rid = str(o.extendedRequestId) ?? str(o.requestId);
  if (rid) ev.requestId = rid;
  const len = num(o.responseLength);
  if (len !== undefined) ev.bytesOut = len;
  const lat = num(o.responseLatency) ?? num(o.latency);
  if (lat !== undefined) ev.latencyMs = lat;
  const ua = str(o.userAgent) ?? str(valueAtPath(o, 'identity.userAgent'));
  if (ua) ev.userAgent = ua;
  const host = str(o.domainName);
  if (host) ev.host = host.toLowerCase();
  const integ = num(o.integrationStatus) ?? num(valueAtPath(o, 'integration.status'));
  if (integ !== undefined) ev.upstreamStatus = integ;
  const deny = str(o.errorResponseType) ?? str(valueAtPath(o, 'error.responseType')) ?? str(o.responseType);
  if (deny) ev.denyReason = deny;
  return ev;
}

function apimEvent(o: JsonObject, line: number, legacy: boolean): LineResult {
  const p: JsonObject = legacy && isObject(o.properties) ? o.properties : o;
  const g = (pascal: string): unknown => (legacy ? (p[pascal.charAt(0).toLowerCase() + pascal.slice(1)] ?? o[pascal.charAt(0).toLowerCase() + pascal.slice(1)]) : o[pascal]);
  const ev = newEvent(line, (str(g('Method')) ?? '-').toUpperCase(), '', num(g('ResponseCode')) ?? 0);
  const url = str(g('Url'));
  if (!url) return { reason: 'APIM record without Url' };
  applyUrl(ev, url);
  const ts = parseAnyTime(legacy ? o.time : o.TimeGenerated);
  if (ts !== undefined) ev.ts = ts;
  const ip = str(g('CallerIpAddress'));
  if (ip) ev.clientIp = ip;
  const principal = str(g('ApimSubscriptionId')) ?? str(g('UserId'));
  if (principal) ev.principal = principal;
  const tls = str(g('ClientTlsVersion'));
  if (tls) ev.tlsVersion = /^\d/.test(tls) ? `TLSv${tls}` : tls;
  else if (ev.scheme === 'http') ev.tlsVersion = 'none';
  const back = num(g('BackendResponseCode'));
  if (back !== undefined) ev.upstreamStatus = back;
  const backend = str(g('BackendUrl'));
  if (backend) ev.upstream = backend;
  const rid = str(g('CorrelationId'));
  if (rid) ev.requestId = rid;
  const total = num(g('TotalTime')) ?? num(o.durationMs);
  if (total !== undefined) ev.latencyMs = total;
  const out = num(g('ResponseSize'));
  if (out !== undefined) ev.bytesOut = out;
  const inn = num(g('RequestSize'));
  if (inn !== undefined) ev.bytesIn = inn;
  const op = str(g('OperationId'));
  if (op) ev.routeHint = op;
  const reason = str(g('LastErrorReason')) ?? str(valueAtPath(p, 'lastError.reason'));
  if (reason) ev.denyReason = reason;
  const headers = g('RequestHeaders');
  const ua = header(typeof headers === 'string' ? safeJson(headers) : headers, 'user-agent');
  if (ua) ev.userAgent = ua;
  return ev;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function envoyEvent(o: JsonObject, line: number): LineResult {
  const ev = newEvent(line, (str(o.method) ?? '-').toUpperCase(), str(o.path) ?? str(o.original_path) ?? '', num(o.response_code) ?? 0);
  if (!ev.pathRaw) return { reason: 'Envoy record without path' };
  const ts = parseAnyTime(o.start_time);
  if (ts !== undefined) ev.ts = ts;
  const remote = str(o.downstream_remote_address) ?? str(o.downstream_peer_address);
  const xff = str(o.x_forwarded_for);
  const ip = remote ? stripPort(remote) : xff ? xff.split(',')[0]!.trim() : undefined;
  if (ip) ev.clientIp = ip;
  const ua = str(o.user_agent);
  if (ua) ev.userAgent = ua;
  const rid = str(o.request_id) ?? str(o['x-request-id']);
  if (rid) ev.requestId = rid;
  const host = str(o.authority);
  if (host) ev.host = host.toLowerCase();
  const up = str(o.upstream_host) ?? str(o.upstream_cluster);
  if (up) ev.upstream = up;
  const rn = str(o.route_name);
  if (rn) ev.routeHint = rn;
  const tls = str(o.downstream_tls_version) ?? str(o.tls_version);
  if (tls) ev.tlsVersion = tls;
  const inn = num(o.bytes_received);
  if (inn !== undefined) ev.bytesIn = inn;
  const out = num(o.bytes_sent);
  if (out !== undefined) ev.bytesOut = out;
  const d = num(o.duration);
  if (d !== undefined) ev.latencyMs = d;
  const flags = str(o.response_flags);
  if (flags) ev.denyReason = flags;
  if (str(o.response_code_details) === 'via_upstream') ev.upstreamStatus = ev.status;
  const sub = str(valueAtPath(o, 'jwt.sub')) ?? str(o.principal) ?? str(o.user);
  if (sub) ev.principal = sub;
  return ev;
}

function stripPort(addr: string): string {
  if (addr.startsWith('[')) return addr.slice(1, addr.indexOf(']'));
  const colon = addr.lastIndexOf(':');
  return colon > 0 && addr.indexOf(':') === colon ? addr.slice(0, colon) : addr;
}

/** Builds the event from a recognised record. Container kinds (CloudWatch) are not handled here. */
export function recordToEvent(kind: RecordKind, o: JsonObject, line: number): LineResult {
  switch (kind) {
    case 'kong':
      return kongEvent(o, line);
    case 'aws-apigw':
      return apigwEvent(o, line);
    case 'apim':
      return apimEvent(o, line, false);
    case 'apim-legacy':
      return apimEvent(o, line, true);
    case 'envoy':
      return envoyEvent(o, line);
    default:
      return { reason: `a ${RECORD_LABELS[kind]} must be unwrapped first` };
  }
}

/**
 * An editable field mapping for JSON logs of any other shape: canonical field → dotted path in
 * the record. `url` (absolute or relative) or `path`, `method` and `status` are needed; `request`
 * may name a whole request line instead.
 */
export interface FieldMap {
  ts?: string;
  clientIp?: string;
  method?: string;
  /** Path with query. */
  path?: string;
  /** Absolute URL (scheme, host and path are read from it). */
  url?: string;
  /** A request line `METHOD target PROTOCOL`. */
  request?: string;
  query?: string;
  status?: string;
  upstreamStatus?: string;
  bytesIn?: string;
  bytesOut?: string;
  latencyMs?: string;
  /** Latency given in seconds (NGINX $request_time style). */
  latencySeconds?: string;
  principal?: string;
  tlsVersion?: string;
  scheme?: string;
  userAgent?: string;
  requestId?: string;
  upstream?: string;
  host?: string;
  aiProvider?: string;
  aiModel?: string;
  promptTokens?: string;
  completionTokens?: string;
  totalTokens?: string;
}

export const FIELD_MAP_KEYS: readonly (keyof FieldMap)[] = [
  'ts', 'clientIp', 'method', 'path', 'url', 'request', 'query', 'status', 'upstreamStatus', 'bytesIn', 'bytesOut', 'latencyMs', 'latencySeconds',
  'principal', 'tlsVersion', 'scheme', 'userAgent', 'requestId', 'upstream', 'host', 'aiProvider', 'aiModel', 'promptTokens', 'completionTokens', 'totalTokens',
];

/** Checks a field map read from a file; returns the problems (empty when usable). */
export function checkFieldMap(value: unknown): { map?: FieldMap; problems: string[] } {
  if (!isObject(value)) return { problems: ['the field map must be a JSON object of canonical field → dotted path'] };
  const problems: string[] = [];
  const map: FieldMap = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$') || k.startsWith('_')) continue;
    if (!(FIELD_MAP_KEYS as readonly string[]).includes(k)) problems.push(`unknown field "${k}" (known: ${FIELD_MAP_KEYS.join(', ')})`);
    else if (typeof v !== 'string' || v === '') problems.push(`field "${k}" must name a path in the record, e.g. "request.method"`);
    else map[k as keyof FieldMap] = v;
  }
  if (!map.path && !map.url && !map.request) problems.push('the field map needs "path", "url" or "request"');
  if (!map.status) problems.push('the field map needs "status"');
  return problems.length ? { problems } : { map, problems };
}

export function fieldMapEvent(map: FieldMap, o: JsonObject, line: number): LineResult {
  const at = (k: keyof FieldMap): unknown => (map[k] ? valueAtPath(o, map[k]!) : undefined);
  const ev = newEvent(line, (str(at('method')) ?? '-').toUpperCase(), '', 0);
  const request = str(at('request'));
  if (request) applyRequestLine(ev, request);
  const url = str(at('url'));
  if (url) applyUrl(ev, url);
  const path = str(at('path'));
  if (path) ev.pathRaw = path;
  const query = str(at('query'));
  if (query && !ev.pathRaw.includes('?')) ev.pathRaw += (query.startsWith('?') ? '' : '?') + query;
  if (!ev.pathRaw) return { reason: `no request path at "${map.path ?? map.url ?? map.request}"` };
  if (map.method && ev.method === '-') return { reason: `no method at "${map.method}"` };
  const status = num(at('status'));
  if (status === undefined) return { reason: `no status at "${map.status}"` };
  ev.status = status;
  const ts = parseAnyTime(at('ts'));
  if (ts !== undefined) ev.ts = ts;
  const setStr = (k: 'clientIp' | 'principal' | 'userAgent' | 'requestId' | 'upstream' | 'host' | 'tlsVersion' | 'scheme'): void => {
    const v = str(at(k));
    if (v) ev[k] = v;
  };
  setStr('clientIp');
  setStr('principal');
  setStr('userAgent');
  setStr('requestId');
  setStr('upstream');
  setStr('host');
  setStr('tlsVersion');
  setStr('scheme');
  const setNum = (k: 'upstreamStatus' | 'bytesIn' | 'bytesOut' | 'latencyMs'): void => {
    const v = num(at(k));
    if (v !== undefined) ev[k] = v;
  };
  setNum('upstreamStatus');
  setNum('bytesIn');
  setNum('bytesOut');
  setNum('latencyMs');
  const secs = num(at('latencySeconds'));
  if (secs !== undefined) ev.latencyMs = Math.round(secs * 1000);
  const ai: TrafficAiUsage = {};
  const provider = str(at('aiProvider'));
  const model = str(at('aiModel'));
  const p = num(at('promptTokens'));
  const c = num(at('completionTokens'));
  const t = num(at('totalTokens'));
  if (provider) ai.provider = provider;
  if (model) ai.model = model;
  if (p !== undefined) ai.promptTokens = p;
  if (c !== undefined) ai.completionTokens = c;
  if (t !== undefined) ai.totalTokens = t;
  else if (p !== undefined || c !== undefined) ai.totalTokens = (p ?? 0) + (c ?? 0);
  if (Object.keys(ai).length) ev.ai = ai;
  return ev;
}

/** The records a parsed JSON value holds: one object, an http-log batch (array), or a `records`/`value` list. */
export function recordsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) {
    if (Array.isArray(value.records)) return value.records;
    return [value];
  }
  return [];
}
