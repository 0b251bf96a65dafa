/**
 * The recent-workspaces list: a small JSON file in the user-data folder, newest first. A broken
 * or missing file is an empty list (it is a convenience, never a reason to fail).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface RecentEntry {
  file: string;
  name: string;
  client: string;
  openedAt: string;
}

interface RecentFile {
  version: 1;
  items: RecentEntry[];
}

export const RECENT_FILE_NAME = 'recent-workspaces.json';

export class RecentWorkspaces {
  readonly file: string;

  constructor(
    userDataDir: string,
    private readonly max = 12,
  ) {
    this.file = path.join(userDataDir, RECENT_FILE_NAME);
  }

  list(): RecentEntry[] {
    let value: unknown;
    try {
      value = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch {
      return [];
    }
    const items = (value as Partial<RecentFile> | null)?.items;
    if (!Array.isArray(items)) return [];
    return items.filter(
      (e): e is RecentEntry =>
        typeof e === 'object' && e !== null && typeof e.file === 'string' && path.isAbsolute(e.file) && typeof e.name === 'string' && typeof e.openedAt === 'string',
    ).map((e) => ({ file: e.file, name: e.name, client: typeof e.client === 'string' ? e.client : '', openedAt: e.openedAt }));
  }

  has(file: string): boolean {
    const key = normalize(file);
    return this.list().some((e) => normalize(e.file) === key);
  }

  /** Puts the workspace at the top of the list. */
  touch(entry: RecentEntry): void {
    const key = normalize(entry.file);
    this.write([entry, ...this.list().filter((e) => normalize(e.file) !== key)].slice(0, this.max));
  }

  remove(file: string): boolean {
    const key = normalize(file);
    const items = this.list();
    const kept = items.filter((e) => normalize(e.file) !== key);
    if (kept.length === items.length) return false;
    this.write(kept);
    return true;
  }

  private write(items: RecentEntry[]): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify({ version: 1, items } satisfies RecentFile, null, 2) + '\n', { mode: 0o600 });
    fs.renameSync(temp, this.file);
  }
}

/** Paths compare case-insensitively on Windows and macOS (their usual file systems). */
export function normalize(file: string): string {
  const resolved = path.resolve(file);
  return process.platform === 'win32' || process.platform === 'darwin' ? resolved.toLowerCase() : resolved;
}
