/**
 * The workspace lock: a second open is refused while the first holds it (in this process and from
 * another process), and a lock whose holder is gone, or stopped refreshing it, is recovered.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { inspectLock, LockError, lockPathOf, WorkspaceLock } from '../../../../../electron/node/services/workspace-lock.js';

const held: WorkspaceLock[] = [];
afterEach(() => {
  while (held.length) held.pop()!.release();
});

function tempFile(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'gatehouse-lock-')), 'audit.gatehouse');
}

function take(file: string, options?: Parameters<typeof WorkspaceLock.acquire>[1]): WorkspaceLock {
  const lock = WorkspaceLock.acquire(file, options);
  held.push(lock);
  return lock;
}

describe('WorkspaceLock', () => {
  it('writes pid, host and time beside the workspace and removes it on release', () => {
    const file = tempFile();
    const lock = take(file);
    const record = JSON.parse(readFileSync(lockPathOf(file), 'utf8'));
    expect(record).toMatchObject({ app: 'gatehouse', pid: process.pid, host: os.hostname() });
    expect(inspectLock(file)).toMatchObject({ state: 'held', ours: true });
    lock.release();
    expect(existsSync(lockPathOf(file))).toBe(false);
    expect(inspectLock(file)).toEqual({ state: 'free' });
  });

  it('refuses a second open while the first holds it, naming the holder', () => {
    const file = tempFile();
    take(file);
    expect(() => WorkspaceLock.acquire(file)).toThrow(LockError);
    expect(() => WorkspaceLock.acquire(file)).toThrow(/already open in another window of this Gatehouse/);
    // As another live process on this host would see it:
    expect(() => WorkspaceLock.acquire(file, { pid: process.pid + 1, isProcessAlive: () => true })).toThrow(
      new RegExp(`already open by Gatehouse process ${process.pid} on ${os.hostname()}`),
    );
  });

  it('recovers a lock whose process is gone (same host), and one not refreshed for too long (any host)', () => {
    const file = tempFile();
    writeFileSync(lockPathOf(file), JSON.stringify({ app: 'gatehouse', id: 'old', pid: 999_999, host: os.hostname(), acquiredAt: '2026-01-01T00:00:00Z' }));
    expect(inspectLock(file, { isProcessAlive: () => false })).toMatchObject({ state: 'stale', why: expect.stringMatching(/no longer running/) });
    const lock = take(file, { isProcessAlive: (pid) => pid !== 999_999 });
    expect(JSON.parse(readFileSync(lockPathOf(file), 'utf8')).id).toBe(lock.record.id);
    lock.release();

    writeFileSync(lockPathOf(file), JSON.stringify({ app: 'gatehouse', id: 'far', pid: 1, host: 'laptop-elsewhere', acquiredAt: '2026-01-01T00:00:00Z' }));
    expect(() => WorkspaceLock.acquire(file)).toThrow(/already open by Gatehouse process 1 on laptop-elsewhere/);
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(lockPathOf(file), old, old);
    expect(inspectLock(file)).toMatchObject({ state: 'stale', why: expect.stringMatching(/stopped refreshing/) });
    take(file);
  });

  it('release never removes a lock that is no longer ours, and the heartbeat notices it was taken', () => {
    const file = tempFile();
    const lock = take(file);
    writeFileSync(lockPathOf(file), JSON.stringify({ app: 'gatehouse', id: 'someone-else', pid: 1, host: 'elsewhere', acquiredAt: '' }));
    lock.heartbeat();
    expect(lock.lost).toBe(true);
    lock.release();
    expect(existsSync(lockPathOf(file))).toBe(true);
  });

  it('another process holding the lock keeps this one out until it dies, then the stale lock is recovered', async () => {
    const file = tempFile();
    const built = path.resolve(import.meta.dirname, '../../../../../build/electron/node/services/workspace-lock.js');
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', `import { WorkspaceLock } from ${JSON.stringify(built)}; WorkspaceLock.acquire(${JSON.stringify(file)}); console.log('locked'); setInterval(() => {}, 1000);`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const [line] = (await once(child.stdout!, 'data')) as [Buffer];
      expect(line.toString()).toContain('locked');
      expect(() => WorkspaceLock.acquire(file)).toThrow(new RegExp(`already open by Gatehouse process ${child.pid} on`));
      expect(inspectLock(file)).toMatchObject({ state: 'held', ours: false });
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    // Killed without releasing: the file is still there, its process is not.
    expect(existsSync(lockPathOf(file))).toBe(true);
    expect(inspectLock(file)).toMatchObject({ state: 'stale' });
    const lock = take(file);
    expect(lock.record.pid).toBe(process.pid);
  });
});
