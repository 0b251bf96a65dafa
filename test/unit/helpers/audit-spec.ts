/**
 * Test helper: audits an in-memory API description (one file or several) with the real
 * importer and engine, and returns the findings. Rule tests use it with small documents.
 */
import type { Finding } from '../../../shared/model/finding.js';
import { importOpenApi } from '../../../shared/importers/openapi/index.js';
import { runRules } from '../../../shared/engine/run.js';
import type { AnyRule } from '../../../shared/rules/define-rule.js';
import { allRules } from '../../../shared/rules/index.js';

export function auditFiles(files: Record<string, string>, root: string, rules: readonly AnyRule[] = allRules): Finding[] {
  const { model, sources } = importOpenApi(root, { readText: (p) => files[p] });
  const result = runRules({ specs: [{ model, sources }] }, rules);
  if (result.ruleFailures.length) throw new Error(result.ruleFailures.map((f) => `${f.ruleId}: ${f.message}`).join('\n'));
  return result.findings;
}

/** Audits one document (YAML or JSON text) named `api.yaml` unless told otherwise. */
export function auditSpec(text: string, options: { file?: string; rules?: readonly AnyRule[] } = {}): Finding[] {
  const file = options.file ?? 'api.yaml';
  return auditFiles({ [file]: text }, file, options.rules);
}

/** Only the findings of one rule. */
export function findingsOf(findings: Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}
