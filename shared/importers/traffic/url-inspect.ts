/**
 * What a request URL gives away, found before anything is stored: secrets and personal data in
 * the path or the query string (masked when masking is on, reported by kind and parameter name
 * only), and SSRF payloads in parameters (internal addresses, cloud metadata, file:/gopher:
 * schemes, checked URL-decoded and double-decoded). docs/controls.md §1 API2/API7 LOG rows,
 * §1.11 dictionaries, §3 "PII or secrets in URLs".
 *
 * The name lists mirror shared/rules/dictionaries.ts (importers come before rules in the flow,
 * so they cannot import it).
 */

import { own } from './interner.js';

export interface UrlDataHit {
  /** credential, jwt, email, card-number, iban, phone, national-id, personal-data */
  kind: string;
  /** The query parameter name (lower-case), or `path`. */
  where: string;
  /** true for secrets (credentials, tokens), false for personal data. */
  secret: boolean;
}

export interface SsrfHit {
  parameter: string;
  /** loopback, cloud-metadata, link-local, private-network, scheme:<name> */
  target: string;
}

export interface UrlInspection {
  /** Path and query as they may be stored (masked when asked). */
  pathRaw: string;
  /** The path without the query (masked), for endpoint matching. */
  path: string;
  hasQuery: boolean;
  data: UrlDataHit[];
  ssrf: SsrfHit[];
}

const NONE_DATA: UrlDataHit[] = [];
const NONE_SSRF: SsrfHit[] = [];

/** Credential-like parameter names (shared/rules/dictionaries.ts CREDENTIAL_NAME, plus URL-specific ones). */
const CREDENTIAL_PARAM =
  /^(client_?secret|token|access_?token|refresh_?token|id_?token|auth_?token|password|passwd|pwd|pass|secret|api[-_]?key|apikey|x-api-key|key|jwt|session(_?id)?|sid|phpsessid|jsessionid|sig|signature|x-amz-signature|x-amz-security-token|code|otp|pin|private_?token|bearer)$/i;
const CREDENTIAL_COMPOUND = /((auth|access|refresh|id|session|bearer|api|reset|verification|verify|confirm|invite|magic|login|csrf|xsrf)[-_]?token|pass(word|wd)|secret|api[-_]?key)$/i;
const NOT_CREDENTIAL = /(page|next|continuation|cursor|sync|pagination)[-_]?token$/i;

const PERSONAL_PARAM: Record<string, string> = {
  email: 'email', 'e-mail': 'email', mail: 'email', emailaddress: 'email', useremail: 'email',
  phone: 'phone', phonenumber: 'phone', mobile: 'phone', msisdn: 'phone', tel: 'phone', telephone: 'phone',
  ssn: 'national-id', nationalid: 'national-id', nin: 'national-id', passport: 'national-id', passportnumber: 'national-id', taxid: 'national-id',
  iban: 'iban', cardnumber: 'card-number', card: 'card-number', pan: 'card-number', cvv: 'card-number', cvc: 'card-number',
  dob: 'personal-data', dateofbirth: 'personal-data', birthdate: 'personal-data', firstname: 'personal-data', lastname: 'personal-data',
  surname: 'personal-data', fullname: 'personal-data', address: 'personal-data', street: 'personal-data',
  postcode: 'personal-data', postalcode: 'personal-data', zip: 'personal-data', zipcode: 'personal-data', lat: 'personal-data',
  latitude: 'personal-data', lon: 'personal-data', lng: 'personal-data', longitude: 'personal-data', username: 'personal-data',
  login: 'personal-data', user: 'personal-data', gender: 'personal-data', deviceid: 'personal-data',
};

const URL_PARAM = /^(url|uri|link|href|src|source|dest|destination|target|redirect|redirect_?ur[il]|return_?to|returnurl|return|next|continue|callback|callback_?url|webhook|webhook_?url|host|endpoint|feed|image|image_?url|img|proxy|fetch|load|path|file|document|domain|site|page|u|r)$/i;

const EMAIL = /^[^@\s/?#&=]{1,64}@[^@\s/?#&=]+\.[a-z]{2,24}$/i;
const JWT = /^eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*$/;
const CARD = /^(?:4\d{12}(?:\d{3}){0,2}|5[1-5]\d{14}|2[2-7]\d{14}|3[47]\d{13}|6(?:011|5\d\d)\d{12,15})$/;
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
const PHONE = /^\+\d{8,15}$/;
/**
 * Whether a path can hold any of the above: an `@` (or `%40`), `eyJ`, 13 digits in a row, `+`
 * and 8 digits, or two capitals followed by two digits (an IBAN). One pass, no regex.
 */
function pathSuspect(p: string): boolean {
  let digits = 0;
  let caps = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits >= 13) return true;
      if (caps >= 2 && digits === 2) return true;
      continue;
    }
    if (c >= 65 && c <= 90) {
      caps = digits === 0 ? caps + 1 : 1;
      digits = 0;
      continue;
    }
    if (c === 64) return true;
    if (c === 37 && p.charCodeAt(i + 1) === 52 && p.charCodeAt(i + 2) === 48) return true;
    if (c === 101 && p.charCodeAt(i + 1) === 121 && p.charCodeAt(i + 2) === 74) return true;
    if (c === 43 && i + 8 < p.length) {
      let k = 1;
      while (k <= 8 && p.charCodeAt(i + k) >= 48 && p.charCodeAt(i + k) <= 57) k++;
      if (k > 8) return true;
    }
    digits = 0;
    caps = 0;
  }
  return false;
}

function luhn(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

function ibanValid(s: string): boolean {
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const v = code >= 65 ? String(code - 55) : ch;
    for (const d of v) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/** Percent-decoding of a path segment (`+` is a plus there, not a space). */
function decodeSegment(s: string): string {
  if (s.indexOf('%') === -1) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function safeDecode(s: string): string {
  if (s.indexOf('%') === -1 && s.indexOf('+') === -1) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** The kind of sensitive value, judged from the value alone. */
export function valueKind(value: string): string | undefined {
  if (value.length < 6) return undefined;
  if (value.indexOf('@') !== -1 && EMAIL.test(value)) return 'email';
  if (value.startsWith('eyJ') && JWT.test(value)) return 'jwt';
  const c0 = value.charCodeAt(0);
  if (c0 >= 50 && c0 <= 54 && value.length >= 13 && value.length <= 19 && CARD.test(value) && luhn(value)) return 'card-number';
  if (c0 === 43 && PHONE.test(value)) return 'phone';
  if (c0 >= 65 && c0 <= 90 && IBAN.test(value) && ibanValid(value)) return 'iban';
  return undefined;
}

const SECRET_KINDS = new Set(['credential', 'jwt']);

const MASK: Record<string, string> = {
  credential: '[secret]',
  jwt: '[jwt]',
  email: '[email]',
  'card-number': '[card]',
  iban: '[iban]',
  phone: '[phone]',
  'national-id': '[id-number]',
  'personal-data': '[personal]',
};

/** Query parameter names seen, decoded and judged once each. */
const NAMES = new Map<string, { name: string; kind: string | undefined }>();

/** The kind of a query parameter by its name, if its value is sensitive whatever it is. */
export function parameterKind(name: string): string | undefined {
  const n = name.toLowerCase();
  if (!NOT_CREDENTIAL.test(n) && (CREDENTIAL_PARAM.test(n) || CREDENTIAL_COMPOUND.test(n))) return 'credential';
  return PERSONAL_PARAM[n.replace(/[_\-\s.[\]]/g, '')];
}

// ---- SSRF -------------------------------------------------------------------------------

const SSRF_SUSPECT = /127\.|localhost|0\.0\.0\.0|::1|169\.254\.|metadata|100\.100\.100\.200|\b10\.\d|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[f[cde]|file:|gopher:|dict:|ftp:|ldap:|tftp:|jar:|%/i;
const SCHEME = /^\s*(file|gopher|dict|ftp|ldap|tftp|jar|netdoc):/i;

/** Classifies the host of a URL-ish value; undefined when it is not internal. */
export function internalTarget(value: string): string | undefined {
  const scheme = SCHEME.exec(value);
  if (scheme) return `scheme:${scheme[1]!.toLowerCase()}`;
  // The host: after `scheme://` or `//`, else the value itself when it starts with a host.
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^/:?#]+)/i.exec(value.trim()) ?? /^(\[[^\]]+\]|[a-z0-9.-]+)(?::\d+)?(?:[/?#]|$)/i.exec(value.trim());
  if (!m) return undefined;
  const host = m[1]!.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0' || host === '0' || /^127\.\d+\.\d+\.\d+$/.test(host)) return 'loopback';
  if (host === '169.254.169.254' || host === 'metadata.google.internal' || host === 'metadata' || host === '100.100.100.200' || host === 'fd00:ec2::254') return 'cloud-metadata';
  if (/^169\.254\.\d+\.\d+$/.test(host) || host.startsWith('fe80:')) return 'link-local';
  if (/^10\.\d+\.\d+\.\d+$/.test(host) || /^192\.168\.\d+\.\d+$/.test(host) || /^172\.(1[6-9]|2\d|3[01])\.\d+\.\d+$/.test(host) || /^f[cd][0-9a-f]{2}:/.test(host)) return 'private-network';
  if (/\.(internal|local|corp|lan|intranet)$/.test(host)) return 'internal-hostname';
  return undefined;
}

/** SSRF targets in one parameter value (raw, URL-decoded, double-decoded). */
export function ssrfTarget(name: string, raw: string): string | undefined {
  if (!SSRF_SUSPECT.test(raw)) return undefined;
  const once = safeDecode(raw);
  const twice = safeDecode(once);
  for (const v of twice === once ? [once] : [once, twice]) {
    const target = internalTarget(v);
    if (!target) continue;
    // A bare private address is an SSRF payload only in a URL-taking parameter or as a URL.
    const urlish = /^[a-z][a-z0-9+.-]*:|^\/\//i.test(v.trim());
    if (target === 'cloud-metadata' || target === 'loopback' || target.startsWith('scheme:') || urlish || URL_PARAM.test(name)) return target;
  }
  return undefined;
}

/** SSRF payloads in a request body (form or JSON): URLs pointing inside. */
export function inspectBody(text: string): SsrfHit[] {
  if (!SSRF_SUSPECT.test(text)) return [];
  const hits: SsrfHit[] = [];
  const re = /((?:https?|file|gopher|dict|ftp|ldap|tftp):\/\/[^\s"'<>&,}]+|(?:file|gopher|dict):[^\s"'<>&,}]+)/gi;
  let m: RegExpExecArray | null;
  const decoded = safeDecode(text);
  while ((m = re.exec(decoded)) && hits.length < 5) {
    const target = internalTarget(m[1]!);
    if (target) hits.push({ parameter: 'body', target });
  }
  return hits;
}

// ---- the whole URL ------------------------------------------------------------------------

/**
 * Inspects one request target (path and query). With `mask`, every sensitive value is replaced
 * by a placeholder (`[secret]`, `[email]`, …) in what is returned; the values themselves never
 * leave this function.
 */
export function inspectUrl(pathRaw: string, mask: boolean): UrlInspection {
  const q = pathRaw.indexOf('?');
  const rawPath = q === -1 ? pathRaw : pathRaw.slice(0, q);
  let path = rawPath;
  let data: UrlDataHit[] = NONE_DATA;
  let ssrf: SsrfHit[] = NONE_SSRF;

  if (pathSuspect(rawPath)) {
    const segments = rawPath.split('/');
    let changed = false;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      if (seg.length < 6) continue;
      const kind = valueKind(decodeSegment(seg));
      if (!kind) continue;
      if (data === NONE_DATA) data = [];
      data.push({ kind, where: 'path', secret: SECRET_KINDS.has(kind) });
      if (mask) {
        segments[i] = MASK[kind]!;
        changed = true;
      }
    }
    if (changed) path = segments.join('/');
  }
  if (q === -1) return { pathRaw: path === rawPath ? pathRaw : path, path, hasQuery: false, data, ssrf };

  const query = pathRaw.slice(q + 1);
  // Pairs are walked with indexOf rather than split('&'): no array and no pair string per request.
  // `masked` is the query rewritten so far, from the first masked pair on.
  let masked: string | undefined;
  for (let start = 0; ; ) {
    const amp = query.indexOf('&', start);
    const end = amp === -1 ? query.length : amp;
    let replacement: string | undefined;
    if (end > start) {
      const eq = query.indexOf('=', start);
      const hasValue = eq !== -1 && eq < end;
      const rawName = query.slice(start, hasValue ? eq : end);
      const value = hasValue ? query.slice(eq + 1, end) : '';
      let known = NAMES.get(rawName);
      if (known === undefined) {
        const name = own(safeDecode(rawName).toLowerCase().slice(0, 64));
        known = { name, kind: parameterKind(name) };
        if (NAMES.size >= 10_000) NAMES.clear();
        NAMES.set(own(rawName), known);
      }
      const name = known.name;
      let kind = value === '' ? undefined : known.kind;
      if (!kind && value.length >= 6) kind = valueKind(safeDecode(value));
      if (kind) {
        if (data === NONE_DATA) data = [];
        data.push({ kind, where: name, secret: SECRET_KINDS.has(kind) });
        if (mask) replacement = `${rawName}=${MASK[kind]!}`;
      }
      if (value.length >= 3 && (value.indexOf('.') !== -1 || value.indexOf(':') !== -1 || value.indexOf('%') !== -1 || value.indexOf('localhost') !== -1 || value.indexOf('metadata') !== -1)) {
        const target = ssrfTarget(name, value);
        if (target) {
          if (ssrf === NONE_SSRF) ssrf = [];
          ssrf.push({ parameter: name, target });
        }
      }
    }
    if (replacement !== undefined || masked !== undefined) {
      masked = (masked ?? query.slice(0, start)) + (replacement ?? query.slice(start, end)) + (amp === -1 ? '' : '&');
    }
    if (amp === -1) break;
    start = amp + 1;
  }
  if (masked === undefined && path === rawPath) return { pathRaw, path, hasQuery: true, data, ssrf };
  return { pathRaw: `${path}?${masked ?? query}`, path, hasQuery: true, data, ssrf };
}
