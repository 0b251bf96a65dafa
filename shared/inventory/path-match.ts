/**
 * Matching a gateway route's path template and hosts against a documented path and the spec's
 * servers. Importers have already normalized every gateway's path syntax into OpenAPI-style
 * templates (`/users/{id}`; prefix routes end in `/{*}`), so only template semantics are left.
 */
import type { RouteMatch } from './inventory.js';

/** The comparison key of a path template: parameter names erased, trailing slash dropped. */
export function pathKey(path: string): string {
  const p = path.replace(/\{[^}/]*\}/g, '{}').replace(/\/+$/, '');
  return p === '' ? '/' : p;
}

export function segmentsOf(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

const PARAM = /^\{[^}/]*\}$/;
const isWholeParam = (s: string): boolean => PARAM.test(s) && s !== '{*}';

/** A segment with embedded parameters (`{name}.json`, `{id}:activate`) as a regular expression. */
function segmentPattern(segment: string): RegExp {
  const source = segment
    .split(/(\{[^}/]*\})/)
    .map((part) => (PARAM.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** Whether one route segment and one documented segment can name the same request segment. */
function segmentsMatch(route: string, documented: string): 'exact' | 'template' | false {
  if (route === documented) return 'exact';
  const r = route.replace(/\{[^}/]*\}/g, '{}');
  const d = documented.replace(/\{[^}/]*\}/g, '{}');
  if (r === d) return 'exact';
  if (isWholeParam(route) || isWholeParam(documented)) return 'template';
  if (route.includes('{') && !documented.includes('{')) return segmentPattern(route).test(documented) ? 'template' : false;
  if (documented.includes('{') && !route.includes('{')) return segmentPattern(documented).test(route) ? 'template' : false;
  return false;
}

/** The route's template without its trailing `/{*}` when it is a prefix route, and whether it is one. */
export function routePrefix(template: string, match?: string): { prefix: string; isPrefix: boolean } {
  const t = template.replace(/\/+$/, '');
  if (t.endsWith('/{*}')) return { prefix: t.slice(0, -4), isPrefix: true };
  if (t === '{*}' || t === '/{*}') return { prefix: '', isPrefix: true };
  return { prefix: t, isPrefix: match === 'prefix' };
}

/**
 * How a route template reaches a documented path: `exact` (same template), `template`
 * (parameters on either side stand for literals), `prefix` (a prefix route above it) or not at all.
 */
export function matchPath(routeTemplate: string, routeMatch: string | undefined, documentedPath: string): Exclude<RouteMatch, 'none'> | undefined {
  const { prefix, isPrefix } = routePrefix(routeTemplate, routeMatch);
  return matchSegments(segmentsOf(prefix), isPrefix, segmentsOf(documentedPath));
}

/** `matchPath` on paths already split into segments (the inventory join splits each path once). */
export function matchSegments(r: readonly string[], isPrefix: boolean, d: readonly string[]): Exclude<RouteMatch, 'none'> | undefined {
  if (isPrefix) {
    if (r.length > d.length) return undefined;
  } else if (r.length !== d.length) return undefined;
  let loose = false;
  for (let i = 0; i < r.length; i++) {
    const a = r[i]!;
    const b = d[i]!;
    if (a === b) continue;
    const m = segmentsMatch(a, b);
    if (!m) return undefined;
    if (m === 'template') loose = true;
  }
  if (isPrefix) return 'prefix';
  return loose ? 'template' : 'exact';
}

/** How many literal segments the route and the documented path share at the same position (`/v2/users/{id}` vs `/v2/users/me`: 2). */
export function literalAnchors(routeTemplate: string, routeMatch: string | undefined, documentedPath: string): number {
  const { prefix, isPrefix } = routePrefix(routeTemplate, routeMatch);
  return literalAnchorsOf(segmentsOf(prefix), isPrefix, segmentsOf(documentedPath));
}

export function literalAnchorsOf(r: readonly string[], isPrefix: boolean, d: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < Math.min(r.length, d.length); i++) if (!r[i]!.includes('{') && r[i] === d[i]) n++;
  if (n === 0 && !isPrefix && r.length === 0 && d.length === 0) return 1; // `/` routed as `/`
  return n;
}

/** The number of literal (non-parameter) segments: more literal means more specific. */
export function literalSegments(template: string): number {
  return segmentsOf(template).filter((s) => !s.includes('{')).length;
}

/** A server URL split into its host (lower-case, no port; absent for relative URLs) and base path. */
export function splitServerUrl(url: string): { host?: string; basePath: string } {
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/?#]*)([^?#]*)/i.exec(url.trim());
  if (m) {
    const authority = m[1]!.replace(/^[^@]*@/, '');
    const host = authority.replace(/:\d+$|:\{[^}]*\}$/, '').toLowerCase();
    const out: { host?: string; basePath: string } = { basePath: normalizeBase(m[2] ?? '') };
    if (host) out.host = host;
    return out;
  }
  const path = url.trim().split(/[?#]/)[0] ?? '';
  return { basePath: normalizeBase(path.startsWith('/') ? path : '') };
}

function normalizeBase(path: string): string {
  const p = path.replace(/\/+$/, '');
  return p === '/' ? '' : p;
}

/**
 * Hosts that say nothing about where an API is deployed: local development addresses and
 * catch-all names (`_`, `*`). Documentation placeholders such as `api.example.com` need no
 * special case: hosts only filter the join when the spec's hosts appear on the gateway too.
 */
export function isPlaceholderHost(host: string): boolean {
  const h = host.toLowerCase();
  return (
    h === '' ||
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127\./.test(h) ||
    h === '0.0.0.0' ||
    h === '[::1]' ||
    h === '::1' ||
    h === '{host}' ||
    h === '_' ||
    h === '*'
  );
}

function hostPattern(pattern: string): RegExp | undefined {
  const p = pattern.toLowerCase().replace(/:\d+$/, '');
  if (p.startsWith('~')) {
    try {
      return new RegExp(p.replace(/^~\*?/, ''), 'i');
    } catch {
      return undefined;
    }
  }
  // NGINX `.example.com` names example.com and every host under it.
  const leadingDot = p.startsWith('.');
  const source = (leadingDot ? p.slice(1) : p)
    .split(/(\{[^}]*\}|\*)/)
    .map((part) => (part === '*' ? '.+' : /^\{[^}]*\}$/.test(part) ? '[^.]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(leadingDot ? `^(.+\\.)?${source}$` : `^${source}$`);
}

/** Whether two host names (either may hold `*` wildcards, `{variables}` or an NGINX `~regex`) can name the same host. */
export function hostsMatch(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/:\d+$/, '');
  const y = b.toLowerCase().replace(/:\d+$/, '');
  if (x === y) return true;
  const px = hostPattern(x);
  const py = hostPattern(y);
  if (!px || !py) return true;
  return px.test(y) || py.test(x);
}
