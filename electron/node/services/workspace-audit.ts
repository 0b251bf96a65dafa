/**
 * What reports and exports read from a workspace: the latest run, its findings with today's
 * triage, coverage, evidence, checklist answers, and excerpts of the stored evidence bytes.
 */
import { createHash } from 'node:crypto';
import { computeCoverage } from '../../../shared/engine/coverage.js';
import type { Finding } from '../../../shared/model/finding.js';
import type { ExcerptLines, ExcerptProvider } from '../../../shared/report/build-report.js';
import type { AuditResult } from '../../../shared/report/exports/audit-result.js';
import { allRules } from '../../../shared/rules/index.js';
import { MIGRATIONS } from '../workspace/migrations/index.js';
import type { ChecklistAnswer, EvidenceRecord, RunRecord, Workspace, WorkspaceMeta } from '../workspace/index.js';
import { TOOL } from './tool-info.js';

export interface WorkspaceAudit {
  meta: WorkspaceMeta;
  /** The latest run; null when nothing ran yet. */
  run: RunRecord | null;
  findings: Finding[];
  evidence: EvidenceRecord[];
  answers: ChecklistAnswer[];
  /** What the machine-readable exports are made of (the `audit --format json` shape and the others). */
  result: AuditResult;
  /** The workspace file's schema version: its newest migration. */
  schemaVersion: number;
}

export function loadWorkspaceAudit(ws: Workspace, options: { today?: string } = {}): WorkspaceAudit {
  const runs = ws.listRuns();
  const run = runs[runs.length - 1] ?? null;
  const findings = run === null ? [] : ws.listFindings(run.id, options.today);
  const evidence = ws.listEvidence();
  const inRun = new Set(run?.evidenceIds ?? []);
  const result: AuditResult = {
    tool: TOOL,
    findings,
    coverage: computeCoverage(allRules, findings),
    rules: allRules,
    evidence: evidence.filter((e) => inRun.has(e.id)).map((e) => ({ name: e.name, sha256: e.sha256 })),
  };
  return {
    meta: ws.getMeta(),
    run,
    findings,
    evidence,
    answers: ws.listChecklistAnswers(),
    result,
    schemaVersion: MIGRATIONS[MIGRATIONS.length - 1]?.id ?? 0,
  };
}

/**
 * Excerpts of the stored evidence: `radius` lines either side of the line asked for. Files are
 * looked up by the name findings cite, preferring the run's own evidence when several files in
 * the workspace share a name; each file is read and split once.
 */
export function evidenceExcerpts(ws: Workspace, audit: Pick<WorkspaceAudit, 'evidence' | 'run'>, radius: number): ExcerptProvider {
  const inRun = new Set(audit.run?.evidenceIds ?? []);
  const byName = new Map<string, EvidenceRecord>();
  for (const record of audit.evidence) {
    const current = byName.get(record.name);
    if (current === undefined || (!inRun.has(current.id) && inRun.has(record.id)) || (inRun.has(record.id) === inRun.has(current.id) && record.id > current.id)) {
      byName.set(record.name, record);
    }
  }
  const cache = new Map<string, string[] | null>();
  const linesOf = (file: string): string[] | null => {
    let lines = cache.get(file);
    if (lines === undefined) {
      const record = byName.get(file);
      lines = record === undefined ? null : ws.getEvidenceBytes(record.id).toString('utf8').split(/\r\n|\r|\n/);
      cache.set(file, lines);
    }
    return lines;
  };
  return (file: string, line: number): ExcerptLines | null => {
    const lines = linesOf(file);
    if (lines === null || line < 1 || line > lines.length) return null;
    const start = Math.max(1, line - radius);
    const end = Math.min(lines.length, line + radius);
    return { startLine: start, lines: lines.slice(start - 1, end) };
  };
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
