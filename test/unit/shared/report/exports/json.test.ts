import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../../../../shared/engine/coverage.js';
import { CoverageEntry } from '../../../../../shared/model/control.js';
import { Finding } from '../../../../../shared/model/finding.js';
import type { RuleMeta } from '../../../../../shared/model/rule.js';
import type { AuditResult } from '../../../../../shared/report/exports/audit-result.js';
import { toJson } from '../../../../../shared/report/exports/json.js';

function finding(fingerprint: string, over: Partial<Finding> = {}): Finding {
  return {
    fingerprint,
    ruleId: 'spec.auth.b',
    title: 'T',
    severity: 'high',
    confidence: 'confirmed',
    controls: ['API2:2023'],
    equivalents: [],
    source: 'spec',
    message: 'm',
    evidence: ['specs/api.yaml'],
    locations: [{ file: 'specs/api.yaml', line: 10, column: 1, pointer: '/x' }],
    endpoints: [],
    occurrences: 1,
    status: 'open',
    remediation: 'r',
    ...over,
  };
}

const rules: RuleMeta[] = [
  {
    id: 'spec.auth.b',
    title: 'T',
    severity: 'high',
    confidence: 'confirmed',
    source: 'spec',
    controls: ['API2:2023'],
    equivalents: [],
    rationale: 'why',
    remediation: 'r',
  },
];

const findings = [
  finding('f-low', { severity: 'low' }),
  finding('f-high-b-line20', { locations: [{ file: 'specs/api.yaml', line: 20, column: 1, pointer: '/y' }] }),
  finding('f-high-a', { ruleId: 'spec.auth.a' }),
  finding('f-critical', { severity: 'critical', ruleId: 'spec.z' }),
  finding('f-high-b-line10'),
  finding('f-high-b-other-file', { locations: [{ file: 'specs/aaa.yaml', line: 99, column: 1, pointer: '' }] }),
  finding('f-high-b-nowhere', { locations: [] }),
  finding('f-info-suppressed', { severity: 'info', status: 'suppressed', statusReason: 'x-gatehouse-ignore' }),
];

const RESULT: AuditResult = {
  tool: { name: 'Gatehouse', version: '0.1.0' },
  rules,
  findings,
  coverage: computeCoverage(rules, findings),
  evidence: [{ name: 'specs/api.yaml', sha256: '00' }],
};

describe('toJson', () => {
  const text = toJson(RESULT);
  const doc = JSON.parse(text) as { tool: unknown; findings: Finding[]; coverage: CoverageEntry[] };

  it('has exactly the public shape { tool, findings, coverage }', () => {
    expect(Object.keys(doc)).toEqual(['tool', 'findings', 'coverage']);
    expect(doc.tool).toEqual({ name: 'Gatehouse', version: '0.1.0' });
    for (const f of doc.findings) expect(Finding.strict().parse(f)).toEqual(f);
    for (const c of doc.coverage) expect(CoverageEntry.strict().parse(c)).toEqual(c);
    expect(doc.coverage).toEqual(RESULT.coverage);
  });

  it('sorts findings by severity, then rule id, then first location', () => {
    expect(doc.findings.map((f) => f.fingerprint)).toEqual([
      'f-critical',
      'f-high-a',
      'f-high-b-other-file',
      'f-high-b-line10',
      'f-high-b-line20',
      'f-high-b-nowhere',
      'f-low',
      'f-info-suppressed',
    ]);
  });

  it('does not reorder or change its input', () => {
    expect(RESULT.findings.map((f) => f.fingerprint)[0]).toBe('f-low');
  });

  it('drops properties outside the documented shape', () => {
    const extra = { ...finding('f-extra'), internalNote: 'secret' } as Finding;
    const out = JSON.parse(toJson({ ...RESULT, findings: [extra] })) as { findings: Record<string, unknown>[] };
    expect(out.findings[0]).not.toHaveProperty('internalNote');
    expect(out.findings[0]).not.toHaveProperty('statusReason');
  });

  it('is pretty-printed with two spaces and ends with a newline', () => {
    expect(text.split('\n')[1]).toBe('  "tool": {');
    expect(text.split('\n')[2]).toBe('    "name": "Gatehouse",');
    expect(text.endsWith('}\n')).toBe(true);
  });
});
