import { readFileSync, writeFileSync } from 'node:fs';
import { checkFieldMap, type FieldMap } from '../../../shared/importers/traffic/json-records.js';
import { compileUserLogFormat } from '../../../shared/importers/traffic/sniff.js';
import { severityRank, type Severity } from '../../../shared/model/finding.js';
import { formatAuditResult } from '../../../shared/report/exports/index.js';
import { auditInputsAsync, type AuditOptions, type AuditOutcome } from '../../node/services/audit-service.js';
import { PseudonymKeyError, readPseudonymKey } from '../../node/traffic/pseudonymizer.js';
import type { Workspace } from '../../node/workspace/index.js';
import { oneOf, parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { createProgress } from '../output/progress.js';
import { renderTable } from '../output/table.js';

export const auditUsage = `Usage: gatehouse audit <file-or-folder>... [options]

Audits, in one run and against each other:
  API descriptions          OpenAPI 3.0/3.1, Swagger 2.0; JSON or YAML; multi-file specs by folder
  gateway configurations    Kong (decK), NGINX, Envoy/Istio, AWS API Gateway, Azure APIM, Apigee,
                            Tyk
  traffic logs and HAR      access logs (Apache/NGINX combined, common, vhost, combinedio, a given
                            log_format; ALB; Envoy/Istio), JSON gateway logs (Kong, AWS API
                            Gateway, Azure APIM, Envoy, CloudWatch containers) and HAR files,
                            plain or gzip

Options:
  --workspace FILE   record evidence, run and findings in this workspace (created if missing);
                     triage decisions stored there are applied to the output
  --format F         table (default) | json | sarif | junit | csv
  --out FILE         write the output to FILE instead of stdout
  --fail-on S        exit 1 when an open finding is at or above S: critical|high|medium|low
  --details          table format: list every finding instead of one row per rule
  --no-progress      no progress bar on stderr
Traffic:
  --pseudonymize-key-file F   replace client IPs, subnets and principals by keyed hashes
                     (HMAC-SHA256) under the key in F (16+ bytes; never stored)
  --mask-urls        mask secrets and personal data in URLs before storing (the default)
  --no-mask-urls     keep URLs as logged
  --log-format FMT   an NGINX log_format for access logs in a custom format
  --field-map F      a JSON field mapping ({"ts": "time", "path": "req.url", "status": …}) for
                     JSON logs of other shapes
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
      'pseudonymize-key-file': { type: 'string' },
      'mask-urls': { type: 'boolean' },
      'no-mask-urls': { type: 'boolean' },
      'log-format': { type: 'string' },
      'field-map': { type: 'string' },
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

  const traffic: NonNullable<AuditOptions['traffic']> = { maskUrls: values['no-mask-urls'] !== true };
  if (values['mask-urls'] && values['no-mask-urls']) throw new CliError('--mask-urls and --no-mask-urls contradict each other');
  if (values['pseudonymize-key-file']) {
    try {
      traffic.pseudonymizeKey = readPseudonymKey(values['pseudonymize-key-file']);
    } catch (e) {
      if (e instanceof PseudonymKeyError) throw new CliError(e.message);
      throw e;
    }
  }
  if (values['log-format'] !== undefined) {
    const compiled = compileUserLogFormat(values['log-format']);
    if (compiled.error) throw new CliError(`--log-format: ${compiled.error}`);
    traffic.logFormat = values['log-format'];
  }
  if (values['field-map'] !== undefined) traffic.fieldMap = readFieldMap(values['field-map']);

  const progress = createProgress(!values['no-progress']);
  let ws: Workspace | undefined;
  let outcome: AuditOutcome;
  try {
    if (values.workspace) {
      // Loaded only when needed: auditing without a workspace never loads SQLite.
      const { openWorkspace } = await import('../open-workspace.js');
      ws = openWorkspace(values.workspace, { create: true });
    }
    const MB = 1048576;
    const options: AuditOptions = {
      onProgress: (p) => progress.update(p.done, p.total, p.label),
      // Traffic files: the bar counts megabytes read.
      onBytes: (file, done, total) => progress.update(Math.round(done / MB), Math.max(1, Math.round(total / MB)), `MB of ${file}`),
      traffic,
    };
    if (ws) options.workspace = ws;
    outcome = await auditInputsAsync(positionals, options);
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

function readFieldMap(file: string): FieldMap {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`--field-map: cannot read ${file}: ${(e as Error).message}`);
  }
  const checked = checkFieldMap(value);
  if (!checked.map) throw new CliError(`--field-map ${file}: ${checked.problems.join('; ')}`);
  return checked.map;
}
