/**
 * zod schemas for everything that reaches the workspace from outside (services, CLI, IPC).
 * The workspace parses with these before touching the database.
 */
import { z } from 'zod';
import { Finding } from '../../../shared/model/finding.js';

const text = (max: number) => z.string().max(max);
const required = (what: string, max = 500) => z.string().trim().min(1, `${what} is required`).max(max);

export const IsoDate = z.iso.date({ message: 'must be a date written YYYY-MM-DD' });
export const IsoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO date-time with a time zone' });
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (SHA-256)');
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const Actor = required('actor', 200).refine((actor) => !loneSurrogate.test(actor), 'actor is not valid text');
export const Action = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/, 'must be dotted kebab-case, e.g. evidence.add')
  .max(100);
export const EntityId = z.number().int().positive();

const metaFields = {
  name: required('name', 200),
  client: text(200),
  auditor: text(200),
  scope: text(10_000),
  periodStart: IsoDate.nullable(),
  periodEnd: IsoDate.nullable(),
  classification: required('classification', 100),
};

const periodInOrder = (meta: { periodStart?: string | null; periodEnd?: string | null }) =>
  !meta.periodStart || !meta.periodEnd || meta.periodStart <= meta.periodEnd;
const periodMessage = { message: 'periodEnd is before periodStart', path: ['periodEnd'] };

export const WorkspaceMetaInput = z
  .object({
    name: metaFields.name,
    client: metaFields.client.default(''),
    auditor: metaFields.auditor.default(''),
    scope: metaFields.scope.default(''),
    periodStart: metaFields.periodStart.default(null),
    periodEnd: metaFields.periodEnd.default(null),
    classification: metaFields.classification.default('confidential'),
  })
  .strict()
  .refine(periodInOrder, periodMessage);
export type WorkspaceMetaInput = z.input<typeof WorkspaceMetaInput>;

export const WorkspaceMetaPatch = z.object(metaFields).partial().strict();
export type WorkspaceMetaPatch = z.input<typeof WorkspaceMetaPatch>;
export { periodInOrder };

export const EvidenceKind = z.enum(['spec', 'gateway', 'traffic', 'other']);
export type EvidenceKind = z.infer<typeof EvidenceKind>;

export const ParseStatus = z.enum(['ok', 'error', 'partial']);
export type ParseStatus = z.infer<typeof ParseStatus>;

/** A problem an importer met while parsing a file. */
export const ParseIssue = z
  .object({
    message: required('message', 10_000),
    line: z.number().int().nonnegative().optional(),
    column: z.number().int().nonnegative().optional(),
    pointer: z.string().optional(),
  })
  .strict();
export type ParseIssue = z.infer<typeof ParseIssue>;

export const EvidenceInput = z
  .object({
    name: required('name', 1_000),
    kind: EvidenceKind,
    format: z.string().regex(/^[a-z0-9][a-z0-9.+-]*$/, 'must be a format id such as openapi-3.0 or swagger-2.0').max(100),
    bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'must be a Buffer' }),
    parseStatus: ParseStatus,
    parseErrors: z.array(ParseIssue).default([]),
  })
  .strict()
  .refine((item) => item.parseStatus === 'ok' || item.parseErrors.length > 0, {
    message: 'a parse status of error or partial needs at least one parse error saying what went wrong',
    path: ['parseErrors'],
  });
export type EvidenceInput = z.input<typeof EvidenceInput>;

export const TriageInput = z
  .object({
    status: z.enum(['open', 'false-positive', 'accepted-risk', 'confirmed']),
    reason: text(10_000).default(''),
    expires: IsoDate.nullish(),
    actor: Actor,
  })
  .strict()
  .refine((t) => !(t.status === 'false-positive' || t.status === 'accepted-risk') || t.reason.trim().length > 0, {
    message: 'a reason is required for false-positive and accepted-risk',
    path: ['reason'],
  })
  .refine((t) => t.expires == null || t.status === 'accepted-risk', {
    message: 'only an accepted-risk decision can expire',
    path: ['expires'],
  });
export type TriageInput = z.input<typeof TriageInput>;

export const ChecklistAnswerInput = z
  .object({
    itemId: required('item id', 200),
    answer: z.enum(['yes', 'no', 'partial', 'n/a']),
    note: text(10_000),
    actor: Actor,
    evidenceIds: z.array(EntityId).default([]),
  })
  .strict();
export type ChecklistAnswerValue = z.infer<typeof ChecklistAnswerInput>['answer'];

export const RunInput = z
  .object({
    catalogVersion: required('catalogVersion', 200),
    toolVersion: required('toolVersion', 200),
    startedAt: IsoDateTime,
    endedAt: IsoDateTime,
    evidenceIds: z.array(EntityId),
    findings: z.array(Finding),
  })
  .strict()
  .refine((run) => Date.parse(run.startedAt) <= Date.parse(run.endedAt), {
    message: 'endedAt is before startedAt',
    path: ['endedAt'],
  })
  .superRefine((run, ctx) => {
    const seen = new Set<string>();
    for (const [index, finding] of run.findings.entries()) {
      if (finding.status !== 'open' && finding.status !== 'suppressed') {
        ctx.addIssue({
          code: 'custom',
          path: ['findings', index, 'status'],
          message: `is ${finding.status}, but a run records what the engine found (open or suppressed); triage decisions go through setTriage`,
        });
      }
      if (seen.has(finding.fingerprint)) {
        ctx.addIssue({
          code: 'custom',
          path: ['findings', index, 'fingerprint'],
          message: `${finding.fingerprint} appears more than once in the run (the engine groups duplicates into occurrences)`,
        });
      }
      seen.add(finding.fingerprint);
    }
  });
export type RunInput = z.input<typeof RunInput>;

export const ReportInput = z
  .object({
    fileName: required('fileName', 1_000),
    sha256: Sha256Hex,
    signerFingerprint: z.string().min(1).max(200).nullish(),
    signerSubject: z.string().min(1).max(1_000).nullish(),
    runId: EntityId,
    createdAt: IsoDateTime.optional(),
  })
  .strict();
export type ReportInput = z.input<typeof ReportInput>;

/** Details of an audit-log entry: a JSON object. */
export const LogDetails = z.record(z.string(), z.unknown());
