/**
 * Expands what the user named on the command line (or dropped in the UI) into evidence roots:
 * a file is audited as itself; a folder is searched for API descriptions (by content), and
 * every other file in it is left to be reached through `$ref`s.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { sniffOpenApi } from '../../../shared/importers/openapi/index.js';

export interface EvidenceRoot {
  /** The folder file access is confined to. */
  folder: string;
  /** The root file, relative to `folder` (POSIX separators): the evidence name findings cite. */
  file: string;
}

export interface InputProblem {
  input: string;
  message: string;
}

const STRUCTURED = /\.(json|ya?ml)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', '.svn', '.hg']);

export function findInputs(inputs: readonly string[]): { roots: EvidenceRoot[]; problems: InputProblem[] } {
  const roots: EvidenceRoot[] = [];
  const problems: InputProblem[] = [];
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      problems.push({ input, message: 'no such file or folder' });
      continue;
    }
    if (st.isFile()) {
      roots.push({ folder: path.dirname(path.resolve(input)), file: path.basename(input) });
      continue;
    }
    if (!st.isDirectory()) {
      problems.push({ input, message: 'not a file or folder' });
      continue;
    }
    const folder = path.resolve(input);
    const found: string[] = [];
    walk(folder, '', found);
    const rootsHere = found.filter((rel) => sniffOpenApi(head(path.join(folder, rel))));
    if (rootsHere.length === 0) problems.push({ input, message: 'the folder holds no OpenAPI or Swagger document (looked for a top-level "openapi" or "swagger" field in .json/.yaml/.yml files)' });
    for (const file of rootsHere.sort()) roots.push({ folder, file });
  }
  return { roots, problems };
}

function walk(root: string, rel: string, out: string[]): void {
  for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(root, child, out);
    else if (entry.isFile() && STRUCTURED.test(entry.name)) out.push(child);
  }
}

/** The first 64 KB of a file, for sniffing. */
function head(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
