/**
 * AI routes at the gateway (OWASP LLM 2025, GDPR-44): prompts sent to LLM providers in third
 * countries, no token budget, no max_tokens cap, no prompt guard, prompts and completions logged.
 * A route is an AI route when AI plugins or policies are on it, its upstream is an LLM provider,
 * or its path is an AI path (see `aiRouteOf`).
 */
import type { Severity } from '../../model/finding.js';
import type { AiControl, GatewayRoute } from '../../model/gateway.js';
import type { SourceRef } from '../../model/source.js';
import { defineGatewayRule } from '../define-rule.js';
import { aiRouteOf, ByPlace, listText, reliesOnDefault, reportRoutes, routeEndpoints, routeLabel, routesText, upstreamOf, type LlmProvider } from './facts.js';
import { hasEnforcedLimit } from './limits.js';

/** Where a provider is configured on a route: the AI control naming it, else the upstream. */
function providerPlace(gw: Parameters<typeof aiRouteOf>[0], route: GatewayRoute, p: LlmProvider): SourceRef {
  const control = route.controls.ai.find((a) => (a.providerHost ?? '').toLowerCase().includes(p.host) || p.host.includes((a.providerHost ?? '\0').toLowerCase()));
  return control?.origin.at ?? upstreamOf(gw, route)?.at ?? route.at;
}

export const thirdCountryProvider = defineGatewayRule({
  id: 'gateway.ai.third-country-provider',
  title: 'AI route sends prompts to an LLM provider outside the EU/EEA',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['GDPR-44', 'GDPR-28', 'GDPR-30', 'LLM02:2025'],
  equivalents: [],
  rationale:
    'Prompts routinely carry personal data. Sending them to a provider that processes them outside the EU/EEA (api.openai.com, api.anthropic.com, generativelanguage.googleapis.com, non-EU Azure, Bedrock or Vertex regions) is a transfer that needs a Chapter V basis: ' +
    'an adequacy decision such as the EU-US Data Privacy Framework for certified providers, SCCs, or another tool (Art. 44-49, Schrems II). Hostnames are indicative only.',
  remediation:
    'Record the transfer and its basis (DPF certification, SCCs, transfer impact assessment) with the provider contract, or use an EU endpoint or region (an EU Azure OpenAI resource, Bedrock `eu-*`, Vertex `europe-*`, an EU provider).',
  check(ctx) {
    const gw = ctx.gateway;
    const places = new ByPlace<{ route: GatewayRoute; provider: LlmProvider }>();
    for (const route of gw.routes) {
      const ai = aiRouteOf(gw, route);
      for (const p of ai?.providers ?? []) if (p.thirdCountry !== false) places.add(providerPlace(gw, route, p), { route, provider: p });
    }
    places.each((at, items) => {
      const providers = new Map<string, LlmProvider>();
      for (const i of items) providers.set(i.provider.host, i.provider);
      const list = [...providers.values()];
      const known = list.filter((p) => p.thirdCountry === true);
      const unknown = list.filter((p) => p.thirdCountry === undefined);
      const where = (p: LlmProvider): string => `${p.provider} at ${p.host}${p.region ? `, region ${p.region}` : p.jurisdiction ? `, ${p.jurisdiction}` : ''}`;
      const severity: Severity = known.length ? 'medium' : 'low';
      reportRoutes(
        ctx,
        at,
        items.map((i) => i.route),
        (known.length
          ? `${routesText(items.map((i) => i.route))} send${items.length === 1 ? 's' : ''} prompts to ${known.map(where).join('; ')}, outside the EU/EEA: a third-country transfer of whatever personal data the prompts carry (GDPR Art. 44); record its basis (DPF certification, SCCs) and the processor contract.`
          : `${routesText(items.map((i) => i.route))} send${items.length === 1 ? 's' : ''} prompts to ${unknown.map(where).join('; ')}, whose region is not visible in the config: confirm where requests are processed before relying on it (GDPR Art. 44); rated low until then.`) +
          (known.length && unknown.length ? ` The region of ${unknown.map(where).join('; ')} is not visible in the config.` : ''),
        severity,
      );
    });
  },
});

const TOKEN_LIMIT_KIND = /token[-_]?limit|ai-rate-limit|llm-token|tokens?[-_]?quota/i;

/** A token limit or token quota is in force on the route (request-rate limits do not count). */
export function hasTokenBudget(route: GatewayRoute): boolean {
  return (
    route.controls.rateLimits.some((r) => r.unit === 'tokens' && r.enforced && r.origin.scope !== 'default') ||
    route.controls.ai.some((a) => TOKEN_LIMIT_KIND.test(a.kind))
  );
}

export const noTokenLimit = defineGatewayRule({
  id: 'gateway.ai.no-token-limit',
  title: 'AI route without a token budget',
  severity: 'high',
  confidence: 'confirmed',
  controls: ['LLM10:2025', 'API4:2023'],
  equivalents: [],
  rationale:
    'Model cost and load grow with tokens, not requests: a request-rate limit still lets a caller send the largest prompts and ask for the longest answers. ' +
    'A per-consumer token budget (Kong ai-rate-limiting-advanced, APIM llm-token-limit / azure-openai-token-limit with tokens-per-minute or token-quota) bounds denial of wallet and model extraction.',
  remediation: 'Add a token limit keyed on the consumer or subscription (not a constant), and a request-rate limit beside it.',
  check(ctx) {
    const gw = ctx.gateway;
    for (const route of gw.routes) {
      const ai = aiRouteOf(gw, route);
      if (!ai || hasTokenBudget(route)) continue;
      const rate = hasEnforcedLimit(route);
      ctx.report(route.at, {
        message:
          `${routeLabel(route)} is an AI route (${listText(ai.evidence, 3)}) with no token limit or token quota` +
          (rate ? ': a request-rate limit is in force, but each request may still use any number of tokens (rated medium).' : ' and no request-rate limit either: nothing bounds model spend per caller.'),
        endpoints: routeEndpoints(route),
        ...(rate ? { severity: 'medium' as const } : {}),
      });
    }
  },
});

export const noMaxTokens = defineGatewayRule({
  id: 'gateway.ai.no-max-tokens',
  title: 'AI route without a server-side max_tokens cap',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['LLM10:2025', 'API4:2023'],
  equivalents: [],
  rationale:
    'When the gateway does not cap `max_tokens`, the client decides how long every completion may be (Kong ai-proxy `model.options.max_tokens` unset): each request can cost the model\'s whole output window.',
  remediation: 'Set a server-side cap on completion length in the AI proxy (Kong ai-proxy `model.options.max_tokens`, an APIM set-body policy), sized for the use case.',
  check(ctx) {
    const gw = ctx.gateway;
    const places = new ByPlace<GatewayRoute>();
    for (const route of gw.routes) {
      const ai = aiRouteOf(gw, route);
      if (!ai || route.controls.ai.some((a) => a.maxTokens !== undefined && a.maxTokens > 0)) continue;
      const proxy = route.controls.ai.find((a) => a.provider !== undefined || a.providerHost !== undefined);
      places.add(proxy?.origin.at ?? route.at, route);
    }
    places.each((at, routes) => {
      const proxy = routes[0]!.controls.ai.find((a) => a.provider !== undefined || a.providerHost !== undefined);
      reportRoutes(
        ctx,
        at,
        routes,
        `${routesText(routes)} ${proxy ? `call${routes.length === 1 ? 's' : ''} the model through ${proxy.kind}` : `${routes.length === 1 ? 'is an AI route' : 'are AI routes'}`} without a server-side max_tokens cap: the client chooses how long each completion may be.`,
      );
    });
  },
});

const GUARD_KIND = /guard|content[-_]?safety|safety|shield|moderation|firewall|semantic[-_]?prompt/i;

export const noPromptGuard = defineGatewayRule({
  id: 'gateway.ai.no-prompt-guard',
  title: 'AI route without a prompt guard or content-safety check',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['LLM01:2025', 'LLM02:2025'],
  equivalents: [],
  rationale:
    'Prompt injection has no complete fix, but a gateway guard (Kong ai-prompt-guard or ai-semantic-prompt-guard, APIM llm-content-safety, an AI firewall) rejects known attack patterns and disallowed content before they reach the model. ' +
    'Kong ai-prompt-guard checks only the latest user message unless `allow_all_conversation_history` is false and `match_all_roles` is true.',
  remediation: 'Put a prompt guard or content-safety policy on AI routes, checking every message and role, and limit what the model can do with injected instructions (LLM06).',
  check(ctx) {
    const gw = ctx.gateway;
    for (const route of gw.routes) {
      const ai = aiRouteOf(gw, route);
      if (!ai) continue;
      const guards = route.controls.ai.filter((a) => GUARD_KIND.test(a.kind));
      if (!guards.length) {
        ctx.report(route.at, {
          message: `${routeLabel(route)} is an AI route (${listText(ai.evidence, 3)}) with no prompt guard or content-safety check at the gateway.`,
          endpoints: routeEndpoints(route),
        });
        continue;
      }
      // A guard that looks only at the latest user message.
      const partial = guards.filter((g) => g.details.matchAllRoles === false || g.details.allowAllConversationHistory === true);
      for (const g of partial)
        ctx.report(g.origin.at, {
          message:
            `${g.kind} on ${routeLabel(route)} checks only part of the conversation (${[g.details.matchAllRoles === false ? 'only user messages' : '', g.details.allowAllConversationHistory === true ? 'only the latest message' : ''].filter(Boolean).join(', ')}): ` +
            'instructions injected in other roles or earlier turns pass unchecked (rated low).',
          endpoints: routeEndpoints(route),
          severity: 'low',
        });
    }
  },
});

export const payloadLogging = defineGatewayRule({
  id: 'gateway.ai.payload-logging',
  title: 'Prompts and completions are logged',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['LLM02:2025', 'GDPR-5(1)(c)', 'GDPR-32'],
  equivalents: [],
  rationale:
    'Logging AI payloads (Kong ai-proxy `logging.log_payloads: true`) stores every prompt and completion, with whatever personal data, secrets and business data users type, in the log pipeline with its own readers and retention.',
  remediation: 'Log token counts and latency (`log_statistics`) instead of payloads; if payloads are needed for a while, mask personal data and keep them briefly.',
  check(ctx) {
    const places = new ByPlace<{ route: GatewayRoute; control: AiControl }>();
    for (const route of ctx.gateway.routes) for (const control of route.controls.ai) if (control.logsPayloads) places.add(control.origin.at, { route, control });
    places.each((at, items) => {
      const control = items[0]!.control;
      reportRoutes(
        ctx,
        at,
        items.map((i) => i.route),
        `${control.kind}${control.provider ? ` (${control.provider})` : ''} logs prompts and completions for ${routesText(items.map((i) => i.route))}: personal data and secrets users type end up in the logs.` +
          reliesOnDefault(control.origin, control.details, 'log_payloads', 'logPayloads', 'payload'),
      );
    });
  },
});

export const aiRules = [thirdCountryProvider, noTokenLimit, noMaxTokens, noPromptGuard, payloadLogging];
