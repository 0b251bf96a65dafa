import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashLogEntry } from '../../../../../electron/node/workspace/audit-log-chain.js';
import { canonicalJson } from '../../../../../electron/node/workspace/canonical-json.js';
import { RUN_TIMES, createWorkspace, makeFinding, rawConnection, reopen, specItem, tempWorkspacePath } from './workspace-fixtures.js';

/** A workspace with a realistic history: 7 entries. */
function populated(file: string) {
  const ws = createWorkspace(file); // 1 workspace.create
  ws.init({ name: 'Audit', auditor: 'alice' }); // 2
  const [ev] = ws.addEvidence([specItem('openapi: 3.0.3\n')], 'alice'); // 3
  ws.recordRun({ ...RUN_TIMES, catalogVersion: '2025.1', toolVersion: '0.1.0', evidenceIds: [ev!.id], findings: [makeFinding({ fingerprint: 'fp-1' })] }); // 4
  ws.setTriage('fp-1', { status: 'false-positive', reason: 'demo key', actor: 'bob' }); // 5
  ws.answerChecklist('API2-mfa', 'no', 'no MFA for admins', 'alice'); // 6
  ws.appendLog('report.export', { format: 'sarif' }, 'alice'); // 7
  ws.close();
}

/** Opens the file as an attacker would: a raw connection with the append-only triggers dropped. */
function tamper(file: string, sql: string, ...params: unknown[]) {
  const raw = rawConnection(file);
  raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  raw.prepare(sql).run(...params);
  raw.close();
}

describe('audit log', () => {
  it('chains every mutation: seq 1..n, genesis prev_hash, each prev_hash the previous hash', () => {
    const file = tempWorkspacePath();
    populated(file);
    const ws = reopen(file);
    const log = ws.listLog();
    expect(log.map((e) => e.action)).toEqual([
      'workspace.create',
      'workspace.init',
      'evidence.add',
      'run.record',
      'triage.set',
      'checklist.answer',
      'report.export',
    ]);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(log[0]!.prevHash).toBe(GENESIS_HASH);
    log.slice(1).forEach((entry, i) => expect(entry.prevHash).toBe(log[i]!.hash));
    // The hash is SHA-256 over the canonical (sorted-key) serialization of the entry.
    const e = log[4]!;
    const expected = createHash('sha256')
      .update(canonicalJson({ action: e.action, actor: e.actor, at: e.at, details: e.details, prev_hash: e.prevHash, seq: e.seq }))
      .digest('hex');
    expect(e.hash).toBe(expected);
    expect(ws.verifyLog()).toEqual({ ok: true, entries: 7, problems: [] });
  });

  it('hashes the same whatever the key order of the details', () => {
    const base = { seq: 1, at: '2025-01-01T00:00:00.000Z', actor: 'a', action: 'x.y', prevHash: GENESIS_HASH };
    expect(hashLogEntry({ ...base, details: { b: 1, a: [{ d: 2, c: 3 }] } })).toBe(
      hashLogEntry({ ...base, details: { a: [{ c: 3, d: 2 }], b: 1 } }),
    );
    expect(hashLogEntry({ ...base, details: { a: 1 } })).not.toBe(hashLogEntry({ ...base, details: { a: 2 } }));
  });

  it('triggers block UPDATE and DELETE of entries, even through a raw connection', () => {
    const file = tempWorkspacePath();
    populated(file);
    const raw = rawConnection(file);
    expect(() => raw.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run()).toThrow(/append-only: UPDATE/);
    expect(() => raw.prepare('DELETE FROM audit_log WHERE seq = 7').run()).toThrow(/append-only: DELETE/);
    expect(() => raw.prepare('DELETE FROM workspace_meta').run()).toThrow(/DELETE is not allowed/);
    raw.close();
    expect(reopen(file).verifyLog()).toEqual({ ok: true, entries: 7, problems: [] });
  });

  it('detects an edited entry', () => {
    const file = tempWorkspacePath();
    populated(file);
    tamper(file, `UPDATE audit_log SET details = json_set(details, '$.reason', 'it was fine') WHERE seq = 5`);
    const result = reopen(file).verifyLog();
    expect(result.ok).toBe(false);
    expect(result.entries).toBe(7);
    expect(result.problems).toEqual([{ seq: 5, reason: expect.stringContaining('does not match its hash') }]);
  });

  it('detects an edited entry whose hash was recomputed, at the next link', () => {
    const file = tempWorkspacePath();
    populated(file);
    const raw = rawConnection(file);
    raw.exec('DROP TRIGGER audit_log_no_update;');
    const row = raw.prepare<[], { seq: number; at: string; actor: string; action: string; details: string; prev_hash: string }>(
      'SELECT * FROM audit_log WHERE seq = 5',
    ).get()!;
    const details = { ...JSON.parse(row.details), reason: 'it was fine' };
    const hash = hashLogEntry({ seq: 5, at: row.at, actor: row.actor, action: row.action, details, prevHash: row.prev_hash });
    raw.prepare('UPDATE audit_log SET details = ?, hash = ? WHERE seq = 5').run(JSON.stringify(details), hash);
    raw.close();
    expect(reopen(file).verifyLog().problems).toEqual([{ seq: 6, reason: expect.stringContaining('prev_hash does not match the hash of entry 5') }]);
  });

  it('detects an entry deleted from the middle', () => {
    const file = tempWorkspacePath();
    populated(file);
    tamper(file, 'DELETE FROM audit_log WHERE seq = 4');
    const result = reopen(file).verifyLog();
    expect(result.ok).toBe(false);
    expect(result.entries).toBe(6);
    expect(result.problems).toEqual([{ seq: 5, reason: expect.stringContaining('entry 4 is missing') }]);
  });

  it('detects entries deleted from the end, through the anchor', () => {
    const file = tempWorkspacePath();
    populated(file);
    tamper(file, 'DELETE FROM audit_log WHERE seq >= 6');
    const result = reopen(file).verifyLog();
    expect(result.ok).toBe(false);
    expect(result.entries).toBe(5);
    expect(result.problems).toEqual([{ seq: 6, reason: expect.stringContaining('entries 6–7 are missing') }]);
  });

  it('still reports a truncated tail after more work is done in the workspace', () => {
    const file = tempWorkspacePath();
    populated(file);
    tamper(file, 'DELETE FROM audit_log WHERE seq = 7');
    const ws = reopen(file);
    ws.appendLog('workspace.note', { text: 'later work' }, 'alice');
    const result = ws.verifyLog();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ seq: 8, reason: expect.stringContaining('entry 7 is missing') }]);
  });

  it('detects a rewritten last entry through the anchor head', () => {
    const file = tempWorkspacePath();
    populated(file);
    const raw = rawConnection(file);
    raw.exec('DROP TRIGGER audit_log_no_update;');
    const row = raw.prepare<[], { at: string; prev_hash: string }>('SELECT at, prev_hash FROM audit_log WHERE seq = 7').get()!;
    const details = { format: 'pdf' };
    const hash = hashLogEntry({ seq: 7, at: row.at, actor: 'alice', action: 'report.export', details, prevHash: row.prev_hash });
    raw.prepare('UPDATE audit_log SET details = ?, hash = ? WHERE seq = 7').run(JSON.stringify(details), hash);
    raw.close();
    expect(reopen(file).verifyLog().problems).toEqual([{ seq: 7, reason: expect.stringContaining('head hash recorded in workspace_meta') }]);
  });

  it('appendLog validates its input and returns the stored entry', () => {
    const ws = createWorkspace();
    const entry = ws.appendLog('report.export', { format: 'csv', rows: 12 }, 'alice');
    expect(entry).toMatchObject({ seq: 2, actor: 'alice', action: 'report.export', details: { format: 'csv', rows: 12 } });
    expect(ws.listLog().at(-1)).toEqual(entry);
    expect(() => ws.appendLog('Not An Action', {}, 'alice')).toThrow(/log action/);
    expect(() => ws.appendLog('x.y', { bad: Number.NaN }, 'alice')).toThrow(/not plain JSON/);
    expect(() => ws.appendLog('x.y', {}, '')).toThrow(/actor/);
    expect(ws.listLog()).toHaveLength(2);
  });
});
