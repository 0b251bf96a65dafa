/**
 * What main and the job worker say to each other. A job is one worker: main starts it with a
 * JobSpec and a small shared control block, the worker posts progress and exactly one final
 * message, then exits.
 *
 * Control block (Int32Array over a SharedArrayBuffer):
 *   [CANCEL] 1 once main asked to cancel; the worker checks it between steps.
 *   [PHASE]  0 nothing written yet, 1 inside its write (a rollback undoes it), 2 committed.
 * Main reads PHASE to decide whether stopping the worker can still undo everything.
 */
import type { ApiError } from '../../../../shared/api/envelope.js';
import type { JobProgress } from '../../../../shared/api/schemas/jobs.js';
import type { ReportSection } from '../../../../shared/api/schemas/reports.js';
import type { z } from 'zod';
import type { IdentityKeyType } from '../../pdf/identity.js';

export const CANCEL = 0;
export const PHASE = 1;
export const PHASE_IDLE = 0;
export const PHASE_WRITING = 1;
export const PHASE_COMMITTED = 2;

export type Progress = z.infer<typeof JobProgress>;

export type JobSpec =
  | { kind: 'import'; workspace: string; inputs: { path: string; label: string }[]; actor: string }
  | { kind: 'import-dropped'; workspace: string; files: { path: string; base64: string }[]; actor: string }
  | { kind: 'audit'; workspace: string; actor: string; traffic: { maskUrls: boolean; pseudonymizeSecret?: string; logFormat?: string } }
  | {
      kind: 'report';
      workspace: string;
      outFile: string;
      overwrite: boolean;
      sections?: ReportSection[];
      classification?: string;
      sign?: { p12: Uint8Array; passphrase: string };
      actor?: string;
    }
  | {
      kind: 'identity';
      userDataDir: string;
      identity: { name: string; org: string; email: string; keyType: IdentityKeyType; passphrase: string; validDays: number };
    };

export type JobSpecKind = JobSpec['kind'];

export type WorkerMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: ApiError }
  | { type: 'cancelled' };

export interface JobWorkerData {
  spec: JobSpec;
  control: SharedArrayBuffer;
}
