/**
 * Versions, stages and environments of one API side by side (API9, the OWASP "beta host" case):
 * `/v1/users` without the rate limit `/v2/users` has, or `beta.api.example.com` with weaker
 * authentication than `api.example.com`. Routes are variants of each other when their paths and
 * hosts agree once version segments, stage segments and non-production host labels are taken
 * out, and they differ in exactly those. Used by the gateway rule (within one config) and by the
 * cross rule (across the gateway configs of a run).
 */
import type { Severity } from '../../model/finding.js';
import type { GatewayRoute } from '../../model/gateway.js';
import type { SourceRef } from '../../model/source.js';
import { describeRateLimit } from '../../inventory/controls-in-force.js';
import { pathKey } from '../../inventory/path-match.js';
import { defineGatewayRule, type RuleContext } from '../define-rule.js';
import { NON_PRODUCTION_HOST_LABEL } from '../dictionaries.js';
import { authenticates } from './auth.js';
import { nonProductionLabel } from './config.js';
import { listText, routeEndpoints, routeLabel } from './facts.js';
import { configuredLimits } from './limits.js';

const VERSION_SEGMENT = /^v\d+([._]\d+)*$|^\d{4}-\d{2}(-\d{2})?$/i;
const STAGE_SEGMENT = /^(beta|alpha|staging|stage|stg|dev|develop|test|qa|uat|sandbox|preview|canary|prod|production|live|internal|legacy|old|next)$/i;

export interface Variant {
  gateway: string;
  route: GatewayRoute;
  /** What variants of one endpoint share: hosts without environment labels and the path without version and stage segments. */
  canonical: string;
  /** What tells this variant apart: `version v1`, `stage beta`, `host beta.api.example.com`, `config kong-staging.yaml`. */
  label: string;
}

function canonicalHost(host: string): string {
  return host
    .toLowerCase()
    .split('.')
    .map((l) => l.split('-').filter((p) => !NON_PRODUCTION_HOST_LABEL.test(p)).join('-'))
    .filter((l) => l !== '')
    .join('.');
}

/** The variant facts of a route; `fileLabel` adds the environment word of the config's file name (cross-config comparisons). */
export function variantOf(gateway: string, route: GatewayRoute, fileLabel = false): Variant {
  // The gateway and cross rules both ask for every route's variant: computed once per route and file label.
  const cache = fileLabel ? variantCacheLabelled : variantCache;
  const known = cache.get(route);
  if (known && known.gateway === gateway) return known;
  const v = computeVariant(gateway, route, fileLabel);
  cache.set(route, v);
  return v;
}

const variantCache = new WeakMap<GatewayRoute, Variant>();
const variantCacheLabelled = new WeakMap<GatewayRoute, Variant>();
const canonicalHosts = new Map<string, string>();

function computeVariant(gateway: string, route: GatewayRoute, fileLabel: boolean): Variant {
  const segments = route.pathTemplate.split('/').filter((s) => s !== '');
  let version: string | undefined;
  let stage: string | undefined;
  const kept: string[] = [];
  segments.forEach((s, i) => {
    if (i < 3 && version === undefined && VERSION_SEGMENT.test(s)) version = s;
    else if (i < 3 && stage === undefined && STAGE_SEGMENT.test(s)) stage = s;
    else kept.push(s);
  });
  version = route.version ?? version;
  stage = route.stage ?? stage;
  const envHosts = route.hosts.filter((h) => nonProductionLabel(h) !== undefined);
  const hosts = route.hosts.length
    ? [
        ...new Set(
          route.hosts.map((h) => {
            let c = canonicalHosts.get(h);
            if (c === undefined) canonicalHosts.set(h, (c = canonicalHost(h)));
            return c;
          }),
        ),
      ]
        .sort()
        .join(',')
    : '';
  const labels: string[] = [];
  if (version) labels.push(`version ${version}`);
  if (stage) labels.push(`stage ${stage}`);
  if (envHosts.length) labels.push(`host ${envHosts.join(', ')}`);
  if (fileLabel) {
    const env = gateway
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .find((w) => NON_PRODUCTION_HOST_LABEL.test(w) || /^(prod|production|live)$/.test(w));
    if (env) labels.push(`config ${gateway}`);
  }
  return { gateway, route, canonical: `${hosts}|${pathKey(`/${kept.join('/')}`)}`, label: labels.join(', ') };
}

type Dimension = 'authentication' | 'rate limit' | 'authorization' | 'size limit' | 'request validation' | 'https only';

/** What a route has of each control, described; absent keys: it lacks that control. */
export function strengths(route: GatewayRoute): Partial<Record<Dimension, string>> {
  const c = route.controls;
  const out: Partial<Record<Dimension, string>> = {};
  if (authenticates(route)) out.authentication = [...new Set(c.authentication.filter((a) => !a.allowsAnonymous).map((a) => a.kind))].join(', ');
  const limits = configuredLimits(route).filter((r) => r.enforced);
  if (limits.length) out['rate limit'] = limits.map((r) => describeRateLimit(r)).join(', ');
  if (c.authorization.length) out.authorization = [...new Set(c.authorization.map((a) => a.kind))].join(', ');
  if (c.sizeLimit && c.sizeLimit.maxBytes !== null) out['size limit'] = `${c.sizeLimit.maxBytes} bytes`;
  if (c.requestValidation?.enabled) out['request validation'] = 'on';
  if (route.protocols.length && !route.protocols.map((p) => p.toLowerCase()).includes('http')) out['https only'] = route.protocols.join(', ');
  return out;
}

function methodsOverlap(a: GatewayRoute, b: GatewayRoute): boolean {
  if (!a.methods.length || !b.methods.length) return true;
  const set = new Set(a.methods.map((m) => m.toUpperCase()));
  return b.methods.some((m) => set.has(m.toUpperCase()));
}

export interface WeakerVariant {
  weak: Variant;
  /** Each control the weak variant lacks, with the stronger variants that have it. */
  missing: Map<Dimension, { text: string; stronger: Variant[] }>;
}

/** Every variant that lacks a control another variant of the same endpoint has. `pair` may restrict which pairs are compared. */
export function weakerVariants(variants: readonly Variant[], pair: (weak: Variant, strong: Variant) => boolean = () => true): WeakerVariant[] {
  const groups = new Map<string, Variant[]>();
  for (const v of variants) {
    let g = groups.get(v.canonical);
    if (!g) groups.set(v.canonical, (g = []));
    g.push(v);
  }
  const out: WeakerVariant[] = [];
  for (const group of groups.values()) {
    if (new Set(group.map((v) => v.label)).size < 2) continue;
    const power = new Map(group.map((v) => [v, strengths(v.route)] as const));
    for (const weak of group) {
      const missing = new Map<Dimension, { text: string; stronger: Variant[] }>();
      for (const strong of group) {
        if (strong === weak || strong.label === weak.label || !methodsOverlap(weak.route, strong.route) || !pair(weak, strong)) continue;
        // An unlabelled route of another API (a catch-all, another service) is not a variant of this one.
        if ((!weak.label || !strong.label) && weak.route.api !== strong.route.api) continue;
        const has = power.get(strong)!;
        const lacks = power.get(weak)!;
        for (const [dim, text] of Object.entries(has) as [Dimension, string][]) {
          if (lacks[dim] !== undefined) continue;
          let m = missing.get(dim);
          if (!m) missing.set(dim, (m = { text, stronger: [] }));
          m.stronger.push(strong);
        }
      }
      if (missing.size) out.push({ weak, missing });
    }
  }
  return out;
}

function variantName(v: Variant): string {
  return `${v.route.pathTemplate}${v.route.hosts.length ? ` on ${v.route.hosts.join(', ')}` : ''}${v.label ? ` (${v.label})` : ''}`;
}

/** Reports one weaker variant: at the weak route, the stronger routes as related places. */
export function reportWeakerVariant(ctx: RuleContext, w: WeakerVariant, crossConfig: boolean): void {
  const parts = [...w.missing.entries()].map(
    ([dim, m]) => `no ${dim} where ${listText([...new Set(m.stronger.map(variantName))], 2)} ${m.stronger.length > 1 ? 'have' : 'has'} ${m.text}`,
  );
  const severity: Severity = w.missing.has('authentication') ? 'high' : 'medium';
  const related: SourceRef[] = [...new Set([...w.missing.values()].flatMap((m) => m.stronger.map((s) => s.route.at)))];
  ctx.report(w.weak.route.at, {
    message:
      `${routeLabel(w.weak.route)}${w.weak.label ? ` (${w.weak.label})` : ''}${crossConfig ? ` in ${w.weak.gateway}` : ''} is a weaker variant of the same endpoint: ${parts.join('; ')}. ` +
      'Old versions, stages and beta hosts with weaker controls are the OWASP API9 "beta host" pattern.' +
      (severity === 'high' ? ' Rated high: authentication is missing.' : ''),
    endpoints: routeEndpoints(w.weak.route),
    related,
    severity,
  });
}

export const weakerVariant = defineGatewayRule({
  id: 'gateway.inventory.weaker-variant',
  title: 'Version, stage or host of an API with weaker controls than its siblings',
  severity: 'medium',
  confidence: 'likely',
  controls: ['API9:2023', 'API4:2023', 'API2:2023'],
  equivalents: [],
  rationale:
    'When versions (`/v1` and `/v2`), stages or hosts (`beta.` beside production) of one API are routed side by side, the older or non-production variant often lacks controls the current one has — the rate limit, the authentication — ' +
    'and attackers use it instead (OWASP API9 scenario). Variants are matched by path and host with version segments, stage segments and environment host labels taken out.',
  remediation: 'Give every routed variant the controls of the current production one, or retire the variants nobody should use.',
  check(ctx) {
    const variants = ctx.gateway.routes.map((r) => variantOf(ctx.gateway.file, r));
    for (const w of weakerVariants(variants)) reportWeakerVariant(ctx, w, false);
  },
});
