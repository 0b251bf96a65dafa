/**
 * What every export format is built from, and the one order all formats list findings in.
 */
import type { CoverageEntry } from '../../model/control.js';
import { severityRank, type Finding, type Location } from '../../model/finding.js';
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

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLocation(a: Location | undefined, b: Location | undefined): number {
  // Findings without a location come after those with one.
  if (a === undefined || b === undefined) return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.pointer, b.pointer);
}

/** Most severe first, then rule id, then first location; the fingerprint breaks remaining ties. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    compareText(a.ruleId, b.ruleId) ||
    compareLocation(a.locations[0], b.locations[0]) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

/** A sorted copy; the input is left untouched. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
