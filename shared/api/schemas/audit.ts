/** Audit runs over the workspace's evidence. */
import { z } from 'zod';
import { Severity } from '../../model/finding.js';
import { ActorInput, EntityId } from './common.js';
import { InputProblem } from './evidence.js';

/** How traffic logs are read during the run (the same choices as the CLI's). */
export const TrafficOptions = z
  .object({
    /** Mask secrets and personal data in URLs before anything is stored. */
    maskUrls: z.boolean().default(true),
    /** Pseudonymize client IPs and principals with HMAC-SHA256 under this secret (never stored). */
    pseudonymizeSecret: z.string().min(8, 'use at least 8 characters').max(1024).optional(),
    /** An NGINX log_format for access logs in a custom format. */
    logFormat: z.string().min(1).max(4000).optional(),
  })
  .strict();

export const RunAuditInput = z
  .object({
    traffic: TrafficOptions.default({ maskUrls: true }),
    actor: ActorInput,
  })
  .strict();

export const AuditRunResult = z.object({
  kind: z.literal('audit'),
  runId: EntityId,
  findings: z.number().int(),
  open: z.number().int(),
  new: z.number().int(),
  bySeverity: z.record(Severity, z.number().int()),
  audited: z.array(
    z.object({
      file: z.string(),
      kind: z.enum(['spec', 'gateway', 'traffic']),
      format: z.string(),
      title: z.string().optional(),
      operations: z.number().int(),
      files: z.number().int(),
      /** Traffic: requests read. */
      requests: z.number().int().optional(),
    }),
  ),
  problems: z.array(InputProblem),
  ruleFailures: z.array(z.object({ ruleId: z.string(), evidence: z.string(), message: z.string() })),
});
export type AuditRunResult = z.infer<typeof AuditRunResult>;
