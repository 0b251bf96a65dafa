/** Issuing, listing, previewing and verifying signed reports. */
import { z } from 'zod';
import { ActorInput, EntityId, FilePath, Sha256 } from './common.js';

/** Same ids and order as shared/report/report-content.ts REPORT_SECTIONS (a test keeps them equal). */
export const ReportSection = z.enum(['summary', 'owasp-api', 'owasp-llm', 'gdpr', 'checklist', 'findings', 'not-open', 'evidence', 'methodology', 'rules']);
export type ReportSection = z.infer<typeof ReportSection>;

export const CertificateSubject = z.object({ CN: z.string(), O: z.string(), E: z.string() });

export const GenerateReportInput = z
  .object({
    /** Where to write the PDF (chosen in a save dialog). Default: beside the workspace file. */
    outFile: FilePath.optional(),
    overwrite: z.boolean().default(false),
    /** Default: every section. */
    sections: z.array(ReportSection).min(1, 'choose at least one section').optional(),
    classification: z.string().trim().min(1).max(100).optional(),
    /** Sign with one of the identities (identities.list); unsigned without. */
    identity: z
      .object({
        fingerprint: Sha256,
        passphrase: z.string().min(1, 'the passphrase is required').max(1024),
      })
      .strict()
      .optional(),
    actor: ActorInput,
  })
  .strict();

export const GeneratedReport = z.object({
  kind: z.literal('report'),
  file: FilePath,
  sha256: Sha256,
  size: z.number().int(),
  reportId: z.string(),
  recordId: EntityId,
  runId: EntityId,
  findings: z.number().int(),
  signer: z.object({ fingerprint: z.string(), subject: CertificateSubject }).nullable(),
});
export type GeneratedReport = z.infer<typeof GeneratedReport>;

export const ReportRecord = z.object({
  id: EntityId,
  createdAt: z.string(),
  fileName: z.string(),
  sha256: Sha256,
  signerFingerprint: z.string().nullable(),
  signerSubject: z.string().nullable(),
  runId: z.number().int(),
  /** Where this app wrote it, when it did (the workspace keeps only the name). */
  file: FilePath.nullable(),
});

export const SignatureReport = z.object({
  signed: z.boolean(),
  valid: z.boolean(),
  coversWholeFile: z.boolean(),
  digestMatches: z.boolean(),
  signatureValid: z.boolean(),
  certValidAtSigning: z.boolean(),
  /** Signed by one of this app's identities (null: not checked). */
  trusted: z.boolean().nullable(),
  signer: z.object({ subject: CertificateSubject, fingerprint: z.string() }).nullable(),
  signingTime: z.string().nullable(),
  reason: z.string().optional(),
  location: z.string().optional(),
  name: z.string().optional(),
  problems: z.array(z.string()),
});

export const ReportVerification = z.object({
  file: FilePath,
  valid: z.boolean(),
  sha256: Sha256,
  signature: SignatureReport,
  attachments: z.array(z.string()),
  manifest: z
    .object({
      reportId: z.string(),
      generatedAt: z.string(),
      workspace: z.object({ id: z.string(), name: z.string() }),
      run: z.object({ id: z.number().int(), startedAt: z.string(), endedAt: z.string() }).nullable(),
      findings: z.object({ total: z.number().int(), open: z.number().int() }),
      evidence: z.array(z.object({ name: z.string(), sha256: Sha256 })),
    })
    .nullable(),
  /** Checked against the open workspace (null without one). */
  workspace: z
    .object({
      ok: z.boolean(),
      sameWorkspace: z.boolean(),
      recorded: z.boolean(),
      evidence: z.array(z.object({ name: z.string(), sha256: z.string(), status: z.enum(['match', 'changed', 'missing']) })),
      logAnchorFound: z.boolean().nullable(),
    })
    .nullable(),
  problems: z.array(z.string()),
  notes: z.array(z.string()),
});
export type ReportVerification = z.infer<typeof ReportVerification>;

export const PreviewInput = z
  .object({
    file: FilePath,
    /** 1-based. */
    page: z.number().int().min(1).default(1),
    /** Pixel width of the image (height follows the page). */
    width: z.number().int().min(200).max(2400).default(900),
  })
  .strict();

export const PagePreview = z.object({
  file: FilePath,
  page: z.number().int(),
  pageCount: z.number().int(),
  /** data:image/png;base64,… (allowed by the CSP's img-src data:). */
  image: z.string().startsWith('data:image/png;base64,'),
  width: z.number().int(),
  height: z.number().int(),
});
