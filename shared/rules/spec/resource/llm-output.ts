/** LLM05 improper output handling: AI responses declared as HTML (or markdown) for clients to render. */
import { defineSpecRule } from '../../define-rule.js';
import { inferenceEndpoints } from './ai-endpoints.js';
import { isSuccess, responseFields, describeField } from './operation-fields.js';

const HTML_MEDIA = /^(text\/html|application\/xhtml\+xml)/i;
const MARKDOWN_MEDIA = /^text\/(markdown|x-markdown)/i;

export const htmlOutput = defineSpecRule({
  id: 'spec.llm.html-output',
  title: 'AI output returned as HTML',
  severity: 'medium',
  confidence: 'likely',
  controls: ['LLM05:2025', 'API8:2023'],
  equivalents: [],
  rationale:
    'Model output is attacker-influenced text. Returned as HTML (or markdown that clients render), it carries script, event handlers and image links chosen by whoever injected the prompt: XSS and data exfiltration through the rendering client.',
  remediation:
    'Return model output as plain text or JSON strings and encode it where it is rendered; if rich text is needed, sanitise it server-side against a strict allowlist and block external images and links in rendered output.',
  check(ctx) {
    for (const a of inferenceEndpoints(ctx.spec)) {
      const op = a.operation;
      for (const r of op.responses) {
        if (!isSuccess(r.status)) continue;
        for (const c of r.content) {
          const html = HTML_MEDIA.test(c.mediaType);
          if (!html && !MARKDOWN_MEDIA.test(c.mediaType)) continue;
          ctx.report(c.at, {
            message: `AI endpoint ${op.endpoint} returns its ${r.status} response as ${c.mediaType}, for clients to render.`,
            endpoints: [op.endpoint],
            ...(html ? {} : { severity: 'low' as const }),
          });
        }
      }
      for (const f of responseFields(op)) {
        const media = f.schema.node.contentMediaType;
        const fmt = f.schema.node.format;
        if ((typeof media === 'string' && HTML_MEDIA.test(media)) || fmt === 'html')
          ctx.report(f.at, { message: `AI endpoint ${op.endpoint} returns \`${describeField(f)}\` as HTML, for clients to render.`, endpoints: [op.endpoint] });
      }
    }
  },
});
