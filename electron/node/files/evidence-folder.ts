/**
 * Disk access for importers: a FileAccess confined to the folder the user chose. Paths that
 * climb out of it, symlinks that lead out of it, and files over the size limit are refused.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FileAccess } from '../../../shared/importers/file-access.js';
import { normalizeRelativePath } from '../../../shared/importers/file-access.js';
import { ImportError } from '../../../shared/importers/import-error.js';
import type { EvidenceContainer } from './evidence-container.js';

/** Evidence files larger than this are refused before reading (see README, limits). */
export const MAX_EVIDENCE_BYTES = 40 * 1024 * 1024;

const SKIP_DIRS = new Set(['node_modules', '.git', '.svn', '.hg']);

export class EvidenceFolder implements FileAccess, EvidenceContainer {
  readonly root: string;
  readonly label: string;
  private readonly realRoot: string;
  /** Bytes of every file read, by relative path: stored as evidence with their hashes. */
  readonly read = new Map<string, Buffer>();

  constructor(root: string) {
    this.root = path.resolve(root);
    this.label = root;
    this.realRoot = realpathSync(this.root);
  }

  listFiles(): string[] {
    const out: string[] = [];
    const walk = (rel: string): void => {
      for (const entry of readdirSync(path.join(this.root, rel), { withFileTypes: true })) {
        if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(child);
        else if (entry.isFile()) out.push(child);
      }
    };
    walk('');
    return out.sort();
  }

  listDir(relative: string): { name: string; isDir: boolean }[] | undefined {
    const rel = normalizeRelativePath(relative);
    if (rel === undefined) return undefined;
    try {
      return readdirSync(path.join(this.root, rel), { withFileTypes: true })
        .filter((e) => e.isFile() || e.isDirectory())
        .map((e) => ({ name: e.name, isDir: e.isDirectory() }))
        .sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return undefined;
    }
  }

  head(relative: string): string {
    const cached = this.read.get(relative);
    if (cached) return cached.subarray(0, 65536).toString('utf8');
    const fd = openSync(path.join(this.root, relative), 'r');
    try {
      const buf = Buffer.alloc(65536);
      const n = readSync(fd, buf, 0, buf.length, 0);
      return buf.subarray(0, n).toString('utf8');
    } finally {
      closeSync(fd);
    }
  }

  readText(relative: string): string | undefined {
    const bytes = this.readBytes(relative);
    return bytes === undefined ? undefined : bytes.toString('utf8');
  }

  readBytes(relative: string): Buffer | undefined {
    const rel = normalizeRelativePath(relative);
    if (rel === undefined) throw new ImportError(relative, 'path is outside the imported folder');
    const cached = this.read.get(rel);
    if (cached) return cached;
    const full = path.join(this.root, rel);
    let real: string;
    try {
      real = realpathSync(full);
    } catch {
      return undefined;
    }
    if (real !== this.realRoot && !real.startsWith(this.realRoot + path.sep))
      throw new ImportError(rel, 'the file is a link that leads outside the imported folder; it was not read');
    const st = statSync(real);
    if (!st.isFile()) return undefined;
    if (st.size > MAX_EVIDENCE_BYTES)
      throw new ImportError(rel, `the file is ${(st.size / 1048576).toFixed(1)} MB; evidence files over ${MAX_EVIDENCE_BYTES / 1048576} MB are refused`);
    const bytes = readFileSync(real);
    this.read.set(rel, bytes);
    return bytes;
  }
}
