import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../../../electron/node/workspace/workspace.js';
import { WorkspaceError } from '../../../../../electron/node/workspace/workspace-error.js';
import { createWorkspace, rawConnection, reopen, tempDir, tempWorkspacePath } from './workspace-fixtures.js';

function thrown(fn: () => unknown): WorkspaceError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkspaceError);
    return error as WorkspaceError;
  }
  throw new Error('expected a WorkspaceError, nothing was thrown');
}

describe('Workspace.open', () => {
  it('without create, a missing file is an error naming it, and no file is made', () => {
    const file = tempWorkspacePath('missing.gatehouse');
    const error = thrown(() => Workspace.open(file, { create: false }));
    expect(error.code).toBe('file-missing');
    expect(error.message).toContain(file);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('with create, makes a WAL-mode workspace with foreign keys on, an id and a first log entry', () => {
    const file = tempWorkspacePath();
    const ws = createWorkspace(file);
    expect(fs.existsSync(file)).toBe(true);
    const meta = ws.getMeta();
    expect(meta.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(meta.initializedAt).toBeNull();
    expect(ws.listLog().map((e) => e.action)).toEqual(['workspace.create']);

    const raw = rawConnection(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    // foreign_keys is a per-connection setting, so look at the workspace's own connection.
    const own = (ws as unknown as { db: Database.Database }).db;
    expect(own.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('keeps the same identity and data across close and reopen', () => {
    const file = tempWorkspacePath();
    const ws = createWorkspace(file);
    ws.init({ name: 'Acme API audit', client: 'Acme', auditor: 'alice' });
    const id = ws.getMeta().id;
    ws.close();
    const again = reopen(file);
    expect(again.getMeta()).toMatchObject({ id, name: 'Acme API audit', client: 'Acme', auditor: 'alice' });
    expect(again.listLog()).toHaveLength(2);
  });

  it('refuses files that are not workspaces, naming them', () => {
    const dir = tempDir();
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'this is not a database at all, just some text that is long enough to have a header');
    const e1 = thrown(() => Workspace.open(text, { create: false }));
    expect(e1.code).toBe('not-a-workspace');
    expect(e1.message).toContain(text);
    expect(fs.readFileSync(text, 'utf8')).toMatch(/^this is not a database/);

    const other = path.join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const e2 = thrown(() => Workspace.open(other, { create: true }));
    expect(e2.code).toBe('not-a-workspace');
    expect(e2.message).toContain(`${other} is an SQLite database but not a Gatehouse workspace`);

    const empty = path.join(dir, 'empty.gatehouse');
    fs.writeFileSync(empty, '');
    expect(thrown(() => Workspace.open(empty, { create: false })).code).toBe('not-a-workspace');
  });

  it('fails clearly after close', () => {
    const file = tempWorkspacePath();
    const ws = createWorkspace(file);
    ws.close();
    ws.close();
    const error = thrown(() => ws.getMeta());
    expect(error.code).toBe('closed');
    expect(error.message).toContain(file);
  });
});

describe('workspace meta', () => {
  it('init fills in the audit details once and logs it', () => {
    const ws = createWorkspace();
    const meta = ws.init({
      name: 'Payments API',
      client: 'Acme Bank',
      auditor: 'alice',
      scope: 'public REST API v2',
      periodStart: '2025-03-01',
      periodEnd: '2025-03-31',
      classification: 'restricted',
    });
    expect(meta).toMatchObject({
      name: 'Payments API',
      client: 'Acme Bank',
      auditor: 'alice',
      scope: 'public REST API v2',
      periodStart: '2025-03-01',
      periodEnd: '2025-03-31',
      classification: 'restricted',
    });
    expect(meta.initializedAt).not.toBeNull();
    const last = ws.listLog().at(-1);
    expect(last).toMatchObject({ action: 'workspace.init', actor: 'alice', details: { name: 'Payments API' } });
    expect(thrown(() => ws.init({ name: 'Again' })).code).toBe('already-initialized');
  });

  it('rejects bad details with the field named and changes nothing', () => {
    const ws = createWorkspace();
    const e1 = thrown(() => ws.init({ name: '  ' }));
    expect(e1.code).toBe('invalid-input');
    expect(e1.message).toContain('name');
    const e2 = thrown(() => ws.init({ name: 'X', periodStart: '2025-04-01', periodEnd: '2025-03-01' }));
    expect(e2.message).toContain('periodEnd');
    expect(thrown(() => ws.init({ name: 'X', periodStart: '2025-02-30' })).message).toContain('periodStart');
    expect(ws.getMeta().initializedAt).toBeNull();
    expect(ws.listLog()).toHaveLength(1);
  });

  it('updateMeta changes only the given fields and logs from/to', () => {
    const ws = createWorkspace();
    expect(thrown(() => ws.updateMeta({ client: 'x' })).code).toBe('not-initialized');
    ws.init({ name: 'Payments API', client: 'Acme', auditor: 'alice', periodStart: '2025-03-01', periodEnd: '2025-03-31' });
    const updated = ws.updateMeta({ client: 'Acme Bank plc', periodEnd: '2025-04-15' }, 'bob');
    expect(updated).toMatchObject({ name: 'Payments API', client: 'Acme Bank plc', periodEnd: '2025-04-15' });
    expect(ws.listLog().at(-1)).toMatchObject({
      action: 'workspace.update',
      actor: 'bob',
      details: { changes: { client: { from: 'Acme', to: 'Acme Bank plc' }, periodEnd: { from: '2025-03-31', to: '2025-04-15' } } },
    });
    expect(thrown(() => ws.updateMeta({ periodEnd: '2025-02-01' })).message).toContain('before periodStart');
    const entries = ws.listLog().length;
    ws.updateMeta({ client: 'Acme Bank plc' });
    expect(ws.listLog()).toHaveLength(entries);
  });
});
