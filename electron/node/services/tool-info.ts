/** The tool's name and version as outputs cite them (read once from package.json). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(): { name: string; version: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'gatehouse') return { name: 'gatehouse', version: pkg.version ?? '0.0.0' };
    } catch {
      /* keep climbing */
    }
    dir = path.dirname(dir);
  }
  return { name: 'gatehouse', version: '0.0.0' };
}

export const TOOL = findPackageJson();
