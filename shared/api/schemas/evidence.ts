/** Evidence files in a workspace and what an import reports for each. */
import { z } from 'zod';
import { EntityId, FilePath, Sha256 } from './common.js';

export const EvidenceKind = z.enum(['spec', 'gateway', 'traffic', 'other']);
export const ParseStatus = z.enum(['ok', 'error', 'partial']);

/** A problem an importer met, at its place in the file when known. */
export const ParseIssue = z.object({
  message: z.string(),
  line: z.number().int().nonnegative().optional(),
  column: z.number().int().nonnegative().optional(),
  pointer: z.string().optional(),
});
export type ParseIssue = z.infer<typeof ParseIssue>;

export const EvidenceRecord = z.object({
  id: EntityId,
  name: z.string(),
  kind: EvidenceKind,
  format: z.string(),
  size: z.number().int().nonnegative(),
  sha256: Sha256,
  importedAt: z.string(),
  importedBy: z.string(),
  parseStatus: ParseStatus,
  parseErrors: z.array(ParseIssue),
  hasModel: z.boolean(),
  /** Part of the latest audit run. */
  inLatestRun: z.boolean(),
});
export type EvidenceRecord = z.infer<typeof EvidenceRecord>;

export const ImportInput = z
  .object({
    /** Files and folders the user chose (a dialog or the recent list granted them). */
    paths: z.array(FilePath).min(1, 'name at least one file or folder').max(200),
  })
  .strict();

/** Files dropped on the window: the renderer already holds their bytes. */
export const DroppedFile = z
  .object({
    /** The path inside what was dropped, `/`-separated (`specs/api.yaml`); never absolute, never `..`. */
    path: z
      .string()
      .min(1)
      .max(1000)
      .refine((p) => !p.startsWith('/') && !/^[a-zA-Z]:/.test(p) && !p.split(/[\\/]/).includes('..'), 'must be a relative path inside the drop'),
    /** The file's bytes, base64 (JSON carries them over the test transport too). */
    base64: z.string().max(56 * 1024 * 1024),
  })
  .strict();

export const ImportDroppedInput = z.object({ files: z.array(DroppedFile).min(1, 'drop at least one file').max(5000) }).strict();

/**
 * One file an import looked at. Specs and gateway configs are stored byte for byte (`evidenceId`,
 * `sha256`). Traffic logs can be gigabytes and hold personal data: they are not copied; the
 * workspace remembers where they are and the audit run streams them (masked, optionally
 * pseudonymized) and records their hash, so `evidenceId` and `sha256` are null until then.
 */
export const ImportedFile = z.object({
  name: z.string(),
  /** What the user named that led to this file. */
  source: z.string(),
  kind: EvidenceKind,
  format: z.string(),
  size: z.number().int().nonnegative(),
  sha256: Sha256.nullable(),
  evidenceId: EntityId.nullable(),
  /** The same bytes were already in the workspace. */
  duplicate: z.boolean(),
  /** The root of a spec or gateway config (the others are files its `$ref`s or includes reached). */
  root: z.boolean(),
  status: ParseStatus,
  title: z.string().optional(),
  /** Operations (spec) or routes (gateway). */
  operations: z.number().int().optional(),
  errors: z.array(ParseIssue),
  /** Something worth saying that is not an error (e.g. when a traffic log is read). */
  note: z.string().optional(),
});
export type ImportedFile = z.infer<typeof ImportedFile>;

export const InputProblem = z.object({ input: z.string(), message: z.string() });

export const ImportResult = z.object({
  kind: z.literal('import'),
  files: z.array(ImportedFile),
  /** Named inputs that could not be read at all (missing, not evidence): nothing was stored for them. */
  problems: z.array(InputProblem),
});
export type ImportResult = z.infer<typeof ImportResult>;
