/**
 * LLM10 unbounded consumption on AI endpoints: output-token caps, sample counts, conversation
 * length, log-probability access (a model-extraction aid), and the two controls that bound cost
 * per caller at all: rate limits and authentication.
 */
import { normalizeName } from '../../dictionaries.js';
import { defineSpecRule } from '../../define-rule.js';
import { inferenceEndpoints } from './ai-endpoints.js';
import { documents429 } from './api4-rate-limits.js';
import { anyVariantHasUpperBound, isArray, isNumeric, variants } from './constraints.js';
import { describeField, requestFields, responseFields, type OperationField } from './operation-fields.js';

const MAX_TOKEN_NAMES = new Set([
  'maxtokens', 'maxcompletiontokens', 'maxoutputtokens', 'maxnewtokens', 'maxtokenstosample', 'numpredict', 'maxoutputlength', 'maxgenlen',
]);

export const maxTokensUnbounded = defineSpecRule({
  id: 'spec.llm.max-tokens-unbounded',
  title: 'Output token limit without a maximum',
  severity: 'high',
  confidence: 'confirmed',
  controls: ['LLM10:2025', 'API4:2023'],
  equivalents: [],
  rationale:
    'Output tokens are the expensive part of a model call. When the client chooses max_tokens (or its equivalent) with no maximum, each call can run to the model\'s full output length: slow responses, exhausted quotas and a bill the client, not the operator, decides (denial of wallet).',
  remediation:
    'Give the token limit a maximum that fits the use case and a default, enforce it server-side (gateway token limits such as a per-key tokens-per-minute quota), and reject larger values.',
  check(ctx) {
    for (const a of inferenceEndpoints(ctx.spec)) {
      const op = a.operation;
      for (const f of requestFields(op)) {
        if (!MAX_TOKEN_NAMES.has(normalizeName(f.name)) || anyVariantHasUpperBound(f.schema)) continue;
        ctx.report(f.at, {
          message: `\`${describeField(f)}\` (${f.required ? 'required' : 'optional'}) has no maximum, so a client of ${op.endpoint} decides how many output tokens each call may burn.`,
          endpoints: [op.endpoint],
        });
      }
    }
  },
});

const SAMPLE_COUNT_NAMES = new Set(['n', 'bestof', 'numreturnsequences', 'candidatecount', 'numgenerations', 'numcompletions', 'numimages', 'numoutputs', 'samples']);

export const sampleCountUnbounded = defineSpecRule({
  id: 'spec.llm.sample-count-unbounded',
  title: 'Number of completions per call without a maximum',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['LLM10:2025', 'API4:2023'],
  equivalents: [],
  rationale: 'Parameters such as n or best_of multiply the work, and the cost, of one request by a number the client chooses.',
  remediation: 'Cap n / best_of with a small maximum (often 1) or remove them from the public contract.',
  check(ctx) {
    for (const a of inferenceEndpoints(ctx.spec)) {
      const op = a.operation;
      for (const f of requestFields(op)) {
        if (f.depth !== 1 || !SAMPLE_COUNT_NAMES.has(normalizeName(f.name))) continue;
        if (!variants(f.schema).some(isNumeric) || anyVariantHasUpperBound(f.schema)) continue;
        ctx.report(f.at, {
          message: `\`${describeField(f)}\` has no maximum: one call to ${op.endpoint} can ask for any number of completions.`,
          endpoints: [op.endpoint],
        });
      }
    }
  },
});

const CONVERSATION_NAMES = new Set(['messages', 'contents', 'history', 'conversation', 'input', 'inputs', 'turns', 'chathistory']);

export const conversationUnbounded = defineSpecRule({
  id: 'spec.llm.messages-unbounded',
  title: 'Conversation array without maxItems',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['LLM10:2025', 'LLM01:2025', 'API4:2023'],
  equivalents: [],
  rationale:
    'A messages (or contents, history) array with no maxItems lets a caller send an arbitrarily long conversation: every turn is input tokens paid for on each call, and long fabricated histories are a common way to steer a model.',
  remediation: 'Set maxItems on the conversation array, keep history server-side where possible, and truncate or summarise it before calling the model.',
  check(ctx) {
    for (const a of inferenceEndpoints(ctx.spec)) {
      const op = a.operation;
      for (const f of requestFields(op)) {
        if (f.depth !== 1 || !CONVERSATION_NAMES.has(normalizeName(f.name))) continue;
        const arrays = variants(f.schema).filter(isArray);
        if (!arrays.length || arrays.every((v) => typeof v.node.maxItems === 'number')) continue;
        ctx.report(f.at, {
          message: `\`${describeField(f)}\` is an array with no maxItems, so a client of ${op.endpoint} can send a conversation of any length.`,
          endpoints: [op.endpoint],
        });
      }
    }
  },
});

const LOGPROB_REQUEST = new Set(['logprobs', 'toplogprobs', 'logitbias', 'returnlogprobs', 'outputscores']);
const LOGPROB_RESPONSE = new Set(['logprobs', 'toplogprobs', 'tokenlogprobs', 'logprob']);

export const logprobsExposed = defineSpecRule({
  id: 'spec.llm.logprobs-exposed',
  title: 'Log probabilities or logit bias exposed',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['LLM10:2025', 'LLM02:2025'],
  equivalents: [],
  rationale:
    'Token log-probabilities and logit bias reveal and steer the model\'s internal distribution; with enough queries they let a caller distil or replicate the model (model extraction), which OWASP LLM10 asks to limit.',
  remediation: 'Do not accept logprobs, top_logprobs or logit_bias from untrusted clients and do not return log-probabilities, unless a use case needs them; then restrict them to vetted keys with tight quotas.',
  check(ctx) {
    for (const a of inferenceEndpoints(ctx.spec)) {
      const op = a.operation;
      const seen = new Set<string>();
      const report = (f: OperationField, how: string): void => {
        const key = `${f.at.file}#${f.at.pointer}`;
        if (seen.has(key)) return;
        seen.add(key);
        ctx.report(f.at, { message: `\`${describeField(f)}\` is ${how} by ${op.endpoint}: a model-extraction aid.`, endpoints: [op.endpoint] });
      };
      for (const f of requestFields(op)) if (f.depth >= 1 && LOGPROB_REQUEST.has(normalizeName(f.name))) report(f, 'accepted');
      for (const f of responseFields(op)) if (LOGPROB_RESPONSE.has(normalizeName(f.name))) report(f, 'returned');
    }
  },
});

export const aiNoRateLimit = defineSpecRule({
  id: 'spec.llm.no-rate-limit',
  title: 'AI endpoint without a documented rate limit',
  severity: 'high',
  confidence: 'candidate',
  controls: ['LLM10:2025', 'API4:2023'],
  equivalents: ['owasp:api4:2023-rate-limit-responses-429'],
  rationale:
    'Every call to an AI endpoint costs model time and money. Without a per-caller rate limit and token quota a single client can run up the provider bill, exhaust shared quotas for everyone, or query the model systematically to extract it.',
  remediation:
    'Limit requests and tokens per key or user at the gateway (requests per minute, tokens per minute, monthly quota), document the 429 response with Retry-After, and alert on spend.',
  check(ctx) {
    for (const a of inferenceEndpoints(ctx.spec)) {
      const op = a.operation;
      if (documents429(op)) continue;
      ctx.report(op.at, {
        message: `AI endpoint ${op.endpoint} documents no 429 response: nothing in the contract limits how often${op.auth === 'required' ? '' : ' (and by whom)'} the model can be called.`,
        endpoints: [op.endpoint],
      });
    }
  },
});

export const aiUnauthenticated = defineSpecRule({
  id: 'spec.llm.unauthenticated',
  title: 'AI endpoint callable without credentials',
  severity: 'high',
  confidence: 'likely',
  controls: ['LLM10:2025', 'API2:2023', 'API4:2023'],
  equivalents: [],
  rationale:
    'An AI endpoint that anyone can call without credentials has no caller to rate-limit, bill or block: it is an open proxy to a paid model (denial of wallet) and an anonymous playground for prompt-injection attempts.',
  remediation: 'Require authentication on every AI endpoint and tie rate limits and token quotas to the authenticated key or user.',
  check(ctx) {
    for (const a of inferenceEndpoints(ctx.spec)) {
      const op = a.operation;
      if (op.auth === 'required') continue;
      ctx.report(op.at, {
        message:
          op.auth === 'none'
            ? `AI endpoint ${op.endpoint} requires no credentials: anyone can run the model at the operator's cost.`
            : `AI endpoint ${op.endpoint} offers an anonymous alternative in its security ({}), so anyone can run the model at the operator's cost.`,
        endpoints: [op.endpoint],
      });
    }
  },
});
