/**
 * The AI endpoints of a description as findings of their own: the inventory (what uses a
 * model, and why we think so), the misinformation review no tool can do (LLM09), and the DPIA
 * question when those endpoints handle personal data (GDPR Art. 35).
 */
import { isPersonalDataName, normalizeName, SPECIAL_CATEGORY_NAMES } from '../../dictionaries.js';
import { defineSpecRule } from '../../define-rule.js';
import { describeAiEndpoint, findAiEndpoints, inferenceEndpoints, type AiEndpoint } from './ai-endpoints.js';
import { requestFields, responseFields } from './operation-fields.js';
import { pathsPlace } from './operation-gaps.js';
import { count, listEndpoints, listNames } from './wording.js';

export const aiEndpointInventory = defineSpecRule({
  id: 'spec.llm.ai-endpoint-inventory',
  title: 'AI endpoints in the API',
  severity: 'info',
  confidence: 'likely',
  controls: ['LLM10:2025', 'LLM01:2025', 'LLM02:2025', 'API9:2023', 'GDPR-30'],
  equivalents: [],
  rationale:
    'Endpoints that run a language model carry their own risks (prompt injection, data sent to a model provider, cost per token) and need their own controls; the first step is knowing which endpoints they are. Model providers that receive the prompts are recipients in the record of processing.',
  remediation:
    'Confirm the list: who owns each AI endpoint, which model and provider serve it, where prompts and outputs are stored, and which token limits and quotas apply. Record the provider as a recipient (GDPR Art. 30).',
  check(ctx) {
    const ai = findAiEndpoints(ctx.spec);
    if (!ai.length) return;
    const calls = inferenceEndpoints(ctx.spec);
    const isCall = new Set(calls.map((a) => a.operation));
    const rest = ai.filter((a) => !isCall.has(a.operation));
    const kindCount = (kind: string): number => rest.filter((a) => a.kinds.includes(kind as never)).length;
    const parts: string[] = [];
    if (calls.length)
      parts.push(`${count(calls.length, 'model call')} (${calls.slice(0, 5).map(describeAiEndpoint).join('; ')}${calls.length > 5 ? `; and ${calls.length - 5} more` : ''})`);
    const ingestion = kindCount('ingestion');
    const models = kindCount('models');
    const management = rest.length - ingestion - models;
    if (ingestion) parts.push(count(ingestion, 'ingestion endpoint'));
    if (models) parts.push(count(models, 'model listing'));
    if (management > 0) parts.push(`${count(management, 'management endpoint')} (AI configuration, agents, keys: ${listEndpoints(rest.filter((a) => a.kinds.includes('management')).map((a) => a.operation.endpoint), 3)})`);
    ctx.report(pathsPlace(ctx.spec), {
      message: `The description has ${count(ai.length, 'AI endpoint')}: ${parts.join('; ')}.`,
      endpoints: ai.map((a) => a.operation.endpoint),
      related: [...calls, ...rest].slice(0, 20).map((a) => a.operation.at),
    });
  },
});

export const llmManualReview = defineSpecRule({
  id: 'spec.llm.misinformation-review',
  title: 'AI output needs a manual misinformation review',
  severity: 'info',
  confidence: 'candidate',
  controls: ['LLM09:2025'],
  equivalents: [],
  rationale:
    'Whether model output is grounded, verified and presented with the right caveats is a question of product design and process, not of the API contract; no offline check can answer it, but the audit must not skip it.',
  remediation:
    'Review with the product owner how AI answers are grounded (retrieval, citations), checked by people where decisions matter, and labelled as machine-generated to their readers.',
  check(ctx) {
    const ai = inferenceEndpoints(ctx.spec).filter((a) => !a.kinds.every((k) => k === 'embedding' || k === 'moderation' || k === 'vector'));
    if (!ai.length) return;
    ctx.report(pathsPlace(ctx.spec), {
      message: `${listEndpoints(ai.map((a) => a.operation.endpoint), 4)} return model-generated content; grounding, human oversight and disclosure to users require manual review.`,
      endpoints: ai.map((a) => a.operation.endpoint),
    });
  },
});

/**
 * GDPR Art. 9/10 names, matched whole or as a prefix (`medicalHistory`); the shared helper also
 * matches inside words, which turns `hugging_face_id` into biometric data.
 */
function isSpecialCategory(name: string): boolean {
  const n = normalizeName(name);
  return SPECIAL_CATEGORY_NAMES.some((s) => n === s || (s.length > 5 && n.startsWith(s)));
}

const PERSONAL_CONTEXT = /\b(personal|user|customer|patient|employee|account)[ -](data|context|information|details|profile)\b|\bPII\b/i;

/** What shows personal data on an AI endpoint: field names, and a phrase of its description. */
function personalDataOf(a: AiEndpoint): string[] {
  const fields = new Set<string>();
  for (const f of [...requestFields(a.operation), ...responseFields(a.operation)])
    if (f.name && (isPersonalDataName(f.name) || isSpecialCategory(f.name))) fields.add(f.name);
  const out: string[] = [];
  if (fields.size) out.push(`${fields.size === 1 ? 'field' : 'fields'} ${listNames([...fields], 6)}`);
  const m = PERSONAL_CONTEXT.exec(`${a.operation.summary ?? ''} ${a.operation.description ?? ''}`);
  if (m) out.push(`its description mentions "${m[0]}"`);
  return out;
}

export const aiPersonalData = defineSpecRule({
  id: 'spec.llm.personal-data-dpia',
  title: 'AI endpoints that handle personal data (DPIA likely)',
  severity: 'low',
  confidence: 'candidate',
  controls: ['GDPR-35', 'LLM02:2025', 'GDPR-5(1)(c)', 'GDPR-44'],
  equivalents: [],
  rationale:
    'Processing personal data with AI models is new technology in the sense of GDPR Art. 35 and often means sending the data to a provider outside the EU; a data protection impact assessment is likely required, and minimisation applies to what goes into prompts.',
  remediation:
    'Check with the data protection officer whether a DPIA exists for these endpoints, which personal data reaches the prompt and the provider, under which transfer basis, and whether it can be pseudonymised or left out.',
  check(ctx) {
    for (const a of findAiEndpoints(ctx.spec)) {
      if (!a.kinds.some((k) => k !== 'models' && k !== 'management')) continue;
      const data = personalDataOf(a);
      if (!data.length) continue;
      ctx.report(a.operation.at, {
        message: `AI endpoint ${a.operation.endpoint} handles personal data (${data.join('; ')}); a DPIA is likely needed before it processes real users' data.`,
        endpoints: [a.operation.endpoint],
      });
    }
  },
});
