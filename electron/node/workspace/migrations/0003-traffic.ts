import type { Migration } from './migration.js';

/** Embedded copy of 0003-traffic.sql (kept identical by test/unit/electron/node/workspace/migrations.test.ts). */
const migration: Migration = {
  id: 3,
  name: 'traffic',
  sql: `-- 0003-traffic: the requests of imported traffic evidence (access logs, gateway logs, HAR),
-- stored in compact batches. Never edit this file once released: add a new migration.

-- One streamed import of a traffic file. Rows are written while the file is read, inside the
-- audit's transaction; evidence_id is set once the file's evidence record exists.
CREATE TABLE traffic_imports (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  evidence_id INTEGER REFERENCES evidence (id) ON DELETE CASCADE,
  file_name   TEXT    NOT NULL CHECK (length(file_name) > 0),
  format      TEXT    NOT NULL,
  -- What was applied before anything was stored: {"pseudonymized":…,"maskedUrls":…,"keyCheck":…}
  privacy     TEXT    NOT NULL CHECK (json_valid(privacy)),
  started_at  TEXT    NOT NULL,
  row_count   INTEGER NOT NULL DEFAULT 0 CHECK (row_count >= 0),
  batch_count INTEGER NOT NULL DEFAULT 0 CHECK (batch_count >= 0)
) STRICT;
CREATE UNIQUE INDEX traffic_imports_by_evidence ON traffic_imports (evidence_id) WHERE evidence_id IS NOT NULL;

-- The requests, a few thousand per row: a columnar JSON document (encoding columns-json-v1:
-- dictionary-encoded strings, delta-encoded lines and times), already masked and pseudonymized.
CREATE TABLE traffic_batches (
  id         INTEGER PRIMARY KEY,
  import_id  INTEGER NOT NULL REFERENCES traffic_imports (id) ON DELETE CASCADE,
  batch_no   INTEGER NOT NULL CHECK (batch_no >= 0),
  row_count  INTEGER NOT NULL CHECK (row_count > 0),
  first_line INTEGER NOT NULL,
  last_line  INTEGER NOT NULL,
  first_ts   INTEGER,
  last_ts    INTEGER,
  encoding   TEXT    NOT NULL,
  data       BLOB    NOT NULL,
  UNIQUE (import_id, batch_no)
) STRICT;
`,
};

export default migration;
