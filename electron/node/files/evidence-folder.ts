/**
 * Disk access for importers: a FileAccess confined to the folder the user chose. Paths that
 * climb out of it, symlinks that lead out of it, and files over the size limit are refused.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FileAccess } from '../../../shared/importers/file-access.js';
import { normalizeRelativePath } from '../../../shared/importers/file-access.js';
import { ImportError } from '../../../shared/importers/import-error.js';

/** Evidence files larger than this are refused before reading (see README, limits). */
export const MAX_EVIDENCE_BYTES = 40 * 1024 * 1024;

export class EvidenceFolder implements FileAccess {
  readonly root: string;
  private readonly realRoot: string;
  /** Bytes of every file read, by relative path: stored as evidence with their hashes. */
  readonly read = new Map<string, Buffer>();

  constructor(root: string) {
    this.root = path.resolve(root);
    this.realRoot = realpathSync(this.root);
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
