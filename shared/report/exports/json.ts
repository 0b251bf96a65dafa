/**
 * The public JSON export: `{ tool, findings, coverage }`, findings in canonical order. Objects are
 * rebuilt field by field so the output has a fixed key order and carries nothing beyond the
 * documented shape, whatever extra properties the inputs hold.
 */
import type { CoverageEntry } from '../../model/control.js';
import type { Finding } from '../../model/finding.js';
import { sortFindings, type AuditResult } from './audit-result.js';

function publicFinding(f: Finding): Finding {
  const out: Finding = {
    fingerprint: f.fingerprint,
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity,
    confidence: f.confidence,
    controls: [...f.controls],
    equivalents: [...f.equivalents],
    source: f.source,
    message: f.message,
    evidence: [...f.evidence],
    locations: f.locations.map((l) => ({ file: l.file, line: l.line, column: l.column, pointer: l.pointer })),
    endpoints: [...f.endpoints],
    occurrences: f.occurrences,
    status: f.status,
    remediation: f.remediation,
  };
  if (f.statusReason !== undefined) out.statusReason = f.statusReason;
  if (f.expires !== undefined) out.expires = f.expires;
  return out;
}

function publicCoverage(c: CoverageEntry): CoverageEntry {
  const out: CoverageEntry = {
    control: c.control,
    catalog: c.catalog,
    title: c.title,
    rules: [...c.rules],
    findings: { open: c.findings.open, suppressed: c.findings.suppressed, total: c.findings.total },
  };
  if (c.worstSeverity !== undefined) out.worstSeverity = c.worstSeverity;
  return out;
}

export function toJson(result: AuditResult): string {
  const doc = {
    tool: { name: result.tool.name, version: result.tool.version },
    findings: sortFindings(result.findings).map(publicFinding),
    coverage: result.coverage.map(publicCoverage),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
