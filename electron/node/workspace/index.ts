/** The workspace: one SQLite file per audit. See README.md in this folder. */
export { Workspace, WORKSPACE_APPLICATION_ID, type OpenOptions, type SavedFilterRecord } from './workspace.js';
export { WorkspaceError, type WorkspaceErrorCode } from './workspace-error.js';
export type { TriageDecision, TriageStatus } from './apply-triage.js';
export type { LogEntry, LogProblem, LogVerification } from './audit-log-chain.js';
export type {
  ChecklistAnswerValue,
  EvidenceInput,
  EvidenceKind,
  ParseIssue,
  ParseStatus,
  ReportInput,
  RunInput,
  TriageInput,
  WorkspaceMetaInput,
  WorkspaceMetaPatch,
} from './workspace-inputs.js';
export type * from './workspace-records.js';
