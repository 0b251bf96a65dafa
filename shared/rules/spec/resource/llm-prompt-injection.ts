/**
 * LLM01 prompt injection, as far as the contract shows it: clients that may write the system
 * prompt (a `system`/`developer` role or a `system` field), prompt text of unbounded length, and
 * inputs that pull outside content (URLs, files, documents) into the model's context.
 */
import { normalizeName } from '../../dictionaries.js';
import { defineSpecRule } from '../../define-rule.js';
import { inferenceEndpoints } from './ai-endpoints.js';
import { allowedStrings, formatOf, isArray, isString, isUnboundedString, UPLOAD_FORMATS, variants } from './constraints.js';
import { isUnrestrictedUrl, isUrlInputName } from './api7-url-inputs.js';
import { describeField, requestFields, type OperationField } from './operation-fields.js';
import { listNames } from './wording.js';

const PRIVILEGED_ROLES = ['system', 'developer'];
const SYSTEM_FIELDS = new Set(['system', 'systemprompt', 'systemmessage', 'systeminstruction', 'systeminstructions', 'instructions', 'preamble']);
const CONVERSATION = /(^|\.)(messages|input|inputs|contents|history|conversation|prompt|turns)(\[\])?(\.|$)/i;

export const clientSystemRole = defineSpecRule({
  id: 'spec.llm.client-system-role',
  title: 'Clients can set the system prompt',
  severity: 'high',
  confidence: 'likely',
  controls: ['LLM01:2025', 'LLM07:2025'],
  equivalents: [],
  rationale:
    'The system (or developer) message is where an application puts its instructions and guardrails. If callers may send messages with that role, or a system field, they replace the guardrails instead of having to inject around them: prompt injection by design.',
  remediation:
    'Build the system prompt on the server. Restrict client message roles to user (and assistant for history) with an enum, reject system/developer roles and system fields from clients, and keep secrets and authorization rules out of prompts altogether.',
  check(ctx) {
    for (const a of inferenceEndpoints(ctx.spec)) {
      const op = a.operation;
      for (const f of requestFields(op)) {
        const n = normalizeName(f.name);
        if (n === 'role' && f.depth >= 2 && CONVERSATION.test(f.label)) {
          const allowed = allowedStrings(f.schema);
          const privileged = allowed.filter((r) => PRIVILEGED_ROLES.includes(r.toLowerCase()));
          const free = allowed.length === 0 && (isString(f.schema) || f.schema.node.type === undefined);
          if (!privileged.length && !free) continue;
          ctx.report(f.at, {
            message: privileged.length
              ? `\`${describeField(f)}\` lets clients of ${op.endpoint} send messages with role ${listNames(privileged)}: the caller writes the system instructions.`
              : `\`${describeField(f)}\` is a free string with no enum, so clients of ${op.endpoint} can send "system" or "developer" messages and write the system instructions.`,
            endpoints: [op.endpoint],
          });
        } else if (f.depth === 1 && SYSTEM_FIELDS.has(n)) {
          ctx.report(f.at, {
            message: `Clients of ${op.endpoint} send the system prompt themselves in \`${describeField(f)}\`.`,
            endpoints: [op.endpoint],
          });
        }
      }
    }
  },
});

const PROMPT_NAMES = new Set([
  'prompt', 'prompts', 'content', 'message', 'input', 'inputs', 'query', 'question', 'text', 'instructions', 'suffix', 'userinput',
  'userprompt', 'usermessage', 'context', 'system', 'systemprompt', 'contents', 'parts',
]);

/** Why a prompt value is unbounded: a string (or array of strings) whose length nothing caps. */
export function unboundedTextReason(f: OperationField): string | undefined {
  const vs = variants(f.schema);
  if (vs.some(isUnboundedString)) return 'no maxLength';
  for (const v of vs)
    if (isArray(v) && v.items && variants(v.items).some(isUnboundedString))
      return typeof v.node.maxItems === 'number' ? 'items with no maxLength' : 'no maxItems and items with no maxLength';
  return undefined;
}

export const promptUnbounded = defineSpecRule({
  id: 'spec.llm.prompt-unbounded',
  title: 'Prompt text without a maximum length',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['LLM01:2025', 'LLM10:2025', 'API4:2023'],
  equivalents: [],
  rationale:
    'Prompt text with no length limit lets a caller fill the context window: long injection payloads that drown the instructions, and input tokens that are paid for on every call (denial of wallet).',
  remediation: 'Set maxLength on every prompt and message content field (and maxItems on arrays of parts), sized to what the use case needs, and enforce it before the model is called.',
  check(ctx) {
    for (const a of inferenceEndpoints(ctx.spec)) {
      const op = a.operation;
      for (const f of requestFields(op)) {
        if (f.depth === 0 && f.label === '' ) continue;
        if (!PROMPT_NAMES.has(normalizeName(f.name))) continue;
        const reason = unboundedTextReason(f);
        if (!reason) continue;
        ctx.report(f.at, {
          message: `Prompt text \`${describeField(f)}\` sent to the model by ${op.endpoint} has ${reason}.`,
          endpoints: [op.endpoint],
        });
      }
    }
  },
});

const EXTERNAL_CONTENT = new Set([
  'file', 'files', 'fileid', 'fileids', 'document', 'documents', 'documentid', 'documentids', 'attachment', 'attachments', 'image',
  'images', 'audio', 'source', 'sources', 'page', 'webpage', 'html', 'pdf',
]);

function isUpload(f: OperationField): boolean {
  const fmt = formatOf(f.schema);
  return (fmt !== undefined && UPLOAD_FORMATS.has(fmt)) || f.schema.node.type === 'file' || typeof f.schema.node.contentMediaType === 'string';
}

export const indirectInjectionInput = defineSpecRule({
  id: 'spec.llm.indirect-injection-input',
  title: 'AI endpoint pulls external content into the prompt',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['LLM01:2025', 'API7:2023'],
  equivalents: [],
  rationale:
    'URLs, documents and files that an AI endpoint reads into the context are an indirect prompt-injection channel: instructions hidden in a web page, PDF or image run with the model\'s privileges, and URL fetching is an SSRF path as well.',
  remediation:
    'Fetch only from allowlisted sources, treat retrieved content as data (separate it clearly from instructions, strip active content), scan uploads, and keep the model\'s tools and data access minimal for requests that include outside content.',
  check(ctx) {
    for (const a of inferenceEndpoints(ctx.spec)) {
      const op = a.operation;
      const seen = new Set<string>();
      for (const f of requestFields(op)) {
        if (!f.name) continue;
        const n = normalizeName(f.name);
        const url = (isUrlInputName(f.name) || ['uri', 'url', 'iri'].includes(formatOf(f.schema) ?? '')) && isUnrestrictedUrl(f.schema);
        const upload = isUpload(f);
        const reference = EXTERNAL_CONTENT.has(n) && !isArray(f.schema) && f.schema.node.type !== 'object';
        if (!url && !upload && !reference) continue;
        const key = `${f.at.file}#${f.at.pointer}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const kind = url ? 'a URL the server or model fetches' : upload ? 'an uploaded file' : 'a document or file';
        ctx.report(f.at, {
          message: `\`${describeField(f)}\` brings ${kind} into the context of ${op.endpoint}: content the caller does not type, and an indirect prompt-injection channel.`,
          endpoints: [op.endpoint],
        });
      }
      for (const c of op.requestBody?.content ?? [])
        if (/^multipart\/form-data/i.test(c.mediaType) && !c.schema)
          ctx.report(c.at, { message: `${op.endpoint} accepts multipart uploads into the model's context: an indirect prompt-injection channel.`, endpoints: [op.endpoint] });
    }
  },
});
