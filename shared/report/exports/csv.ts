/**
 * CSV export (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma,
 * quote or line break, quotes doubled). Cells that a spreadsheet would evaluate as a formula get
 * a leading apostrophe, because finding text can carry attacker-chosen strings from evidence.
 */
import type { Finding } from '../../model/finding.js';
import { sortFindings, type AuditResult } from './audit-result.js';

export const CSV_HEADER = [
  'fingerprint',
  'severity',
  'confidence',
  'status',
  'rule',
  'title',
  'controls',
  'endpoints',
  'locations',
  'occurrences',
  'message',
  'remediation',
  'status_reason',
  'expires',
] as const;

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Prefix `'` when a spreadsheet would read the cell as a formula (OWASP CSV injection guidance). */
export function neutralizeFormula(value: string): string {
  return value !== '' && FORMULA_START.has(value[0]!) ? `'${value}` : value;
}

/** One RFC 4180 field, formula-neutralized and quoted when needed. */
export function csvCell(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function row(f: Finding): string[] {
  return [
    f.fingerprint,
    f.severity,
    f.confidence,
    f.status,
    f.ruleId,
    f.title,
    f.controls.join(';'),
    f.endpoints.join(';'),
    f.locations.map((l) => `${l.file}:${l.line}`).join(';'),
    String(f.occurrences),
    f.message,
    f.remediation,
    f.statusReason ?? '',
    f.expires ?? '',
  ];
}

export function toCsv(result: AuditResult): string {
  const lines = [[...CSV_HEADER], ...sortFindings(result.findings).map(row)];
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
