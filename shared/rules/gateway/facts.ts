/**
 * What gateway rules ask of the normalized model, answered once for every product: a route's
 * endpoints and label, its upstream, whether it is an admin, object or AI route, whether a
 * control relies on a product default, and how to group reports by the place that causes them.
 */
import type { Severity } from '../../model/finding.js';
import type { GatewayConfig, GatewayRoute, Origin, Upstream } from '../../model/gateway.js';
import { sourceKey, type SourceRef } from '../../model/source.js';
import type { RuleContext } from '../define-rule.js';
import { ADMIN_PATH, INTERNAL_HOST, LLM_PROVIDER_HOSTS, EU_REGION, normalizeName } from '../dictionaries.js';

/** "METHOD /path" for each method the route proxies (`*` when it proxies every method). */
export function routeEndpoints(route: GatewayRoute): string[] {
  const path = route.pathTemplate || '/';
  const methods = [...new Set(route.methods.map((m) => m.toUpperCase()))];
  return methods.length ? methods.map((m) => `${m} ${path}`) : [`* ${path}`];
}

/** `route "users" (GET, POST /v2/users)` — how messages name a route. */
export function routeLabel(route: GatewayRoute): string {
  const methods = route.methods.length ? route.methods.map((m) => m.toUpperCase()).join(', ') : 'every method';
  const hosts = route.hosts.length ? ` on ${route.hosts.join(', ')}` : '';
  const name = route.name ? `route "${route.name}" ` : 'route ';
  return `${name}(${methods} ${route.pathTemplate || '/'}${hosts})`;
}

export function listText(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export { redact } from '../../inventory/redact.js';

const upstreamIndex = new WeakMap<GatewayConfig, Map<string, Upstream>>();

export function upstreamOf(gw: GatewayConfig, route: GatewayRoute): Upstream | undefined {
  if (route.upstreamId === undefined) return undefined;
  let index = upstreamIndex.get(gw);
  if (!index) {
    index = new Map();
    for (const u of gw.upstreams) if (!index.has(u.id)) index.set(u.id, u);
    upstreamIndex.set(gw, index);
  }
  return index.get(route.upstreamId);
}

/** The routes that send traffic to each upstream. */
export function routesByUpstream(gw: GatewayConfig): Map<string, GatewayRoute[]> {
  const out = new Map<string, GatewayRoute[]>();
  for (const r of gw.routes) {
    if (r.upstreamId === undefined) continue;
    let list = out.get(r.upstreamId);
    if (!list) out.set(r.upstreamId, (list = []));
    list.push(r);
  }
  return out;
}

export function isAdminRoute(route: GatewayRoute): boolean {
  return ADMIN_PATH.test(route.pathTemplate) || ADMIN_PATH.test(route.rawPath);
}

/** Path parameters of the route template (`{*}` prefix wildcards aside): object identifiers for BOLA purposes. */
export function objectIdParameters(route: GatewayRoute): string[] {
  return [...route.pathTemplate.matchAll(/\{([^}/]*)\}/g)].map((m) => m[1]!).filter((n) => n !== '*' && n !== '');
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', '*', 'ANY']);

/** The route proxies a method that carries a request body (every method when it names none). */
export function acceptsBody(route: GatewayRoute): boolean {
  return route.methods.length === 0 || route.methods.some((m) => BODY_METHODS.has(m.toUpperCase()));
}

/** Only CORS preflights or HEAD: nothing a caller can use without credentials. */
export function isPreflightOnly(route: GatewayRoute): boolean {
  return route.methods.length > 0 && route.methods.every((m) => ['OPTIONS', 'HEAD'].includes(m.toUpperCase()));
}

const EVERYONE = new Set(['*', 'all', '0.0.0.0/0', '::/0']);
const IP_LIST = /^(ip|allow-deny|ip-restriction|ip-filter|access-control|ipaccesscontrol|white-list|allow-list|source-ip|resource-policy)/i;

/** The route refuses every request (NGINX `deny all;` with no allow, Kong request-termination): nothing is reachable through it. */
export function deniesEveryone(route: GatewayRoute): boolean {
  return route.controls.authorization.some((a) => a.allow.length === 0 && a.deny.some((d) => EVERYONE.has(d.trim().toLowerCase())));
}

/** The addresses an IP allow-list lets through, when one restricts the route (and does not allow everyone). */
export function ipAllowList(route: GatewayRoute): string[] | undefined {
  for (const a of route.controls.authorization) {
    if (!IP_LIST.test(a.kind) || !a.allow.length) continue;
    if (a.allow.some((x) => EVERYONE.has(x.trim().toLowerCase()))) continue;
    if (!a.allow.every((x) => /^[0-9a-f.:/\[\]]+$/i.test(x.trim()))) continue;
    return a.allow;
  }
  return undefined;
}

/** Paths that are public by design: sign-in and token issuance, health checks, discovery documents. */
const PUBLIC_BY_DESIGN =
  /(^|\/)(login|logout|signin|sign-in|signup|sign-up|register|token|oauth2?|authorize|callback|password[-_]?(reset|forgot)|forgot[-_]?password|otp|health[a-z]*|healthz|livez|readyz|ping|status|\.well-known|openapi(\.json|\.ya?ml)?|swagger(\.json|\.ya?ml)?|api-docs|favicon\.ico|robots\.txt)(\/|$)/i;

export function isPublicByDesign(route: GatewayRoute): boolean {
  const path = route.pathTemplate.replace(/\/\{\*\}$/, '');
  return path !== '' && path !== '/' && PUBLIC_BY_DESIGN.test(path);
}

/** Login, token, password-reset and OTP paths: where brute force and credential stuffing aim. */
export function isCredentialPath(route: GatewayRoute): boolean {
  return /(^|\/)(login|signin|sign-in|token|oauth2?\/token|password[-_]?(reset|forgot)|forgot[-_]?password|otp|mfa|2fa|verify)(\/|$)/i.test(route.pathTemplate);
}

export function hostOf(urlOrHost: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(urlOrHost.trim());
  const authority = (m ? m[1]! : urlOrHost.trim().split('/')[0]!).replace(/^[^@]*@/, '');
  if (authority.startsWith('[')) return authority.slice(0, authority.indexOf(']') + 1).toLowerCase();
  return authority.replace(/:\d+$/, '').toLowerCase();
}

/** A host only reachable inside a network: private and loopback addresses, internal names, single-label names. */
export function isPrivateHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h === '') return true;
  if (INTERNAL_HOST.test(h)) return true;
  // A single label (`orders`, `backend`, a Kong upstream name) resolves only through local DNS or the gateway's own upstreams.
  return !h.includes('.') && !h.includes(':') && !h.startsWith('[');
}

/** A host written with variables (`$backend`, `${host}`, `{host}`): unknown until a request arrives. */
export function isVariableHost(host: string): boolean {
  return /[$%{}]/.test(host);
}

export interface LlmProvider {
  provider: string;
  host: string;
  /** Region read from the host or the config (`us-east-1`, `europe-west4`, `westeurope`). */
  region?: string;
  /** Where the provider processes requests when no region is named. */
  jurisdiction?: string;
  /** true: outside the EU/EEA; false: inside; undefined: not visible in the config. */
  thirdCountry?: boolean;
}

const PROVIDER_DEFAULT_HOSTS: Record<string, string> = {
  openai: 'api.openai.com',
  anthropic: 'api.anthropic.com',
  gemini: 'generativelanguage.googleapis.com',
  mistral: 'api.mistral.ai',
  cohere: 'api.cohere.com',
  groq: 'api.groq.com',
  deepseek: 'api.deepseek.com',
};

/** The LLM provider behind a host, with its region or home jurisdiction when the host or config shows one. */
export function llmProviderOf(host: string, region?: string): LlmProvider | undefined {
  const h = host.toLowerCase();
  for (const p of LLM_PROVIDER_HOSTS) {
    const m = p.pattern.exec(h);
    if (!m) continue;
    const out: LlmProvider = { provider: p.provider, host: h };
    const r = region ?? (p.regionGroup !== undefined ? m[p.regionGroup] : undefined);
    if (r) {
      out.region = r;
      out.thirdCountry = !EU_REGION.test(r) && !/^(eu|europe)$/i.test(r);
    } else if (p.jurisdiction) {
      out.jurisdiction = p.jurisdiction;
      out.thirdCountry = !/\(EU\)|\bEEA\b/.test(p.jurisdiction);
    }
    return out;
  }
  return undefined;
}

/** The provider host an AI control or provider name implies (`openai` → api.openai.com). */
export function defaultProviderHost(provider: string | undefined): string | undefined {
  return provider ? PROVIDER_DEFAULT_HOSTS[provider.toLowerCase()] : undefined;
}

const AI_PATH = /(^|\/)(chat\/completions|completions|embeddings?|v\d+\/messages|v\d+\/responses|generate(Content)?|llm|ai|genai|openai|inference|prompts?)(\/|$|:)/i;

export interface AiRoute {
  /** Why the route counts as an AI route. */
  evidence: string[];
  providers: LlmProvider[];
}

/** Whether the route puts a model to work: AI plugins or policies on it, an LLM provider upstream, or an AI path. */
const aiRouteCache = new WeakMap<GatewayRoute, AiRoute | null>();

export function aiRouteOf(gw: GatewayConfig, route: GatewayRoute): AiRoute | undefined {
  const known = aiRouteCache.get(route);
  if (known !== undefined) return known ?? undefined;
  const found = computeAiRoute(gw, route);
  aiRouteCache.set(route, found ?? null);
  return found;
}

function computeAiRoute(gw: GatewayConfig, route: GatewayRoute): AiRoute | undefined {
  const evidence: string[] = [];
  const providers: LlmProvider[] = [];
  const seen = new Set<string>();
  const addProvider = (p: LlmProvider | undefined): void => {
    if (!p || seen.has(p.host)) return;
    seen.add(p.host);
    providers.push(p);
  };
  for (const a of route.controls.ai) {
    evidence.push(`${a.kind}${a.provider ? ` (${a.provider})` : ''}`);
    const region = str(detail(a.details, 'region'));
    const host = a.providerHost ?? defaultProviderHost(a.provider);
    if (host) addProvider(llmProviderOf(hostOf(host), region) ?? { provider: a.provider ?? host, host: hostOf(host) });
  }
  const up = upstreamOf(gw, route);
  if (up) {
    const p = llmProviderOf(up.host);
    if (p) {
      evidence.push(`upstream ${up.host}`);
      addProvider(p);
    }
  }
  if (AI_PATH.test(route.pathTemplate)) evidence.push(`path ${route.pathTemplate}`);
  return evidence.length ? { evidence, providers } : undefined;
}

/** Per-route facts kept in settings by importers: `route:<route id>:<name>`. */
export function routeSettings(gw: Pick<GatewayConfig, 'settings'>, name: string): Map<string, { value: unknown; origin: Origin }> {
  const out = new Map<string, { value: unknown; origin: Origin }>();
  const suffix = `:${name}`;
  for (const [key, v] of Object.entries(gw.settings)) if (key.startsWith('route:') && key.endsWith(suffix)) out.set(key.slice(6, -suffix.length), v);
  return out;
}

// ---- details and defaults -----------------------------------------------------------------

/** A value from a control's free-form details, matched by name regardless of case, `_` or `-` (`claims_to_verify` = `claimsToVerify`). */
export function detail(details: Record<string, unknown> | undefined, ...names: string[]): unknown {
  if (!details) return undefined;
  const wanted = new Set(names.map(normalizeName));
  for (const [k, v] of Object.entries(details)) if (wanted.has(normalizeName(k)) && v !== undefined && v !== null) return v;
  return undefined;
}

export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined);
export const bool = (v: unknown): boolean | undefined =>
  typeof v === 'boolean' ? v : v === 'true' || v === 'on' ? true : v === 'false' || v === 'off' ? false : undefined;
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
export const strs = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : undefined;

/**
 * The sentence a message adds when a finding relies on a product default, or '' when the setting
 * was configured. Importers mark defaulted fields in a control's `details.defaults` (a list of
 * field names, a list of notes, or a map field → note) and explain them in `origin.defaultNote`
 * (several notes joined with `; `); a control with scope `default` is a default as a whole.
 * `fields` names the settings the finding is about, so a note about another field is not quoted.
 */
export function reliesOnDefault(origin: Origin | undefined, details?: Record<string, unknown>, ...fields: string[]): string {
  const sentence = (note?: string): string =>
    note ? ` This relies on the product default (${note.replace(/\.$/, '')}): the config does not set it.` : ' This relies on the product default: the config does not set it.';
  const wanted = fields.map(normalizeName).filter((f) => f !== '');
  const mentions = (text: string): boolean => wanted.some((f) => normalizeName(text).includes(f));
  const notes = origin?.defaultNote ? origin.defaultNote.split(/;\s+/) : [];
  const noteAbout = (field: string): string | undefined => notes.find((n) => normalizeName(n).includes(normalizeName(field))) ?? notes.find(mentions);
  const defaults = details ? detail(details, 'defaults', 'defaultsApplied') : undefined;
  if (defaults !== undefined && wanted.length) {
    if (Array.isArray(defaults)) {
      const hit = defaults.find((n): n is string => typeof n === 'string' && mentions(n));
      if (hit) return sentence(hit.includes(' ') ? hit : noteAbout(hit));
    } else if (typeof defaults === 'object' && defaults !== null) {
      const note = detail(defaults as Record<string, unknown>, ...fields);
      if (typeof note === 'string') return sentence(note);
      if (note === true) return sentence(notes.find(mentions));
    }
  }
  if (!origin) return '';
  if (origin.scope === 'default') return sentence(origin.defaultNote);
  if (!wanted.length) return origin.defaultNote ? sentence(origin.defaultNote) : '';
  const note = notes.find(mentions);
  return note ? sentence(note) : '';
}

/** Where a control is configured, for messages: `at global scope`, `on the route`, `by default`. */
export function scopeText(origin: Origin): string {
  switch (origin.scope) {
    case 'default':
      return 'by the product default';
    case 'route':
      return 'on the route';
    case 'global':
      return 'globally';
    default:
      return `at ${origin.scope} scope`;
  }
}

// ---- grouping reports by place --------------------------------------------------------------

const RANK: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function worst(a: Severity, b: Severity): Severity {
  return RANK.indexOf(a) <= RANK.indexOf(b) ? a : b;
}

/**
 * Collects the routes a problem shows on by the place that causes it (a global plugin, a
 * directive in the http block, an upstream), so that one finding names the place once with
 * every affected endpoint, and its message and severity are computed from all of them.
 */
export class ByPlace<T> {
  private readonly groups = new Map<string, { at: SourceRef; items: T[] }>();

  add(at: SourceRef, item: T): void {
    const key = sourceKey(at);
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { at, items: [] }));
    g.items.push(item);
  }

  each(fn: (at: SourceRef, items: T[]) => void): void {
    for (const g of this.groups.values()) fn(g.at, g.items);
  }
}

export function reportRoutes(
  ctx: RuleContext,
  at: SourceRef,
  routes: readonly GatewayRoute[],
  message: string,
  severity?: Severity,
): void {
  const endpoints = [...new Set(routes.flatMap(routeEndpoints))];
  ctx.report(at, { message, endpoints, occurrences: Math.max(1, routes.length), ...(severity ? { severity } : {}) });
}

/** `route "a" (…)` or `3 routes (…, …)` */
export function routesText(routes: readonly GatewayRoute[], max = 3): string {
  if (routes.length === 1) return routeLabel(routes[0]!);
  return `${routes.length} routes (${listText([...new Set(routes.map((r) => r.name ?? r.pathTemplate))], max)})`;
}
