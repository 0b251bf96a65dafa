/**
 * Promises the spec makes that the gateway does not keep: authentication the spec requires but
 * the route does not enforce, rate limits the spec documents (429, rate-limit headers) with none
 * configured, AI endpoints routed without a token budget, and versions or stages of the API in
 * different gateway configs with weaker controls.
 */
import type { Operation } from '../../model/spec.js';
import type { DocumentedOperation } from '../../inventory/inventory.js';
import { defineCrossRule } from '../define-rule.js';
import { hasTokenBudget } from '../gateway/ai.js';
import { authenticates } from '../gateway/auth.js';
import { listText, routeLabel } from '../gateway/facts.js';
import { hasEnforcedLimit } from '../gateway/limits.js';
import { reportWeakerVariant, variantOf, weakerVariants } from '../gateway/variants.js';
import { isRouteLinked } from '../../inventory/build-inventory.js';
import { inferenceEndpoints } from '../spec/resource/ai-endpoints.js';
import { ByRoute, docLabel, effectiveRoutes, hasLinks, linkedDocs, uniqueRefs, viaText } from './facts.js';

export const specAuthNotEnforced = defineCrossRule({
  id: 'cross.auth.spec-auth-not-enforced',
  title: 'Spec requires authentication but the gateway route enforces none',
  severity: 'high',
  confidence: 'likely',
  controls: ['API2:2023', 'API1:2023', 'GDPR-32', 'GDPR-5(1)(f)'],
  equivalents: [],
  rationale:
    'The spec promises that callers authenticate, but the route the gateway picks for the operation has no authentication (or only one that lets anonymous callers through): either the backend authenticates on its own, or anyone can call what the documentation says is protected. ' +
    'Gateway evidence cannot show which; confirm at the backend.',
  remediation: 'Enforce the documented security at the gateway route (the scheme the spec names), or document and verify that the backend authenticates every call.',
  check(ctx) {
    const inv = ctx.inventory;
    if (!hasLinks(inv)) return;
    const byRoute = new ByRoute<DocumentedOperation>();
    for (const e of inv.endpoints) {
      const required = linkedDocs(inv, e).filter((d) => d.auth === 'required');
      if (!required.length) continue;
      for (const x of effectiveRoutes(inv, e)) if (!authenticates(x.route)) for (const d of required) byRoute.add(x, d);
    }
    byRoute.each((x, docs) => {
      const anonymousOnly = x.route.controls.authentication.length > 0;
      const schemes = [...new Set(docs.flatMap((d) => d.security.flatMap((alt) => Object.keys(alt))))];
      ctx.report(x.route.at, {
        message:
          `${listText([...new Set(docs.map(docLabel))])} require${docs.length === 1 ? 's' : ''} authentication${schemes.length ? ` (${listText(schemes)})` : ''}, but ${routeLabel(x.route)} in ${x.gateway}, which serves ${docs.length === 1 ? 'it' : 'them'} via ${viaText(x)}, ` +
          (anonymousOnly
            ? `only has authentication that lets anonymous callers through (${x.route.controls.authentication.map((a) => a.kind).join(', ')}).`
            : 'enforces no authentication.') +
          ' Unless the backend authenticates every call itself, anyone can call what the documentation says is protected.',
        endpoints: [...new Set(docs.map((d) => d.endpoint))],
        related: uniqueRefs(docs.map((d) => d.at)),
      });
    });
  },
});

const RATE_LIMIT_HEADER = /^(x-)?rate-?limit(-|$)|^ratelimit(-policy)?$|^x-rate-limit-|^retry-after$/i;

/** What the operation documents about rate limiting: a 429 response or rate-limit headers. */
function promisedLimit(op: Operation | undefined): string | undefined {
  if (!op) return undefined;
  if (op.responses.some((r) => r.status === '429')) return 'a 429 response';
  const header = op.responses.flatMap((r) => r.headers).find((h) => RATE_LIMIT_HEADER.test(h.name));
  return header ? `the ${header.name} header` : undefined;
}

export const promisedRateLimitMissing = defineCrossRule({
  id: 'cross.limits.promised-rate-limit-missing',
  title: 'Spec documents rate limiting but the gateway route has no limit',
  severity: 'medium',
  confidence: 'likely',
  controls: ['API4:2023', 'API6:2023'],
  equivalents: [],
  rationale:
    'A documented 429 response or rate-limit headers tell clients and reviewers the operation is rate limited; if the route the gateway picks for it has no enforced limit, the promise rests on the backend alone, or on nothing.',
  remediation: 'Configure the documented limit at the gateway route (keyed on the consumer), or confirm and document that the backend enforces it.',
  check(ctx) {
    const inv = ctx.inventory;
    if (!hasLinks(inv)) return;
    const byRoute = new ByRoute<{ doc: DocumentedOperation; promise: string }>();
    for (const e of inv.endpoints) {
      const promised = linkedDocs(inv, e)
        .map((doc) => ({ doc, promise: promisedLimit(doc.operation) }))
        .filter((p): p is { doc: DocumentedOperation; promise: string } => p.promise !== undefined);
      if (!promised.length) continue;
      for (const x of effectiveRoutes(inv, e)) if (!hasEnforcedLimit(x.route)) for (const p of promised) byRoute.add(x, p);
    }
    byRoute.each((x, items) => {
      const promises = [...new Set(items.map((i) => i.promise))];
      ctx.report(x.route.at, {
        message:
          `${listText([...new Set(items.map((i) => docLabel(i.doc)))])} document${items.length === 1 ? 's' : ''} rate limiting (${listText(promises)}), but ${routeLabel(x.route)} in ${x.gateway}, which serves ${items.length === 1 ? 'it' : 'them'} via ${viaText(x)}, ` +
          'has no enforced rate limit or quota: the documented limit depends on the backend alone.',
        endpoints: [...new Set(items.map((i) => i.doc.endpoint))],
        related: uniqueRefs(items.map((i) => i.doc.at)),
      });
    });
  },
});

export const aiWithoutTokenLimit = defineCrossRule({
  id: 'cross.ai.documented-ai-without-token-limit',
  title: 'Documented AI endpoint routed without a token limit',
  severity: 'high',
  confidence: 'likely',
  controls: ['LLM10:2025', 'API4:2023'],
  equivalents: [],
  rationale:
    'The spec shows the operation runs a model on client input (chat, completion, embedding, agent), so each call costs tokens; the route the gateway picks for it has no token limit or token quota, so nothing at the gateway bounds model spend per caller (denial of wallet, model extraction).',
  remediation: 'Add a per-consumer token limit on the route (Kong ai-rate-limiting-advanced, APIM llm-token-limit / azure-openai-token-limit) beside a request-rate limit.',
  check(ctx) {
    const inv = ctx.inventory;
    if (!hasLinks(inv)) return;
    const ai = new Map<Operation, string[]>();
    for (const spec of ctx.specs) for (const a of inferenceEndpoints(spec)) ai.set(a.operation, a.evidence);
    const byRoute = new ByRoute<{ doc: DocumentedOperation; evidence: string[] }>();
    for (const e of inv.endpoints)
      for (const doc of linkedDocs(inv, e)) {
        const evidence = doc.operation ? ai.get(doc.operation) : undefined;
        if (!evidence) continue;
        for (const x of effectiveRoutes(inv, e)) if (!hasTokenBudget(x.route)) byRoute.add(x, { doc, evidence });
      }
    byRoute.each((x, items) => {
      const rate = hasEnforcedLimit(x.route);
      ctx.report(x.route.at, {
        message:
          `${listText([...new Set(items.map((i) => docLabel(i.doc)))])} ${items.length === 1 ? 'is an AI endpoint' : 'are AI endpoints'} (${listText([...new Set(items.flatMap((i) => i.evidence))], 3)}), ` +
          `but ${routeLabel(x.route)} in ${x.gateway}, which serves ${items.length === 1 ? 'it' : 'them'} via ${viaText(x)}, has no token limit or token quota` +
          (rate ? ' (a request-rate limit is in force, but each request may use any number of tokens; rated medium).' : ' and no request-rate limit either.'),
        endpoints: [...new Set(items.map((i) => i.doc.endpoint))],
        related: uniqueRefs(items.map((i) => i.doc.at)),
        ...(rate ? { severity: 'medium' as const } : {}),
      });
    });
  },
});

export const crossConfigWeakerVariant = defineCrossRule({
  id: 'cross.inventory.weaker-variant',
  title: 'Version, stage or environment of the API in another gateway config with weaker controls',
  severity: 'medium',
  confidence: 'likely',
  controls: ['API9:2023', 'API4:2023', 'API2:2023'],
  equivalents: [],
  rationale:
    'When the run holds several gateway configs of one API (production and staging exports, an old and a new version), the variant in one config often lacks controls the other has (the OWASP "beta host" case). ' +
    'Variants within one config are compared by gateway.inventory.weaker-variant; this rule compares across configs, for routes of an API a spec of the run describes.',
  remediation: 'Give every deployed variant the controls of the current production one, or retire the variants nobody should use.',
  check(ctx) {
    const inv = ctx.inventory;
    if (!hasLinks(inv) || ctx.gateways.length < 2) return;
    const variants = ctx.gateways.flatMap((g) => g.routes.map((r) => variantOf(g.file, r, true)));
    const linked = (v: (typeof variants)[number]): boolean => isRouteLinked(inv, v.gateway, v.route);
    for (const w of weakerVariants(variants, (weak, strong) => weak.gateway !== strong.gateway && (linked(weak) || linked(strong)))) reportWeakerVariant(ctx, w, true);
  },
});
