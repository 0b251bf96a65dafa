/**
 * HAR 1.2 entries (docs/controls.md §4.10) to requests. The file is streamed through the JSON
 * splitter (`log.entries`), so only one entry is held at a time. HAR records the server's IP,
 * not the client's; identity comes from the Authorization header, reduced to a principal
 * (JWT `sub`, Basic user name, or a fingerprint of an opaque token) and never stored as is.
 * Response bodies are read for stack traces and database errors, then dropped.
 */
import type { HeaderFact, TrafficEvent } from '../../model/traffic.js';
import { newEvent } from './event.js';
import { bodyLeakOf } from './classify.js';
import { applyUrl, type JsonObject } from './json-records.js';
import { parseIsoTime } from './time.js';

export interface HarEntryResult {
  event?: TrafficEvent;
  /** Why the entry could not be imported. */
  problem?: string;
  /** Problems that did not stop the import (invalid bodies…). */
  warnings: string[];
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function headerOf(list: unknown, name: string): string | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const h of list) if (isObject(h) && typeof h.name === 'string' && h.name.toLowerCase() === name && typeof h.value === 'string') return h.value;
  return undefined;
}

/** FNV-1a, 32 bits: a fingerprint of an opaque credential that cannot give the credential back. */
export function fingerprint(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function base64UrlDecode(s: string): string | undefined {
  try {
    const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** The identity an Authorization header (or API-key header) carries, without the secret. */
export function principalFromHeaders(headers: unknown): { principal?: string; note?: string } {
  const auth = headerOf(headers, 'authorization');
  if (auth) {
    const [scheme, value = ''] = auth.split(/\s+/, 2);
    const s = (scheme ?? '').toLowerCase();
    if (s === 'bearer' && /^eyJ[\w-]+\.eyJ[\w-]+\./.test(value)) {
      const [h, p] = value.split('.');
      const header = base64UrlDecode(h!);
      const payload = base64UrlDecode(p!);
      let note: string | undefined;
      try {
        const alg = header ? (JSON.parse(header) as { alg?: unknown }).alg : undefined;
        if (typeof alg === 'string' && alg.toLowerCase() === 'none') note = 'a JWT with "alg": "none"';
      } catch {
        /* not JSON */
      }
      try {
        const claims = payload ? (JSON.parse(payload) as Record<string, unknown>) : {};
        const sub = claims.sub ?? claims.username ?? claims.email ?? claims.client_id;
        if (typeof sub === 'string' || typeof sub === 'number') return note ? { principal: String(sub), note } : { principal: String(sub) };
      } catch {
        /* not JSON */
      }
      return note ? { principal: `token#${fingerprint(value)}`, note } : { principal: `token#${fingerprint(value)}` };
    }
    if (s === 'basic') {
      const decoded = base64UrlDecode(value);
      const user = decoded?.split(':')[0];
      if (user) return { principal: user };
    }
    if (value) return { principal: `token#${fingerprint(value)}` };
  }
  for (const name of ['x-api-key', 'api-key', 'apikey', 'x-auth-token', 'ocp-apim-subscription-key']) {
    const v = headerOf(headers, name);
    if (v) return { principal: `key#${fingerprint(v)}` };
  }
  return {};
}

/** A JWT lifetime (`exp − iat`, else `exp −` the entry's time) above this is reported as long: 24 hours. */
export const JWT_LONG_LIFETIME_S = 86_400;

const JWT_IN_TEXT = /(?:^|[\s=:,;"'])(eyJ[\w-]{4,}\.eyJ[\w-]{4,})\.[\w-]*/;
/** A version number in a banner: `nginx/1.18.0`, `PHP/7.4.3`, `4.0.30319`, `Kestrel 8.0`. */
const VERSIONED = /\/\s*v?\d|\b\d+\.\d+/;
const BANNERS = ['server', 'x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version', 'x-generator'];

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The weak points of the JWTs a request carries (in any header, cookies included): `alg: none`,
 * no `exp`, a lifetime over JWT_LONG_LIFETIME_S. Only the header and the claims are decoded; the
 * facts name the header, the algorithm and the issuer, never the token or its subject.
 */
function jwtFacts(headers: unknown, entry: number, at: number | undefined, out: HeaderFact[]): void {
  if (!Array.isArray(headers)) return;
  const seen = new Set<string>();
  for (const h of headers) {
    if (!isObject(h) || typeof h.value !== 'string' || typeof h.name !== 'string' || !h.value.includes('eyJ')) continue;
    const m = JWT_IN_TEXT.exec(h.value);
    if (!m || seen.has(m[1]!)) continue;
    seen.add(m[1]!);
    const [head, body] = m[1]!.split('.');
    const header = parseJsonObject(base64UrlDecode(head!));
    const claims = parseJsonObject(base64UrlDecode(body!));
    if (!header || !claims) continue;
    const alg = typeof header.alg === 'string' ? header.alg : '(no alg)';
    const iss = typeof claims.iss === 'string' ? claims.iss.slice(0, 120) : undefined;
    const subject = `${h.name.toLowerCase()} JWT, alg ${alg}${iss ? `, issuer ${iss}` : ''}`;
    if (alg.toLowerCase() === 'none') out.push({ kind: 'jwt-alg-none', subject, entry });
    const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
    if (exp === undefined) {
      out.push({ kind: 'jwt-no-exp', subject, entry });
      continue;
    }
    const from = typeof claims.iat === 'number' ? claims.iat : typeof claims.nbf === 'number' ? claims.nbf : at !== undefined ? at / 1000 : undefined;
    if (from !== undefined && exp - from > JWT_LONG_LIFETIME_S) {
      const hours = Math.round((exp - from) / 3600);
      out.push({ kind: 'jwt-long-lifetime', subject, value: hours >= 48 ? `${Math.round(hours / 24)} days` : `${hours} hours`, entry });
    }
  }
}

/** Response headers of an entry: HSTS on https, version banners, permissive CORS. */
function responseFacts(url: string, req: JsonObject, res: JsonObject, entry: number, out: HeaderFact[]): void {
  let host: string;
  let https: boolean;
  let self: string;
  try {
    const u = new URL(url);
    host = u.host;
    https = u.protocol === 'https:';
    self = u.origin;
  } catch {
    return;
  }
  const headers = res.headers;
  if (https) {
    const hsts = headerOf(headers, 'strict-transport-security');
    const maxAge = hsts === undefined ? undefined : /max-age\s*=\s*"?(\d+)/i.exec(hsts);
    if (hsts === undefined) out.push({ kind: 'hsts-missing', subject: host, value: 'no Strict-Transport-Security header', entry });
    else if (!maxAge || Number(maxAge[1]) === 0) out.push({ kind: 'hsts-missing', subject: host, value: `Strict-Transport-Security: ${hsts.slice(0, 80)}`, entry });
  }
  for (const name of BANNERS) {
    const v = headerOf(headers, name);
    if (v !== undefined && VERSIONED.test(v)) out.push({ kind: 'version-banner', subject: `${HEADER_NAMES[name]}: ${v.slice(0, 100)}`, value: host, entry });
  }
  const allow = headerOf(headers, 'access-control-allow-origin')?.trim();
  if (allow === undefined) return;
  const credentials = headerOf(headers, 'access-control-allow-credentials')?.trim().toLowerCase() === 'true';
  const origin = headerOf(req.headers, 'origin')?.trim();
  if (allow === '*') {
    if (credentials) out.push({ kind: 'cors-wildcard-credentials', subject: host, entry });
  } else if (origin !== undefined && allow.toLowerCase() === origin.toLowerCase() && origin.toLowerCase() !== self.toLowerCase())
    out.push({ kind: credentials ? 'cors-reflected-origin-credentials' : 'cors-reflected-origin', subject: host, value: origin.slice(0, 200), entry });
}

const HEADER_NAMES: Record<string, string> = {
  server: 'Server',
  'x-powered-by': 'X-Powered-By',
  'x-aspnet-version': 'X-AspNet-Version',
  'x-aspnetmvc-version': 'X-AspNetMvc-Version',
  'x-generator': 'X-Generator',
};

function decodeBody(content: JsonObject): { text?: string; problem?: string } {
  const text = content.text;
  if (typeof text !== 'string' || text === '') return {};
  if (content.encoding === 'base64') {
    try {
      const bin = atob(text.length > 262144 ? text.slice(0, 262144) : text);
      return { text: new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))) };
    } catch {
      return { problem: 'response body is marked base64 but is not valid base64' };
    }
  }
  return { text };
}

const JSON_TYPE = /[/+]json\b/i;

function checkJsonBody(text: string, mimeType: unknown): boolean {
  if (typeof mimeType !== 'string' || !JSON_TYPE.test(mimeType) || text.trim() === '') return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** One HAR entry (already parsed) to a request. `index` is its position in `log.entries`. */
export function harEntryToEvent(entry: unknown, line: number, index: number): HarEntryResult {
  const warnings: string[] = [];
  if (!isObject(entry)) return { problem: `entry ${index} is not an object`, warnings };
  const req = entry.request;
  if (!isObject(req)) return { problem: `entry ${index} has no request`, warnings };
  const url = typeof req.url === 'string' ? req.url : undefined;
  const method = typeof req.method === 'string' ? req.method.toUpperCase() : undefined;
  if (!url || !method) return { problem: `entry ${index} has no request ${url ? 'method' : 'url'}`, warnings };
  const res = isObject(entry.response) ? entry.response : undefined;
  const ev = newEvent(line, method, '', res && typeof res.status === 'number' ? res.status : 0);
  applyUrl(ev, url);
  if (!res) warnings.push(`entry ${index} has no response`);
  else if (ev.status === 0) warnings.push(`entry ${index} has no response status (aborted or blocked request)`);
  if (typeof entry.startedDateTime === 'string') {
    const ts = parseIsoTime(entry.startedDateTime);
    if (ts !== undefined) ev.ts = ts;
    else warnings.push(`entry ${index} has an unreadable startedDateTime`);
  }
  if (ev.scheme === 'http') ev.tlsVersion = 'none';
  const { principal, note } = principalFromHeaders(req.headers);
  if (principal) ev.principal = principal;
  if (note) warnings.push(`entry ${index} sends ${note}`);
  const ua = headerOf(req.headers, 'user-agent');
  if (ua) ev.userAgent = ua;
  const rid = headerOf(req.headers, 'x-request-id') ?? (res ? headerOf(res.headers, 'x-request-id') : undefined);
  if (rid) ev.requestId = rid;
  if (typeof entry.serverIPAddress === 'string' && entry.serverIPAddress) ev.upstream = entry.serverIPAddress.replace(/^\[|\]$/g, '');
  if (typeof entry.time === 'number' && entry.time >= 0) ev.latencyMs = Math.round(entry.time);
  if (typeof req.bodySize === 'number' && req.bodySize >= 0) ev.bytesIn = req.bodySize;
  if (res) {
    const content = isObject(res.content) ? res.content : undefined;
    if (typeof res.bodySize === 'number' && res.bodySize >= 0) ev.bytesOut = res.bodySize;
    else if (content && typeof content.size === 'number' && content.size >= 0) ev.bytesOut = content.size;
    if (content) {
      const body = decodeBody(content);
      if (body.problem) warnings.push(`entry ${index}: ${body.problem}`);
      if (body.text) {
        const leak = bodyLeakOf(body.text);
        if (leak) ev.bodyLeak = leak;
        if (!checkJsonBody(body.text, content.mimeType)) warnings.push(`entry ${index}: response body declared ${String(content.mimeType)} is not valid JSON`);
      }
    }
  }
  const facts: HeaderFact[] = [];
  jwtFacts(req.headers, index, ev.ts, facts);
  if (res && ev.status !== 0) responseFacts(url, req, res, index, facts);
  if (facts.length) ev.headerFacts = facts;
  const post = isObject(req.postData) ? req.postData : undefined;
  if (post) {
    if (typeof post.text === 'string' && post.text !== '') {
      ev.requestBody = post.text.length > 65536 ? post.text.slice(0, 65536) : post.text;
      if (!checkJsonBody(post.text, post.mimeType)) warnings.push(`entry ${index}: request body declared ${String(post.mimeType)} is not valid JSON`);
    } else if (Array.isArray(post.params) && post.params.length)
      ev.requestBody = post.params
        .filter(isObject)
        .map((p) => `${String(p.name ?? '')}=${String(p.value ?? '')}`)
        .join('&');
  }
  return { event: ev, warnings };
}
