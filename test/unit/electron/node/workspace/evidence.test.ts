import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WorkspaceError } from '../../../../../electron/node/workspace/workspace-error.js';
import { createWorkspace, rawConnection, reopen, specItem, tempWorkspacePath } from './workspace-fixtures.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('evidence', () => {
  it('stores the same bytes once, across calls and within one batch', () => {
    const file = tempWorkspacePath();
    const ws = createWorkspace(file);
    const first = ws.addEvidence([specItem('openapi: 3.0.3\n', 'a.yaml'), specItem('swagger: "2.0"\n', 'b.yaml')], 'alice');
    expect(first).toEqual([
      { id: 1, sha256: sha('openapi: 3.0.3\n'), duplicate: false },
      { id: 2, sha256: sha('swagger: "2.0"\n'), duplicate: false },
    ]);

    // Same content under another name, a new file, and the new file again in the same batch.
    const second = ws.addEvidence(
      [specItem('openapi: 3.0.3\n', 'copy-of-a.yaml'), specItem('new: true\n', 'c.yaml'), specItem('new: true\n', 'c-again.yaml')],
      'bob',
    );
    expect(second).toEqual([
      { id: 1, sha256: sha('openapi: 3.0.3\n'), duplicate: true },
      { id: 3, sha256: sha('new: true\n'), duplicate: false },
      { id: 3, sha256: sha('new: true\n'), duplicate: true },
    ]);
    expect(ws.listEvidence().map((e) => e.name)).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
    const raw = rawConnection(file);
    expect(raw.prepare('SELECT count(*) AS n FROM evidence').get()).toEqual({ n: 3 });
    raw.close();
    expect(ws.listLog().at(-1)).toMatchObject({
      action: 'evidence.add',
      actor: 'bob',
      details: { items: [{ id: 1, duplicate: true }, { id: 3, duplicate: false }, { id: 3, duplicate: true }] },
    });
  });

  it('gives back the exact bytes and lists evidence without them', () => {
    const file = tempWorkspacePath();
    const ws = createWorkspace(file);
    const bytes = Buffer.from([0, 255, 1, 254, 0x0d, 0x0a, 0xc3, 0x28]);
    const [added] = ws.addEvidence(
      [
        {
          name: 'capture.har',
          kind: 'traffic',
          format: 'har-1.2',
          bytes,
          parseStatus: 'partial',
          parseErrors: [{ message: 'entry 3 has no response', pointer: '/log/entries/3' }],
        },
      ],
      'alice',
    );
    ws.close();
    const again = reopen(file);
    expect(Buffer.compare(again.getEvidenceBytes(added!.id), bytes)).toBe(0);
    const [listed] = again.listEvidence();
    expect(listed).toEqual({
      id: added!.id,
      name: 'capture.har',
      kind: 'traffic',
      format: 'har-1.2',
      size: 8,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      importedAt: expect.any(String),
      importedBy: 'alice',
      parseStatus: 'partial',
      parseErrors: [{ message: 'entry 3 has no response', pointer: '/log/entries/3' }],
      hasModel: false,
    });
    expect(listed).not.toHaveProperty('bytes');
    expect(() => again.getEvidenceBytes(42)).toThrow(/no evidence with id 42/);
  });

  it('rejects invalid items before storing any of the batch', () => {
    const ws = createWorkspace();
    expect(() => ws.addEvidence([specItem('ok\n'), { ...specItem('bad\n'), kind: 'pdf' as never }], 'alice')).toThrow(
      /invalid evidence: 1\.kind/,
    );
    expect(() =>
      ws.addEvidence([{ ...specItem('x'), parseStatus: 'error', parseErrors: [] }], 'alice'),
    ).toThrow(/at least one parse error/);
    expect(() => ws.addEvidence([specItem('x')], '')).toThrow(WorkspaceError);
    expect(ws.listEvidence()).toEqual([]);
    expect(ws.listLog()).toHaveLength(1);
  });

  it('saves, replaces and returns the normalized model of an evidence file', () => {
    const ws = createWorkspace();
    const [added] = ws.addEvidence([specItem('openapi: 3.0.3\n')], 'alice');
    const id = added!.id;
    expect(ws.getModel(id)).toBeUndefined();
    ws.saveModel(id, 'spec', JSON.stringify({ version: '3.0', operations: [] }));
    ws.saveModel(id, 'spec', JSON.stringify({ version: '3.0', operations: [{ endpoint: 'GET /pets' }] }));
    expect(JSON.parse(ws.getModel(id)!.json)).toEqual({ version: '3.0', operations: [{ endpoint: 'GET /pets' }] });
    expect(ws.listEvidence()[0]!.hasModel).toBe(true);
    expect(ws.listLog().filter((e) => e.action === 'evidence.save-model')).toHaveLength(2);
    expect(() => ws.saveModel(id, 'spec', '{not json')).toThrow(/not valid JSON/);
    expect(() => ws.saveModel(77, 'spec', '{}')).toThrow(/no evidence with that id/);
  });
});
