/**
 * LLM02 / LLM07 disclosure through the contract: end-user e-mails sent to the model provider as
 * the `user` identifier, AI responses that return raw model text next to personal data, and
 * responses that hand out the system prompt.
 */
import { isPersonalDataName, normalizeName } from '../../dictionaries.js';
import { defineSpecRule } from '../../define-rule.js';
import { findAiEndpoints, inferenceEndpoints } from './ai-endpoints.js';
import { formatOf, isString, variants } from './constraints.js';
import { describeField, isSuccess, requestFields, responseFields, type OperationField } from './operation-fields.js';
import { endpointsUsing } from '../schema-helpers.js';
import { listEndpoints, listNames } from './wording.js';

const USER_IDENTIFIER = new Set(['user', 'userid', 'enduser', 'enduserid', 'safetyidentifier', 'useridentifier', 'customerid', 'requester']);
const EMAIL_HINT = /e-?mail|@[a-z0-9-]+\./i;

function textOf(f: OperationField): string {
  const n = f.schema.node;
  const parts = [n.description, n.example, n.default, n.title, n.pattern];
  if (Array.isArray(n.examples)) parts.push(...n.examples);
  return parts.filter((p) => typeof p === 'string').join(' ');
}

export const userEmailToProvider = defineSpecRule({
  id: 'spec.llm.user-email-to-provider',
  title: 'End-user e-mail sent as the model user identifier',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['LLM02:2025', 'GDPR-5(1)(c)', 'GDPR-44', 'GDPR-25'],
  equivalents: [],
  rationale:
    'Model APIs accept a `user` (or end-user) identifier for abuse monitoring; filled with an e-mail address, it sends personal data to the provider with every prompt, where it is stored with the conversation, often outside the EU.',
  remediation:
    'Send a pseudonymous identifier instead (a salted hash or an opaque id the provider cannot link to a person), describe it as such in the contract, and keep e-mail addresses out of prompts and metadata.',
  check(ctx) {
    for (const a of inferenceEndpoints(ctx.spec)) {
      const op = a.operation;
      for (const f of requestFields(op)) {
        const n = normalizeName(f.name);
        const emailNamed = /email/.test(n) && f.depth <= 1 && f.depth > 0;
        const userWithEmail = USER_IDENTIFIER.has(n) && (formatOf(f.schema) === 'email' || EMAIL_HINT.test(textOf(f)));
        if (!emailNamed && !userWithEmail) continue;
        ctx.report(f.at, {
          message: `\`${describeField(f)}\` sends an end user's e-mail address with the prompt of ${op.endpoint}, so it reaches the model provider.`,
          endpoints: [op.endpoint],
        });
      }
    }
  },
});

const RAW_TEXT = new Set(['content', 'text', 'response', 'completion', 'output', 'outputtext', 'answer', 'reply', 'generatedtext', 'message', 'result', 'airesponse']);
const USER_CONTEXT = new Set(['user', 'userid', 'username', 'usercontext', 'userinfo', 'userdata', 'customer', 'customerdata', 'profile', 'account', 'metadata']);

export const outputWithPersonalData = defineSpecRule({
  id: 'spec.llm.output-with-personal-data',
  title: 'AI response returns raw model text next to personal data',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['LLM02:2025', 'GDPR-5(1)(c)', 'GDPR-25'],
  equivalents: [],
  rationale:
    'A response that returns raw model output together with user or account data shows that personal data is part of the model\'s context; nothing in the contract filters what the model repeats from it, so one user\'s data can surface in another\'s answer or in logs.',
  remediation:
    'Minimise the personal data placed in prompts, filter model output for personal data before returning it, and return only the fields the client needs.',
  check(ctx) {
    for (const a of inferenceEndpoints(ctx.spec)) {
      const op = a.operation;
      const fields = responseFields(op);
      const raw = fields.filter((f) => RAW_TEXT.has(normalizeName(f.name)) && variants(f.schema).some(isString));
      if (!raw.length) continue;
      const personal = fields.filter((f) => f.name && (isPersonalDataName(f.name) || USER_CONTEXT.has(normalizeName(f.name))));
      if (!personal.length) continue;
      const schema = op.responses.filter((r) => isSuccess(r.status)).flatMap((r) => r.content).find((c) => c.schema)?.schema;
      ctx.report(schema?.at ?? op.at, {
        message: `${op.endpoint} returns raw model text (${listNames([...new Set(raw.map(describeField))], 3)}) together with personal or user data (${listNames([...new Set(personal.map(describeField))], 6)}).`,
        endpoints: [op.endpoint],
        related: personal.slice(0, 20).map((f) => f.at),
      });
    }
  },
});

const SYSTEM_PROMPT_NAMES = new Set([
  'systemprompt', 'systemmessage', 'systeminstruction', 'systeminstructions', 'prompttemplate', 'hiddenprompt', 'initialprompt', 'preprompt',
  'metaprompt', 'baseprompt',
]);

export const systemPromptExposed = defineSpecRule({
  id: 'spec.llm.system-prompt-exposed',
  title: 'Response returns the system prompt',
  severity: 'high',
  confidence: 'likely',
  controls: ['LLM07:2025', 'LLM02:2025'],
  equivalents: [],
  rationale:
    'The system prompt holds the application\'s instructions and guardrails and, too often, secrets or access rules. Returning it hands attackers the exact text to work around and anything sensitive written into it.',
  remediation:
    'Do not return system prompts or prompt templates from the API; keep them server-side, free of secrets and authorization logic, and treat them as confidential configuration.',
  check(ctx) {
    const ai = findAiEndpoints(ctx.spec).length > 0;
    const byEndpoint = new Map(ctx.spec.operations.map((o) => [o.endpoint, o]));
    // One pass over the schemas: a system-prompt property anywhere in a response schema.
    for (const s of ctx.spec.schemas) {
      if (!s.properties.length) continue;
      const hits = s.properties.filter((p) => SYSTEM_PROMPT_NAMES.has(normalizeName(p.name)));
      if (!hits.length) continue;
      const endpoints = endpointsUsing(s, 'response');
      if (!endpoints.length) continue;
      const open = endpoints.filter((e) => byEndpoint.get(e)?.auth === 'none');
      for (const p of hits) {
        const owner = s.componentName !== undefined ? `${s.componentName}.${p.name}` : p.name;
        ctx.report(p.at, {
          message: `${listEndpoints(endpoints, 3)} ${endpoints.length === 1 ? 'returns' : 'return'} \`${owner}\`, the system prompt of ${ai ? 'the AI endpoints' : 'a model'}${
            open.length === endpoints.length ? ', to unauthenticated callers' : open.length ? `, to unauthenticated callers of ${listEndpoints(open, 3)}` : ''
          }.`,
          endpoints: [...endpoints],
          ...(open.length ? {} : { severity: 'medium' as const }),
        });
      }
    }
  },
});
