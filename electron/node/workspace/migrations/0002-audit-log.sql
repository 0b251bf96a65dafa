-- 0002-audit-log: the append-only, hash-chained audit log and its anchor.
-- Never edit this file once released: add a new migration.

CREATE TABLE audit_log (
  seq       INTEGER NOT NULL PRIMARY KEY,
  at        TEXT    NOT NULL,
  actor     TEXT    NOT NULL,
  action    TEXT    NOT NULL,
  details   TEXT    NOT NULL CHECK (json_valid(details)),
  prev_hash TEXT    NOT NULL CHECK (length(prev_hash) = 64),
  hash      TEXT    NOT NULL CHECK (length(hash) = 64)
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: DELETE is not allowed');
END;

-- The anchor: hash and count of the newest entry, updated in the same transaction as every
-- append, so that deleting entries from the end of the log is detected too.
ALTER TABLE workspace_meta ADD COLUMN log_head TEXT NOT NULL
  DEFAULT '0000000000000000000000000000000000000000000000000000000000000000';
ALTER TABLE workspace_meta ADD COLUMN log_count INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER workspace_meta_no_delete BEFORE DELETE ON workspace_meta
BEGIN
  SELECT RAISE(ABORT, 'workspace_meta holds the audit log anchor: DELETE is not allowed');
END;
