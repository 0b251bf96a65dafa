/**
 * What every export format is built from, and the one order all formats list findings in.
 */
import type { CoverageEntry } from '../../model/control.js';
import { compareFindings, type Finding } from '../../model/finding.js';
import type { RuleMeta } from '../../model/rule.js';

export interface AuditResult {
  tool: { name: string; version: string };
  findings: Finding[];
  coverage: CoverageEntry[];
  rules: RuleMeta[];
  /** Evidence files the run read, with their SHA-256 (hex) when known. */
  evidence?: { name: string; sha256?: string }[];
}

export type ExportFormat = 'json' | 'sarif' | 'junit' | 'csv';

export { compareFindings };

/** A sorted copy; the input is left untouched. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
