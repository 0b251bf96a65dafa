import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EvidenceFolder } from '../../../../../electron/node/files/evidence-folder.js';
import { importTrafficFile } from '../../../../../electron/node/traffic/import-traffic-file.js';
import { createPseudonymizer, keyCheck, PseudonymKeyError, readPseudonymKey } from '../../../../../electron/node/traffic/pseudonymizer.js';
import { streamTextBytes, streamTextFile, textHead } from '../../../../../electron/node/traffic/read-text-stream.js';
import { MIGRATIONS } from '../../../../../electron/node/workspace/migrations/index.js';
import { TrafficStore } from '../../../../../electron/node/workspace/traffic-store.js';
import { applyMigrations } from '../../../../../electron/node/workspace/apply-migrations.js';
import { createWorkspace, tempDir, tempWorkspacePath } from '../workspace/workspace-fixtures.js';

const apache = readFileSync(path.resolve(import.meta.dirname, '../../../../fixtures/logs/apache_logs'));

describe('streaming a log from disk', () => {
  it('gives the same text for a plain and a gzip file, with the SHA-256 of the bytes as stored and progress by bytes', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.log'), apache);
    writeFileSync(path.join(dir, 'a.log.gz'), gzipSync(apache));
    const read = async (file: string) => {
      const parts: string[] = [];
      const progress: number[] = [];
      const s = await streamTextFile(path.join(dir, file), (t) => parts.push(t), { chunkBytes: 65536, onProgress: (done) => progress.push(done) });
      return { text: parts.join(''), s, progress };
    };
    const plain = await read('a.log');
    const gz = await read('a.log.gz');
    expect(plain.text).toBe(apache.toString('utf8'));
    expect(gz.text).toBe(plain.text);
    expect(plain.s).toMatchObject({ fileBytes: apache.length, textBytes: apache.length, gzip: false, sha256: createHash('sha256').update(apache).digest('hex') });
    expect(gz.s.gzip).toBe(true);
    expect(gz.s.textBytes).toBe(apache.length);
    expect(plain.progress.at(-1)).toBe(apache.length);
    expect(textHead(path.join(dir, 'a.log.gz')).text).toBe(apache.subarray(0, 65536).toString('utf8'));
  });

  it('never splits a UTF-8 character across chunks', async () => {
    const bytes = Buffer.from('é'.repeat(1000) + '\n', 'utf8');
    const parts: string[] = [];
    await streamTextBytes(bytes, (t) => parts.push(t), { chunkBytes: 3 });
    expect(parts.join('')).toBe('é'.repeat(1000) + '\n');
  });

  it('imports through the evidence folder and refuses a link out of it', async () => {
    const dir = tempDir();
    const outside = tempDir();
    writeFileSync(path.join(dir, 'access.log.gz'), gzipSync(apache));
    writeFileSync(path.join(outside, 'secret.log'), apache);
    symlinkSync(path.join(outside, 'secret.log'), path.join(dir, 'link.log'));
    const folder = new EvidenceFolder(dir);
    const r = await importTrafficFile(folder, 'access.log.gz', undefined, {});
    expect(r.summary).toMatchObject({ format: 'combined', parse: { records: 9999 } });
    expect(r.stream.gzip).toBe(true);
    expect(r.sources.locateMany([{ file: 'access.log.gz', pointer: '/line/8899' }])[0]).toMatchObject({ line: 8899, column: 1 });
    await expect(importTrafficFile(folder, 'link.log', undefined, {})).rejects.toThrow(/leads outside the imported folder/);
  });
});

describe('pseudonymization key', () => {
  it('reads a key file, refuses a short one, and gives stable keyed pseudonyms', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'k'), 'a'.repeat(32) + '\n');
    writeFileSync(path.join(dir, 'short'), 'abc\n');
    const key = readPseudonymKey(path.join(dir, 'k'));
    expect(key.length).toBe(32);
    expect(() => readPseudonymKey(path.join(dir, 'short'))).toThrow(PseudonymKeyError);
    expect(() => readPseudonymKey(path.join(dir, 'missing'))).toThrow(/cannot read/);
    const p = createPseudonymizer(key);
    expect(p('ip', '192.0.2.1')).toMatch(/^#[0-9a-f]{16}$/);
    expect(p('ip', '192.0.2.1')).toBe(p('ip', '192.0.2.1'));
    expect(p('ip', '192.0.2.1')).not.toBe(p('principal', '192.0.2.1'));
    expect(createPseudonymizer(Buffer.from('b'.repeat(32)))('ip', '192.0.2.1')).not.toBe(p('ip', '192.0.2.1'));
    expect(keyCheck(key)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('migration 0003-traffic', () => {
  it('adds the import and batch tables', () => {
    const db = new Database(path.join(tempDir(), 'bare.db'));
    try {
      db.pragma('foreign_keys = ON');
      expect(applyMigrations(db, 'bare.db', MIGRATIONS).applied).toContain('0003-traffic');
      const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'traffic_%' ORDER BY name").all().map((r) => r.name);
      expect(tables).toEqual(['traffic_batches', 'traffic_imports']);
    } finally {
      db.close();
    }
  });
});

describe('storing requests in the workspace', () => {
  const evidence = (ws: ReturnType<typeof createWorkspace>, name: string) =>
    ws.addEvidence([{ name, kind: 'traffic', format: 'combined', bytes: Buffer.from(`{"file":"${name}"}`) as Uint8Array<ArrayBuffer>, parseStatus: 'ok' }], 'alice')[0]!;

  it('writes batches inside an async transaction, links them to the evidence, reads them back and logs once', async () => {
    const ws = createWorkspace();
    const store = new TrafficStore(ws);
    const folder = new EvidenceFolder(path.resolve(import.meta.dirname, '../../../../fixtures/logs'));
    await ws.transactionAsync(async () => {
      const open = store.beginImport('apache_logs', 'combined', { pseudonymized: true, maskedUrls: true, keyCheck: 'abcd' });
      const r = await importTrafficFile(folder, 'apache_logs', undefined, { onBatch: (b) => store.addBatch(open, b), batchSize: 2000, pseudonymize: createPseudonymizer(Buffer.alloc(32, 1)) });
      const added = evidence(ws, 'apache_logs');
      store.finishImport(open, added.id, added.duplicate, 'alice');
      expect(r.summary.parse.records).toBe(9999);
    });
    const [imp] = store.listImports();
    expect(imp).toMatchObject({ fileName: 'apache_logs', rows: 9999, batches: 5, privacy: { pseudonymized: true, maskedUrls: true, keyCheck: 'abcd' } });
    expect(store.listBatches(imp!.evidenceId!).map((b) => b.rows)).toEqual([2000, 2000, 2000, 2000, 1999]);
    const first = store.readRequests(imp!.evidenceId!, 0);
    expect(first).toHaveLength(2000);
    expect(first[0]!.clientIp).toMatch(/^#[0-9a-f]{16}$/);
    expect(JSON.stringify(store.readRequests(imp!.evidenceId!))).not.toContain('83.149.9.216');
    expect(ws.listLog().filter((e) => e.action === 'traffic.import')).toHaveLength(1);
    expect(ws.verifyLog().ok).toBe(true);
  });

  it('drops a second copy of the same evidence, and leaves nothing behind when the import fails', async () => {
    const file = tempWorkspacePath();
    const ws = createWorkspace(file);
    const store = new TrafficStore(ws);
    const batch = { batchNo: 0, rows: 1, firstLine: 1, lastLine: 1, json: '{"v":1,"n":1,"lineBase":1,"cols":{"line":[0]},"dicts":{}}' };
    for (let i = 0; i < 2; i++)
      await ws.transactionAsync(async () => {
        const open = store.beginImport('a.log', 'combined', { pseudonymized: false, maskedUrls: true });
        store.addBatch(open, batch);
        const added = evidence(ws, 'a.log');
        store.finishImport(open, added.id, added.duplicate, 'alice');
      });
    expect(store.listImports()).toHaveLength(1);
    await expect(
      ws.transactionAsync(async () => {
        const open = store.beginImport('b.log', 'combined', { pseudonymized: false, maskedUrls: true });
        store.addBatch(open, batch);
        await new Promise((r) => setTimeout(r, 5));
        throw new Error('disk on fire');
      }),
    ).rejects.toThrow('disk on fire');
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.prepare('SELECT count(*) AS n FROM traffic_imports').get()).toEqual({ n: 1 });
      expect(raw.prepare('SELECT count(*) AS n FROM traffic_batches').get()).toEqual({ n: 1 });
    } finally {
      raw.close();
    }
  });
});
