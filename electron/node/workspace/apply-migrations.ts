import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { migrationLabel, type Migration } from './migrations/migration.js';
import { WorkspaceError } from './workspace-error.js';

interface AppliedRow {
  id: number;
  name: string;
  checksum: string;
  applied_at: string;
}

export interface MigrationOutcome {
  /** Labels (`0002-audit-log`) of the migrations applied by this call, in order. */
  applied: string[];
}

/** SHA-256 (hex) of a migration's SQL text: what `schema_migrations.checksum` records. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/**
 * Brings the database up to `migrations`, one transaction per migration. Refuses (and changes
 * nothing) when a migration already applied to the file differs from the code's copy, or when the
 * file carries migrations this code does not know (it was written by a newer Gatehouse).
 */
export function applyMigrations(
  db: BetterSqlite3.Database,
  file: string,
  migrations: readonly Migration[],
  now: () => Date = () => new Date(),
): MigrationOutcome {
  checkSequence(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id         INTEGER NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    checksum   TEXT    NOT NULL,
    applied_at TEXT    NOT NULL
  ) STRICT`);

  const readApplied = db.prepare<[], AppliedRow>('SELECT id, name, checksum, applied_at FROM schema_migrations ORDER BY id');
  checkApplied(readApplied.all(), file, migrations);

  const insert = db.prepare('INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const isApplied = db.prepare<[number], { id: number }>('SELECT id FROM schema_migrations WHERE id = ?');
  const applied: string[] = [];
  for (const migration of migrations) {
    const label = migrationLabel(migration);
    const apply = db.transaction(() => {
      // Checked again inside the write lock: another process may have migrated meanwhile.
      if (isApplied.get(migration.id)) return false;
      db.exec(migration.sql);
      insert.run(migration.id, migration.name, migrationChecksum(migration.sql), now().toISOString());
      return true;
    });
    try {
      if (apply.immediate()) applied.push(label);
    } catch (error) {
      throw new WorkspaceError('sqlite', `migration ${label} failed on ${file}: ${(error as Error).message}`, file, {
        cause: error,
      });
    }
  }
  return { applied };
}

function checkApplied(rows: AppliedRow[], file: string, migrations: readonly Migration[]): void {
  const known = new Map(migrations.map((m) => [m.id, m]));
  const newest = migrations.at(-1);
  const unknown = rows.filter((row) => !known.has(row.id));
  if (unknown.length > 0) {
    const labels = unknown.map((row) => migrationLabel(row)).join(', ');
    throw new WorkspaceError(
      'migration-unknown',
      `${file} was written by a newer version of Gatehouse: it has migration(s) ${labels} applied, ` +
        `but this version only knows up to ${newest ? migrationLabel(newest) : 'none'}. Open it with a newer Gatehouse.`,
      file,
    );
  }
  for (const [index, row] of rows.entries()) {
    const migration = known.get(row.id);
    if (!migration) continue;
    if (row.id !== index + 1) {
      throw new WorkspaceError(
        'migration-unknown',
        `${file} has migration ${migrationLabel(row)} applied without the migrations before it; the file was not made by Gatehouse or was altered.`,
        file,
      );
    }
    const checksum = migrationChecksum(migration.sql);
    if (row.name !== migration.name || row.checksum !== checksum) {
      throw new WorkspaceError(
        'migration-edited',
        `migration ${migrationLabel(migration)} was edited after it was applied to ${file} ` +
          `(applied ${row.applied_at} as ${migrationLabel(row)} with checksum ${row.checksum.slice(0, 12)}…, ` +
          `the code's copy has ${checksum.slice(0, 12)}…). Restore the migration as released and put the change in a new migration.`,
        file,
      );
    }
  }
}

function checkSequence(migrations: readonly Migration[]): void {
  for (const [index, migration] of migrations.entries()) {
    if (migration.id !== index + 1) {
      throw new Error(`migration list is out of order: position ${index + 1} holds ${migrationLabel(migration)}`);
    }
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(migration.name)) {
      throw new Error(`migration ${migrationLabel(migration)} is not named in kebab-case`);
    }
  }
}
