-- 0001-initial: the audit's data. Never edit this file once released: add a new migration.

-- The single row describing the audit. The row is created with the file; init() fills it in.
CREATE TABLE workspace_meta (
  id             TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 36),
  singleton      INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),
  name           TEXT    NOT NULL DEFAULT '',
  client         TEXT    NOT NULL DEFAULT '',
  auditor        TEXT    NOT NULL DEFAULT '',
  scope          TEXT    NOT NULL DEFAULT '',
  period_start   TEXT,
  period_end     TEXT,
  classification TEXT    NOT NULL DEFAULT 'confidential',
  created_at     TEXT    NOT NULL,
  initialized_at TEXT
) STRICT;

-- Imported files, byte for byte. The same content is stored once (sha256 UNIQUE).
CREATE TABLE evidence (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  original_name TEXT    NOT NULL CHECK (length(original_name) > 0),
  kind          TEXT    NOT NULL CHECK (kind IN ('spec', 'gateway', 'traffic', 'other')),
  format        TEXT    NOT NULL,
  size          INTEGER NOT NULL CHECK (size >= 0),
  sha256        TEXT    NOT NULL UNIQUE CHECK (length(sha256) = 64),
  imported_at   TEXT    NOT NULL,
  imported_by   TEXT    NOT NULL,
  raw           BLOB    NOT NULL,
  parse_status  TEXT    NOT NULL CHECK (parse_status IN ('ok', 'error', 'partial')),
  parse_errors  TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(parse_errors)),
  CHECK (size = length(raw))
) STRICT;

-- The normalized model an importer built from one evidence file.
CREATE TABLE evidence_models (
  evidence_id INTEGER NOT NULL PRIMARY KEY REFERENCES evidence (id) ON DELETE CASCADE,
  kind        TEXT    NOT NULL CHECK (length(kind) > 0),
  model       TEXT    NOT NULL CHECK (json_valid(model)),
  saved_at    TEXT    NOT NULL
) STRICT;

-- One checklist-engine run over a set of evidence.
CREATE TABLE runs (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  catalog_version TEXT    NOT NULL,
  tool_version    TEXT    NOT NULL,
  started_at      TEXT    NOT NULL,
  ended_at        TEXT    NOT NULL,
  evidence_ids    TEXT    NOT NULL CHECK (json_valid(evidence_ids)),
  summary         TEXT    NOT NULL CHECK (json_valid(summary))
) STRICT;

-- Every finding ever reported, keyed by its stable fingerprint; the columns hold its latest form.
CREATE TABLE findings (
  fingerprint        TEXT    NOT NULL PRIMARY KEY,
  rule_id            TEXT    NOT NULL,
  title              TEXT    NOT NULL,
  severity           TEXT    NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
  confidence         TEXT    NOT NULL CHECK (confidence IN ('confirmed', 'likely', 'candidate')),
  controls           TEXT    NOT NULL CHECK (json_valid(controls)),
  equivalents        TEXT    NOT NULL CHECK (json_valid(equivalents)),
  source             TEXT    NOT NULL CHECK (source IN ('spec', 'gateway', 'traffic', 'cross')),
  message            TEXT    NOT NULL,
  evidence           TEXT    NOT NULL CHECK (json_valid(evidence)),
  locations          TEXT    NOT NULL CHECK (json_valid(locations)),
  endpoints          TEXT    NOT NULL CHECK (json_valid(endpoints)),
  occurrences        INTEGER NOT NULL CHECK (occurrences > 0),
  remediation        TEXT    NOT NULL,
  suppression_reason TEXT,
  first_run_id       INTEGER NOT NULL REFERENCES runs (id),
  last_run_id        INTEGER NOT NULL REFERENCES runs (id)
) STRICT;
CREATE INDEX findings_by_last_run ON findings (last_run_id);

-- Which findings each run reported: in the engine's order, exactly as that run reported them.
CREATE TABLE run_findings (
  run_id      INTEGER NOT NULL REFERENCES runs (id),
  fingerprint TEXT    NOT NULL REFERENCES findings (fingerprint),
  position    INTEGER NOT NULL CHECK (position >= 0),
  snapshot    TEXT    NOT NULL CHECK (json_valid(snapshot)),
  PRIMARY KEY (run_id, fingerprint)
) STRICT, WITHOUT ROWID;
CREATE INDEX run_findings_by_fingerprint ON run_findings (fingerprint);

-- The auditor's decision on a finding. Keyed by fingerprint, so it survives re-runs.
CREATE TABLE triage (
  fingerprint TEXT NOT NULL PRIMARY KEY REFERENCES findings (fingerprint),
  status      TEXT NOT NULL CHECK (status IN ('open', 'false-positive', 'accepted-risk', 'confirmed')),
  reason      TEXT NOT NULL DEFAULT '',
  expires     TEXT,
  actor       TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  CHECK (status NOT IN ('false-positive', 'accepted-risk') OR length(trim(reason)) > 0),
  CHECK (expires IS NULL OR status = 'accepted-risk')
) STRICT;

-- Answers to the manual checklist.
CREATE TABLE checklist_answers (
  item_id      TEXT NOT NULL PRIMARY KEY,
  answer       TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'partial', 'n/a')),
  note         TEXT NOT NULL DEFAULT '',
  evidence_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence_ids)),
  actor        TEXT NOT NULL,
  answered_at  TEXT NOT NULL
) STRICT;

-- Reports issued from this workspace (the PDF itself lives where the user saved it).
CREATE TABLE reports (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at         TEXT    NOT NULL,
  file_name          TEXT    NOT NULL CHECK (length(file_name) > 0),
  sha256             TEXT    NOT NULL CHECK (length(sha256) = 64),
  signer_fingerprint TEXT,
  signer_subject     TEXT,
  run_id             INTEGER NOT NULL REFERENCES runs (id)
) STRICT;
