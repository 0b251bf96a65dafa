/**
 * The NGINX importer: nginx.conf with its includes (inside the imported folder), read into the
 * normalized gateway model.
 *
 * Which files it claims: a root configuration — one with a top-level `http { … }` or
 * `events { … }` block — wherever it sits, and a stand-alone site file (a top-level
 * `server { … }` block, the http-context files of conf.d/ or sites-enabled/) only when it is at
 * the top of what was named: a file named directly, or a file at the root of a named folder.
 * Site files in sub-folders are what a root configuration includes, so they are left to it and
 * nothing is imported twice.
 */
import type { FileAccess } from '../../file-access.js';
import { MappedSources } from '../../text/mapped-sources.js';
import type { GatewayImport, GatewayImporter } from '../gateway-importer.js';
import { loadNginxConfig } from './nginx-includes.js';
import { buildNginxModel } from './nginx-model.js';

/** Names of the block directives at the top level of a (possibly truncated) config text. */
export function topLevelBlocks(text: string): Set<string> {
  const out = new Set<string>();
  let depth = 0;
  let name: string | undefined;
  let atStatementStart = true;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      i = j + 1;
      atStatementStart = false;
      continue;
    }
    if (c === '{') {
      if (depth === 0 && name) out.add(name);
      depth++;
      atStatementStart = true;
      name = undefined;
      i++;
      continue;
    }
    if (c === '}') {
      depth = Math.max(0, depth - 1);
      atStatementStart = true;
      name = undefined;
      i++;
      continue;
    }
    if (c === ';') {
      atStatementStart = true;
      name = undefined;
      i++;
      continue;
    }
    let j = i;
    while (j < n && !/[\s;{}]/.test(text[j]!)) j += text[j] === '$' && text[j + 1] === '{' ? Math.max(1, text.indexOf('}', j) - j + 1) : 1;
    if (atStatementStart) name = text.slice(i, j);
    atStatementStart = false;
    i = j;
  }
  return out;
}

export function sniffNginx(file: string, head: string): boolean {
  if (/\.(json|ya?ml|xml|html?|md|txt|js|ts)$/i.test(file)) return false;
  const text = head.replace(/^\uFEFF/, '');
  if (/^\s*([{[<]|---)/.test(text) || !text.includes(';')) return false;
  const blocks = topLevelBlocks(text);
  if (blocks.has('http') || blocks.has('events')) return true;
  return blocks.has('server') && !file.includes('/') && /^\s*(listen|server_name|location|proxy_pass|root)\s/m.test(text);
}

export const nginxImporter: GatewayImporter = {
  product: 'nginx',
  label: 'NGINX configuration (nginx.conf)',
  sniff: sniffNginx,
  parse(file: string, files: FileAccess): GatewayImport {
    const loaded = loadNginxConfig(file, files);
    const sources = new MappedSources();
    const config = buildNginxModel(file, loaded, sources);
    return { config, sources };
  },
};
