/** Inputs for the pure report builder: findings, rules, evidence and answers in memory. */
import type { Finding } from '../../../../shared/model/finding.js';
import type { RuleMeta } from '../../../../shared/model/rule.js';
import type { ReportInput } from '../../../../shared/report/build-report.js';

export function finding(overrides: Partial<Finding> & { fingerprint: string }): Finding {
  return {
    ruleId: 'spec.auth.api-key-in-query',
    title: 'API key sent in the query string',
    severity: 'high',
    confidence: 'confirmed',
    controls: ['API2:2023', 'GDPR-32'],
    equivalents: [],
    source: 'spec',
    message: 'API key scheme `apiKeyQuery` is sent in the query parameter `api_key`.',
    evidence: ['api.yaml'],
    locations: [{ file: 'api.yaml', line: 12, column: 5, pointer: '/components/securitySchemes/apiKeyQuery' }],
    endpoints: ['GET /reports/export'],
    occurrences: 1,
    status: 'open',
    remediation: 'Accept the key in a header.',
    ...overrides,
  };
}

export const RULES: RuleMeta[] = [
  {
    id: 'spec.auth.api-key-in-query',
    title: 'API key sent in the query string',
    severity: 'high',
    confidence: 'confirmed',
    source: 'spec',
    controls: ['API2:2023', 'GDPR-32'],
    equivalents: [],
    rationale: 'Query strings end up in logs.',
    remediation: 'Accept the key in a header.',
  },
  {
    id: 'spec.data.personal-data-in-url',
    title: 'Personal data in the URL',
    severity: 'medium',
    confidence: 'likely',
    source: 'spec',
    controls: ['GDPR-5(1)(c)', 'GDPR-25'],
    equivalents: [],
    rationale: 'URLs are logged.',
    remediation: 'Move it to the body.',
  },
  {
    id: 'spec.api9.server-environment',
    title: 'Non-production server listed',
    severity: 'low',
    confidence: 'likely',
    source: 'spec',
    controls: ['API9:2023', 'GDPR-30'],
    equivalents: [],
    rationale: 'Inventory.',
    remediation: 'Remove it.',
  },
];

/** 30 lines: "line 1" … "line 30", with a tab and a control character on line 12. */
export const API_LINES = Array.from({ length: 30 }, (_, i) => (i === 11 ? '\tapiKeyQuery:\u0007' : `line ${i + 1}`));

export function reportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    reportId: '00000000-0000-4000-8000-000000000001',
    generatedAt: '2025-03-02T10:00:00.000Z',
    tool: { name: 'gatehouse', version: '0.1.0' },
    catalogVersion: '2026.11.0',
    workspace: {
      id: '11111111-2222-4333-8444-555555555555',
      name: 'Acme API audit',
      client: 'Acme',
      auditor: 'Alice Auditor',
      scope: 'Public API v2',
      periodStart: '2025-03-01',
      periodEnd: '2025-03-31',
      classification: 'confidential',
      schemaVersion: 2,
    },
    run: { id: 3, startedAt: '2025-03-02T09:00:00.000Z', endedAt: '2025-03-02T09:00:05.000Z', catalogVersion: '2026.11.0', toolVersion: '0.1.0', evidenceIds: [1] },
    findings: [
      finding({ fingerprint: 'a1' }),
      finding({
        fingerprint: 'b2',
        ruleId: 'spec.data.personal-data-in-url',
        title: 'Personal data in the URL',
        severity: 'medium',
        controls: ['GDPR-5(1)(c)', 'GDPR-25'],
        locations: [
          { file: 'api.yaml', line: 20, column: 3, pointer: '/paths/a' },
          { file: 'api.yaml', line: 25, column: 3, pointer: '/paths/b' },
          { file: 'api.yaml', line: 28, column: 3, pointer: '/paths/c' },
        ],
      }),
      finding({ fingerprint: 'c3', severity: 'high', status: 'accepted-risk', statusReason: 'Internal partner only', expires: '2025-12-31' }),
      finding({ fingerprint: 'd4', severity: 'low', ruleId: 'spec.api9.server-environment', title: 'Non-production server listed', controls: ['API9:2023', 'GDPR-30'], status: 'false-positive', statusReason: 'Not a server' }),
    ],
    rules: RULES,
    evidence: [{ id: 1, name: 'api.yaml', kind: 'spec', format: 'openapi-3.0', size: 300, sha256: 'ab'.repeat(32), importedAt: '2025-03-02T08:59:00.000Z' }],
    checklistAnswers: [
      { itemId: 'chk.gdpr-33.incident-response', answer: 'yes', note: 'Runbook IR-7', actor: 'alice', answeredAt: '2025-03-02T09:30:00.000Z' },
      { itemId: 'chk.gdpr-35.dpia', answer: 'no', note: 'No DPIA yet', actor: 'alice', answeredAt: '2025-03-02T09:31:00.000Z' },
    ],
    logHead: { count: 9, hash: 'cd'.repeat(32) },
    excerpt: (file, line) => (file === 'api.yaml' ? { startLine: Math.max(1, line - 2), lines: API_LINES.slice(Math.max(0, line - 3), line + 2) } : null),
    ...overrides,
  };
}
