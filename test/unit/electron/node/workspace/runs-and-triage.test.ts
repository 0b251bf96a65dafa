import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../../shared/model/finding.js';
import type { Workspace } from '../../../../../electron/node/workspace/workspace.js';
import { RUN_TIMES, createWorkspace, makeFinding, rawConnection, reopen, specItem, tempWorkspacePath } from './workspace-fixtures.js';

function run(ws: Workspace, findings: Finding[], evidenceIds: number[] = []) {
  return ws.recordRun({ ...RUN_TIMES, catalogVersion: '2025.1', toolVersion: '0.1.0', evidenceIds, findings });
}

const byFingerprint = (findings: Finding[]) => Object.fromEntries(findings.map((f) => [f.fingerprint, f]));

describe('recordRun', () => {
  it('keeps one row per fingerprint with its first and last run, and each run its own set', () => {
    const file = tempWorkspacePath();
    const ws = createWorkspace(file);
    const [ev] = ws.addEvidence([specItem('openapi: 3.0.3\n')], 'alice');
    const run1 = run(ws, [makeFinding({ fingerprint: 'a' }), makeFinding({ fingerprint: 'b', severity: 'low' })], [ev!.id]);
    const run2 = run(ws, [
      makeFinding({ fingerprint: 'b', severity: 'low', occurrences: 3 }),
      makeFinding({ fingerprint: 'c', severity: 'critical', status: 'suppressed', statusReason: 'x-gatehouse-ignore: public health check' }),
    ]);

    const raw = rawConnection(file);
    expect(raw.prepare('SELECT fingerprint, first_run_id, last_run_id, occurrences, suppression_reason FROM findings ORDER BY fingerprint').all()).toEqual([
      { fingerprint: 'a', first_run_id: run1, last_run_id: run1, occurrences: 1, suppression_reason: null },
      { fingerprint: 'b', first_run_id: run1, last_run_id: run2, occurrences: 3, suppression_reason: null },
      { fingerprint: 'c', first_run_id: run2, last_run_id: run2, occurrences: 1, suppression_reason: 'x-gatehouse-ignore: public health check' },
    ]);
    expect(raw.prepare('SELECT run_id, fingerprint FROM run_findings ORDER BY run_id, fingerprint').all()).toEqual([
      { run_id: run1, fingerprint: 'a' },
      { run_id: run1, fingerprint: 'b' },
      { run_id: run2, fingerprint: 'b' },
      { run_id: run2, fingerprint: 'c' },
    ]);
    raw.close();

    expect(ws.listFindings().map((f) => f.fingerprint)).toEqual(['b', 'c']);
    // An old run's list is what that run reported, even after the finding changed.
    expect(ws.listFindings(run1).map((f) => [f.fingerprint, f.occurrences])).toEqual([['a', 1], ['b', 1]]);
    expect(ws.listRuns()).toEqual([
      expect.objectContaining({ id: run1, evidenceIds: [ev!.id], summary: { total: 2, bySeverity: { critical: 0, high: 1, medium: 0, low: 1, info: 0 }, suppressed: 0, new: 2 } }),
      expect.objectContaining({ id: run2, evidenceIds: [], summary: { total: 2, bySeverity: { critical: 1, high: 0, medium: 0, low: 1, info: 0 }, suppressed: 1, new: 1 } }),
    ]);
    expect(ws.listFindings().find((f) => f.fingerprint === 'c')).toMatchObject({ status: 'suppressed', statusReason: 'x-gatehouse-ignore: public health check' });
  });

  it('returns no findings before any run and refuses an unknown run or evidence', () => {
    const ws = createWorkspace();
    expect(ws.listFindings()).toEqual([]);
    expect(() => ws.listFindings(5)).toThrow(/no run with that id/);
    expect(() => run(ws, [], [9])).toThrow(/no evidence with that id/);
  });

  it('rejects runs the engine could not have produced', () => {
    const ws = createWorkspace();
    expect(() => run(ws, [makeFinding({ fingerprint: 'a' }), makeFinding({ fingerprint: 'a' })])).toThrow(/appears more than once/);
    expect(() => run(ws, [makeFinding({ fingerprint: 'a', status: 'false-positive' })])).toThrow(/setTriage/);
    expect(() => run(ws, [makeFinding({ fingerprint: 'a', severity: 'urgent' as never })])).toThrow(/findings\.0\.severity/);
    expect(() =>
      ws.recordRun({ catalogVersion: '1', toolVersion: '1', startedAt: '2025-03-02T00:00:00Z', endedAt: '2025-03-01T00:00:00Z', evidenceIds: [], findings: [] }),
    ).toThrow(/endedAt is before startedAt/);
    expect(ws.listRuns()).toEqual([]);
  });
});

describe('triage', () => {
  it('survives a re-run with the same fingerprints and a reopen of the file', () => {
    const file = tempWorkspacePath();
    const ws = createWorkspace(file);
    run(ws, [makeFinding({ fingerprint: 'fp-1' }), makeFinding({ fingerprint: 'fp-2' }), makeFinding({ fingerprint: 'fp-3' })]);
    ws.setTriage('fp-1', { status: 'false-positive', reason: 'key is a public demo key', actor: 'alice' });
    ws.setTriage('fp-2', { status: 'accepted-risk', reason: 'legacy clients until Q3', expires: '2025-09-30', actor: 'bob' });
    ws.close();

    const again = reopen(file);
    run(again, [makeFinding({ fingerprint: 'fp-3' }), makeFinding({ fingerprint: 'fp-2' }), makeFinding({ fingerprint: 'fp-1' })]);
    const findings = byFingerprint(again.listFindings(undefined, '2025-06-01'));
    expect(findings['fp-1']).toMatchObject({ status: 'false-positive', statusReason: 'key is a public demo key' });
    expect(findings['fp-2']).toMatchObject({ status: 'accepted-risk', statusReason: 'legacy clients until Q3', expires: '2025-09-30' });
    expect(findings['fp-3']).toMatchObject({ status: 'open' });
    expect(findings['fp-3']).not.toHaveProperty('statusReason');
    expect(again.getTriage().get('fp-2')).toEqual({
      fingerprint: 'fp-2',
      status: 'accepted-risk',
      reason: 'legacy clients until Q3',
      expires: '2025-09-30',
      actor: 'bob',
      updatedAt: expect.any(String),
    });
  });

  it('reopens an accepted risk after its expiry date, saying when it expired', () => {
    const ws = createWorkspace();
    run(ws, [makeFinding({ fingerprint: 'fp-1' })]);
    ws.setTriage('fp-1', { status: 'accepted-risk', reason: 'fix scheduled', expires: '2025-03-31', actor: 'bob' });
    expect(ws.listFindings(undefined, '2025-03-31')[0]).toMatchObject({ status: 'accepted-risk', expires: '2025-03-31' });
    const reopened = ws.listFindings(undefined, '2025-04-01')[0]!;
    expect(reopened.status).toBe('open');
    expect(reopened.statusReason).toContain('expired on 2025-03-31');
    expect(reopened.expires).toBe('2025-03-31');
  });

  it('keeps in-spec suppressions unless the auditor decides otherwise', () => {
    const ws = createWorkspace();
    const suppressed = (fp: string) => makeFinding({ fingerprint: fp, status: 'suppressed', statusReason: 'x-gatehouse-ignore: health check' });
    run(ws, [suppressed('s-1'), suppressed('s-2'), suppressed('s-3')]);
    ws.setTriage('s-2', { status: 'confirmed', reason: 'health check leaks build info', actor: 'alice' });
    ws.setTriage('s-3', { status: 'false-positive', reason: 'not reachable', actor: 'alice' });
    const findings = byFingerprint(ws.listFindings(undefined, '2025-06-01'));
    expect(findings['s-1']).toMatchObject({ status: 'suppressed', statusReason: 'x-gatehouse-ignore: health check' });
    expect(findings['s-2']!.status).toBe('open');
    expect(findings['s-2']).not.toHaveProperty('statusReason');
    expect(findings['s-3']).toMatchObject({ status: 'false-positive', statusReason: 'not reachable' });
  });

  it('applyTriage works on findings straight from the engine and leaves the input untouched', () => {
    const ws = createWorkspace();
    run(ws, [makeFinding({ fingerprint: 'fp-1' })]);
    ws.setTriage('fp-1', { status: 'false-positive', reason: 'mock server', actor: 'alice' });
    const input = [makeFinding({ fingerprint: 'fp-1' }), makeFinding({ fingerprint: 'never-triaged' })];
    const out = ws.applyTriage(input, '2025-06-01');
    expect(out.map((f) => f.status)).toEqual(['false-positive', 'open']);
    expect(input[0]!.status).toBe('open');
    expect(() => ws.applyTriage(input, '01/06/2025')).toThrow(/today/);
  });

  it('requires a reason for false-positive and accepted-risk, and a known fingerprint', () => {
    const file = tempWorkspacePath();
    const ws = createWorkspace(file);
    run(ws, [makeFinding({ fingerprint: 'fp-1' })]);
    expect(() => ws.setTriage('fp-1', { status: 'false-positive', reason: '  ', actor: 'alice' })).toThrow(/reason is required/);
    expect(() => ws.setTriage('fp-1', { status: 'accepted-risk', actor: 'alice' })).toThrow(/reason is required/);
    expect(() => ws.setTriage('fp-1', { status: 'confirmed', reason: 'x', expires: '2025-01-01', actor: 'alice' })).toThrow(/only an accepted-risk/);
    const unknown = () => ws.setTriage('nope', { status: 'confirmed', actor: 'alice' });
    expect(unknown).toThrow(/cannot triage nope: no finding with that fingerprint/);
    expect(unknown).toThrow(file);
    expect(ws.getTriage().size).toBe(0);
    // Confirming needs no reason.
    ws.setTriage('fp-1', { status: 'confirmed', actor: 'alice' });
    expect(ws.getTriage().get('fp-1')?.status).toBe('confirmed');
  });

  it('logs each decision with the one it replaced', () => {
    const ws = createWorkspace();
    run(ws, [makeFinding({ fingerprint: 'fp-1' })]);
    ws.setTriage('fp-1', { status: 'accepted-risk', reason: 'until fix', expires: '2025-05-01', actor: 'bob' });
    ws.setTriage('fp-1', { status: 'open', actor: 'alice' });
    const entries = ws.listLog().filter((e) => e.action === 'triage.set');
    expect(entries.map((e) => [e.actor, e.details])).toEqual([
      ['bob', { fingerprint: 'fp-1', ruleId: 'spec.auth.api-key-in-query', status: 'accepted-risk', reason: 'until fix', expires: '2025-05-01', previous: null }],
      [
        'alice',
        {
          fingerprint: 'fp-1',
          ruleId: 'spec.auth.api-key-in-query',
          status: 'open',
          reason: '',
          expires: null,
          previous: { status: 'accepted-risk', reason: 'until fix', expires: '2025-05-01' },
        },
      ],
    ]);
    expect(ws.listFindings(undefined, '2025-04-01')[0]!.status).toBe('open');
  });
});
