import { describe, expect, it } from 'vitest';
import { RUN_TIMES, createWorkspace, makeFinding, reopen, specItem, tempWorkspacePath } from './workspace-fixtures.js';

describe('checklist answers', () => {
  it('stores, replaces and lists answers with the evidence they cite', () => {
    const file = tempWorkspacePath();
    const ws = createWorkspace(file);
    const [ev] = ws.addEvidence([specItem('policy\n', 'retention-policy.pdf')], 'alice');
    ws.answerChecklist('GDPR-32-encryption', 'partial', 'TLS yes, at rest unknown', 'alice', [ev!.id]);
    ws.answerChecklist('API9-inventory', 'yes', '', 'bob');
    ws.answerChecklist('GDPR-32-encryption', 'yes', 'KMS confirmed by client', 'bob', [ev!.id]);
    ws.close();

    const again = reopen(file);
    expect(again.listChecklistAnswers()).toEqual([
      { itemId: 'API9-inventory', answer: 'yes', note: '', evidenceIds: [], actor: 'bob', answeredAt: expect.any(String) },
      { itemId: 'GDPR-32-encryption', answer: 'yes', note: 'KMS confirmed by client', evidenceIds: [ev!.id], actor: 'bob', answeredAt: expect.any(String) },
    ]);
    expect(again.listLog().at(-1)).toMatchObject({
      action: 'checklist.answer',
      details: { itemId: 'GDPR-32-encryption', answer: 'yes', previous: { answer: 'partial', note: 'TLS yes, at rest unknown' } },
    });
  });

  it('rejects unknown answers and evidence that is not in the workspace', () => {
    const ws = createWorkspace();
    expect(() => ws.answerChecklist('x', 'maybe' as never, '', 'alice')).toThrow(/answer/);
    expect(() => ws.answerChecklist('x', 'yes', '', 'alice', [3])).toThrow(/no evidence with that id/);
    expect(ws.listChecklistAnswers()).toEqual([]);
  });
});

describe('reports', () => {
  it('records issued reports against a run', () => {
    const ws = createWorkspace();
    ws.init({ name: 'Audit', auditor: 'alice' });
    const runId = ws.recordRun({ ...RUN_TIMES, catalogVersion: '2025.1', toolVersion: '0.1.0', evidenceIds: [], findings: [makeFinding({ fingerprint: 'fp' })] });
    const id = ws.recordReport({
      fileName: 'acme-audit.pdf',
      sha256: 'ab'.repeat(32),
      signerFingerprint: 'SHA256:12:34',
      signerSubject: 'CN=Alice Auditor',
      runId,
      createdAt: '2025-03-02T12:00:00+01:00',
    });
    ws.recordReport({ fileName: 'draft.pdf', sha256: 'cd'.repeat(32), runId });
    expect(ws.listReports()).toEqual([
      { id, createdAt: '2025-03-02T11:00:00.000Z', fileName: 'acme-audit.pdf', sha256: 'ab'.repeat(32), signerFingerprint: 'SHA256:12:34', signerSubject: 'CN=Alice Auditor', runId },
      { id: id + 1, createdAt: expect.any(String), fileName: 'draft.pdf', sha256: 'cd'.repeat(32), signerFingerprint: null, signerSubject: null, runId },
    ]);
    expect(ws.listLog().at(-1)).toMatchObject({ action: 'report.record', actor: 'alice', details: { fileName: 'draft.pdf', runId } });
    expect(() => ws.recordReport({ fileName: 'x.pdf', sha256: 'AB'.repeat(32), runId })).toThrow(/sha256/);
    expect(() => ws.recordReport({ fileName: 'x.pdf', sha256: 'ab'.repeat(32), runId: runId + 1 })).toThrow(/no run with that id/);
    expect(ws.listReports()).toHaveLength(2);
  });
});
