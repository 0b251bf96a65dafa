/**
 * The requests of traffic evidence in the workspace (migration 0003-traffic): one
 * `traffic_imports` row per streamed file, its requests in `traffic_batches` (columnar JSON,
 * already masked and pseudonymized by the importer). Batches are written while the file is
 * read, inside the audit's transaction (`Workspace.transactionAsync`); `finishImport` ties them
 * to the file's evidence record and writes one audit-log entry with the counts and a hash over
 * every stored batch.
 */
import { createHash, type Hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { BATCH_ENCODING, decodeBatch, type EncodedBatch, type StoredRequest } from '../../../shared/importers/traffic/batch-codec.js';
import type { Workspace } from './workspace.js';

/** What was applied to the requests before they were stored. */
export interface TrafficPrivacyRecord {
  pseudonymized: boolean;
  maskedUrls: boolean;
  /** A check value of the pseudonymization key (HMAC of a fixed text): tells keys apart, gives nothing away. */
  keyCheck?: string;
}

export interface TrafficImportRecord {
  id: number;
  evidenceId: number | null;
  fileName: string;
  format: string;
  privacy: TrafficPrivacyRecord;
  startedAt: string;
  rows: number;
  batches: number;
}

export interface TrafficBatchInfo {
  batchNo: number;
  rows: number;
  firstLine: number;
  lastLine: number;
  firstTs: number | null;
  lastTs: number | null;
}

interface ImportRow {
  id: number;
  evidence_id: number | null;
  file_name: string;
  format: string;
  privacy: string;
  started_at: string;
  row_count: number;
  batch_count: number;
}

/** One import being written: keeps the running hash of its batches. */
export interface OpenTrafficImport {
  readonly id: number;
  rows: number;
  batches: number;
  readonly hash: Hash;
}

export class TrafficStore {
  private insert: Database.Statement | undefined;

  constructor(private readonly ws: Workspace) {}

  /** Starts an import; call inside the audit's transaction. */
  beginImport(fileName: string, format: string, privacy: TrafficPrivacyRecord): OpenTrafficImport {
    const id = this.ws.withStore((db, _log, now) =>
      Number(
        db
          .prepare('INSERT INTO traffic_imports (file_name, format, privacy, started_at) VALUES (?, ?, ?, ?)')
          .run(fileName, format, JSON.stringify(privacy), now()).lastInsertRowid,
      ),
    );
    return { id, rows: 0, batches: 0, hash: createHash('sha256') };
  }

  /** Stores one batch of requests. */
  addBatch(open: OpenTrafficImport, batch: EncodedBatch): void {
    this.ws.withStore((db) => {
      this.insert ??= db.prepare(
        `INSERT INTO traffic_batches (import_id, batch_no, row_count, first_line, last_line, first_ts, last_ts, encoding, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const data = Buffer.from(batch.json, 'utf8');
      open.hash.update(data);
      this.insert.run(open.id, batch.batchNo, batch.rows, batch.firstLine, batch.lastLine, batch.firstTs ?? null, batch.lastTs ?? null, BATCH_ENCODING, data);
    });
    open.rows += batch.rows;
    open.batches++;
  }

  /**
   * Ties the import to its evidence record. When that evidence was already in the workspace
   * (the same file imported the same way before), the requests are already stored too: the new
   * copy is removed and nothing is logged.
   */
  finishImport(open: OpenTrafficImport, evidenceId: number, duplicate: boolean, actor: string): void {
    this.ws.withStore((db, log) => {
      const existing = db.prepare<[number], { id: number }>('SELECT id FROM traffic_imports WHERE evidence_id = ?').get(evidenceId);
      if (duplicate || existing) {
        db.prepare('DELETE FROM traffic_batches WHERE import_id = ?').run(open.id);
        db.prepare('DELETE FROM traffic_imports WHERE id = ?').run(open.id);
        return;
      }
      db.prepare('UPDATE traffic_imports SET evidence_id = ?, row_count = ?, batch_count = ? WHERE id = ?').run(evidenceId, open.rows, open.batches, open.id);
      log('traffic.import', { evidenceId, importId: open.id, rows: open.rows, batches: open.batches, sha256: open.hash.digest('hex') }, actor);
    });
  }

  /** Drops an import that did not complete (its file failed to parse). */
  abandonImport(open: OpenTrafficImport): void {
    this.ws.withStore((db) => {
      db.prepare('DELETE FROM traffic_batches WHERE import_id = ?').run(open.id);
      db.prepare('DELETE FROM traffic_imports WHERE id = ?').run(open.id);
    });
  }

  /** Every completed import, oldest first. */
  listImports(): TrafficImportRecord[] {
    return this.ws.readStore((db) =>
      db
        .prepare<[], ImportRow>('SELECT * FROM traffic_imports WHERE evidence_id IS NOT NULL ORDER BY id')
        .all()
        .map((r) => ({
          id: r.id,
          evidenceId: r.evidence_id,
          fileName: r.file_name,
          format: r.format,
          privacy: JSON.parse(r.privacy) as TrafficPrivacyRecord,
          startedAt: r.started_at,
          rows: r.row_count,
          batches: r.batch_count,
        })),
    );
  }

  /** The batches of one evidence file, in order. */
  listBatches(evidenceId: number): TrafficBatchInfo[] {
    return this.ws.readStore((db) =>
      db
        .prepare<[number], { batch_no: number; row_count: number; first_line: number; last_line: number; first_ts: number | null; last_ts: number | null }>(
          `SELECT b.batch_no, b.row_count, b.first_line, b.last_line, b.first_ts, b.last_ts
           FROM traffic_batches b JOIN traffic_imports i ON i.id = b.import_id
           WHERE i.evidence_id = ? ORDER BY b.batch_no`,
        )
        .all(evidenceId)
        .map((r) => ({ batchNo: r.batch_no, rows: r.row_count, firstLine: r.first_line, lastLine: r.last_line, firstTs: r.first_ts, lastTs: r.last_ts })),
    );
  }

  /** The stored requests of one evidence file (one batch, or all of them: mind the size). */
  readRequests(evidenceId: number, batchNo?: number): StoredRequest[] {
    return this.ws.readStore((db) => {
      const rows = db
        .prepare<[number, number, number], { data: Buffer; encoding: string }>(
          `SELECT b.data, b.encoding FROM traffic_batches b JOIN traffic_imports i ON i.id = b.import_id
           WHERE i.evidence_id = ? AND b.batch_no BETWEEN ? AND ? ORDER BY b.batch_no`,
        )
        .all(evidenceId, batchNo ?? 0, batchNo ?? Number.MAX_SAFE_INTEGER);
      return rows.flatMap((r) => {
        if (r.encoding !== BATCH_ENCODING) throw new Error(`traffic batch encoding ${r.encoding} is not known to this version`);
        return decodeBatch(r.data.toString('utf8'));
      });
    });
  }
}
