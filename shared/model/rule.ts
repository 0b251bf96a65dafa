import { z } from 'zod';
import { Confidence, FindingSource, Severity } from './finding.js';

/** The self-description every rule carries; `gatehouse rules` lists exactly this. */
export const RuleMeta = z.object({
  id: z.string().regex(/^(spec|gateway|traffic|cross)\.[a-z0-9-]+(\.[a-z0-9-]+)*$/),
  title: z.string(),
  severity: Severity,
  confidence: Confidence,
  source: FindingSource,
  controls: z.array(z.string()).min(1),
  /** Peer rule ids this rule covers (Spectral OWASP ruleset ids and the like). */
  equivalents: z.array(z.string()),
  rationale: z.string(),
  remediation: z.string(),
});
export type RuleMeta = z.infer<typeof RuleMeta>;
