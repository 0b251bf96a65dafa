/**
 * Small pieces the NGINX, Azure APIM, Apigee and Envoy importers share: empty route controls,
 * origins, path templates from prefixes and regexes, tolerant URL splitting, names that hold
 * secrets, and the hosts of LLM providers.
 */
import type { GatewayConfig, GatewayProduct, Origin, RouteControls, SettingScope } from '../../../model/gateway.js';
import type { SourceRef } from '../../../model/source.js';

export function emptyControls(): RouteControls {
  return { authentication: [], authorization: [], rateLimits: [], logging: [], ai: [] };
}

export function origin(scope: SettingScope, at: SourceRef, defaultNote?: string): Origin {
  return defaultNote === undefined ? { scope, at } : { scope, at, defaultNote };
}

/** A default applied at `at` (the node the setting is missing from). */
export function defaultOrigin(at: SourceRef, note: string): Origin {
  return { scope: 'default', at, defaultNote: note };
}

export function emptyConfig(product: GatewayProduct, file: string, format: string): GatewayConfig {
  return { product, file, files: [file], format, listeners: [], routes: [], upstreams: [], secrets: [], settings: {}, problems: [] };
}

/** `/api/` and `/api` → `/api/{*}`; `/` → `/{*}`. */
export function prefixTemplate(prefix: string): string {
  const p = prefix.startsWith('/') ? prefix : `/${prefix}`;
  return `${p.replace(/\/+$/, '')}/{*}`;
}

/**
 * An OpenAPI-style template from a path regex, where the regex is simple enough:
 * `^/users/(?<id>\d+)$` → `/users/{id}`, `^/files/(.*)` → `/files/{*}`, `/v[0-9]+/x` → `/{v1}/x`
 * is not attempted (a character class mixed with literals in one segment makes the segment a
 * parameter). `converted` is false when some part could not be read; the template then keeps
 * the literal parts and makes every unreadable segment a parameter.
 */
export function regexToTemplate(regex: string): { template: string; converted: boolean } {
  let r = regex.replace(/^\(\?i\)/, '');
  const anchoredEnd = /(^|[^\\])\$$/.test(r);
  r = r.replace(/^\^/, '');
  if (anchoredEnd) r = r.slice(0, -1);
  // Not starting with a slash: it matches anywhere in the path.
  if (!r.startsWith('/')) return { template: '/{*}', converted: false };
  let converted = true;
  let n = 0;
  // Each segment becomes literal text or one parameter.
  const segments: { text: string; param?: string; rest?: boolean }[] = [];
  let cur = '';
  let curParam: string | undefined;
  let curDynamic = false;
  const flush = (): void => {
    if (curDynamic) segments.push({ text: '', param: curParam ?? `param${++n}` });
    else segments.push({ text: cur });
    cur = '';
    curParam = undefined;
    curDynamic = false;
  };
  let i = 0;
  let rest = false;
  while (i < r.length) {
    const c = r[i]!;
    if (c === '/') {
      flush();
      i++;
      continue;
    }
    if (c === '\\') {
      const next = r[i + 1] ?? '';
      if (/[dDwWsS]/.test(next)) {
        curDynamic = true;
        i += 2;
        i = skipQuantifier(r, i);
      } else {
        cur += next;
        i += 2;
      }
      continue;
    }
    if (c === '(') {
      const end = groupEnd(r, i);
      if (end === -1) {
        converted = false;
        break;
      }
      const body = r.slice(i + 1, end);
      const named = /^\?P?<([A-Za-z_]\w*)>/.exec(body);
      const inner = named ? body.slice(named[0].length) : body.replace(/^\?:/, '');
      const after = skipQuantifier(r, end + 1);
      const optional = r[end + 1] === '?' || r[end + 1] === '*';
      const outsideClasses = inner.replace(/\[(\\.|[^\]])*\]/g, 'x');
      if (/\.\*|\.\+|\//.test(outsideClasses)) {
        // Spans segments: only readable at the end.
        if (after >= r.length || (after === r.length - 1 && r[after] === '/')) {
          rest = true;
          i = r.length;
          continue;
        }
        converted = false;
      }
      if (optional) converted = false;
      curDynamic = true;
      if (named) curParam = named[1];
      i = after;
      continue;
    }
    if (c === '[') {
      const end = r.indexOf(']', i + 2);
      if (end === -1) {
        converted = false;
        break;
      }
      curDynamic = true;
      i = skipQuantifier(r, end + 1);
      continue;
    }
    if (c === '.') {
      const q = r[i + 1];
      if (q === '*' || q === '+') {
        if (i + 2 >= r.length) {
          rest = true;
          i = r.length;
          continue;
        }
        curDynamic = true;
        i += 2;
        continue;
      }
      curDynamic = true;
      i = skipQuantifier(r, i + 1);
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{' || c === '|') {
      converted = false;
      curDynamic = true;
      i = c === '{' ? Math.max(i + 1, r.indexOf('}', i) + 1) : i + 1;
      continue;
    }
    cur += c;
    i++;
  }
  flush();
  if (!anchoredEnd && !rest) rest = true;
  const parts = segments.map((s) => (s.param !== undefined ? `{${s.param}}` : s.text));
  // The regex starts with '/', so the first segment is empty.
  let template = parts.join('/');
  if (!template.startsWith('/')) template = `/${template}`;
  template = template.replace(/\/{2,}/g, '/');
  if (rest) template = `${template.replace(/\/+$/, '')}/{*}`;
  return { template: template === '' ? '/' : template, converted };
}

function skipQuantifier(r: string, i: number): number {
  const q = r[i];
  if (q === '*' || q === '+' || q === '?') return r[i + 1] === '?' || r[i + 1] === '+' ? i + 2 : i + 1;
  if (q === '{') {
    const end = r.indexOf('}', i);
    return end === -1 ? i : end + 1;
  }
  return i;
}

function groupEnd(r: string, open: number): number {
  let depth = 0;
  for (let i = open; i < r.length; i++) {
    const c = r[i];
    if (c === '\\') i++;
    else if (c === '[') {
      const end = r.indexOf(']', i + 2);
      if (end === -1) return -1;
      i = end;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

export interface UrlParts {
  scheme: string;
  host: string;
  port?: number;
  path: string;
  /** user:password@ was written in the URL. */
  userinfo?: string;
}

/** Splits a URL that may hold variables (`http://$host$request_uri`, `https://{{backend}}/x`). */
export function splitUrl(url: string): UrlParts | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:([^@/?#]*)@)?(\[[^\]]*\]|[^/:?#]*)(?::(\d+))?([^]*)$/.exec(url.trim());
  if (!m) return undefined;
  const parts: UrlParts = { scheme: m[1]!.toLowerCase(), host: m[3]!.replace(/^\[|\]$/g, ''), path: m[5] ?? '' };
  if (m[4]) parts.port = Number(m[4]);
  if (m[2]) parts.userinfo = m[2];
  return parts;
}

/** The kind of secret a variable, key or header name suggests, if any. */
export function secretKindOfName(name: string): string | undefined {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  // Names of where a secret lives, or of something about it, not the secret itself.
  if (/(file|path|url|uri|endpoint|location|header|name|method|type|enabled?|id|ref|length|size|ttl|timeout)$/.test(n)) return undefined;
  if (n.includes('clientsecret')) return 'client-secret';
  if (n.includes('privatekey')) return 'private-key';
  if (/password|passwd|passphrase/.test(n)) return 'password';
  if (/hmac|signingkey|signingsecret|jwtsecret|jwtkey/.test(n)) return 'hmac-key';
  if (/apikey|apitoken|accesskey|subscriptionkey/.test(n)) return 'api-key';
  if (n.includes('secret')) return 'secret';
  return undefined;
}

/** A literal that is really a reference or placeholder, not a value (`$var`, `{{named}}`, `${X}`, empty). */
export function isReferenceOrEmpty(value: string): boolean {
  const v = value.trim();
  return v === '' || /^(https?:\/\/|\/)/.test(v) || /^\$[\w{]/.test(v) || /^\{\{[^}]*\}\}$/.test(v) || /^\$\{[^}]*\}$/.test(v) || /^\{[\w.-]+\}$/.test(v) || /^@[({]/.test(v);
}

export function containsPrivateKey(text: string): boolean {
  return /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/.test(text);
}

/** An `Authorization` header value with literal credentials (`Basic dXNlcjpwYXNz`, `Bearer abc…`). */
export function literalAuthorization(value: string): boolean {
  const m = /^\s*(Basic|Bearer|Token|ApiKey|SharedAccessSignature)\s+(\S+)/i.exec(value);
  return !!m && !/[$@{]/.test(m[2]!);
}

const LLM_HOSTS: [RegExp, string][] = [
  [/^api\.openai\.com$/i, 'openai'],
  [/\.openai\.azure\.com$/i, 'azure-openai'],
  [/\.(cognitiveservices|services\.ai)\.azure\.com$/i, 'azure-ai'],
  [/^api\.anthropic\.com$/i, 'anthropic'],
  [/^generativelanguage\.googleapis\.com$/i, 'google-gemini'],
  [/-aiplatform\.googleapis\.com$/i, 'google-vertex-ai'],
  [/^bedrock-runtime\.[a-z0-9-]+\.amazonaws\.com$/i, 'aws-bedrock'],
  [/^api\.mistral\.ai$/i, 'mistral'],
  [/^api\.cohere\.(ai|com)$/i, 'cohere'],
  [/^api\.groq\.com$/i, 'groq'],
];

/** The LLM provider a host belongs to (controls.md §2, "finding AI endpoints"). */
export function llmProviderOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  return LLM_HOSTS.find(([re]) => re.test(host))?.[1];
}
