/**
 * How importers reach files: passed in by the caller (electron/node reads the disk, tests pass
 * a map). Paths are POSIX-style and relative to the folder the user chose; the caller refuses
 * anything outside it, and so do the importers before asking.
 */
export interface FileAccess {
  /** The text of a file, or undefined when there is no such file. */
  readText(path: string): string | undefined;
  /** The names (not paths) of the entries of a folder, or undefined when there is no such folder. */
  listDir?(path: string): { name: string; isDir: boolean }[] | undefined;
}

/** Normalizes a relative POSIX path; returns undefined when it climbs out of the root. */
export function normalizeRelativePath(path: string): string | undefined {
  if (path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(path)) return undefined;
  const out: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** The folder part of a relative path ('' for a file at the root). */
export function dirnameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

export function joinRelative(dir: string, rel: string): string | undefined {
  return normalizeRelativePath(dir ? `${dir}/${rel}` : rel);
}
