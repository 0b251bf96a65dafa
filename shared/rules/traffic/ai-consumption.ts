/** LLM10 from traffic: volume and token use per key on AI endpoints (Kong AI usage fields, OpenAI-style usage). */
import { defineTrafficRule } from '../define-rule.js';
import { count, plural, privacyNote, THRESHOLDS, TrafficReporter, windowText } from './evidence.js';

export const aiConsumption = defineTrafficRule({
  id: 'traffic.llm.unbounded-consumption',
  title: 'One key consumes an AI endpoint at volume (denial of wallet, model extraction)',
  severity: 'medium',
  confidence: 'likely',
  controls: ['LLM10:2025', 'API4:2023'],
  equivalents: [],
  rationale:
    'Token use and request volume per key on AI endpoints (Kong `ai.<plugin>.usage`, provider `usage` blocks) show who drives inference cost. A key far above the rest — ' +
    `${count(THRESHOLDS.aiTokensPerDay)}+ tokens a day, ${count(THRESHOLDS.aiRequests)}+ requests making up over ${THRESHOLDS.aiShare * 100}% of all AI requests, or ${THRESHOLDS.aiPerMinute}+ a minute — ` +
    'is unbounded consumption: denial of wallet, or systematic querying to extract the model.',
  remediation: 'Set per-key token quotas and rate limits at the gateway (Kong ai-rate-limiting-advanced, APIM llm-token-limit with the subscription as counter key), cap max_tokens server-side, and alert on keys far above their baseline.',
  check(ctx) {
    const t = ctx.traffic;
    const ai = t.ai;
    if (ai.requests === 0) return;
    const out = new TrafficReporter(ctx);
    for (const k of ai.byKey) {
      const share = k.count / ai.requests;
      const reasons: string[] = [];
      if (k.peakTokensPerDay >= THRESHOLDS.aiTokensPerDay) reasons.push(`${count(k.peakTokensPerDay)} tokens in one day`);
      if (k.count >= THRESHOLDS.aiRequests && share > THRESHOLDS.aiShare) reasons.push(`${Math.round(share * 100)}% of all AI requests`);
      if (k.peakPerMinute >= THRESHOLDS.aiPerMinute) reasons.push(`${count(k.peakPerMinute)} requests in one minute`);
      if (!reasons.length) continue;
      const tokens = k.tokens.total ? ` using ${count(k.tokens.total)} tokens (${count(k.tokens.prompt)} prompt, ${count(k.tokens.completion)} completion)` : '';
      out.report(
        k.samples,
        `${k.caller} sent ${plural(k.count, 'request')} to AI endpoints (${k.endpoints.join(', ') || 'AI usage recorded'}) ${windowText(k)}${tokens}${k.models.length ? ` on ${k.models.join(', ')}` : ''}: ${reasons.join(', ')}.` +
          (ai.upstream429 ? ` The provider answered 429 to ${plural(ai.upstream429, 'request')} in this log.` : '') +
          privacyNote(t),
        { endpoints: k.endpoints, occurrences: k.count },
      );
    }
  },
});
