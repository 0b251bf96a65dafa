/**
 * Machine-readable and HTML exports of a workspace's latest run, with today's triage applied.
 * JSON, SARIF, JUnit and CSV come from shared/report/exports (the same functions as
 * `gatehouse audit --format`); HTML is the report content as one self-contained page. Every
 * export is noted in the workspace audit log with its format and hash.
 */
import { randomUUID } from 'node:crypto';
import { CATALOG_VERSION } from '../../../shared/controls/index.js';
import { buildReport } from '../../../shared/report/build-report.js';
import { formatAuditResult, type ExportFormat } from '../../../shared/report/exports/index.js';
import { renderReportHtml } from '../../../shared/report/html.js';
import type { Workspace } from '../workspace/index.js';
import { TOOL } from './tool-info.js';
import { evidenceExcerpts, loadWorkspaceAudit, sha256Hex } from './workspace-audit.js';

export type WorkspaceExportFormat = ExportFormat | 'html';
export const WORKSPACE_EXPORT_FORMATS: readonly WorkspaceExportFormat[] = ['json', 'csv', 'sarif', 'junit', 'html'];

export interface ExportOptions {
  workspace: Workspace;
  format: WorkspaceExportFormat;
  /** Named in the audit-log entry. */
  fileName?: string;
  actor?: string;
  today?: string;
  classification?: string;
  now?: () => Date;
}

export interface ExportResult {
  text: string;
  sha256: string;
  findings: number;
  runId: number | null;
}

export function exportWorkspace(options: ExportOptions): ExportResult {
  const ws = options.workspace;
  const audit = loadWorkspaceAudit(ws, options.today === undefined ? {} : { today: options.today });
  let text: string;
  if (options.format === 'html') {
    const head = ws.listLog().at(-1);
    const content = buildReport({
      reportId: randomUUID(),
      generatedAt: (options.now ?? (() => new Date()))().toISOString(),
      tool: TOOL,
      catalogVersion: CATALOG_VERSION,
      workspace: { ...audit.meta, schemaVersion: audit.schemaVersion },
      run: audit.run,
      findings: audit.findings,
      rules: audit.result.rules,
      evidence: audit.evidence,
      checklistAnswers: audit.answers,
      logHead: head ? { count: head.seq, hash: head.hash } : null,
      excerpt: evidenceExcerpts(ws, audit, 2),
      options: options.classification === undefined ? {} : { classification: options.classification },
    });
    text = renderReportHtml(content);
  } else {
    text = formatAuditResult(audit.result, options.format);
  }
  const sha256 = sha256Hex(Buffer.from(text, 'utf8'));
  const actor = options.actor ?? (audit.meta.auditor || 'gatehouse');
  ws.appendLog(
    'report.export',
    { format: options.format, fileName: options.fileName ?? null, sha256, runId: audit.run?.id ?? null, findings: audit.findings.length },
    actor,
  );
  return { text, sha256, findings: audit.findings.length, runId: audit.run?.id ?? null };
}
