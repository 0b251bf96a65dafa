import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations, migrationChecksum } from '../../../../../electron/node/workspace/apply-migrations.js';
import { MIGRATIONS } from '../../../../../electron/node/workspace/migrations/index.js';
import { migrationLabel } from '../../../../../electron/node/workspace/migrations/migration.js';
import { Workspace } from '../../../../../electron/node/workspace/workspace.js';
import { WorkspaceError } from '../../../../../electron/node/workspace/workspace-error.js';
import { createWorkspace, rawConnection, snapshot, tempWorkspacePath } from './workspace-fixtures.js';

const migrationsDir = fileURLToPath(new URL('../../../../../electron/node/workspace/migrations/', import.meta.url));

function tables(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => row.name);
}

function triggers(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    .all()
    .map((row) => row.name);
}

function emptyDb(): Database.Database {
  const db = new Database(tempWorkspacePath('bare.db'));
  db.pragma('foreign_keys = ON');
  return db;
}

function migration(id: number) {
  const found = MIGRATIONS.find((m) => m.id === id);
  if (!found) throw new Error(`no migration ${id}`);
  return found;
}

describe('migration list', () => {
  it('numbers migrations 1..n and names each after a .sql file with the same text', () => {
    const sqlFiles = fs.readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort();
    expect(sqlFiles).toEqual(MIGRATIONS.map((m) => `${migrationLabel(m)}.sql`));
    MIGRATIONS.forEach((m, index) => {
      expect(m.id).toBe(index + 1);
      const fileText = fs.readFileSync(path.join(migrationsDir, `${migrationLabel(m)}.sql`), 'utf8').replace(/\r\n/g, '\n');
      expect(m.sql, `${migrationLabel(m)}.ts must embed exactly ${migrationLabel(m)}.sql`).toBe(fileText);
    });
  });
});

describe('0001-initial', () => {
  it('applies cleanly on an empty file and creates the audit tables', () => {
    const db = emptyDb();
    try {
      const outcome = applyMigrations(db, 'bare.db', [migration(1)]);
      expect(outcome.applied).toEqual(['0001-initial']);
      expect(tables(db)).toEqual([
        'checklist_answers',
        'evidence',
        'evidence_models',
        'findings',
        'reports',
        'run_findings',
        'runs',
        'schema_migrations',
        'triage',
        'workspace_meta',
      ]);
      const recorded = db.prepare('SELECT id, name, checksum FROM schema_migrations').all();
      expect(recorded).toEqual([{ id: 1, name: 'initial', checksum: migrationChecksum(migration(1).sql) }]);
      // The schema enforces what the code assumes: one meta row, content-addressed evidence.
      db.prepare("INSERT INTO workspace_meta (id, created_at) VALUES ('00000000-0000-4000-8000-000000000000', 'now')").run();
      expect(() =>
        db.prepare("INSERT INTO workspace_meta (id, created_at) VALUES ('00000000-0000-4000-8000-000000000001', 'now')").run(),
      ).toThrow(/UNIQUE/);
      const insertEvidence = db.prepare(
        `INSERT INTO evidence (original_name, kind, format, size, sha256, imported_at, imported_by, raw, parse_status)
         VALUES ('a', 'spec', 'openapi-3.0', 1, ?, 'now', 'me', x'41', 'ok')`,
      );
      insertEvidence.run('a'.repeat(64));
      expect(() => insertEvidence.run('a'.repeat(64))).toThrow(/UNIQUE/);
    } finally {
      db.close();
    }
  });

  it('is a no-op when applied again', () => {
    const db = emptyDb();
    try {
      applyMigrations(db, 'bare.db', [migration(1)]);
      expect(applyMigrations(db, 'bare.db', [migration(1)]).applied).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('0002-audit-log', () => {
  it('applies on top of 0001 with data in it: existing meta row gets an empty-log anchor', () => {
    const db = emptyDb();
    try {
      applyMigrations(db, 'bare.db', [migration(1)]);
      db.prepare("INSERT INTO workspace_meta (id, name, created_at) VALUES ('00000000-0000-4000-8000-000000000000', 'Acme', 'now')").run();

      const outcome = applyMigrations(db, 'bare.db', [migration(1), migration(2)]);
      expect(outcome.applied).toEqual(['0002-audit-log']);
      expect(tables(db)).toContain('audit_log');
      expect(triggers(db)).toEqual(['audit_log_no_delete', 'audit_log_no_update', 'workspace_meta_no_delete']);
      expect(db.prepare('SELECT name, log_head, log_count FROM workspace_meta').get()).toEqual({
        name: 'Acme',
        log_head: '0'.repeat(64),
        log_count: 0,
      });
      expect(db.prepare('SELECT id FROM schema_migrations ORDER BY id').all()).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      db.close();
    }
  });

  it('applies cleanly on an empty file together with 0001', () => {
    const db = emptyDb();
    try {
      expect(applyMigrations(db, 'bare.db', MIGRATIONS).applied).toEqual(MIGRATIONS.map(migrationLabel));
      db.prepare(
        `INSERT INTO audit_log (seq, at, actor, action, details, prev_hash, hash) VALUES (1, 'now', 'me', 'x', '{}', ?, ?)`,
      ).run('0'.repeat(64), 'f'.repeat(64));
      expect(() => db.prepare("UPDATE audit_log SET actor = 'mallory'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});

describe('0004-saved-filters', () => {
  it('is released with this checksum (a released migration never changes: put a change in 0005)', () => {
    expect(migrationChecksum(migration(4).sql)).toBe('98c182d9711d9e20561f81e9abcb693d43ce69bc4d93ee241d9dc9f551e4aec4');
  });

  it('applies on top of 0001-0003 with an audit in the file, records its checksum, and refuses filters that are not JSON objects', () => {
    const file = tempWorkspacePath();
    const ws = createWorkspace(file);
    ws.appendLog('workspace.note', { text: 'before 0004' }, 'alice');
    ws.close();
    // Take the file back to 0003: as a workspace written before this migration existed.
    const raw = rawConnection(file);
    raw.exec('DROP TABLE saved_filters');
    raw.prepare('DELETE FROM schema_migrations WHERE id = 4').run();
    raw.close();

    const db = new Database(file);
    try {
      const outcome = applyMigrations(db, file, MIGRATIONS);
      expect(outcome.applied).toEqual(['0004-saved-filters']);
      expect(tables(db)).toContain('saved_filters');
      expect(db.prepare('SELECT id, name, checksum FROM schema_migrations WHERE id = 4').get()).toEqual({
        id: 4,
        name: 'saved-filters',
        checksum: migrationChecksum(migration(4).sql),
      });
      const insert = db.prepare('INSERT INTO saved_filters (name, state, saved_by, saved_at) VALUES (?, ?, ?, ?)');
      insert.run('High', '{"filter":{"severity":["high"]},"groupBy":null}', 'alice', 'now');
      expect(() => insert.run('Broken', '{not json', 'alice', 'now')).toThrow(/CHECK constraint/);
      expect(() => insert.run('Array', '[1,2]', 'alice', 'now')).toThrow(/CHECK constraint/);
      expect(() => insert.run('', '{}', 'alice', 'now')).toThrow(/CHECK constraint/);
      expect(() => insert.run('High', '{}', 'bob', 'later')).toThrow(/UNIQUE/);
    } finally {
      db.close();
    }
    // The upgraded file opens, keeps its log, and keeps filters across reopening.
    const again = Workspace.open(file, { create: false });
    try {
      expect(again.listSavedFilters().map((f) => f.name)).toEqual(['High']);
      again.saveFilter('Traffic', { filter: { source: ['traffic'] }, groupBy: 'rule' }, 'alice');
      expect(again.verifyLog().ok).toBe(true);
    } finally {
      again.close();
    }
    const third = Workspace.open(file, { create: false });
    try {
      expect(third.listSavedFilters().map((f) => [f.name, f.savedBy])).toEqual([
        ['High', 'alice'],
        ['Traffic', 'alice'],
      ]);
      expect(() => third.saveFilter(' ', {}, 'alice')).toThrow(/filter name/);
    } finally {
      third.close();
    }
  });
});

describe('opening a workspace checks its migrations', () => {
  it('refuses a workspace whose applied migration was edited, naming the migration and the file', () => {
    const file = tempWorkspacePath();
    createWorkspace(file).close();
    const raw = rawConnection(file);
    raw.prepare("UPDATE schema_migrations SET checksum = ? WHERE id = 1").run('b'.repeat(64));
    raw.close();
    const before = snapshot(file);

    let error: unknown;
    try {
      Workspace.open(file, { create: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkspaceError);
    expect((error as WorkspaceError).code).toBe('migration-edited');
    expect((error as WorkspaceError).message).toContain(`migration 0001-initial was edited after it was applied to ${file}`);
    expect(snapshot(file)).toEqual(before);
  });

  it('refuses a workspace written by a newer Gatehouse (unknown migration applied)', () => {
    const file = tempWorkspacePath();
    createWorkspace(file).close();
    const raw = rawConnection(file);
    raw.prepare("INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (99, 'future-thing', ?, 'later')").run('c'.repeat(64));
    raw.close();

    expect(() => Workspace.open(file, { create: false })).toThrow(
      expect.objectContaining({ code: 'migration-unknown', message: expect.stringContaining('0099-future-thing') }),
    );
    expect(() => Workspace.open(file, { create: false })).toThrow(file);
  });

  it('upgrades an older workspace on open and keeps its data', () => {
    const file = tempWorkspacePath();
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('application_id = 0x47544853');
    applyMigrations(db, file, [migration(1)]);
    db.prepare("INSERT INTO workspace_meta (id, name, created_at, initialized_at) VALUES ('00000000-0000-4000-8000-000000000000', 'Old audit', 'then', 'then')").run();
    db.close();

    const ws = Workspace.open(file, { create: false });
    try {
      expect(ws.getMeta().name).toBe('Old audit');
      ws.appendLog('workspace.note', { text: 'upgraded' }, 'alice');
      expect(ws.verifyLog()).toEqual({ ok: true, entries: 1, problems: [] });
    } finally {
      ws.close();
    }
  });
});
