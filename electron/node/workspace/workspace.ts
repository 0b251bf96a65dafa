import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { Finding, SEVERITY_ORDER, type Severity } from '../../../shared/model/finding.js';
import { applyMigrations } from './apply-migrations.js';
import { applyTriageDecisions, type TriageDecision, type TriageStatus } from './apply-triage.js';
import {
  verifyLogChain,
  hashLogEntry,
  type LogEntry,
  type LogVerification,
  type StoredLogRow,
} from './audit-log-chain.js';
import { canonicalJson } from './canonical-json.js';
import { MIGRATIONS } from './migrations/index.js';
import {
  Action,
  Actor,
  ChecklistAnswerInput,
  EntityId,
  EvidenceInput,
  IsoDate,
  LogDetails,
  ParseIssue,
  ReportInput,
  RunInput,
  TriageInput,
  WorkspaceMetaInput,
  WorkspaceMetaPatch,
  periodInOrder,
  type ChecklistAnswerValue,
  type EvidenceKind,
  type ParseStatus,
} from './workspace-inputs.js';
import type {
  AddedEvidence,
  ChecklistAnswer,
  EvidenceModelRecord,
  EvidenceRecord,
  ReportRecord,
  RunRecord,
  RunSummary,
  WorkspaceMeta,
} from './workspace-records.js';
import { WorkspaceError, type WorkspaceErrorCode } from './workspace-error.js';

/** PRAGMA application_id of every workspace file: "GTHS". */
export const WORKSPACE_APPLICATION_ID = 0x47544853;

/** Acting on behalf of the tool itself when no person is named. */
const TOOL_ACTOR = 'gatehouse';

export interface OpenOptions {
  /** Make the file when it does not exist. Without it a missing file is an error. */
  create: boolean;
  /** The clock for every timestamp the workspace writes (tests pin it). */
  now?: () => Date;
}

interface MetaRow {
  id: string;
  name: string;
  client: string;
  auditor: string;
  scope: string;
  period_start: string | null;
  period_end: string | null;
  classification: string;
  created_at: string;
  initialized_at: string | null;
  log_head: string;
  log_count: number;
}

interface EvidenceRow {
  id: number;
  original_name: string;
  kind: EvidenceKind;
  format: string;
  size: number;
  sha256: string;
  imported_at: string;
  imported_by: string;
  parse_status: ParseStatus;
  parse_errors: string;
  has_model: number;
}

interface RunRow {
  id: number;
  catalog_version: string;
  tool_version: string;
  started_at: string;
  ended_at: string;
  evidence_ids: string;
  summary: string;
}

interface TriageRow {
  fingerprint: string;
  status: TriageStatus;
  reason: string;
  expires: string | null;
  actor: string;
  updated_at: string;
}

interface SavedFilterRow {
  name: string;
  state: string;
  saved_by: string;
  saved_at: string;
}

/** A named findings filter kept in the workspace; `state` is the UI's (filter and grouping), stored as given. */
export interface SavedFilterRecord {
  name: string;
  state: Record<string, unknown>;
  savedBy: string;
  savedAt: string;
}

const FilterName = z.string().trim().min(1, 'a name is required').max(100, 'at most 100 characters');
const FilterState = z.record(z.string(), z.unknown());

interface ChecklistRow {
  item_id: string;
  answer: ChecklistAnswerValue;
  note: string;
  evidence_ids: string;
  actor: string;
  answered_at: string;
}

interface ReportRow {
  id: number;
  created_at: string;
  file_name: string;
  sha256: string;
  signer_fingerprint: string | null;
  signer_subject: string | null;
  run_id: number;
}

/**
 * One audit, one SQLite file: evidence bytes and models, runs and findings, triage, checklist
 * answers, issued reports and the hash-chained audit log. Every mutating method writes its
 * audit-log entry in the same transaction as the change; `transaction(fn)` groups several calls
 * so that they all happen or none does.
 */
export class Workspace {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly now: () => Date;

  private constructor(file: string, db: Database.Database, now: () => Date) {
    this.file = file;
    this.db = db;
    this.now = now;
  }

  /** Opens (or with `create`, makes) a workspace file and brings its schema up to date. */
  static open(file: string, options: OpenOptions): Workspace {
    const absolute = path.resolve(file);
    const now = options.now ?? (() => new Date());
    const stat = fs.statSync(absolute, { throwIfNoEntry: false });
    if (!stat && !options.create) {
      throw new WorkspaceError('file-missing', `workspace file ${absolute} does not exist`, absolute);
    }
    if (stat && !stat.isFile()) {
      throw new WorkspaceError('not-a-workspace', `${absolute} is not a file, so it cannot be a workspace`, absolute);
    }
    if (stat && stat.size === 0 && !options.create) {
      throw new WorkspaceError('not-a-workspace', `${absolute} is empty, not a Gatehouse workspace`, absolute);
    }
    const fresh = !stat || stat.size === 0;

    let db: Database.Database;
    try {
      db = new Database(absolute, { fileMustExist: !options.create });
    } catch (error) {
      throw new WorkspaceError('sqlite', `cannot open workspace ${absolute}: ${(error as Error).message}`, absolute, {
        cause: error,
      });
    }

    try {
      if (!fresh) {
        let applicationId: unknown;
        try {
          applicationId = db.pragma('application_id', { simple: true });
        } catch (error) {
          throw new WorkspaceError('not-a-workspace', `${absolute} is not a Gatehouse workspace (${(error as Error).message})`, absolute, {
            cause: error,
          });
        }
        if (applicationId !== WORKSPACE_APPLICATION_ID) {
          throw new WorkspaceError('not-a-workspace', `${absolute} is an SQLite database but not a Gatehouse workspace`, absolute);
        }
      }
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      if (fresh) db.pragma(`application_id = ${WORKSPACE_APPLICATION_ID}`);
      applyMigrations(db, absolute, MIGRATIONS, now);
      const workspace = new Workspace(absolute, db, now);
      workspace.createMetaIfMissing();
      return workspace;
    } catch (error) {
      db.close();
      if (!stat) fs.rmSync(absolute, { force: true });
      if (error instanceof WorkspaceError) throw error;
      throw new WorkspaceError('sqlite', `cannot open workspace ${absolute}: ${(error as Error).message}`, absolute, {
        cause: error,
      });
    }
  }

  /** Closes the file. Further calls fail; closing twice is harmless. */
  close(): void {
    if (this.db.open) this.db.close();
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /**
   * Runs `fn` in one transaction: if it throws, every change made through this workspace inside
   * it is undone (audit-log entries included) and the error is rethrown as is. `fn` must be
   * synchronous. Transactions nest.
   */
  transaction<T>(fn: () => T): T {
    this.ensureOpen();
    const run = this.db.transaction(() => {
      const result = fn();
      if (isThenable(result)) {
        throw this.error('invalid-input', 'a workspace transaction must be synchronous, but the callback returned a Promise');
      }
      return result;
    });
    try {
      return run.immediate();
    } catch (error) {
      throw this.wrapSqlite(error);
    }
  }

  /**
   * Like `transaction`, for work that awaits between writes (a streamed traffic import stores
   * its requests batch by batch while the file is read): BEGIN IMMEDIATE, COMMIT when `fn`
   * resolves, ROLLBACK when it rejects. Calls made inside (synchronous transactions included)
   * join it. Nothing else may use this workspace until it settles.
   */
  async transactionAsync<T>(fn: () => Promise<T>): Promise<T> {
    this.ensureOpen();
    if (this.db.inTransaction) throw this.error('invalid-input', 'transactionAsync cannot start inside another transaction');
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.open && this.db.inTransaction) this.db.exec('ROLLBACK');
      throw this.wrapSqlite(error);
    }
  }

  /**
   * For the store modules beside this file (traffic-store.ts): runs `fn` in a write
   * transaction with the connection and the audit log, so they keep the workspace's rules
   * (one transaction per mutation, every mutation logged) without growing this class.
   */
  withStore<T>(fn: (db: Database.Database, log: (action: string, details: Record<string, unknown>, actor: string) => void, now: () => string) => T): T {
    return this.write(() => fn(this.db, (action, details, actor) => this.log(action, details, this.parse(Actor, actor, 'actor')), () => this.timestamp()));
  }

  /** Read-only access for the store modules beside this file. */
  readStore<T>(fn: (db: Database.Database) => T): T {
    return this.read(() => fn(this.db));
  }

  // ---- meta -------------------------------------------------------------------------------

  /** Fills in the audit's description, once. `actor` defaults to the auditor named in `meta`. */
  init(meta: WorkspaceMetaInput, actor?: string): WorkspaceMeta {
    const input = this.parse(WorkspaceMetaInput, meta, 'workspace details');
    const who = this.parse(Actor, actor ?? (input.auditor || TOOL_ACTOR), 'actor');
    return this.write(() => {
      const row = this.metaRow();
      if (row.initialized_at !== null) {
        throw this.error('already-initialized', `the workspace was already set up on ${row.initialized_at}; use updateMeta to change it`);
      }
      const at = this.timestamp();
      this.db
        .prepare(
          `UPDATE workspace_meta SET name = ?, client = ?, auditor = ?, scope = ?, period_start = ?, period_end = ?,
             classification = ?, initialized_at = ?`,
        )
        .run(input.name, input.client, input.auditor, input.scope, input.periodStart, input.periodEnd, input.classification, at);
      this.log('workspace.init', { ...input }, who);
      return this.getMeta();
    });
  }

  getMeta(): WorkspaceMeta {
    return this.read(() => toMeta(this.metaRow()));
  }

  /** Changes some fields of the description; logs what changed from what to what. */
  updateMeta(patch: WorkspaceMetaPatch, actor?: string): WorkspaceMeta {
    const parsed = this.parse(WorkspaceMetaPatch, patch, 'workspace details');
    const changes = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined)) as typeof parsed;
    return this.write(() => {
      const current = toMeta(this.metaRow());
      if (current.initializedAt === null) throw this.error('not-initialized', 'the workspace is not set up yet; call init first');
      const next = { ...current, ...changes };
      if (!periodInOrder(next)) {
        throw this.error('invalid-input', `invalid workspace details: periodEnd ${next.periodEnd} is before periodStart ${next.periodStart}`);
      }
      const changed: Record<string, { from: unknown; to: unknown }> = {};
      for (const key of Object.keys(changes) as (keyof typeof changes)[]) {
        if (current[key] !== next[key]) changed[key] = { from: current[key], to: next[key] };
      }
      if (Object.keys(changed).length === 0) return current;
      const who = this.parse(Actor, actor ?? (current.auditor || TOOL_ACTOR), 'actor');
      this.db
        .prepare(
          `UPDATE workspace_meta SET name = ?, client = ?, auditor = ?, scope = ?, period_start = ?, period_end = ?,
             classification = ?`,
        )
        .run(next.name, next.client, next.auditor, next.scope, next.periodStart, next.periodEnd, next.classification);
      this.log('workspace.update', { changes: changed }, who);
      return this.getMeta();
    });
  }

  // ---- evidence ---------------------------------------------------------------------------

  /**
   * Stores files in one transaction. Bytes already in the workspace (same SHA-256), or earlier in
   * the same batch, are not stored again: their result has the existing id and `duplicate: true`.
   */
  addEvidence(items: readonly EvidenceInput[], actor: string): AddedEvidence[] {
    const parsed = this.parse(z.array(EvidenceInput), items, 'evidence');
    const who = this.parse(Actor, actor, 'actor');
    if (parsed.length === 0) return [];
    return this.write(() => {
      const findBySha = this.db.prepare<[string], { id: number }>('SELECT id FROM evidence WHERE sha256 = ?');
      const insert = this.db.prepare(
        `INSERT INTO evidence (original_name, kind, format, size, sha256, imported_at, imported_by, raw, parse_status, parse_errors)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const at = this.timestamp();
      const results: AddedEvidence[] = [];
      const logged: Record<string, unknown>[] = [];
      for (const item of parsed) {
        const bytes = Buffer.from(item.bytes.buffer, item.bytes.byteOffset, item.bytes.byteLength);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const existing = findBySha.get(sha256);
        const id = existing
          ? existing.id
          : Number(
              insert.run(item.name, item.kind, item.format, bytes.length, sha256, at, who, bytes, item.parseStatus, JSON.stringify(item.parseErrors))
                .lastInsertRowid,
            );
        results.push({ id, sha256, duplicate: existing !== undefined });
        logged.push({ id, name: item.name, kind: item.kind, format: item.format, size: bytes.length, sha256, duplicate: existing !== undefined });
      }
      this.log('evidence.add', { items: logged }, who);
      return results;
    });
  }

  /** Stores (or replaces) the normalized model built from one evidence file. */
  saveModel(evidenceId: number, kind: string, modelJson: string, actor?: string): void {
    const id = this.parse(EntityId, evidenceId, 'evidence id');
    const modelKind = this.parse(z.string().trim().min(1).max(100), kind, 'model kind');
    const json = this.parse(z.string(), modelJson, 'model JSON');
    try {
      JSON.parse(json);
    } catch (error) {
      throw this.error('invalid-input', `the model for evidence ${id} is not valid JSON: ${(error as Error).message}`);
    }
    this.write(() => {
      this.requireEvidence(id, 'save a model for');
      this.db
        .prepare(
          `INSERT INTO evidence_models (evidence_id, kind, model, saved_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (evidence_id) DO UPDATE SET kind = excluded.kind, model = excluded.model, saved_at = excluded.saved_at`,
        )
        .run(id, modelKind, json, this.timestamp());
      this.log(
        'evidence.save-model',
        { evidenceId: id, kind: modelKind, size: Buffer.byteLength(json), sha256: createHash('sha256').update(json).digest('hex') },
        this.actorOrDefault(actor),
      );
    });
  }

  /** The saved model of one evidence file, undefined when none was saved. */
  getModel(evidenceId: number): EvidenceModelRecord | undefined {
    const id = this.parse(EntityId, evidenceId, 'evidence id');
    return this.read(() => {
      const row = this.db
        .prepare<[number], { evidence_id: number; kind: string; model: string; saved_at: string }>(
          'SELECT evidence_id, kind, model, saved_at FROM evidence_models WHERE evidence_id = ?',
        )
        .get(id);
      return row && { evidenceId: row.evidence_id, kind: row.kind, json: row.model, savedAt: row.saved_at };
    });
  }

  /** Every evidence file, oldest first, without its bytes. */
  listEvidence(): EvidenceRecord[] {
    return this.read(() =>
      this.db
        .prepare<[], EvidenceRow>(
          `SELECT e.id, e.original_name, e.kind, e.format, e.size, e.sha256, e.imported_at, e.imported_by, e.parse_status,
                  e.parse_errors, EXISTS (SELECT 1 FROM evidence_models m WHERE m.evidence_id = e.id) AS has_model
           FROM evidence e ORDER BY e.id`,
        )
        .all()
        .map((row) => ({
          id: row.id,
          name: row.original_name,
          kind: row.kind,
          format: row.format,
          size: row.size,
          sha256: row.sha256,
          importedAt: row.imported_at,
          importedBy: row.imported_by,
          parseStatus: row.parse_status,
          parseErrors: this.parseStored(z.array(ParseIssue), row.parse_errors, `parse errors of evidence ${row.id}`),
          hasModel: row.has_model === 1,
        })),
    );
  }

  /** The imported file, byte for byte. */
  getEvidenceBytes(id: number): Buffer {
    const evidenceId = this.parse(EntityId, id, 'evidence id');
    return this.read(() => {
      const row = this.db.prepare<[number], { raw: Buffer }>('SELECT raw FROM evidence WHERE id = ?').get(evidenceId);
      if (!row) throw this.error('not-found', `there is no evidence with id ${evidenceId}`);
      return row.raw;
    });
  }

  // ---- runs and findings ------------------------------------------------------------------

  /**
   * Records one engine run and its findings. Findings are keyed by fingerprint: one seen before
   * keeps its first run and gets this run as its last; its triage decision stays attached.
   */
  recordRun(run: RunInput, actor?: string): number {
    const input = this.parse(RunInput, run, 'run');
    return this.write(() => {
      for (const id of input.evidenceIds) this.requireEvidence(id, 'record a run over');
      const known = this.db.prepare<[string], { fingerprint: string }>('SELECT fingerprint FROM findings WHERE fingerprint = ?');
      const bySeverity = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<Severity, number>;
      let suppressed = 0;
      let fresh = 0;
      for (const finding of input.findings) {
        bySeverity[finding.severity] += 1;
        if (finding.status === 'suppressed') suppressed += 1;
        if (!known.get(finding.fingerprint)) fresh += 1;
      }
      const summary: RunSummary = { total: input.findings.length, bySeverity, suppressed, new: fresh };
      const runId = Number(
        this.db
          .prepare(
            `INSERT INTO runs (catalog_version, tool_version, started_at, ended_at, evidence_ids, summary)
             VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(
            input.catalogVersion,
            input.toolVersion,
            new Date(input.startedAt).toISOString(),
            new Date(input.endedAt).toISOString(),
            JSON.stringify(input.evidenceIds),
            JSON.stringify(summary),
          ).lastInsertRowid,
      );

      const upsert = this.db.prepare(
        `INSERT INTO findings (fingerprint, rule_id, title, severity, confidence, controls, equivalents, source, message,
                               evidence, locations, endpoints, occurrences, remediation, suppression_reason,
                               first_run_id, last_run_id)
         VALUES (@fingerprint, @ruleId, @title, @severity, @confidence, @controls, @equivalents, @source, @message,
                 @evidence, @locations, @endpoints, @occurrences, @remediation, @suppressionReason, @runId, @runId)
         ON CONFLICT (fingerprint) DO UPDATE SET
           rule_id = excluded.rule_id, title = excluded.title, severity = excluded.severity,
           confidence = excluded.confidence, controls = excluded.controls, equivalents = excluded.equivalents,
           source = excluded.source, message = excluded.message, evidence = excluded.evidence,
           locations = excluded.locations, endpoints = excluded.endpoints, occurrences = excluded.occurrences,
           remediation = excluded.remediation, suppression_reason = excluded.suppression_reason,
           last_run_id = excluded.last_run_id`,
      );
      const member = this.db.prepare('INSERT INTO run_findings (run_id, fingerprint, position, snapshot) VALUES (?, ?, ?, ?)');
      for (const [position, finding] of input.findings.entries()) {
        upsert.run({
          fingerprint: finding.fingerprint,
          ruleId: finding.ruleId,
          title: finding.title,
          severity: finding.severity,
          confidence: finding.confidence,
          controls: JSON.stringify(finding.controls),
          equivalents: JSON.stringify(finding.equivalents),
          source: finding.source,
          message: finding.message,
          evidence: JSON.stringify(finding.evidence),
          locations: JSON.stringify(finding.locations),
          endpoints: JSON.stringify(finding.endpoints),
          occurrences: finding.occurrences,
          remediation: finding.remediation,
          suppressionReason: finding.status === 'suppressed' ? (finding.statusReason ?? '') : null,
          runId,
        });
        member.run(runId, finding.fingerprint, position, JSON.stringify(finding));
      }
      this.log(
        'run.record',
        {
          runId,
          catalogVersion: input.catalogVersion,
          toolVersion: input.toolVersion,
          evidenceIds: input.evidenceIds,
          summary,
        },
        this.actorOrDefault(actor),
      );
      return runId;
    });
  }

  /** Every run, oldest first. */
  listRuns(): RunRecord[] {
    return this.read(() =>
      this.db
        .prepare<[], RunRow>('SELECT id, catalog_version, tool_version, started_at, ended_at, evidence_ids, summary FROM runs ORDER BY id')
        .all()
        .map((row) => ({
          id: row.id,
          catalogVersion: row.catalog_version,
          toolVersion: row.tool_version,
          startedAt: row.started_at,
          endedAt: row.ended_at,
          evidenceIds: this.parseStored(z.array(z.number()), row.evidence_ids, `evidence ids of run ${row.id}`),
          summary: JSON.parse(row.summary) as RunSummary,
        })),
    );
  }

  /**
   * The findings of one run (default: the latest; none when nothing ran yet), in the engine's
   * order, exactly as that run reported them, with today's triage applied. `today` (YYYY-MM-DD)
   * defaults to the local date of the workspace clock.
   */
  listFindings(runId?: number, today?: string): Finding[] {
    const day = this.parse(IsoDate, today ?? localDate(this.now()), 'today');
    const requested = runId === undefined ? undefined : this.parse(EntityId, runId, 'run id');
    return this.read(() => {
      const id = requested ?? this.db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM runs').get()?.id ?? null;
      if (id === null) return [];
      this.requireRun(id, 'list the findings of');
      const snapshots = this.db
        .prepare<[number], { snapshot: string }>('SELECT snapshot FROM run_findings WHERE run_id = ? ORDER BY position')
        .all(id)
        .map((row) => this.parseStored(Finding, row.snapshot, `a finding of run ${id}`));
      return applyTriageDecisions(snapshots, this.getTriage(), day);
    });
  }

  // ---- triage -----------------------------------------------------------------------------

  /** Records the auditor's decision on a finding; it holds for every later run with that fingerprint. */
  setTriage(fingerprint: string, decision: TriageInput): TriageDecision {
    const fp = this.parse(z.string().min(1), fingerprint, 'fingerprint');
    const input = this.parse(TriageInput, decision, `triage of ${fp}`);
    return this.write(() => {
      const finding = this.db.prepare<[string], { rule_id: string }>('SELECT rule_id FROM findings WHERE fingerprint = ?').get(fp);
      if (!finding) {
        throw this.error('not-found', `cannot triage ${fp}: no finding with that fingerprint was ever reported in this workspace`);
      }
      const previous = this.triageRow(fp);
      const updatedAt = this.timestamp();
      const reason = input.reason.trim();
      const expires = input.expires ?? null;
      this.db
        .prepare(
          `INSERT INTO triage (fingerprint, status, reason, expires, actor, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (fingerprint) DO UPDATE SET status = excluded.status, reason = excluded.reason,
             expires = excluded.expires, actor = excluded.actor, updated_at = excluded.updated_at`,
        )
        .run(fp, input.status, reason, expires, input.actor, updatedAt);
      this.log(
        'triage.set',
        {
          fingerprint: fp,
          ruleId: finding.rule_id,
          status: input.status,
          reason,
          expires,
          previous: previous ? { status: previous.status, reason: previous.reason, expires: previous.expires } : null,
        },
        input.actor,
      );
      return toTriage({ fingerprint: fp, status: input.status, reason, expires, actor: input.actor, updated_at: updatedAt });
    });
  }

  /** Every triage decision, by fingerprint. */
  getTriage(): Map<string, TriageDecision> {
    return this.read(
      () =>
        new Map(
          this.db
            .prepare<[], TriageRow>('SELECT fingerprint, status, reason, expires, actor, updated_at FROM triage ORDER BY fingerprint')
            .all()
            .map((row) => [row.fingerprint, toTriage(row)]),
        ),
    );
  }

  /** `findings` as they stand on `today` (YYYY-MM-DD) given the triage decisions in this workspace. */
  applyTriage(findings: readonly Finding[], today: string): Finding[] {
    const list = this.parse(z.array(Finding), findings, 'findings');
    const day = this.parse(IsoDate, today, 'today');
    return applyTriageDecisions(list, this.getTriage(), day);
  }

  // ---- checklist --------------------------------------------------------------------------

  /** Answers (or re-answers) one manual checklist item. */
  answerChecklist(
    itemId: string,
    answer: ChecklistAnswerValue,
    note: string,
    actor: string,
    evidenceIds: readonly number[] = [],
  ): ChecklistAnswer {
    const input = this.parse(ChecklistAnswerInput, { itemId, answer, note, actor, evidenceIds }, `answer to ${itemId}`);
    return this.write(() => {
      for (const id of input.evidenceIds) this.requireEvidence(id, `cite in the answer to ${input.itemId}`);
      const previous = this.db
        .prepare<[string], ChecklistRow>('SELECT * FROM checklist_answers WHERE item_id = ?')
        .get(input.itemId);
      const answeredAt = this.timestamp();
      this.db
        .prepare(
          `INSERT INTO checklist_answers (item_id, answer, note, evidence_ids, actor, answered_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (item_id) DO UPDATE SET answer = excluded.answer, note = excluded.note,
             evidence_ids = excluded.evidence_ids, actor = excluded.actor, answered_at = excluded.answered_at`,
        )
        .run(input.itemId, input.answer, input.note, JSON.stringify(input.evidenceIds), input.actor, answeredAt);
      this.log(
        'checklist.answer',
        {
          itemId: input.itemId,
          answer: input.answer,
          note: input.note,
          evidenceIds: input.evidenceIds,
          previous: previous ? { answer: previous.answer, note: previous.note } : null,
        },
        input.actor,
      );
      return { ...input, answeredAt };
    });
  }

  listChecklistAnswers(): ChecklistAnswer[] {
    return this.read(() =>
      this.db
        .prepare<[], ChecklistRow>('SELECT * FROM checklist_answers ORDER BY item_id')
        .all()
        .map((row) => ({
          itemId: row.item_id,
          answer: row.answer,
          note: row.note,
          evidenceIds: this.parseStored(z.array(z.number()), row.evidence_ids, `evidence ids of checklist item ${row.item_id}`),
          actor: row.actor,
          answeredAt: row.answered_at,
        })),
    );
  }

  // ---- saved filters ----------------------------------------------------------------------

  /** Every saved filter, by name. */
  listSavedFilters(): SavedFilterRecord[] {
    return this.read(() =>
      this.db
        .prepare<[], SavedFilterRow>('SELECT name, state, saved_by, saved_at FROM saved_filters ORDER BY name COLLATE NOCASE, name')
        .all()
        .map((row) => ({
          name: row.name,
          state: this.parseStored(FilterState, row.state, `saved filter ${row.name}`),
          savedBy: row.saved_by,
          savedAt: row.saved_at,
        })),
    );
  }

  /** Saves (or replaces) a named filter; the audit log records it with what it replaced. */
  saveFilter(name: string, state: Record<string, unknown>, actor?: string): SavedFilterRecord {
    const n = this.parse(FilterName, name, 'filter name');
    const value = this.parse(FilterState, state, `state of filter ${n}`);
    return this.write(() => {
      const who = this.actorOrDefault(actor);
      const previous = this.db.prepare<[string], SavedFilterRow>('SELECT name, state, saved_by, saved_at FROM saved_filters WHERE name = ?').get(n);
      const savedAt = this.timestamp();
      const json = canonicalJson(value);
      this.db
        .prepare(
          `INSERT INTO saved_filters (name, state, saved_by, saved_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET state = excluded.state, saved_by = excluded.saved_by, saved_at = excluded.saved_at`,
        )
        .run(n, json, who, savedAt);
      this.log('filter.save', { name: n, state: JSON.parse(json) as Record<string, unknown>, replaced: previous !== undefined }, who);
      return { name: n, state: JSON.parse(json) as Record<string, unknown>, savedBy: who, savedAt };
    });
  }

  /** Deletes a named filter; false when there was none (nothing is logged then). */
  deleteFilter(name: string, actor?: string): boolean {
    const n = this.parse(FilterName, name, 'filter name');
    return this.write(() => {
      const who = this.actorOrDefault(actor);
      const removed = this.db.prepare('DELETE FROM saved_filters WHERE name = ?').run(n).changes > 0;
      if (removed) this.log('filter.delete', { name: n }, who);
      return removed;
    });
  }

  // ---- reports ----------------------------------------------------------------------------

  /** Records an issued report (the PDF's name, hash and signer); returns its id. */
  recordReport(report: ReportInput, actor?: string): number {
    const input = this.parse(ReportInput, report, 'report');
    return this.write(() => {
      this.requireRun(input.runId, 'record a report for');
      const createdAt = input.createdAt ? new Date(input.createdAt).toISOString() : this.timestamp();
      const signerFingerprint = input.signerFingerprint ?? null;
      const signerSubject = input.signerSubject ?? null;
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO reports (created_at, file_name, sha256, signer_fingerprint, signer_subject, run_id)
             VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(createdAt, input.fileName, input.sha256, signerFingerprint, signerSubject, input.runId).lastInsertRowid,
      );
      this.log(
        'report.record',
        { reportId: id, fileName: input.fileName, sha256: input.sha256, signerFingerprint, signerSubject, runId: input.runId },
        this.actorOrDefault(actor),
      );
      return id;
    });
  }

  listReports(): ReportRecord[] {
    return this.read(() =>
      this.db
        .prepare<[], ReportRow>('SELECT * FROM reports ORDER BY id')
        .all()
        .map((row) => ({
          id: row.id,
          createdAt: row.created_at,
          fileName: row.file_name,
          sha256: row.sha256,
          signerFingerprint: row.signer_fingerprint,
          signerSubject: row.signer_subject,
          runId: row.run_id,
        })),
    );
  }

  // ---- audit log --------------------------------------------------------------------------

  /** Appends an entry of the caller's own (e.g. `report.export`); returns it with its hash. */
  appendLog(action: string, details: Record<string, unknown>, actor: string): LogEntry {
    const verb = this.parse(Action, action, 'log action');
    const data = this.parse(LogDetails, details, 'log details');
    const who = this.parse(Actor, actor, 'actor');
    return this.write(() => this.log(verb, data, who));
  }

  /** Every entry, oldest first. */
  listLog(): LogEntry[] {
    return this.read(() =>
      this.db
        .prepare<[], StoredLogRow>('SELECT seq, at, actor, action, details, prev_hash, hash FROM audit_log ORDER BY seq')
        .all()
        .map((row) => ({
          seq: row.seq,
          at: row.at,
          actor: row.actor,
          action: row.action,
          details: this.parseStored(LogDetails, row.details, `details of log entry ${row.seq}`),
          prevHash: row.prev_hash,
          hash: row.hash,
        })),
    );
  }

  /**
   * Recomputes the hash chain and compares its end with the anchor in workspace_meta: reports
   * edited entries, entries deleted from the middle and entries deleted from the end.
   */
  verifyLog(): LogVerification {
    return this.read(() =>
      this.db.transaction(() => {
        const rows = this.db
          .prepare<[], StoredLogRow>('SELECT seq, at, actor, action, details, prev_hash, hash FROM audit_log ORDER BY seq')
          .all();
        const anchor = this.db.prepare<[], { log_head: string; log_count: number }>('SELECT log_head, log_count FROM workspace_meta').get();
        return verifyLogChain(rows, anchor && { head: anchor.log_head, count: anchor.log_count });
      })(),
    );
  }

  // ---- internals --------------------------------------------------------------------------

  /** Chains one entry onto the anchored head; the caller holds the write transaction. */
  private log(action: string, details: Record<string, unknown>, actor: string): LogEntry {
    const anchor = this.db.prepare<[], { log_head: string; log_count: number }>('SELECT log_head, log_count FROM workspace_meta').get();
    if (!anchor) throw this.error('not-a-workspace', 'the workspace_meta row holding the audit-log anchor is missing');
    let canonical: string;
    try {
      canonical = canonicalJson(details);
    } catch (error) {
      throw this.error('invalid-input', `log details for ${action} are not plain JSON: ${(error as Error).message}`);
    }
    const stored = JSON.parse(canonical) as Record<string, unknown>;
    const entry = { seq: anchor.log_count + 1, at: this.timestamp(), actor, action, details: stored, prevHash: anchor.log_head };
    const hash = hashLogEntry(entry);
    this.db
      .prepare('INSERT INTO audit_log (seq, at, actor, action, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(entry.seq, entry.at, actor, action, canonical, entry.prevHash, hash);
    this.db.prepare('UPDATE workspace_meta SET log_head = ?, log_count = ?').run(hash, entry.seq);
    return { ...entry, hash };
  }

  /** A brand-new file gets its identity row and the first log entry. */
  private createMetaIfMissing(): void {
    this.write(() => {
      const hasMeta = this.db.prepare('SELECT 1 FROM workspace_meta').get();
      const hasLog = this.db.prepare('SELECT 1 FROM audit_log LIMIT 1').get();
      if (hasMeta || hasLog) return;
      const id = randomUUID();
      const createdAt = this.timestamp();
      this.db.prepare('INSERT INTO workspace_meta (id, created_at) VALUES (?, ?)').run(id, createdAt);
      this.log('workspace.create', { id, file: path.basename(this.file) }, TOOL_ACTOR);
    });
  }

  private metaRow(): MetaRow {
    const row = this.db.prepare<[], MetaRow>('SELECT * FROM workspace_meta').get();
    if (!row) throw this.error('not-a-workspace', 'the workspace_meta row is missing (the file was altered outside Gatehouse)');
    return row;
  }

  private triageRow(fingerprint: string): TriageRow | undefined {
    return this.db
      .prepare<[string], TriageRow>('SELECT fingerprint, status, reason, expires, actor, updated_at FROM triage WHERE fingerprint = ?')
      .get(fingerprint);
  }

  private requireEvidence(id: number, purpose: string): void {
    if (!this.db.prepare('SELECT 1 FROM evidence WHERE id = ?').get(id)) {
      throw this.error('not-found', `cannot ${purpose} evidence ${id}: there is no evidence with that id`);
    }
  }

  private requireRun(id: number, purpose: string): void {
    if (!this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id)) {
      throw this.error('not-found', `cannot ${purpose} run ${id}: there is no run with that id`);
    }
  }

  private actorOrDefault(actor: string | undefined): string {
    if (actor !== undefined) return this.parse(Actor, actor, 'actor');
    const auditor = this.db.prepare<[], { auditor: string }>('SELECT auditor FROM workspace_meta').get()?.auditor;
    return auditor || TOOL_ACTOR;
  }

  private timestamp(): string {
    return this.now().toISOString();
  }

  /** Runs a mutation in a write transaction (a savepoint when nested). */
  private write<T>(fn: () => T): T {
    this.ensureOpen();
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      throw this.wrapSqlite(error);
    }
  }

  private read<T>(fn: () => T): T {
    this.ensureOpen();
    try {
      return fn();
    } catch (error) {
      throw this.wrapSqlite(error);
    }
  }

  private ensureOpen(): void {
    if (!this.db.open) throw this.error('closed', 'the workspace is closed');
  }

  private parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const issues = result.error.issues
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
      .join('; ');
    throw this.error('invalid-input', `invalid ${what}: ${issues}`);
  }

  /** Reads JSON the workspace wrote itself; failing means the file was altered. */
  private parseStored<S extends z.ZodType>(schema: S, text: string, what: string): z.output<S> {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw this.error('not-a-workspace', `${what} is not valid JSON (the file was altered outside Gatehouse)`);
    }
    const result = schema.safeParse(value);
    if (!result.success) throw this.error('not-a-workspace', `${what} does not have the expected shape (the file was altered outside Gatehouse)`);
    return result.data;
  }

  private error(code: WorkspaceErrorCode, message: string): WorkspaceError {
    return new WorkspaceError(code, `${message} (workspace ${this.file})`, this.file);
  }

  private wrapSqlite(error: unknown): unknown {
    if (error instanceof Database.SqliteError) {
      return new WorkspaceError('sqlite', `${error.message} [${error.code}] (workspace ${this.file})`, this.file, { cause: error });
    }
    return error;
  }
}

function toMeta(row: MetaRow): WorkspaceMeta {
  return {
    id: row.id,
    name: row.name,
    client: row.client,
    auditor: row.auditor,
    scope: row.scope,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    classification: row.classification,
    createdAt: row.created_at,
    initializedAt: row.initialized_at,
  };
}

function toTriage(row: TriageRow): TriageDecision {
  return {
    fingerprint: row.fingerprint,
    status: row.status,
    reason: row.reason,
    ...(row.expires !== null ? { expires: row.expires } : {}),
    actor: row.actor,
    updatedAt: row.updated_at,
  };
}

/** YYYY-MM-DD in the local time zone: the auditor's "today". */
function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function isThenable(value: unknown): boolean {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
