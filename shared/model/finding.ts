import { z } from 'zod';

/** How bad a problem is if it is real. */
export const Severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
export type Severity = z.infer<typeof Severity>;

/** Most severe first; the index is the rank (0 = critical). */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function severityRank(s: Severity): number {
  return SEVERITY_ORDER.indexOf(s);
}

/** How sure the evidence makes us, separate from severity (see docs/architecture.md). */
export const Confidence = z.enum(['confirmed', 'likely', 'candidate']);
export type Confidence = z.infer<typeof Confidence>;

/** Which kind of evidence produced a finding; `cross` is the join of several. */
export const FindingSource = z.enum(['spec', 'gateway', 'traffic', 'cross']);
export type FindingSource = z.infer<typeof FindingSource>;

export const FindingStatus = z.enum(['open', 'suppressed', 'false-positive', 'accepted-risk']);
export type FindingStatus = z.infer<typeof FindingStatus>;

/** A place in an evidence file. Lines and columns are 1-based. */
export const Location = z.object({
  file: z.string(),
  line: z.number().int().nonnegative(),
  column: z.number().int().nonnegative(),
  pointer: z.string(),
});
export type Location = z.infer<typeof Location>;

/** A finding as every output (JSON, SARIF, CSV, report, UI) sees it. */
export const Finding = z.object({
  fingerprint: z.string(),
  ruleId: z.string(),
  title: z.string(),
  severity: Severity,
  confidence: Confidence,
  controls: z.array(z.string()),
  equivalents: z.array(z.string()),
  source: FindingSource,
  message: z.string(),
  /** The evidence file(s) the finding comes from (display names). */
  evidence: z.array(z.string()),
  locations: z.array(Location),
  endpoints: z.array(z.string()),
  occurrences: z.number().int().positive(),
  status: FindingStatus,
  /** Why the finding is not open: the triage reason or the in-spec suppression. */
  statusReason: z.string().optional(),
  /** ISO date an accepted risk lapses. */
  expires: z.string().optional(),
  remediation: z.string(),
});
export type Finding = z.infer<typeof Finding>;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLocation(a: Location | undefined, b: Location | undefined): number {
  // Findings without a location come after those with one.
  if (a === undefined || b === undefined) return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.pointer, b.pointer);
}

/** The one order every output lists findings in: most severe first, then rule id, then first location; the fingerprint breaks ties. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    compareText(a.ruleId, b.ruleId) ||
    compareLocation(a.locations[0], b.locations[0]) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}
