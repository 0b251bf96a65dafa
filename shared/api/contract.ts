/**
 * THE contract between the UI and the services: every call the renderer can make, with its zod
 * input and output. Main registers exactly these (electron/node/services/register-contract.ts);
 * the preload exposes exactly these as `window.gatehouse`; the HTTP test transport serves exactly
 * these. There are no other channels.
 *
 * Inputs are parsed (defaults filled, unknown keys refused) before a service runs; outputs are
 * checked before they leave main. Every answer is an envelope (envelope.ts).
 */
import { z } from 'zod';
import type { ContractName } from './names.js';
import { AppInfo, OpenExternalInput, PickInput, PickResult } from './schemas/app.js';
import { RunAuditInput } from './schemas/audit.js';
import { LogPage, LogPageInput, LogVerification } from './schemas/audit-log.js';
import { ChecklistAnswer, ChecklistAnswerInput, ChecklistItemView } from './schemas/checklist.js';
import { ActorInput, FilePath, JobStarted, NoInput } from './schemas/common.js';
import { CoverageInput, CoverageView } from './schemas/controls.js';
import { EvidenceRecord, ImportDroppedInput, ImportInput } from './schemas/evidence.js';
import {
  AddNoteInput,
  DeleteFilterInput,
  FindingDetail,
  FindingDetailInput,
  FindingNote,
  FindingsPage,
  FindingsQuery,
  SavedFilter,
  SaveFilterInput,
  TriageDecision,
  TriageInput,
} from './schemas/findings.js';
import { CreateIdentityInput, IdentitySummary } from './schemas/identities.js';
import { InventoryView } from './schemas/inventory.js';
import { JobOutcome, JobRef, JobStatus } from './schemas/jobs.js';
import { GenerateReportInput, PagePreview, PreviewInput, ReportRecord, ReportVerification } from './schemas/reports.js';
import {
  LockStatus,
  RecentWorkspace,
  RunRecord,
  WorkspaceInfo,
  WorkspaceMeta,
  WorkspaceMetaInput,
  WorkspaceMetaPatch,
} from './schemas/workspace.js';

export interface ContractEntry<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  description: string;
}

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, description: string): ContractEntry<I, O> {
  return { input, output, description };
}

const FileInput = z.object({ file: FilePath }).strict();

export const contract = {
  // ---- app ------------------------------------------------------------------------------------
  'app.info': call(NoInput, AppInfo, 'Name, version, rule-catalog version and the control catalogs of this build.'),
  'app.openExternal': call(
    OpenExternalInput,
    z.object({ opened: z.boolean() }),
    'Opens an http(s)/mailto link in the system browser after the user confirms; false when they decline.',
  ),

  // ---- dialogs --------------------------------------------------------------------------------
  'dialogs.pick': call(PickInput, PickResult, 'Shows a native open/save dialog; the chosen paths are granted to this window.'),

  // ---- workspace ------------------------------------------------------------------------------
  'workspace.create': call(
    z.object({ file: FilePath, meta: WorkspaceMetaInput }).strict(),
    WorkspaceInfo,
    'Creates a new workspace file (refuses an existing file), describes the audit, locks it and opens it in this window.',
  ),
  'workspace.open': call(FileInput, WorkspaceInfo, 'Opens a workspace in this window; refused (locked) while another window or process has it open.'),
  'workspace.current': call(NoInput, z.object({ workspace: WorkspaceInfo.nullable() }), 'The workspace open in this window, if any.'),
  'workspace.recent': call(NoInput, z.object({ items: z.array(RecentWorkspace) }), 'Recently opened workspaces, newest first, with whether each still exists and who holds it.'),
  'workspace.forgetRecent': call(FileInput, z.object({ removed: z.boolean() }), 'Removes a workspace from the recent list (the file stays).'),
  'workspace.close': call(NoInput, z.object({ closed: z.boolean() }), 'Closes this window\'s workspace and releases its lock; running jobs on it are cancelled.'),
  'workspace.meta': call(NoInput, WorkspaceMeta, 'The audit\'s description: name, client, auditor, scope, period, classification.'),
  'workspace.updateMeta': call(
    z.object({ patch: WorkspaceMetaPatch, actor: ActorInput }).strict(),
    WorkspaceMeta,
    'Changes fields of the description; the audit log records what changed.',
  ),
  'workspace.lockStatus': call(FileInput, LockStatus, 'Whether a workspace file is free, open here, held by another process, or left with a stale lock.'),
  'workspace.openSample': call(
    z.object({ fresh: z.boolean().default(false) }).strict(),
    WorkspaceInfo,
    'Opens the sample audit (clinic API spec, Kong config and access log, imported and audited) kept in the user-data folder; built on first use, or anew with fresh.',
  ),

  // ---- evidence -------------------------------------------------------------------------------
  'evidence.import': call(ImportInput, JobStarted, 'Imports files/folders in a worker (progress events); each file ends with kind, format, size, SHA-256 and counts, or its parse error with line.'),
  'evidence.importDropped': call(ImportDroppedInput, JobStarted, 'Imports files dropped on the window (their bytes), like evidence.import.'),
  'evidence.list': call(NoInput, z.object({ items: z.array(EvidenceRecord) }), 'Every evidence file in the workspace, oldest first, without its bytes.'),

  // ---- audit ----------------------------------------------------------------------------------
  'audit.run': call(RunAuditInput, JobStarted, 'Runs the rules over the workspace\'s evidence in a worker and records the run (one transaction).'),
  'audit.runs': call(NoInput, z.object({ items: z.array(RunRecord) }), 'Every run, oldest first, with its summary.'),

  // ---- jobs (long work: import, audit, report) -----------------------------------------------
  'jobs.wait': call(JobRef, JobOutcome, 'Waits for a job of this window to end: done with its result, failed with its error, or cancelled.'),
  'jobs.cancel': call(JobRef, z.object({ cancelled: z.boolean() }), 'Cancels a running job (audit, import or report); nothing it did is kept.'),
  'jobs.list': call(NoInput, z.object({ items: z.array(JobStatus) }), 'This window\'s running and recently finished jobs.'),

  // ---- findings -------------------------------------------------------------------------------
  'findings.list': call(FindingsQuery, FindingsPage, 'One page of a run\'s findings (triage applied) after filters, with groups and facet counts.'),
  'findings.get': call(FindingDetailInput, FindingDetail, 'One finding with its rule\'s rationale, controls, evidence excerpts (offending lines highlighted), triage and notes.'),
  'findings.triage': call(TriageInput, TriageDecision, 'Confirms, marks false positive, accepts the risk (reason, expiry) or reopens a finding; logged.'),
  'findings.addNote': call(AddNoteInput, FindingNote, 'Adds a note to a finding; kept in the audit log.'),
  'findings.filters': call(NoInput, z.object({ items: z.array(SavedFilter) }), 'The named filters saved in this workspace, by name.'),
  'findings.saveFilter': call(SaveFilterInput, SavedFilter, 'Saves the Findings screen\'s filter and grouping under a name in the workspace (replacing one of that name); logged.'),
  'findings.deleteFilter': call(DeleteFilterInput, z.object({ deleted: z.boolean() }), 'Deletes a saved filter by name; logged.'),

  // ---- inventory ------------------------------------------------------------------------------
  'inventory.get': call(NoInput, InventoryView, 'Every endpoint of the latest run: documented / exposed / observed, controls in force, traffic volume, findings.'),

  // ---- controls -------------------------------------------------------------------------------
  'controls.coverage': call(CoverageInput, CoverageView, 'OWASP API 2023, OWASP LLM 2025 and GDPR as matrices: rules, finding counts and checklist answers per requirement.'),

  // ---- checklist ------------------------------------------------------------------------------
  'checklist.items': call(NoInput, z.object({ items: z.array(ChecklistItemView) }), 'The manual checklist items with their current answers.'),
  'checklist.answer': call(ChecklistAnswerInput, ChecklistAnswer, 'Answers a checklist item (yes/no/partial/n/a) with a note and cited evidence; logged.'),

  // ---- reports --------------------------------------------------------------------------------
  'reports.generate': call(GenerateReportInput, JobStarted, 'Builds the PDF report in a worker (sections, classification, signing identity) and records it.'),
  'reports.verify': call(FileInput, ReportVerification, 'Verifies a PDF: signature, attachments and, with a workspace open, that it came from it unchanged.'),
  'reports.list': call(NoInput, z.object({ items: z.array(ReportRecord) }), 'Reports issued from this workspace.'),
  'reports.preview': call(PreviewInput, PagePreview, 'One page of a PDF as a PNG image for the in-app preview.'),

  // ---- identities -----------------------------------------------------------------------------
  'identities.create': call(CreateIdentityInput, IdentitySummary, 'Creates a self-signed signing identity (PKCS#12 under a passphrase) in the user-data folder.'),
  'identities.list': call(NoInput, z.object({ items: z.array(IdentitySummary) }), 'The signing identities on this machine.'),

  // ---- audit log ------------------------------------------------------------------------------
  'auditLog.list': call(LogPageInput, LogPage, 'A page of the workspace\'s audit log.'),
  'auditLog.verify': call(NoInput, LogVerification, 'Recomputes the hash chain and names any edited or deleted entry.'),
} satisfies Record<ContractName, ContractEntry>;

export type Contract = typeof contract;
/** What a caller passes (defaults may be left out). */
export type InputOf<N extends ContractName> = z.input<Contract[N]['input']>;
/** What a service receives after parsing (defaults filled in). */
export type ParsedInputOf<N extends ContractName> = z.output<Contract[N]['input']>;
export type OutputOf<N extends ContractName> = z.output<Contract[N]['output']>;
