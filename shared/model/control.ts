import { z } from 'zod';

export const CatalogId = z.enum(['owasp-api-2023', 'owasp-llm-2025', 'gdpr']);
export type CatalogId = z.infer<typeof CatalogId>;

/** One requirement of a control catalog, e.g. `API2:2023` or `GDPR-32(1)(a)`. */
export const ControlRequirement = z.object({
  id: z.string(),
  catalog: CatalogId,
  title: z.string(),
  summary: z.string(),
  /** What automated evidence cannot show for this requirement (GDPR especially). */
  limits: z.string().optional(),
});
export type ControlRequirement = z.infer<typeof ControlRequirement>;

export const ControlCatalog = z.object({
  id: CatalogId,
  title: z.string(),
  version: z.string(),
  requirements: z.array(ControlRequirement),
});
export type ControlCatalog = z.infer<typeof ControlCatalog>;

/** Per requirement: which rules can show it and what the run found. */
export const CoverageEntry = z.object({
  control: z.string(),
  catalog: CatalogId,
  title: z.string(),
  rules: z.array(z.string()),
  findings: z.object({
    open: z.number().int(),
    suppressed: z.number().int(),
    total: z.number().int(),
  }),
  worstSeverity: z.string().optional(),
});
export type CoverageEntry = z.infer<typeof CoverageEntry>;
