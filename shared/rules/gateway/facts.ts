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

/** "METHOD /path" for each method the route proxies (`*` when it proxies every method); one shared array per route: do not change it. */
export function routeEndpoints(route: GatewayRoute): string[] {
  let out = endpointsCache.get(route);
  if (out) return out;
  const path = route.pathTemplate || '/';
  const methods = [...new Set(route.methods.map((m) => m.toUpperCase()))];
  out = methods.length ? methods.map((m) => `${m} ${path}`) : [`* ${path}`];
  endpointsCache.set(route, out);
  return out;
}

/** Routes do not change once imported, and every route rule asks for its endpoints: computed once per route. */
const endpointsCache = new WeakMap<GatewayRoute, string[]>();

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
  const byName = normalizedDetails(details);
  if (byName.size === 0) return undefined;
  // The first key of the object (in its own order) whose normalized name is wanted, as the spelling-blind lookup promises.
  let best: { index: number; value: unknown } | undefined;
  for (const n of names) {
    const hit = byName.get(normalizeName(n));
    if (hit && (!best || hit.index < best.index)) best = hit;
  }
  return best?.value;
}

/** A details object keyed by normalized name (first non-null value per name, with its key order), built once per object. */
const normalizedCache = new WeakMap<object, Map<string, { index: number; value: unknown }>>();

function normalizedDetails(details: Record<string, unknown>): Map<string, { index: number; value: unknown }> {
  let map = normalizedCache.get(details);
  if (map) return map;
  map = new Map();
  let index = 0;
  for (const k in details) {
    if (!Object.prototype.hasOwnProperty.call(details, k)) continue;
    const v = details[k];
    const n = normalizeName(k);
    if (v !== undefined && v !== null && !map.has(n)) map.set(n, { index, value: v });
    index++;
  }
  normalizedCache.set(details, map);
  return map;
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
  // The answer depends only on the scope, the note, the fields and the `defaults` list: thousands of
  // routes share a few of these, so each combination is worked out once.
  const defaults = details ? detail(details, 'defaults', 'defaultsApplied') : undefined;
  const listed = defaults === undefined ? '' : Array.isArray(defaults) && defaults.every((d) => typeof d === 'string') ? defaults.join('\u0001') : undefined;
  if (listed === undefined || defaultSentenceCache.size > 5000) return defaultSentence(origin, details, fields);
  const key = `${origin?.scope ?? ''}\0${origin?.defaultNote ?? ''}\0${listed}\0${fields.join('\0')}`;
  let known = defaultSentenceCache.get(key);
  if (known === undefined) defaultSentenceCache.set(key, (known = defaultSentence(origin, details, fields)));
  return known;
}

const defaultSentenceCache = new Map<string, string>();

function defaultSentence(origin: Origin | undefined, details: Record<string, unknown> | undefined, fields: readonly string[]): string {
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

/** Where several controls are configured, for messages: one place (`globally`), `on each route`, or `at service and route scope`. */
export function scopesText(origins: readonly Origin[]): string {
  if (!origins.length) return '';
  const first = origins[0]!.at;
  if (origins.every((o) => o.at.pointer === first.pointer && o.at.file === first.file)) return scopeText(origins[0]!);
  const scopes = [...new Set(origins.map((o) => o.scope))];
  if (scopes.length === 1) return scopes[0] === 'route' ? 'on each route' : scopes[0] === 'default' ? 'by the product default' : `at ${scopes[0]} scope (several places)`;
  return `at ${scopes.join(' and ')} scope`;
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

/** How many route locations a grouped finding lists after its cause (spec findings keep 20 as well). */
export const ROUTE_SAMPLE = 20;

/**
 * Reports one finding at `at` (the cause) for every route it affects: endpoints of all of them,
 * occurrences = the number of routes, and the first {@link ROUTE_SAMPLE} route locations after
 * the cause. The fingerprint comes from the rule and `at` only, so adding a route elsewhere does
 * not change it.
 */
export function reportRoutes(
  ctx: RuleContext,
  at: SourceRef,
  routes: readonly GatewayRoute[],
  message: string,
  severity?: Severity,
): void {
  const unique = [...new Set(routes)];
  const endpoints = new Set<string>();
  for (const r of unique) for (const e of routeEndpoints(r)) endpoints.add(e);
  const key = sourceKey(at);
  const related: SourceRef[] = [];
  const seen = new Set<string>([key]);
  for (const r of unique) {
    if (related.length >= ROUTE_SAMPLE) break;
    const k = sourceKey(r.at);
    if (seen.has(k)) continue;
    seen.add(k);
    related.push(r.at);
  }
  ctx.report(at, { message, endpoints: [...endpoints], occurrences: Math.max(1, unique.length), ...(related.length ? { related } : {}), ...(severity ? { severity } : {}) });
}

// ---- grouping reports by cause ------------------------------------------------------------

/** The config file's root: where a problem caused by a product default (a setting nobody wrote) is reported. */
export function configRoot(gw: Pick<GatewayConfig, 'file'>): SourceRef {
  return { file: gw.file, pointer: '' };
}

/** Where a control missing on a route would go to cover its siblings too: its service / server block / API, else the config root. */
export function containerOf(gw: Pick<GatewayConfig, 'file'>, route: GatewayRoute): SourceRef {
  return route.container?.at ?? configRoot(gw);
}

/** ` of service "orders"` / ` of server block "api.example.com"`, or '' when the route has no container: how messages place grouped routes. */
export function ofContainer(route: GatewayRoute | undefined): string {
  const c = route?.container;
  if (!c) return '';
  const what = c.scope === 'server' ? 'server block' : c.scope;
  return c.name ? ` of ${what} "${c.name}"` : ` of its ${what}`;
}

/**
 * The cause of a problem with one control: a global control is its own cause (one node); a
 * problem that exists because a setting was not written in service, route or location controls
 * (`defaultText` non-empty) is the product default, a missing global setting reported once at the
 * config root; otherwise the node that configures the control (a service plugin, an http {}
 * directive; a route's own plugin, in which case the cause really is the route).
 */
export function controlCause(gw: Pick<GatewayConfig, 'file'>, origin: Origin, defaultText: string): SourceRef {
  if (origin.scope === 'global') return origin.at;
  return defaultText !== '' || origin.scope === 'default' ? configRoot(gw) : origin.at;
}

/**
 * Groups the routes a rule flags by cause (`at`) and, inside one cause, by `kind` (the same
 * control and configuration: `key-auth|default:key_in_query`), then reports one finding per
 * cause whose message has one sentence per kind. Several kinds share a cause when it is the
 * config root (several product defaults) — still one finding, since the engine fingerprints
 * the rule and the place.
 */
export class ByCause<T> {
  private readonly groups = new Map<string, { at: SourceRef; kinds: Map<string, { routes: GatewayRoute[]; items: T[] }> }>();

  add(at: SourceRef, kind: string, route: GatewayRoute, item: T): void {
    const key = sourceKey(at);
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { at, kinds: new Map() }));
    let k = g.kinds.get(kind);
    if (!k) g.kinds.set(kind, (k = { routes: [], items: [] }));
    if (k.routes[k.routes.length - 1] !== route) k.routes.push(route);
    k.items.push(item);
  }

  /** `describe` turns one kind's routes and items into a sentence and a severity (the rule's own when undefined). */
  report(ctx: RuleContext, base: Severity, describe: (routes: GatewayRoute[], items: T[], at: SourceRef) => { message: string; severity?: Severity }): void {
    for (const g of this.groups.values()) {
      const routes: GatewayRoute[] = [];
      const parts: string[] = [];
      let severity: Severity | undefined;
      for (const k of g.kinds.values()) {
        const d = describe(k.routes, k.items, g.at);
        parts.push(d.message);
        severity = severity === undefined ? (d.severity ?? base) : worst(severity, d.severity ?? base);
        routes.push(...k.routes);
      }
      reportRoutes(ctx, g.at, routes, parts.join(' '), severity === base ? undefined : severity);
    }
  }
}

/** `route "a" (…)` or `3 routes (…, …)` */
export function routesText(routes: readonly GatewayRoute[], max = 3): string {
  if (routes.length === 1) return routeLabel(routes[0]!);
  return `${routes.length} routes (${listText([...new Set(routes.map((r) => r.name ?? r.pathTemplate))], max)})`;
}
