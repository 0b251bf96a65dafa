/**
 * The machine-readable copies a report carries as PDF file attachments: the JSON export (the
 * `audit --format json` shape) and a manifest that ties the report to its workspace, run and
 * evidence by hash. `gatehouse verify --workspace` reads the manifest back and compares.
 */
import { z } from 'zod';

export const REPORT_ATTACHMENTS = {
  findings: 'gatehouse-findings.json',
  manifest: 'gatehouse-manifest.json',
} as const;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ReportManifest = z.object({
  format: z.literal('gatehouse-report-manifest/1'),
  reportId: z.string().min(1),
  generatedAt: z.string(),
  tool: z.object({ name: z.string(), version: z.string() }),
  catalogVersion: z.string(),
  workspace: z.object({ id: z.string(), name: z.string(), schemaVersion: z.number().int() }),
  run: z.object({ id: z.number().int(), startedAt: z.string(), endedAt: z.string() }).nullable(),
  logHead: z.object({ count: z.number().int(), hash: Sha256 }).nullable(),
  classification: z.string(),
  findings: z.object({ total: z.number().int(), open: z.number().int(), attachment: z.string(), sha256: Sha256 }),
  evidence: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      size: z.number().int(),
      sha256: Sha256,
      importedAt: z.string(),
      inRun: z.boolean(),
    }),
  ),
});
export type ReportManifest = z.infer<typeof ReportManifest>;

/** Parses manifest JSON text; the error message says what is wrong. */
export function parseReportManifest(text: string): { ok: true; manifest: ReportManifest } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `the manifest is not JSON: ${(error as Error).message}` };
  }
  const parsed = ReportManifest.safeParse(value);
  if (!parsed.success) return { ok: false, error: `the manifest does not have the expected shape: ${z.prettifyError(parsed.error)}` };
  return { ok: true, manifest: parsed.data };
}
