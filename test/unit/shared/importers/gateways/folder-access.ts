/**
 * Test helper: the evidence folder a user picks, on disk, as the FileAccess the gateway importers
 * read through. Paths climbing out of the folder throw (an importer must never ask for them), and
 * every path read is recorded in `reads` so a test can show which files an import touched.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeRelativePath, type FileAccess } from '../../../../../shared/importers/file-access.js';

export function folder(root: string): FileAccess & { reads: string[] } {
  const reads: string[] = [];
  const inside = (rel: string): string => {
    const p = normalizeRelativePath(rel);
    if (p === undefined) throw new Error(`read outside the folder: ${rel}`);
    return path.join(root, p);
  };
  return {
    reads,
    readText(rel) {
      reads.push(rel);
      const file = inside(rel);
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    listDir(rel) {
      const dir = inside(rel);
      try {
        return readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, isDir: e.isDirectory() }));
      } catch {
        return undefined;
      }
    },
  };
}
