import { describe, expect, it } from 'vitest';
import { OWASP_API_2023 } from '../../../../shared/controls/index.js';
import { buildReport, cleanExcerptLine } from '../../../../shared/report/build-report.js';
import { CHECKLIST } from '../../../../shared/report/checklist.js';
import { GDPR_VERDICTS, REPORT_SECTIONS } from '../../../../shared/report/report-content.js';
import { inventoryFromSummaries } from '../../../../shared/inventory/from-summaries.js';
import type { TrafficSummary } from '../../../../shared/model/traffic.js';
import { renderReportHtml } from '../../../../shared/report/html.js';
import { finding, reportInput } from './report-fixtures.js';

const SPEC_MODEL = { evidence: 'api.yaml', kind: 'spec', model: { spec: { operations: [{ method: 'get', path: '/users/{id}', auth: 'required' }] } } };
const GATEWAY_MODEL = {
  evidence: 'kong.yaml',
  kind: 'gateway',
  model: {
    gateway: {
      product: 'kong',
      routes: [
        {
          id: 'r1',
          name: 'users',
          methods: ['GET'],
          pathTemplate: '/users/{id}',
          controls: { authentication: [{ kind: 'key-auth', origin: { scope: 'route' } }], rateLimits: [], logging: [] },
        },
      ],
    },
  },
};

function trafficSummary(): TrafficSummary {
  return {
    file: 'access.log',
    files: ['access.log'],
    formatLabel: 'Apache/NGINX combined',
    span: { first: '2025-03-01T10:00:00.000Z', last: '2025-03-02T10:00:00.000Z', firstLine: 1, lastLine: 120, days: 1 },
    volume: { requests: 120, bytesIn: 0, bytesOut: 0, byClass: { '1xx': 0, '2xx': 100, '3xx': 0, '4xx': 15, '5xx': 5, other: 0 }, byMethod: {}, byDay: {} },
    topCallers: [{ caller: '#3f9a01', kind: 'ip', count: 80, errors: 4, peakPerMinute: 10, samples: [1] }],
    privacy: { pseudonymized: true, maskedUrls: true, note: 'Client IPs are keyed hashes.' },
  } as unknown as TrafficSummary;
}

describe('buildReport', () => {
  it('fills the cover, metadata and every section by default', () => {
    const report = buildReport(reportInput());
    expect(report.sections).toEqual(REPORT_SECTIONS.filter((s) => s !== 'owasp-llm'));
    expect(report.cover).toMatchObject({
      auditName: 'Acme API audit',
      client: 'Acme',
      auditor: 'Alice Auditor',
      period: '2025-03-01 to 2025-03-31',
      reportId: '00000000-0000-4000-8000-000000000001',
      workspaceSchema: 2,
      catalogVersion: '2026.11.0',
      tool: 'gatehouse 0.1.0',
      classification: 'confidential',
      logHead: { count: 9, hash: 'cd'.repeat(32) },
    });
    expect(report.cover.run?.id).toBe(3);
    expect(report.metadata.title).toBe('Acme API audit: audit report');
    expect(report.metadata.author).toBe('Alice Auditor');
    expect(report.metadata.subject).toContain('Acme');
  });

  it('counts findings by severity and status and says the posture in plain words', () => {
    const { summary } = buildReport(reportInput());
    expect(summary.totals).toMatchObject({ findings: 4, open: 2, notOpen: 2, evidenceFiles: 1 });
    expect(summary.bySeverity.find((r) => r.severity === 'high')).toMatchObject({ open: 1, acceptedRisk: 1, total: 2 });
    expect(summary.bySeverity.find((r) => r.severity === 'low')).toMatchObject({ open: 0, falsePositive: 1, total: 1 });
    expect(summary.byStatus).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 'open', count: 2 }),
        expect.objectContaining({ status: 'accepted-risk', count: 1 }),
        expect.objectContaining({ status: 'false-positive', count: 1 }),
      ]),
    );
    expect(summary.headline).toMatch(/^Significant weaknesses: no critical findings, but 1 high-severity finding is open/);
    expect(summary.paragraphs.join(' ')).toContain('2 open, 1 accepted as risk, 1 marked false positive and 0 suppressed');
    expect(summary.categories.map((c) => c.control)).toEqual(OWASP_API_2023.requirements.map((r) => r.id));
    expect(summary.categories.find((c) => c.control === 'API2:2023')?.open).toBe(1);
    expect(summary.topIssues[0]).toMatchObject({ ruleId: 'spec.auth.api-key-in-query', severity: 'high', open: 1 });
  });

  it('changes the headline with the worst open severity', () => {
    const critical = buildReport(reportInput({ findings: [finding({ fingerprint: 'x', severity: 'critical' })] }));
    expect(critical.summary.headline).toMatch(/^Serious weaknesses: 1 critical finding is open/);
    const none = buildReport(reportInput({ findings: [] }));
    expect(none.summary.headline).toBe('No open findings in the evidence examined.');
    expect(none.summary.paragraphs.join(' ')).toContain('does not show that the API is secure');
    const noRun = buildReport(reportInput({ run: null, findings: [] }));
    expect(noRun.summary.headline).toMatch(/No audit has been run/);
  });

  it('lists open findings by severity, grouped by rule, numbered in report order, with excerpts', () => {
    const report = buildReport(reportInput());
    expect(report.findings.map((g) => [g.key, g.count])).toEqual([
      ['high', 1],
      ['medium', 1],
    ]);
    const [high, medium] = report.findings;
    expect(high!.rules[0]!.findings[0]).toMatchObject({
      ref: 'F-0001',
      ruleId: 'spec.auth.api-key-in-query',
      status: 'open',
      controls: [
        { id: 'API2:2023', title: 'Broken Authentication' },
        { id: 'GDPR-32', title: 'Security of processing' },
      ],
      endpoints: ['GET /reports/export'],
    });
    // The excerpt around line 12: tab expanded, control character dropped.
    expect(high!.rules[0]!.findings[0]!.excerpts).toEqual([
      { file: 'api.yaml', line: 12, startLine: 10, lines: ['line 10', 'line 11', '  apiKeyQuery:', 'line 13', 'line 14'] },
    ]);
    // Three locations, two excerpts by default; every location kept.
    const pii = medium!.rules[0]!.findings[0]!;
    expect(pii.ref).toBe('F-0002');
    expect(pii.locations).toHaveLength(3);
    expect(pii.excerpts.map((e) => e.line)).toEqual([20, 25]);
  });

  it('keeps suppressed, false-positive and accepted findings in their own section with reason and expiry', () => {
    const report = buildReport(reportInput());
    expect(report.notOpen.map((g) => [g.key, g.count])).toEqual([
      ['accepted-risk', 1],
      ['false-positive', 1],
    ]);
    expect(report.notOpen[0]!.rules[0]!.findings[0]).toMatchObject({ ref: 'F-0003', status: 'accepted-risk', statusReason: 'Internal partner only', expires: '2025-12-31' });
    expect(report.notOpen[1]!.rules[0]!.findings[0]).toMatchObject({ ref: 'F-0004', status: 'false-positive', statusReason: 'Not a server' });
  });

  it('fills the OWASP API matrix for every category, with rules, counts and manual checks', () => {
    const { owaspApi } = buildReport(reportInput());
    expect(owaspApi.rows).toHaveLength(10);
    expect(owaspApi.rows.find((r) => r.control === 'API2:2023')).toMatchObject({
      rules: ['spec.auth.api-key-in-query'],
      open: 1,
      notOpen: 1,
      worstSeverity: 'high',
      assessment: '1 open finding',
    });
    expect(owaspApi.rows.find((r) => r.control === 'API9:2023')).toMatchObject({ open: 0, notOpen: 1, assessment: 'no open findings (others triaged)' });
    expect(owaspApi.rows.find((r) => r.control === 'API6:2023')).toMatchObject({
      rules: [],
      assessment: 'no automated check: manual review',
      manual: [{ id: 'chk.api6.business-flows', answer: null }],
    });
  });

  it('includes the LLM Top 10 only when AI findings or endpoints exist', () => {
    expect(buildReport(reportInput()).owaspLlm).toBeNull();
    const withAi = buildReport(reportInput({ findings: [finding({ fingerprint: 'ai', controls: ['LLM10:2025'] })] }));
    expect(withAi.owaspLlm?.rows).toHaveLength(10);
    expect(withAi.sections).toContain('owasp-llm');
    expect(withAi.summary.categories.some((c) => c.control === 'LLM10:2025')).toBe(true);
    expect(buildReport(reportInput({ aiEndpoints: ['POST /v1/chat/completions'] })).owaspLlm).not.toBeNull();
  });

  it('marks each GDPR article supports, contradicts or insufficient evidence, never compliant', () => {
    const { gdpr } = buildReport(reportInput());
    const row = (article: string) => gdpr.rows.find((r) => r.article === article)!;
    // An open finding contradicts; the accepted risk is listed too.
    expect(row('GDPR-32')).toMatchObject({ verdict: 'contradicts' });
    expect(row('GDPR-32').contradicting[0]).toContain('1 open finding, 1 accepted risk');
    // A "yes" checklist answer supports, a "no" contradicts.
    expect(row('GDPR-33')).toMatchObject({ verdict: 'supports', supporting: ['Manual check "Breach detection and notification" answered yes: Runbook IR-7'] });
    expect(row('GDPR-35')).toMatchObject({ verdict: 'contradicts', contradicting: ['Manual check "Data protection impact assessment" answered no: No DPIA yet'] });
    // A mapped rule that ran and found nothing open (its finding is a false positive) supports.
    expect(row('GDPR-30').verdict).toBe('supports');
    expect(row('GDPR-30').supporting[0]).toContain('spec.api9.server-environment');
    // Nothing bears on it.
    expect(row('GDPR-44').verdict).toBe('insufficient evidence');
    for (const r of gdpr.rows) {
      expect(GDPR_VERDICTS).toContain(r.verdict);
      expect(r.limits).not.toBe('');
    }
    expect(gdpr.note.join(' ')).toMatch(/never shows that processing meets the Regulation/);
    expect(JSON.stringify(buildReport(reportInput()))).not.toMatch(/\bcompliant\b/i);
  });

  it('without a run, automated checks support nothing', () => {
    const { gdpr } = buildReport(reportInput({ run: null, findings: [] }));
    expect(gdpr.rows.find((r) => r.article === 'GDPR-30')?.verdict).toBe('insufficient evidence');
  });

  it('lists every shipped checklist item with its answer, and keeps answers to unknown items', () => {
    const { checklist } = buildReport(
      reportInput({
        checklistAnswers: [
          { itemId: 'chk.gdpr-33.incident-response', answer: 'partial', note: 'Draft', actor: 'bob', answeredAt: '2025-03-02T09:00:00Z' },
          { itemId: 'custom.item', answer: 'yes', note: '', actor: 'bob', answeredAt: '2025-03-02T09:00:00Z' },
        ],
      }),
    );
    expect(checklist.total).toBe(CHECKLIST.length + 1);
    expect(checklist.answered).toBe(2);
    expect(checklist.rows.find((r) => r.id === 'chk.gdpr-33.incident-response')).toMatchObject({ answer: 'partial', note: 'Draft', actor: 'bob', known: true });
    expect(checklist.rows.at(-1)).toMatchObject({ id: 'custom.item', known: false });
  });

  it('lists the evidence manifest, the methodology and the rule catalog', () => {
    const report = buildReport(reportInput());
    expect(report.evidence).toEqual([{ id: 1, name: 'api.yaml', kind: 'spec', format: 'openapi-3.0', size: 300, sha256: 'ab'.repeat(32), importedAt: '2025-03-02T08:59:00.000Z', inRun: true }]);
    expect(report.methodology.map((m) => m.heading)).toContain('Integrity and verification');
    expect(report.rules.map((r) => r.id)).toEqual(['spec.api9.server-environment', 'spec.auth.api-key-in-query', 'spec.data.personal-data-in-url']);
  });

  it('honours the section list and the classification override', () => {
    const report = buildReport(reportInput({ options: { sections: ['findings', 'summary'], classification: 'Strictly confidential' } }));
    expect(report.sections).toEqual(['summary', 'findings']);
    expect(report.classification).toBe('Strictly confidential');
    expect(report.cover.classification).toBe('Strictly confidential');
  });

  it('leaves out inventory and traffic without gateway or traffic evidence', () => {
    const plain = buildReport(reportInput());
    expect(plain.inventory).toBeNull();
    expect(plain.traffic).toBeNull();
    const specOnly = buildReport(reportInput({ inventory: inventoryFromSummaries([SPEC_MODEL]), traffic: [] }));
    expect(specOnly.inventory).toBeNull();
    expect(specOnly.traffic).toBeNull();
  });

  it('lists the inventory with flags and controls in force when the run has a gateway', () => {
    const report = buildReport(reportInput({ inventory: inventoryFromSummaries([SPEC_MODEL, GATEWAY_MODEL]) }));
    expect(report.inventory?.sources.gateways).toEqual(['kong.yaml (kong, 1 route)']);
    expect(report.inventory?.counts).toMatchObject({ endpoints: 1, documented: 1, exposed: 1, documentedAndExposed: 1, observed: null });
    expect(report.inventory?.rows).toEqual([
      { endpoint: 'GET /users/{id}', hosts: [], documented: true, exposed: true, observed: null, auth: 'key-auth', rateLimit: 'none', sizeLimit: 'none', cors: 'none', logging: 'none' },
    ]);
    expect(report.traffic).toBeNull();
    // With the evidence chapter left out, so is the inventory.
    expect(buildReport(reportInput({ inventory: inventoryFromSummaries([SPEC_MODEL, GATEWAY_MODEL]), options: { sections: ['summary'] } })).inventory).toBeNull();
  });

  it('describes each traffic file with its span, volume, top callers and traffic detections', () => {
    const detection = finding({ fingerprint: 't1', ruleId: 'traffic.auth.brute-force', title: 'Brute force', source: 'traffic', severity: 'high', evidence: ['access.log'], locations: [{ file: 'access.log', line: 7, column: 1, pointer: '' }] });
    const report = buildReport(reportInput({ findings: [...reportInput().findings, detection], inventory: inventoryFromSummaries([SPEC_MODEL]), traffic: [trafficSummary()] }));
    expect(report.inventory?.sources.traffic).toEqual(['access.log (120 requests)']);
    expect(report.traffic).toHaveLength(1);
    const [file] = report.traffic!;
    expect(file).toMatchObject({
      file: 'access.log',
      span: { first: '2025-03-01T10:00:00.000Z', last: '2025-03-02T10:00:00.000Z', days: 1 },
      requests: 120,
      byClass: { '2xx': 100, '4xx': 15, '5xx': 5 },
      topCallers: [{ caller: '#3f9a01', kind: 'ip', requests: 80, errors: 4 }],
      pseudonymized: true,
    });
    expect(file!.detections).toEqual([expect.objectContaining({ ruleId: 'traffic.auth.brute-force', severity: 'high', status: 'open', ref: expect.stringMatching(/^F-\d{4}$/) })]);
    // The HTML export lists both in its contents, before the evidence manifest.
    const html = renderReportHtml(buildReport(reportInput({ inventory: inventoryFromSummaries([SPEC_MODEL, GATEWAY_MODEL]), traffic: [trafficSummary()] })));
    expect(html).toContain('<li><a href="#inventory">Inventory</a></li><li><a href="#traffic">Traffic</a></li><li><a href="#evidence">');
    expect(html).toContain('GET /users/{id}');
    expect(html).toContain('#3f9a01');
  });

  it('keeps one excerpt per finding in large audits', () => {
    const many = Array.from({ length: 1_001 }, (_, i) => finding({ fingerprint: `f${i}`, locations: [{ file: 'api.yaml', line: 5, column: 1, pointer: '' }, { file: 'api.yaml', line: 9, column: 1, pointer: '' }] }));
    const report = buildReport(reportInput({ findings: many }));
    expect(report.excerptsPerFinding).toBe(1);
    expect(report.findings[0]!.rules[0]!.findings.every((f) => f.excerpts.length === 1)).toBe(true);
    expect(report.findings[0]!.rules[0]!.findings.at(-1)!.ref).toBe('F-1001');
  });
});

describe('cleanExcerptLine', () => {
  it('expands tabs, drops control characters and trailing space, cuts long lines', () => {
    expect(cleanExcerptLine('\ta:\u0000 b  ', 80)).toBe('  a: b');
    expect(cleanExcerptLine('x'.repeat(10), 5)).toBe('xxxx…');
  });
});
