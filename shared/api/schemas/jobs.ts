/** Long work (imports, audits, reports) runs in a worker; these are its states and outcomes. */
import { z } from 'zod';
import { AuditRunResult } from './audit.js';
import { JobId } from './common.js';
import { ImportResult } from './evidence.js';
import { GeneratedReport } from './reports.js';
import { ApiError } from '../envelope.js';

export const JobKind = z.enum(['import', 'audit', 'report']);
export type JobKind = z.infer<typeof JobKind>;

export const JobResult = z.discriminatedUnion('kind', [ImportResult, AuditRunResult, GeneratedReport]);
export type JobResult = z.infer<typeof JobResult>;

export const JobProgress = z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative(), label: z.string() });

export const JobOutcome = z.discriminatedUnion('state', [
  z.object({ state: z.literal('done'), jobId: JobId, kind: JobKind, result: JobResult }),
  /** The error says what failed; a worker crash is `worker-crashed` and changed nothing. */
  z.object({ state: z.literal('failed'), jobId: JobId, kind: JobKind, error: ApiError }),
  /** Cancelled before it committed: nothing changed. */
  z.object({ state: z.literal('cancelled'), jobId: JobId, kind: JobKind }),
]);
export type JobOutcome = z.infer<typeof JobOutcome>;

export const JobStatus = z.object({
  jobId: JobId,
  kind: JobKind,
  label: z.string(),
  workspace: z.string(),
  startedAt: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  progress: JobProgress.nullable(),
});

export const JobRef = z.object({ jobId: JobId }).strict();
