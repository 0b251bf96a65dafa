/**
 * Workspaces for the report tests: the bundled sample API audited for real (with triage and
 * checklist answers), and a synthetic workspace of any number of findings.
 */
import path from 'node:path';
import { CATALOG_VERSION } from '../../../../../shared/controls/index.js';
import type { Finding } from '../../../../../shared/model/finding.js';
import { allRules } from '../../../../../shared/rules/index.js';
import { auditInputs } from '../../../../../electron/node/services/audit-service.js';
import { Workspace } from '../../../../../electron/node/workspace/index.js';

export const SAMPLE = path.resolve(import.meta.dirname, '../../../../../assets/samples/clinic-api.yaml');

export interface AuditedWorkspace {
  ws: Workspace;
  /** Fingerprint of the API-key-in-query finding, triaged as an accepted risk. */
  accepted: string;
  /** A finding triaged as a false positive. */
  falsePositive: string;
}

/** The sample API audited into a new workspace, with two triage decisions and two checklist answers. */
export function auditedWorkspace(file: string): AuditedWorkspace {
  const ws = Workspace.open(file, { create: true });
  ws.init({
    name: 'Northwind Clinic API audit',
    client: 'Northwind Clinic',
    auditor: 'Alice Auditor',
    scope: 'Public API v2 and the AI assistant',
    periodStart: '2025-03-01',
    periodEnd: '2025-03-31',
  });
  auditInputs([SAMPLE], { workspace: ws, actor: 'alice' });
  const findings = ws.listFindings();
  const accepted = findings.find((f) => f.ruleId === 'spec.auth.api-key-in-query')!.fingerprint;
  const falsePositive = findings.find((f) => f.severity === 'info' || f.severity === 'low')!.fingerprint;
  ws.setTriage(accepted, { status: 'accepted-risk', reason: 'Partner integration only, key rotated monthly', expires: '2099-12-31', actor: 'alice' });
  ws.setTriage(falsePositive, { status: 'false-positive', reason: 'Checked with the client: not reachable', actor: 'alice' });
  ws.answerChecklist('chk.gdpr-33.incident-response', 'yes', 'Runbook IR-7 tested in February', 'alice');
  ws.answerChecklist('chk.gdpr-35.dpia', 'no', 'No DPIA for the AI assistant yet', 'alice');
  return { ws, accepted, falsePositive };
}

/**
 * A workspace with `count` findings over one 30,000-line evidence file, recorded through
 * Workspace.recordRun; every tenth finding is suppressed in the evidence.
 */
export function syntheticWorkspace(file: string, count: number): Workspace {
  const ws = Workspace.open(file, { create: true });
  ws.init({ name: `Synthetic audit of ${count} findings`, client: 'Bench', auditor: 'Bench Auditor' });
  const lines = Array.from({ length: 30_000 }, (_, i) => `${' '.repeat((i % 5) * 2)}field${i + 1}: { type: string, description: "line ${i + 1}" }`);
  const [evidence] = ws.addEvidence(
    [{ name: 'big-api.yaml', kind: 'spec', format: 'openapi-3.0', bytes: Buffer.from(lines.join('\n')), parseStatus: 'ok' }],
    'bench',
  );
  const findings: Finding[] = Array.from({ length: count }, (_, i) => {
    const rule = allRules[i % allRules.length]!;
    const line = 1 + ((i * 7) % 29_990);
    const suppressed = i % 10 === 9;
    return {
      fingerprint: `fp${String(i).padStart(6, '0')}`,
      ruleId: rule.id,
      title: rule.title,
      severity: rule.severity,
      confidence: rule.confidence,
      controls: rule.controls,
      equivalents: rule.equivalents,
      source: rule.source,
      message: `Schema \`Thing${i}\` property \`field${line}\` used by GET /things/{id} and other operations has no maximum length (finding ${i + 1}).`,
      evidence: ['big-api.yaml'],
      locations: [
        { file: 'big-api.yaml', line, column: 3, pointer: `/components/schemas/Thing${i}` },
        ...(i % 3 === 0 ? [{ file: 'big-api.yaml', line: line + 5, column: 3, pointer: `/components/schemas/Thing${i}/x` }] : []),
      ],
      endpoints: ['GET /things/{id}', 'POST /things', 'PUT /things/{id}'].slice(0, 1 + (i % 3)),
      occurrences: 1 + (i % 3),
      status: suppressed ? 'suppressed' : 'open',
      ...(suppressed ? { statusReason: 'x-gatehouse-ignore: reviewed by the API team' } : {}),
      remediation: rule.remediation,
    };
  });
  const at = new Date().toISOString();
  ws.recordRun({ catalogVersion: CATALOG_VERSION, toolVersion: '0.1.0', startedAt: at, endedAt: at, evidenceIds: [evidence!.id], findings }, 'bench');
  return ws;
}
