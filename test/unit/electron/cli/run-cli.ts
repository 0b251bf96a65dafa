/** Runs the built `gatehouse` command the way a user does (npm test builds it first). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const bin = path.resolve(import.meta.dirname, '../../../../bin/gatehouse.mjs');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function gatehouse(args: string[], cwd?: string): CliRun {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'gatehouse-cli-'));
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
}
