import { writeFileSync } from 'node:fs';
import { severityRank, type Severity } from '../../../shared/model/finding.js';
import { formatAuditResult } from '../../../shared/report/exports/index.js';
import { auditInputs, type AuditOutcome } from '../../node/services/audit-service.js';
import type { Workspace } from '../../node/workspace/index.js';
import { oneOf, parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { createProgress } from '../output/progress.js';
import { renderTable } from '../output/table.js';

export const auditUsage = `Usage: gatehouse audit <file-or-folder>... [options]

Audits API descriptions (OpenAPI 3.0/3.1, Swagger 2.0; JSON or YAML; multi-file specs by folder).

Options:
  --workspace FILE   record evidence, run and findings in this workspace (created if missing);
                     triage decisions stored there are applied to the output
  --format F         table (default) | json | sarif | junit | csv
  --out FILE         write the output to FILE instead of stdout
  --fail-on S        exit 1 when an open finding is at or above S: critical|high|medium|low
  --details          table format: list every finding instead of one row per rule
  --no-progress      no progress bar on stderr
Exit codes: 0 done; 1 an open finding at or above --fail-on; 2 usage or input error (after the output).`;

const FORMATS = ['table', 'json', 'sarif', 'junit', 'csv'] as const;
const FAIL_ON = ['critical', 'high', 'medium', 'low', 'info'] as const;

export async function runAudit(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      workspace: { type: 'string', short: 'w' },
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      details: { type: 'boolean' },
      'no-progress': { type: 'boolean' },
      progress: { type: 'boolean' },
    },
    auditUsage,
  );
  if (values.help) {
    process.stdout.write(auditUsage + '\n');
    return 0;
  }
  if (positionals.length === 0) throw new CliError(`name at least one file or folder to audit\n\n${auditUsage}`);
  const format = oneOf(values.format, FORMATS, '--format', 'table');
  const failOn: Severity | undefined = values['fail-on'] === undefined ? undefined : oneOf(values['fail-on'], FAIL_ON, '--fail-on', 'high');

  const progress = createProgress(!values['no-progress']);
  let ws: Workspace | undefined;
  let outcome: AuditOutcome;
  try {
    if (values.workspace) {
      // Loaded only when needed: auditing without a workspace never loads SQLite.
      const { openWorkspace } = await import('../open-workspace.js');
      ws = openWorkspace(values.workspace, { create: true });
    }
    const options: Parameters<typeof auditInputs>[1] = { onProgress: (p) => progress.update(p.done, p.total, p.label) };
    if (ws) options.workspace = ws;
    outcome = auditInputs(positionals, options);
  } finally {
    progress.done();
    ws?.close();
  }

  const text =
    format === 'table'
      ? renderTable(outcome.result.findings, outcome.audited, {
          details: values.details === true,
          color: !values.out && process.stdout.isTTY === true && !process.env.NO_COLOR,
          width: process.stdout.columns ?? 120,
        })
      : formatAuditResult(outcome.result, format);
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);

  for (const p of outcome.problems) process.stderr.write(`gatehouse: ${p.message.startsWith(p.input) ? p.message : `${p.input}: ${p.message}`}\n`);
  for (const f of outcome.ruleFailures) process.stderr.write(`gatehouse: rule ${f.ruleId} failed on ${f.evidence}: ${f.message.split('\n')[0]}\n`);
  if (outcome.runId !== undefined) process.stderr.write(`Recorded as run ${outcome.runId} in ${values.workspace}\n`);

  if (outcome.problems.length || outcome.ruleFailures.length) return 2;
  if (failOn && outcome.result.findings.some((f) => f.status === 'open' && severityRank(f.severity) <= severityRank(failOn))) return 1;
  return 0;
}

