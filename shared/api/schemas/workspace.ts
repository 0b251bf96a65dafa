/**
 * The workspace as the UI sees it. Re-declares the records of electron/node/workspace
 * (workspace-records.ts, workspace-inputs.ts) as zod: shared/ may not import electron/.
 */
import { z } from 'zod';
import { Severity } from '../../model/finding.js';
import { EntityId, FilePath, IsoDate } from './common.js';

const required = (what: string, max: number) => z.string().trim().min(1, `${what} is required`).max(max);

export const WorkspaceMetaFields = {
  name: required('name', 200),
  client: z.string().max(200),
  auditor: z.string().max(200),
  scope: z.string().max(10_000),
  periodStart: IsoDate.nullable(),
  periodEnd: IsoDate.nullable(),
  classification: required('classification', 100),
};

const periodInOrder = (m: { periodStart?: string | null; periodEnd?: string | null }) =>
  !m.periodStart || !m.periodEnd || m.periodStart <= m.periodEnd;
const periodMessage = { message: 'periodEnd is before periodStart', path: ['periodEnd'] };

/** What a new workspace is told about its audit (the same rules the workspace applies). */
export const WorkspaceMetaInput = z
  .object({
    name: WorkspaceMetaFields.name,
    client: WorkspaceMetaFields.client.default(''),
    auditor: WorkspaceMetaFields.auditor.default(''),
    scope: WorkspaceMetaFields.scope.default(''),
    periodStart: WorkspaceMetaFields.periodStart.default(null),
    periodEnd: WorkspaceMetaFields.periodEnd.default(null),
    classification: WorkspaceMetaFields.classification.default('confidential'),
  })
  .strict()
  .refine(periodInOrder, periodMessage);

export const WorkspaceMetaPatch = z.object(WorkspaceMetaFields).partial().strict().refine(periodInOrder, periodMessage);

export const WorkspaceMeta = z.object({
  id: z.string(),
  name: z.string(),
  client: z.string(),
  auditor: z.string(),
  scope: z.string(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  classification: z.string(),
  createdAt: z.string(),
  initializedAt: z.string().nullable(),
});
export type WorkspaceMeta = z.infer<typeof WorkspaceMeta>;

export const RunSummary = z.object({
  total: z.number().int(),
  bySeverity: z.record(Severity, z.number().int()),
  suppressed: z.number().int(),
  new: z.number().int(),
});

export const RunRecord = z.object({
  id: EntityId,
  catalogVersion: z.string(),
  toolVersion: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  evidenceIds: z.array(z.number().int()),
  summary: RunSummary,
});
export type RunRecord = z.infer<typeof RunRecord>;

export const LockHolder = z.object({
  pid: z.number().int(),
  host: z.string(),
  acquiredAt: z.string(),
  /** When the holder last said it is still there (the lock file's modification time). */
  heartbeatAt: z.string(),
});

/**
 * free: nobody holds it. held-here: this app holds it (this window or another window of it).
 * held: another process holds it (named). stale: a lock file is there but its holder is gone;
 * opening recovers it.
 */
export const LockStatus = z.object({
  state: z.enum(['free', 'held-here', 'held', 'stale']),
  holder: LockHolder.nullable(),
  message: z.string(),
});
export type LockStatus = z.infer<typeof LockStatus>;

export const WorkspaceInfo = z.object({
  file: FilePath,
  meta: WorkspaceMeta,
  evidence: z.number().int(),
  runs: z.number().int(),
  latestRun: RunRecord.nullable(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

export const RecentWorkspace = z.object({
  file: FilePath,
  name: z.string(),
  client: z.string(),
  openedAt: z.string(),
  /** false when the file was moved or deleted since. */
  exists: z.boolean(),
  lock: LockStatus,
});
export type RecentWorkspace = z.infer<typeof RecentWorkspace>;
