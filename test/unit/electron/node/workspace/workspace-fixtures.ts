/** Shared helpers for the workspace tests: temp files, raw connections, sample findings. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import type { Finding } from '../../../../../shared/model/finding.js';
import { Workspace } from '../../../../../electron/node/workspace/workspace.js';

const dirs: string[] = [];
const open: Workspace[] = [];

afterEach(() => {
  for (const ws of open.splice(0)) ws.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp directory, removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-workspace-'));
  dirs.push(dir);
  return dir;
}

/** A path for a workspace file that does not exist yet. */
export function tempWorkspacePath(name = 'audit.gatehouse'): string {
  return path.join(tempDir(), name);
}

/** A clock that advances one second per call, from a fixed start. */
export function steppingClock(start = '2025-03-01T09:00:00.000Z'): () => Date {
  let t = Date.parse(start);
  return () => new Date((t += 1000));
}

/** Creates a workspace (closed automatically after the test). */
export function createWorkspace(file = tempWorkspacePath()): Workspace {
  const ws = Workspace.open(file, { create: true, now: steppingClock() });
  open.push(ws);
  return ws;
}

/** Opens an existing workspace (closed automatically after the test). */
export function reopen(file: string): Workspace {
  const ws = Workspace.open(file, { create: false, now: steppingClock('2025-04-01T09:00:00.000Z') });
  open.push(ws);
  return ws;
}

/** A second, raw better-sqlite3 connection: what an attacker with the file would use. */
export function rawConnection(file: string): Database.Database {
  const db = new Database(file);
  return db;
}

/** Every row of every table, as plain data: equal snapshots mean equal content. */
export function snapshot(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => row.name);
    return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).all()]));
  } finally {
    db.close();
  }
}

export function makeFinding(overrides: Partial<Finding> & { fingerprint: string }): Finding {
  return {
    ruleId: 'spec.auth.api-key-in-query',
    title: 'API key sent in the query string',
    severity: 'high',
    confidence: 'confirmed',
    controls: ['API2:2023', 'GDPR-32'],
    equivalents: ['owasp:api2:2023-no-api-keys-in-url'],
    source: 'spec',
    message: 'Security scheme "key" sends the API key in the query string.',
    evidence: ['petstore.yaml'],
    locations: [{ file: 'petstore.yaml', line: 12, column: 5, pointer: '/components/securitySchemes/key' }],
    endpoints: ['GET /pets'],
    occurrences: 1,
    status: 'open',
    remediation: 'Accept the key in a header.',
    ...overrides,
  };
}

export function specItem(text: string, name = 'petstore.yaml') {
  return {
    name,
    kind: 'spec' as const,
    format: 'openapi-3.0',
    bytes: Buffer.from(text, 'utf8'),
    parseStatus: 'ok' as const,
    parseErrors: [],
  };
}

export const RUN_TIMES = { startedAt: '2025-03-01T10:00:00.000Z', endedAt: '2025-03-01T10:00:02.000Z' };
