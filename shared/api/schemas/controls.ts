/** Coverage matrices: every requirement of every catalog, with its rules and findings. */
import { z } from 'zod';
import { CatalogId } from '../../model/control.js';
import { Severity } from '../../model/finding.js';

export const RequirementCoverage = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  /** What automated evidence cannot show. */
  limits: z.string().optional(),
  rules: z.array(z.string()),
  findings: z.object({ open: z.number().int(), suppressed: z.number().int(), total: z.number().int() }),
  worstSeverity: Severity.nullable(),
  /** Manual checklist items that give evidence for this requirement, with their answers. */
  checklist: z.array(z.object({ itemId: z.string(), answer: z.enum(['yes', 'no', 'partial', 'n/a']).nullable() })),
});

export const CatalogCoverage = z.object({
  id: CatalogId,
  title: z.string(),
  version: z.string(),
  requirements: z.array(RequirementCoverage),
  totals: z.object({
    requirements: z.number().int(),
    withRules: z.number().int(),
    withOpenFindings: z.number().int(),
    openFindings: z.number().int(),
  }),
});
export type CatalogCoverage = z.infer<typeof CatalogCoverage>;

export const CoverageInput = z.object({ catalog: CatalogId.optional(), runId: z.number().int().positive().optional() }).strict();
export const CoverageView = z.object({ runId: z.number().int().nullable(), catalogs: z.array(CatalogCoverage) });
