/**
 * One workspace, one holder. A lock file beside the workspace (`<file>.lock`) names the process
 * that has it open (pid, host, when) and is touched every `heartbeatMs` while it is held. Opening
 * a workspace whose lock is held by a live process is refused, naming the holder; a lock left by
 * a process that is gone (same host, pid not running) or that stopped touching it for
 * `staleAfterMs` (any host, e.g. a crashed laptop on a shared drive) is stale and recovered.
 *
 * SQLite's own locking keeps the file consistent; this lock keeps two people (or two windows)
 * from working on the same audit at once without knowing it.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

export interface LockRecord {
  app: 'gatehouse';
  /** Random per acquisition: tells our lock from a newer one that replaced it. */
  id: string;
  pid: number;
  host: string;
  acquiredAt: string;
}

export interface LockOptions {
  /** A lock not touched for this long is stale whatever its host (default 2 minutes). */
  staleAfterMs?: number;
  /** How often the holder touches its lock (default 20 s). */
  heartbeatMs?: number;
  /** Tests pin these. */
  now?: () => number;
  host?: string;
  pid?: number;
  isProcessAlive?: (pid: number) => boolean;
}

export type LockState =
  | { state: 'free' }
  | { state: 'held'; holder: LockRecord; heartbeatAt: Date; ours: boolean }
  | { state: 'stale'; holder: LockRecord | null; heartbeatAt: Date; why: string };

export class LockError extends Error {
  override readonly name = 'LockError';
  constructor(
    message: string,
    readonly holder: LockRecord | null,
  ) {
    super(message);
  }
}

const DEFAULT_STALE_AFTER_MS = 120_000;
const DEFAULT_HEARTBEAT_MS = 20_000;
/** A lock file that cannot be read yet may be being written: give its writer this long. */
const UNREADABLE_GRACE_MS = 10_000;

export function lockPathOf(workspaceFile: string): string {
  return `${workspaceFile}.lock`;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function settings(options: LockOptions) {
  return {
    staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
    heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    now: options.now ?? Date.now,
    host: options.host ?? os.hostname(),
    pid: options.pid ?? process.pid,
    alive: options.isProcessAlive ?? isProcessAlive,
  };
}

function readRecord(lockFile: string): { record: LockRecord | null; mtime: Date } | undefined {
  let text: string;
  let mtime: Date;
  try {
    mtime = fs.statSync(lockFile).mtime;
    text = fs.readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (value.app === 'gatehouse' && typeof value.id === 'string' && typeof value.pid === 'number' && typeof value.host === 'string') {
      return { record: { app: 'gatehouse', id: value.id, pid: value.pid, host: value.host, acquiredAt: String(value.acquiredAt ?? '') }, mtime };
    }
  } catch {
    /* unreadable: judged below */
  }
  return { record: null, mtime };
}

/** What the lock file beside `workspaceFile` says now. */
export function inspectLock(workspaceFile: string, options: LockOptions = {}): LockState {
  const s = settings(options);
  const found = readRecord(lockPathOf(workspaceFile));
  if (!found) return { state: 'free' };
  const age = s.now() - found.mtime.getTime();
  if (found.record === null) {
    return age > UNREADABLE_GRACE_MS
      ? { state: 'stale', holder: null, heartbeatAt: found.mtime, why: 'the lock file is unreadable' }
      : { state: 'held', holder: { app: 'gatehouse', id: '', pid: 0, host: 'unknown', acquiredAt: '' }, heartbeatAt: found.mtime, ours: false };
  }
  const holder = found.record;
  if (holder.host === s.host && holder.pid !== s.pid && !s.alive(holder.pid)) {
    return { state: 'stale', holder, heartbeatAt: found.mtime, why: `process ${holder.pid} on this computer is no longer running` };
  }
  if (age > s.staleAfterMs && !(holder.host === s.host && holder.pid === s.pid)) {
    return { state: 'stale', holder, heartbeatAt: found.mtime, why: `its holder stopped refreshing it ${Math.round(age / 1000)} s ago` };
  }
  return { state: 'held', holder, heartbeatAt: found.mtime, ours: holder.host === s.host && holder.pid === s.pid };
}

export function describeHolder(holder: LockRecord | null): string {
  if (!holder || holder.pid === 0) return 'another Gatehouse (the lock file is being written)';
  return `Gatehouse process ${holder.pid} on ${holder.host}${holder.acquiredAt ? ` since ${holder.acquiredAt}` : ''}`;
}

/** A held lock. `release()` removes the file if it is still ours. */
export class WorkspaceLock {
  private timer: NodeJS.Timeout | undefined;
  private released = false;
  /** Set when the heartbeat found the lock gone or replaced (e.g. after a long sleep). */
  lost = false;

  private constructor(
    readonly workspaceFile: string,
    readonly record: LockRecord,
    heartbeatMs: number,
  ) {
    this.timer = setInterval(() => this.heartbeat(), heartbeatMs);
    this.timer.unref();
  }

  get lockFile(): string {
    return lockPathOf(this.workspaceFile);
  }

  /**
   * Takes the lock or throws LockError naming who holds it. A stale lock is moved aside and
   * taken over; if another process took it over first, that one wins.
   */
  static acquire(workspaceFile: string, options: LockOptions = {}): WorkspaceLock {
    const s = settings(options);
    const lockFile = lockPathOf(workspaceFile);
    for (let attempt = 0; attempt < 3; attempt++) {
      const record: LockRecord = { app: 'gatehouse', id: randomUUID(), pid: s.pid, host: s.host, acquiredAt: new Date(s.now()).toISOString() };
      if (tryCreate(lockFile, record)) return new WorkspaceLock(workspaceFile, record, s.heartbeatMs);
      const state = inspectLock(workspaceFile, options);
      if (state.state === 'free') continue; // released meanwhile: try again
      if (state.state === 'held') {
        const where = state.ours ? 'in another window of this Gatehouse' : `by ${describeHolder(state.holder)}`;
        throw new LockError(`${workspaceFile} is already open ${where}; close it there first.`, state.holder);
      }
      takeOverStale(lockFile, state.holder);
    }
    throw new LockError(`${workspaceFile} is being opened by another Gatehouse at the same moment; try again.`, null);
  }

  /** Refreshes the lock's time so others see it is alive; notices when it was taken from us. */
  heartbeat(): void {
    if (this.released) return;
    const found = readRecord(this.lockFile);
    if (!found || found.record?.id !== this.record.id) {
      this.lost = true;
      return;
    }
    const now = new Date();
    try {
      fs.utimesSync(this.lockFile, now, now);
    } catch {
      this.lost = true;
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.timer) clearInterval(this.timer);
    const found = readRecord(this.lockFile);
    if (found?.record?.id === this.record.id) fs.rmSync(this.lockFile, { force: true });
  }
}

function tryCreate(lockFile: string, record: LockRecord): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockFile, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeSync(fd, JSON.stringify(record) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/**
 * Moves a stale lock aside (rename is atomic), then checks that what was moved is the lock judged
 * stale. If a fresh lock had replaced it in between, puts that one back (link fails if yet
 * another appeared) and reports the workspace as held.
 */
function takeOverStale(lockFile: string, stale: LockRecord | null): void {
  const aside = `${lockFile}.stale-${randomUUID()}`;
  try {
    fs.renameSync(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else removed it
    throw error;
  }
  const moved = readRecord(aside);
  const sameLock = stale === null ? moved?.record === null || moved?.record === undefined : moved?.record?.id === stale.id;
  if (!sameLock) {
    try {
      fs.linkSync(aside, lockFile);
    } catch {
      /* a third lock appeared: it wins */
    }
    fs.rmSync(aside, { force: true });
    throw new LockError(`${lockFile.replace(/\.lock$/, '')} was just opened by ${describeHolder(moved?.record ?? null)}.`, moved?.record ?? null);
  }
  fs.rmSync(aside, { force: true });
}
