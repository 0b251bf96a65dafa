import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit-log entry as callers see it. */
export interface LogEntry {
  seq: number;
  /** ISO timestamp (UTC). */
  at: string;
  actor: string;
  /** Dotted verb, e.g. `evidence.add`, `triage.set`. */
  action: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** An audit_log row exactly as stored (details still JSON text). */
export interface StoredLogRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** The head recorded in workspace_meta with every append. */
export interface LogAnchor {
  head: string;
  count: number;
}

export interface LogProblem {
  seq: number;
  reason: string;
}

export interface LogVerification {
  ok: boolean;
  entries: number;
  problems: LogProblem[];
}

/** SHA-256 hex over the canonical JSON of (seq, at, actor, action, details, prev_hash). */
export function hashLogEntry(entry: Omit<LogEntry, 'hash'>): string {
  const canonical = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    details: entry.details,
    prev_hash: entry.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Recomputes the chain over `rows` (any order; sorted by seq here) and compares its end with the
 * anchor. Finds edited entries (hash mismatch), deleted or re-inserted entries (seq gap, broken
 * prev_hash link) and entries deleted from the end (count/head differ from the anchor).
 */
export function verifyLogChain(rows: readonly StoredLogRow[], anchor: LogAnchor | undefined): LogVerification {
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  const problems: LogProblem[] = [];
  let expectedSeq = 1;
  let expectedPrev = GENESIS_HASH;

  for (const row of sorted) {
    if (row.seq !== expectedSeq) {
      const missing = row.seq - 1 === expectedSeq ? `entry ${expectedSeq} is` : `entries ${expectedSeq}–${row.seq - 1} are`;
      problems.push({ seq: row.seq, reason: `${missing} missing before this entry (deleted from the log)` });
    } else if (row.prev_hash !== expectedPrev) {
      problems.push({
        seq: row.seq,
        reason:
          row.seq === 1
            ? 'the first entry does not start the chain (prev_hash is not the genesis hash)'
            : `prev_hash does not match the hash of entry ${row.seq - 1} (an earlier entry was replaced or rewritten)`,
      });
    }

    const details = parseDetails(row.details);
    if (details === undefined) {
      problems.push({ seq: row.seq, reason: 'details are not a JSON object (the entry was edited)' });
    } else {
      const recomputed = hashLogEntry({
        seq: row.seq,
        at: row.at,
        actor: row.actor,
        action: row.action,
        details,
        prevHash: row.prev_hash,
      });
      if (recomputed !== row.hash) {
        problems.push({ seq: row.seq, reason: 'content does not match its hash (the entry was edited after it was written)' });
      }
    }
    expectedSeq = row.seq + 1;
    expectedPrev = row.hash;
  }

  const last = sorted.at(-1);
  const lastSeq = last?.seq ?? 0;
  const lastHash = last?.hash ?? GENESIS_HASH;
  if (!anchor) {
    problems.push({ seq: lastSeq, reason: 'the log anchor (head hash and count in workspace_meta) is missing' });
  } else if (anchor.count > lastSeq) {
    const missing = anchor.count - lastSeq === 1 ? `entry ${anchor.count} is` : `entries ${lastSeq + 1}–${anchor.count} are`;
    problems.push({
      seq: lastSeq + 1,
      reason: `the log should end at entry ${anchor.count} but ends at ${lastSeq}: ${missing} missing (deleted from the end of the log)`,
    });
  } else if (anchor.count < lastSeq) {
    problems.push({
      seq: anchor.count + 1,
      reason: `the log should end at entry ${anchor.count} but continues to ${lastSeq}: entries were added outside Gatehouse`,
    });
  } else if (anchor.head !== lastHash) {
    problems.push({
      seq: lastSeq,
      reason: 'the newest entry does not match the head hash recorded in workspace_meta (the end of the log was rewritten)',
    });
  }

  return { ok: problems.length === 0, entries: sorted.length, problems };
}

function parseDetails(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
