/**
 * What main pushes to a window without being asked: job progress and completion, and changes to
 * the open workspace (so that every screen can refresh). One channel (EVENT_CHANNEL), one
 * discriminated union; the preload and the HTTP shim deliver exactly these objects.
 */
import { z } from 'zod';
import { JobId } from './schemas/common.js';
import { JobKind, JobOutcome, JobProgress } from './schemas/jobs.js';

export const GatehouseEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job.started'), jobId: JobId, kind: JobKind, label: z.string() }),
  z.object({ type: z.literal('job.progress'), jobId: JobId, kind: JobKind, progress: JobProgress }),
  /** Done, failed (with the error) or cancelled. */
  z.object({ type: z.literal('job.finished'), jobId: JobId, kind: JobKind, outcome: JobOutcome }),
  z.object({
    type: z.literal('workspace.changed'),
    file: z.string(),
    what: z.enum(['opened', 'closed', 'meta', 'evidence', 'run', 'triage', 'note', 'checklist', 'report', 'filters']),
  }),
]);
export type GatehouseEvent = z.infer<typeof GatehouseEvent>;
export type GatehouseEventType = GatehouseEvent['type'];
