import type { Migration } from './migration.js';

/** Embedded copy of 0004-saved-filters.sql (kept identical by test/unit/electron/node/workspace/migrations.test.ts). */
const migration: Migration = {
  id: 4,
  name: 'saved-filters',
  sql: `-- 0004-saved-filters: named findings filters, kept with the audit so that every machine that
-- opens the workspace sees the same ones. Never edit this file once released: add a new migration.

CREATE TABLE saved_filters (
  name     TEXT NOT NULL PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
  -- {"filter": {…the findings filter…}, "groupBy": "rule" | "control" | null}
  state    TEXT NOT NULL CHECK (json_valid(state) AND json_type(state) = 'object'),
  saved_by TEXT NOT NULL,
  saved_at TEXT NOT NULL
) STRICT;
`,
};

export default migration;
