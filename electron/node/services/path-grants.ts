/**
 * Which paths a window may name. The renderer never gets to read or write an arbitrary path: a
 * path is usable only after the user chose it (a native dialog, a file opened from the system)
 * or it is on the recent list. A chosen folder grants what is inside it.
 */
import path from 'node:path';
import { normalize } from './recent-workspaces.js';

export class PathGrants {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  grantFile(file: string): void {
    this.files.add(normalize(file));
  }

  grantFolder(folder: string): void {
    this.folders.add(normalize(folder));
  }

  allows(target: string): boolean {
    if (!path.isAbsolute(target)) return false;
    const key = normalize(target);
    if (this.files.has(key)) return true;
    for (const folder of this.folders) {
      if (key === folder || key.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep)) return true;
    }
    return false;
  }
}
