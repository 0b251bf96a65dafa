import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../../../../shared/report/exports/audit-result.js';
import {
  EXPORT_FORMATS,
  formatAuditResult,
  toCsv,
  toJson,
  toJunit,
  toSarif,
} from '../../../../../shared/report/exports/index.js';

const RESULT: AuditResult = {
  tool: { name: 'Gatehouse', version: '0.1.0' },
  rules: [],
  coverage: [],
  findings: [
    {
      fingerprint: 'fp',
      ruleId: 'spec.auth.a',
      title: 'T',
      severity: 'high',
      confidence: 'confirmed',
      controls: ['API2:2023'],
      equivalents: [],
      source: 'spec',
      message: 'm',
      evidence: ['api.yaml'],
      locations: [{ file: 'api.yaml', line: 1, column: 1, pointer: '' }],
      endpoints: [],
      occurrences: 1,
      status: 'open',
      remediation: 'r',
    },
  ],
};

describe('formatAuditResult', () => {
  it('dispatches to each format', () => {
    expect(EXPORT_FORMATS).toEqual(['json', 'sarif', 'junit', 'csv']);
    expect(formatAuditResult(RESULT, 'json')).toBe(toJson(RESULT));
    expect(formatAuditResult(RESULT, 'sarif')).toBe(toSarif(RESULT));
    expect(formatAuditResult(RESULT, 'junit')).toBe(toJunit(RESULT));
    expect(formatAuditResult(RESULT, 'csv')).toBe(toCsv(RESULT));
  });

  it('returns non-empty text for every format', () => {
    for (const format of EXPORT_FORMATS) expect(formatAuditResult(RESULT, format).length).toBeGreaterThan(10);
  });
});
