/**
 * Loads an nginx configuration with its `include`s spliced in place, reading only inside the
 * imported folder. A relative include is looked up the way nginx does (relative to the folder of
 * the main configuration), then relative to the including file; an absolute one
 * (`/etc/nginx/conf.d/*.conf`) by the longest tail of its path that exists in the folder
 * (`conf.d/*.conf`), since the auditor exports the configuration folder, not the whole disk.
 * Globs (`*`, `?`, `[…]`) expand through `listDir`, sorted as nginx sorts them.
 *
 * A missing include and an include loop are errors naming the including file and line. Stock
 * files that hold nothing security-relevant (mime.types, fastcgi_params, …) and a glob that
 * matches nothing are only recorded as problems; so is an include found by its file name alone
 * in a flattened export.
 */
import type { GatewayProblem } from '../../../model/gateway.js';
import { dirnameOf, joinRelative, normalizeRelativePath, type FileAccess } from '../../file-access.js';
import { ImportError } from '../../import-error.js';
import { parseNginxFile, type NginxDirective } from './nginx-syntax.js';

const STOCK_FILES = new Set(['mime.types', 'fastcgi_params', 'fastcgi.conf', 'scgi_params', 'uwsgi_params', 'koi-utf', 'koi-win', 'win-utf', 'proxy_params', 'fastcgi-php.conf']);
const MAX_FILES = 5000;

export interface LoadedConfig {
  directives: NginxDirective[];
  /** Every file read, the root first. */
  files: string[];
  texts: Map<string, string>;
  problems: GatewayProblem[];
}

export function loadNginxConfig(root: string, access: FileAccess): LoadedConfig {
  const texts = new Map<string, string>();
  const parsed = new Map<string, NginxDirective[]>();
  const expanded = new Map<string, NginxDirective[]>();
  const problems: GatewayProblem[] = [];
  const files: string[] = [];
  const rootDir = dirnameOf(root);

  const read = (file: string): NginxDirective[] | undefined => {
    const known = parsed.get(file);
    if (known) return known;
    const text = access.readText(file);
    if (text === undefined) return undefined;
    if (texts.size >= MAX_FILES) throw new ImportError(root, `more than ${MAX_FILES} configuration files are included; the import was stopped`);
    texts.set(file, text);
    files.push(file);
    const list = parseNginxFile(text, file);
    parsed.set(file, list);
    return list;
  };

  const expandFile = (file: string, stack: string[]): NginxDirective[] => {
    const done = expanded.get(file);
    if (done) return done;
    const list = read(file);
    if (!list) throw new ImportError(file, 'file not found');
    const out = expandList(list, [...stack, file]);
    expanded.set(file, out);
    return out;
  };

  const expandList = (list: NginxDirective[], stack: string[]): NginxDirective[] => {
    const out: NginxDirective[] = [];
    for (const d of list) {
      if (d.name === 'include' && !d.block) {
        for (const target of resolveInclude(d, stack)) {
          const at = stack.indexOf(target);
          if (at !== -1)
            throw new ImportError(d.file, `include loop: ${[...stack.slice(at), target].join(' → ')}`, d.line, d.column);
          out.push(...expandFile(target, stack));
        }
      } else if (d.block) out.push({ ...d, block: expandList(d.block, stack) });
      else out.push(d);
    }
    return out;
  };

  const resolveInclude = (d: NginxDirective, stack: string[]): string[] => {
    const pattern = d.args[0];
    if (d.args.length !== 1 || !pattern) throw new ImportError(d.file, 'include takes exactly one file name or pattern', d.line, d.column);
    if (/\$/.test(pattern)) {
      problems.push({ message: `include "${pattern}" uses a variable; nginx does not expand variables in include, so it was not followed`, at: { file: d.file, pointer: d.pointer } });
      return [];
    }
    const glob = /[*?[]/.test(pattern);
    const candidates = candidatePaths(pattern, rootDir, dirnameOf(d.file));
    if (glob) {
      for (const c of candidates) {
        const matches = expandGlob(c, access);
        if (matches === undefined) continue;
        if (matches.length === 0)
          problems.push({ message: `include "${pattern}" matches no file in the imported folder (looked in ${c})`, at: { file: d.file, pointer: d.pointer } });
        return matches;
      }
      problems.push({ message: `include "${pattern}": its folder is not in the imported folder; nothing was included`, at: { file: d.file, pointer: d.pointer } });
      return [];
    }
    for (const c of candidates) if (access.readText(c) !== undefined) return [c];
    const base = pattern.slice(pattern.lastIndexOf('/') + 1);
    for (const dir of [...new Set([dirnameOf(d.file), rootDir])]) {
      const flat = joinRelative(dir, base);
      if (flat && access.readText(flat) !== undefined && !stack.includes(flat)) {
        problems.push({ message: `include "${pattern}" was found by its file name only, as ${flat} (the export does not keep nginx's folder layout)`, at: { file: d.file, pointer: d.pointer } });
        return [flat];
      }
    }
    if (STOCK_FILES.has(base)) {
      problems.push({ message: `include "${pattern}" (a stock nginx file) is not in the imported folder; it was skipped`, at: { file: d.file, pointer: d.pointer } });
      return [];
    }
    throw new ImportError(d.file, `include "${pattern}": no such file in the imported folder (looked for ${candidates.join(', ') || 'a path inside the folder'})`, d.line, d.column);
  };

  const directives = expandFile(root, []);
  return { directives, files, texts, problems };
}

/** Where an include may be, inside the folder, best first. */
function candidatePaths(pattern: string, rootDir: string, includingDir: string): string[] {
  const out: string[] = [];
  const add = (p: string | undefined): void => {
    if (p !== undefined && p !== '' && !out.includes(p)) out.push(p);
  };
  if (pattern.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(pattern)) {
    const parts = pattern.replace(/\\/g, '/').replace(/^[a-zA-Z]:/, '').split('/').filter(Boolean);
    // Longest tail first; a bare glob such as `*.conf` would be too loose to mean the same folder.
    const minParts = /[*?[]/.test(parts[parts.length - 1] ?? '') ? 2 : 1;
    for (let k = 0; k <= parts.length - minParts; k++) {
      const tail = parts.slice(k).join('/');
      add(joinRelative(rootDir, tail));
      add(normalizeRelativePath(tail));
    }
    return out;
  }
  add(joinRelative(rootDir, pattern));
  add(joinRelative(includingDir, pattern));
  return out;
}

/** Expands a relative glob through listDir; undefined when its folder does not exist. */
function expandGlob(pattern: string, access: FileAccess): string[] | undefined {
  if (!access.listDir) {
    const exact = access.readText(pattern) !== undefined;
    return exact ? [pattern] : undefined;
  }
  const parts = pattern.split('/');
  let current: string[] = [''];
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k]!;
    const last = k === parts.length - 1;
    const next: string[] = [];
    for (const dir of current) {
      if (!/[*?[]/.test(part)) {
        const p = dir ? `${dir}/${part}` : part;
        if (last) {
          if (access.readText(p) !== undefined) next.push(p);
        } else if (access.listDir(p)) next.push(p);
        continue;
      }
      const entries = access.listDir(dir);
      if (!entries) continue;
      const re = globToRegex(part);
      for (const e of entries) if (re.test(e.name) && e.isDir === !last && !e.name.startsWith('.')) next.push(dir ? `${dir}/${e.name}` : e.name);
    }
    if (next.length === 0) {
      // The folder holding the last part exists but nothing matched: an empty expansion.
      if (last && current.length > 0 && current.some((dir) => access.listDir!(dir) !== undefined)) return [];
      return undefined;
    }
    current = next;
  }
  return current.sort();
}

function globToRegex(glob: string): RegExp {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${re}$`);
}
