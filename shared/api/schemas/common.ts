/** Small shapes several areas share. */
import { z } from 'zod';

export const IsoDate = z.iso.date({ message: 'must be a date written YYYY-MM-DD' });
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (SHA-256)');
export const EntityId = z.number().int().positive();
/** A path on this machine, as the user chose it (dialog, drop, recent list). */
export const FilePath = z.string().min(1, 'a path is required').max(4096);
/** Who does something, for the audit log; the workspace's auditor when left out. */
export const ActorInput = z.string().trim().min(1).max(200).optional();
/** Most calls take nothing. */
export const NoInput = z.object({}).strict();

export const JobId = z.string().regex(/^job-[0-9a-z-]{1,64}$/, 'must be a job id returned by the call that started the job');
export const JobStarted = z.object({ jobId: JobId });
