/** Shared bits of the resource-rule tests: audit with these rules only, and find lines in the YAML under test. */
import type { Finding } from '../../../../../../shared/model/finding.js';
import { resourceRules } from '../../../../../../shared/rules/spec/resource/index.js';
import { auditSpec, findingsOf } from '../../../../helpers/audit-spec.js';

export function audit(text: string, file = 'api.yaml'): Finding[] {
  return auditSpec(text, { file, rules: resourceRules });
}

/** Findings of one rule for a document. */
export function run(text: string, ruleId: string, file = 'api.yaml'): Finding[] {
  return findingsOf(audit(text, file), ruleId);
}

/** 1-based line of the first line containing `needle` after line `after` (0: from the top). */
export function lineOf(text: string, needle: string, after = 0): number {
  const lines = text.split('\n');
  for (let i = after; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
  throw new Error(`"${needle}" not found after line ${after}`);
}

export function lines(findings: readonly Finding[]): number[] {
  return findings.map((f) => f.locations[0]!.line).sort((a, b) => a - b);
}
