/**
 * One schema migration. `sql` is the exact text of the matching `NNNN-name.sql` file next to
 * it (a test keeps the two identical); the text is embedded here because tsc does not copy .sql
 * files into build/. A released migration is never edited: its SHA-256 is recorded in every
 * workspace it was applied to, and such workspaces refuse to open with an edited one.
 */
export interface Migration {
  /** 1, 2, 3, … with no gaps, in the order they apply. */
  readonly id: number;
  /** kebab-case; the file is `${pad4(id)}-${name}.sql`. */
  readonly name: string;
  readonly sql: string;
}

/** `0001-initial`: how migrations are named in files and messages. */
export function migrationLabel(migration: { id: number; name: string }): string {
  return `${String(migration.id).padStart(4, '0')}-${migration.name}`;
}
