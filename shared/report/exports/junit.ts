/**
 * JUnit XML export for CI dashboards: one testsuite per rule, one testcase per finding. Open
 * findings fail, triaged ones are skipped with their reason, and a rule that found nothing
 * contributes a single passing testcase so the dashboard shows what was checked.
 */
import type { Finding, Location } from '../../model/finding.js';
import type { RuleMeta } from '../../model/rule.js';
import { sortFindings, type AuditResult } from './audit-result.js';

function isForbiddenInXml(code: number): boolean {
  // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
  if (code === 0x9 || code === 0xa || code === 0xd) return false;
  if (code < 0x20) return true;
  if (code >= 0xd800 && code <= 0xdfff) return true; // lone surrogate (pairs are handled by the caller)
  return code === 0xfffe || code === 0xffff;
}

/**
 * Make a string safe for XML 1.0 text and attribute values. With `attribute`, tabs and line
 * breaks are written as character references so attribute-value normalization keeps them.
 * Characters XML 1.0 cannot carry at all, not even as character references, are written as a
 * visible `\uXXXX` so the reader still sees that something was there.
 */
export function escapeXml(value: string, attribute = false): string {
  let out = '';
  for (const ch of value) {
    // Iterating a string yields whole code points; an unpaired surrogate comes out alone.
    const code = ch.codePointAt(0)!;
    if (isForbiddenInXml(code)) {
      out += '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
      continue;
    }
    switch (ch) {
      case '&': out += '&amp;'; break;
      case '<': out += '&lt;'; break;
      case '>': out += '&gt;'; break;
      case '"': out += '&quot;'; break;
      case "'": out += '&apos;'; break;
      // Attribute-value normalization would turn raw whitespace into spaces; keep it as references.
      case '\n': out += attribute ? '&#10;' : ch; break;
      case '\r': out += '&#13;'; break;
      case '\t': out += attribute ? '&#9;' : ch; break;
      default: out += ch;
    }
  }
  return out;
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v), true)}"`)
    .join('');
}

function locationText(l: Location): string {
  const place = l.line > 0 ? `${l.file}:${l.line}${l.column > 0 ? `:${l.column}` : ''}` : l.file;
  return l.pointer !== '' ? `${place} (${l.pointer})` : place;
}

function caseName(f: Finding): string {
  const first = f.locations[0];
  const where = first !== undefined ? locationText(first) : (f.endpoints[0] ?? f.evidence[0]);
  return where !== undefined ? `${f.title} at ${where}` : f.title;
}

function failureBody(f: Finding): string {
  const lines = [f.message];
  if (f.locations.length > 0) lines.push('', 'Locations:', ...f.locations.map((l) => `  ${locationText(l)}`));
  if (f.endpoints.length > 0) lines.push('', 'Endpoints:', ...f.endpoints.map((e) => `  ${e}`));
  if (f.controls.length > 0) lines.push('', `Controls: ${f.controls.join(', ')}`);
  lines.push(`Confidence: ${f.confidence}`, `Occurrences: ${f.occurrences}`, `Fingerprint: ${f.fingerprint}`);
  if (f.remediation !== '') lines.push('', `Remediation: ${f.remediation}`);
  return lines.join('\n');
}

function skipReason(f: Finding): string {
  const reason = f.statusReason !== undefined && f.statusReason !== '' ? `${f.status}: ${f.statusReason}` : f.status;
  return f.expires !== undefined ? `${reason} (expires ${f.expires})` : reason;
}

function testcase(f: Finding, indent: string): string {
  const head = `${indent}<testcase${attrs({ name: caseName(f), classname: f.ruleId })}>`;
  const inner =
    f.status === 'open'
      ? `${indent}  <failure${attrs({ message: f.title, type: f.severity })}>${escapeXml(failureBody(f))}</failure>`
      : `${indent}  <skipped${attrs({ message: skipReason(f) })}/>`;
  return `${head}\n${inner}\n${indent}</testcase>`;
}

export function toJunit(result: AuditResult): string {
  const byRule = new Map<string, Finding[]>();
  const titles = new Map<string, string>();
  for (const rule of result.rules) {
    if (!byRule.has(rule.id)) byRule.set(rule.id, []);
    titles.set(rule.id, rule.title);
  }
  for (const f of sortFindings(result.findings)) {
    const list = byRule.get(f.ruleId) ?? [];
    list.push(f);
    byRule.set(f.ruleId, list);
    if (!titles.has(f.ruleId)) titles.set(f.ruleId, f.title);
  }
  const ruleIds = [...byRule.keys()].sort();

  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const suites: string[] = [];
  for (const id of ruleIds) {
    const findings = byRule.get(id)!;
    const open = findings.filter((f) => f.status === 'open').length;
    const suiteTests = Math.max(1, findings.length);
    const suiteSkipped = findings.length - open;
    tests += suiteTests;
    failures += open;
    skipped += suiteSkipped;
    const cases =
      findings.length === 0
        ? [`    <testcase${attrs({ name: titles.get(id) ?? id, classname: id })}/>`]
        : findings.map((f) => testcase(f, '    '));
    suites.push(
      `  <testsuite${attrs({ name: id, tests: suiteTests, failures: open, errors: 0, skipped: suiteSkipped })}>\n` +
        `${cases.join('\n')}\n  </testsuite>`,
    );
  }

  const root = attrs({
    name: `${result.tool.name} ${result.tool.version}`,
    tests,
    failures,
    errors: 0,
    skipped,
  });
  const body = suites.length > 0 ? `\n${suites.join('\n')}\n` : '\n';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${root}>${body}</testsuites>\n`;
}
