/** The workspace's append-only, hash-chained audit log. */
import { z } from 'zod';

export const LogEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

export const LogPageInput = z
  .object({
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().min(1).max(1000).default(200),
    /** Newest first (default) or oldest first. */
    order: z.enum(['newest', 'oldest']).default('newest'),
    action: z.string().max(100).optional(),
  })
  .strict();

export const LogPage = z.object({ total: z.number().int(), offset: z.number().int(), items: z.array(LogEntry) });

export const LogVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  problems: z.array(z.object({ seq: z.number().int(), reason: z.string() })),
  /** The newest entry's hash: what a signed report anchors. */
  head: z.string().nullable(),
});
