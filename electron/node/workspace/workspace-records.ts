/** What the workspace hands back: plain data, safe to send over IPC or print as JSON. */
import type { Severity } from '../../../shared/model/finding.js';
import type { ChecklistAnswerValue, EvidenceKind, ParseIssue, ParseStatus } from './workspace-inputs.js';

export interface WorkspaceMeta {
  /** Random UUID given when the file was created. */
  id: string;
  name: string;
  client: string;
  auditor: string;
  scope: string;
  periodStart: string | null;
  periodEnd: string | null;
  classification: string;
  createdAt: string;
  /** null until init() ran. */
  initializedAt: string | null;
}

export interface AddedEvidence {
  id: number;
  sha256: string;
  /** true when the same bytes were already in the workspace (or earlier in the batch): `id` is theirs. */
  duplicate: boolean;
}

export interface EvidenceRecord {
  id: number;
  name: string;
  kind: EvidenceKind;
  format: string;
  size: number;
  sha256: string;
  importedAt: string;
  importedBy: string;
  parseStatus: ParseStatus;
  parseErrors: ParseIssue[];
  hasModel: boolean;
}

export interface EvidenceModelRecord {
  evidenceId: number;
  kind: string;
  json: string;
  savedAt: string;
}

export interface RunSummary {
  total: number;
  bySeverity: Record<Severity, number>;
  /** Findings the spec itself suppressed. */
  suppressed: number;
  /** Fingerprints this run reported for the first time. */
  new: number;
}

export interface RunRecord {
  id: number;
  catalogVersion: string;
  toolVersion: string;
  startedAt: string;
  endedAt: string;
  evidenceIds: number[];
  summary: RunSummary;
}

export interface ChecklistAnswer {
  itemId: string;
  answer: ChecklistAnswerValue;
  note: string;
  evidenceIds: number[];
  actor: string;
  answeredAt: string;
}

export interface ReportRecord {
  id: number;
  createdAt: string;
  fileName: string;
  sha256: string;
  signerFingerprint: string | null;
  signerSubject: string | null;
  runId: number;
}
