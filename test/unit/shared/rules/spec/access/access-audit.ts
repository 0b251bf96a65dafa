/**
 * Shared by the access-rule tests: audit a small document with the access rules only, and find
 * the 1-based line of a marker in it (so assertions name the node a finding must point at).
 */
import type { Finding } from '../../../../../../shared/model/finding.js';
import { accessRules } from '../../../../../../shared/rules/spec/access/index.js';
import { auditFiles, auditSpec, findingsOf } from '../../../../helpers/audit-spec.js';

export function audit(text: string, ruleId: string, file = 'api.yaml'): Finding[] {
  return findingsOf(auditSpec(text, { file, rules: accessRules }), ruleId);
}

export function auditMany(files: Record<string, string>, root: string, ruleId: string): Finding[] {
  return findingsOf(auditFiles(files, root, accessRules), ruleId);
}

/** Line (1-based) of the first line containing `marker`, after the line containing `after` when given. */
export function lineOf(text: string, marker: string, after?: string): number {
  const lines = text.split('\n');
  let start = 0;
  if (after !== undefined) {
    start = lines.findIndex((l) => l.includes(after));
    if (start < 0) throw new Error(`anchor not found: ${after}`);
  }
  for (let i = start; i < lines.length; i++) if (lines[i]!.includes(marker)) return i + 1;
  throw new Error(`marker not found: ${marker}`);
}

export function only(findings: Finding[]): Finding {
  if (findings.length !== 1) throw new Error(`expected exactly one finding, got ${findings.length}: ${findings.map((f) => f.message).join(' | ')}`);
  return findings[0]!;
}
