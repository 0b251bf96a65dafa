import { describe, expect, it } from 'vitest';
import { allRequirementIds } from '../../../../shared/controls/index.js';
import { computeCoverage } from '../../../../shared/engine/coverage.js';
import { CoverageEntry } from '../../../../shared/model/control.js';
import type { Finding } from '../../../../shared/model/finding.js';
import type { RuleMeta } from '../../../../shared/model/rule.js';

function rule(id: string, controls: string[]): RuleMeta {
  return {
    id,
    title: id,
    severity: 'high',
    confidence: 'confirmed',
    source: 'spec',
    controls,
    equivalents: [],
    rationale: 'why',
    remediation: 'fix',
  };
}

let serial = 0;
function finding(ruleId: string, controls: string[], over: Partial<Finding> = {}): Finding {
  serial += 1;
  return {
    fingerprint: `${ruleId}-${serial}`,
    ruleId,
    title: ruleId,
    severity: 'medium',
    confidence: 'likely',
    controls,
    equivalents: [],
    source: 'spec',
    message: 'm',
    evidence: ['api.yaml'],
    locations: [{ file: 'api.yaml', line: 1, column: 1, pointer: '' }],
    endpoints: [],
    occurrences: 1,
    status: 'open',
    remediation: 'fix',
    ...over,
  };
}

const byControl = (entries: CoverageEntry[], id: string) => entries.find((e) => e.control === id)!;

describe('computeCoverage', () => {
  it('lists every requirement of every catalog even with no rules and no findings', () => {
    const entries = computeCoverage([], []);
    expect(entries.map((e) => e.control)).toEqual(allRequirementIds());
    for (const e of entries) {
      expect(e.rules).toEqual([]);
      expect(e.findings).toEqual({ open: 0, suppressed: 0, total: 0 });
      expect(e.worstSeverity).toBeUndefined();
      expect(() => CoverageEntry.parse(e)).not.toThrow();
    }
  });

  it('maps rules to the requirements their controls name', () => {
    const rules = [
      rule('spec.auth.b', ['API2:2023', 'GDPR-32']),
      rule('spec.auth.a', ['API2:2023']),
      rule('gateway.tls.old', ['API8:2023', 'GDPR-32(1)(a)']),
    ];
    const entries = computeCoverage(rules, []);
    expect(entries).toHaveLength(allRequirementIds().length);
    expect(byControl(entries, 'API2:2023').rules).toEqual(['spec.auth.a', 'spec.auth.b']);
    expect(byControl(entries, 'GDPR-32').rules).toEqual(['spec.auth.b']);
    expect(byControl(entries, 'GDPR-32(1)(a)').rules).toEqual(['gateway.tls.old']);
    // Requirements without rules are still there, empty.
    expect(byControl(entries, 'API6:2023').rules).toEqual([]);
    expect(byControl(entries, 'LLM09:2025').rules).toEqual([]);
    expect(byControl(entries, 'API6:2023').title).toBe('Unrestricted Access to Sensitive Business Flows');
    expect(byControl(entries, 'LLM09:2025').catalog).toBe('owasp-llm-2025');
  });

  it('counts open and not-open findings and keeps the worst open severity', () => {
    const rules = [rule('spec.auth.a', ['API2:2023', 'GDPR-32'])];
    const findings = [
      finding('spec.auth.a', ['API2:2023', 'GDPR-32'], { severity: 'medium' }),
      finding('spec.auth.a', ['API2:2023', 'GDPR-32'], { severity: 'high' }),
      // Not open: counted as suppressed, never as the worst severity.
      finding('spec.auth.a', ['API2:2023'], { severity: 'critical', status: 'accepted-risk', statusReason: 'waived' }),
      finding('spec.auth.a', ['API2:2023'], { severity: 'critical', status: 'false-positive' }),
      finding('spec.auth.a', ['GDPR-32'], { severity: 'info', status: 'suppressed' }),
    ];
    const entries = computeCoverage(rules, findings);
    expect(byControl(entries, 'API2:2023').findings).toEqual({ open: 2, suppressed: 2, total: 4 });
    expect(byControl(entries, 'API2:2023').worstSeverity).toBe('high');
    expect(byControl(entries, 'GDPR-32').findings).toEqual({ open: 2, suppressed: 1, total: 3 });
    expect(byControl(entries, 'GDPR-32').worstSeverity).toBe('high');
    expect(byControl(entries, 'API1:2023').findings.total).toBe(0);
  });

  it('leaves the worst severity unset when every finding is suppressed', () => {
    const entries = computeCoverage([], [finding('spec.x', ['API4:2023'], { status: 'suppressed', severity: 'critical' })]);
    expect(byControl(entries, 'API4:2023').findings).toEqual({ open: 0, suppressed: 1, total: 1 });
    expect(byControl(entries, 'API4:2023').worstSeverity).toBeUndefined();
  });

  it('counts a finding once per requirement, matches ids exactly, and ignores unknown controls', () => {
    const entries = computeCoverage(
      [rule('spec.x', ['API4:2023', 'API4:2023', 'NOT-A-CONTROL'])],
      [finding('spec.x', ['API4:2023', 'API4:2023', 'GDPR-32(1)(a)', 'NOT-A-CONTROL'], { severity: 'low' })],
    );
    expect(entries.map((e) => e.control)).toEqual(allRequirementIds());
    expect(byControl(entries, 'API4:2023').rules).toEqual(['spec.x']);
    expect(byControl(entries, 'API4:2023').findings.open).toBe(1);
    expect(byControl(entries, 'GDPR-32(1)(a)').findings.open).toBe(1);
    expect(byControl(entries, 'GDPR-32').findings.open).toBe(0);
  });
});
