/**
 * LLM06 excessive agency: tools an AI endpoint may call (or that clients may hand it) whose names
 * say they run commands, delete, send messages, fetch arbitrary URLs or move money. Found in the
 * tool/function definitions of AI requests (enums, consts, defaults, examples) and in tool
 * endpoints of agent APIs.
 */
import { defineSpecRule } from '../../define-rule.js';
import { findAiEndpoints, inferenceEndpoints } from './ai-endpoints.js';
import { variants } from './constraints.js';
import { describeField, requestFields } from './operation-fields.js';
import { listNames } from './wording.js';

const DANGEROUS_TOOL =
  /^(exec|execute|exec_[a-z0-9_]+|execute_(shell|command|code|sql|python|script|query)|run_command|run_shell|shell|local_shell|bash|sh|cmd|powershell|terminal|eval|python|run_python|run_code|code_exec|computer|computer_use|computer_use_preview|run_[a-z0-9_]+|delete_[a-z0-9_]+|drop_[a-z0-9_]+|destroy_[a-z0-9_]+|send_email|send_mail|send_sms|send_message|http_request|http_get|http_post|web_request|fetch_url|fetch|browse|curl|wget|transfer|transfer_[a-z0-9_]+|make_payment|send_payment|payout|run_sql|execute_sql|sql_query|query_database|write_file|file_write)$/;

/** `runCommand`, `Send-Email`, `delete user` → run_command, send_email, delete_user. */
export function toolKey(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[-\s.]+/g, '_');
}

export function isDangerousTool(name: string): boolean {
  return DANGEROUS_TOOL.test(toolKey(name));
}

const TOOL_LABEL = /(^|\.)(tools|functions|tool_choice|toolChoice|function_call|functionCall|allowed_tools|allowedTools|tool_config|toolConfig)(\[\])?(\.|$)/;

/** String values a schema names: enum and const entries, and `name`/`type` values in defaults and examples. */
function namedValues(value: unknown, out: Set<string>, depth = 0): void {
  if (depth > 6 || value === null || value === undefined) return;
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) namedValues(v, out, depth + 1);
  else if (typeof value === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      if (k === 'name' || k === 'type' || k === 'function' || k === 'tools' || k === 'functions' || k === 'value') namedValues(v, out, depth + 1);
}

export const dangerousTool = defineSpecRule({
  id: 'spec.llm.dangerous-tool',
  title: 'AI tool that runs commands, deletes, sends or moves money',
  severity: 'high',
  confidence: 'likely',
  controls: ['LLM06:2025', 'LLM01:2025'],
  equivalents: [],
  rationale:
    'A model decides when to call its tools, and injected instructions decide for it. Open-ended tools (shell, code execution, arbitrary HTTP, e-mail, deletion, payments) turn any successful prompt injection into real actions with the application\'s privileges.',
  remediation:
    'Replace open-ended tools with narrow ones (one fixed action, validated arguments), run them with the end user\'s own permissions, require human confirmation for destructive, outbound or financial actions, and do not let clients add tools.',
  check(ctx) {
    for (const a of inferenceEndpoints(ctx.spec)) {
      const op = a.operation;
      for (const f of requestFields(op)) {
        if (!TOOL_LABEL.test(f.label)) continue;
        const values = new Set<string>();
        for (const v of variants(f.schema)) {
          const n = v.node;
          if (Array.isArray(n.enum)) namedValues(n.enum, values);
          if (n.const !== undefined) namedValues(n.const, values);
          namedValues(n.default, values);
          namedValues(n.example, values);
          namedValues(n.examples, values);
        }
        const dangerous = [...values].filter(isDangerousTool);
        if (!dangerous.length) continue;
        ctx.report(f.at, {
          message: `\`${describeField(f)}\` of ${op.endpoint} names ${dangerous.length === 1 ? 'the tool' : 'tools'} ${listNames(dangerous)}: the model can be steered into running ${dangerous.length === 1 ? 'it' : 'them'}.`,
          endpoints: [op.endpoint],
        });
      }
    }
    // Tool endpoints of an agent API: /tools/shell, /functions/delete_user, /actions/send_email.
    if (!findAiEndpoints(ctx.spec).length) return;
    for (const op of ctx.spec.operations) {
      const segments = op.path.split('/').filter(Boolean);
      const i = segments.findIndex((s) => /^(tools|functions|actions|plugins|skills)$/i.test(s));
      if (i < 0) continue;
      const name = segments.slice(i + 1).find((s) => !s.startsWith('{'));
      const candidate = name ?? op.operationId;
      if (!candidate || !isDangerousTool(candidate)) continue;
      ctx.report(op.at, {
        message: `${op.endpoint} exposes the tool \`${candidate}\` to the agent: the model can be steered into calling it.`,
        endpoints: [op.endpoint],
      });
    }
  },
});
