import { describe, expect, it } from 'vitest';
import { WorkspaceError } from '../../../../../electron/node/workspace/workspace-error.js';
import { RUN_TIMES, createWorkspace, makeFinding, reopen, snapshot, specItem, tempWorkspacePath } from './workspace-fixtures.js';

describe('Workspace.transaction', () => {
  it('a failure mid-import leaves the file as it was: same rows, same log head', () => {
    const file = tempWorkspacePath();
    const ws = createWorkspace(file);
    ws.init({ name: 'Audit', auditor: 'alice' });
    const [existing] = ws.addEvidence([specItem('openapi: 3.0.3\n', 'old.yaml')], 'alice');
    ws.recordRun({ ...RUN_TIMES, catalogVersion: '2025.1', toolVersion: '0.1.0', evidenceIds: [existing!.id], findings: [makeFinding({ fingerprint: 'fp-old' })] });
    const before = snapshot(file);
    const headBefore = ws.listLog().at(-1)!.hash;

    const failure = new Error('model builder crashed');
    expect(() =>
      ws.transaction(() => {
        const added = ws.addEvidence([specItem('openapi: 3.1.0\n', 'new.yaml'), specItem('{"x":1}', 'gw.json')], 'alice');
        ws.saveModel(added[0]!.id, 'spec', '{"operations":[]}');
        ws.recordRun({
          ...RUN_TIMES,
          catalogVersion: '2025.1',
          toolVersion: '0.1.0',
          evidenceIds: added.map((a) => a.id),
          findings: [makeFinding({ fingerprint: 'fp-old' }), makeFinding({ fingerprint: 'fp-new' })],
        });
        ws.setTriage('fp-new', { status: 'false-positive', reason: 'test data', actor: 'alice' });
        throw failure;
      }),
    ).toThrow(failure);

    expect(snapshot(file)).toEqual(before);
    expect(ws.listLog().at(-1)!.hash).toBe(headBefore);
    expect(ws.verifyLog().ok).toBe(true);
    // The workspace is still usable and the next id is not burnt by the rolled-back insert.
    const [next] = ws.addEvidence([specItem('openapi: 3.1.0\n', 'new.yaml')], 'alice');
    expect(next).toEqual({ id: 2, sha256: expect.any(String), duplicate: false });
  });

  it('a successful transaction commits every part of the import', () => {
    const file = tempWorkspacePath();
    const ws = createWorkspace(file);
    const runId = ws.transaction(() => {
      const added = ws.addEvidence([specItem('openapi: 3.0.3\n')], 'alice');
      ws.saveModel(added[0]!.id, 'spec', '{}');
      return ws.recordRun({
        ...RUN_TIMES,
        catalogVersion: '2025.1',
        toolVersion: '0.1.0',
        evidenceIds: [added[0]!.id],
        findings: [makeFinding({ fingerprint: 'fp-1' })],
      });
    });
    ws.close();
    const again = reopen(file);
    expect(again.listRuns().map((r) => r.id)).toEqual([runId]);
    expect(again.listEvidence()).toHaveLength(1);
    expect(again.listFindings().map((f) => f.fingerprint)).toEqual(['fp-1']);
    expect(again.listLog().map((e) => e.action)).toEqual(['workspace.create', 'evidence.add', 'evidence.save-model', 'run.record']);
  });

  it('an error caught inside the transaction only undoes the failed call', () => {
    const ws = createWorkspace();
    ws.transaction(() => {
      ws.addEvidence([specItem('a')], 'alice');
      expect(() => ws.saveModel(99, 'spec', '{}')).toThrow(WorkspaceError);
      ws.addEvidence([specItem('b')], 'alice');
    });
    expect(ws.listEvidence()).toHaveLength(2);
    expect(ws.verifyLog()).toEqual({ ok: true, entries: 3, problems: [] });
  });

  it('refuses an async callback and keeps nothing it did synchronously', () => {
    const ws = createWorkspace();
    expect(() =>
      ws.transaction(() => {
        ws.addEvidence([specItem('a')], 'alice');
        return Promise.resolve();
      }),
    ).toThrow(/must be synchronous/);
    expect(ws.listEvidence()).toEqual([]);
  });
});
