/**
 * Tyk API definitions: classic JSON (`api_id` + `proxy`), the Dashboard export wrapping one in
 * `api_definition`, and Tyk OAS (an OpenAPI document with `x-tyk-api-gateway`, JSON or YAML).
 * Policies and keys (per-key rates and quotas) and tyk.conf are other files, not read here.
 */
import type { FileAccess } from '../../file-access.js';
import { ImportError } from '../../import-error.js';
import { parseStructured } from '../../text/parse-structured.js';
import { newConfig } from '../common/a-gateway-config.js';
import { isObj, NodeReader, type Obj } from '../common/a-node-reader.js';
import { ParsedSources } from '../common/a-parsed-sources.js';
import { scanSecrets } from '../common/a-secrets.js';
import type { GatewayImport, GatewayImporter } from '../gateway-importer.js';
import { readTykClassic } from './tyk-classic.js';
import { readTykOas } from './tyk-oas.js';

export function sniffTyk(_file: string, head: string): boolean {
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (/^["']?x-tyk-api-gateway["']?\s*:/m.test(t) || /"x-tyk-api-gateway"\s*:/.test(t)) return true;
  if (!t.startsWith('{')) return false;
  return /"api_id"\s*:/.test(t) && /"proxy"\s*:/.test(t) && /"(listen_path|target_url)"\s*:/.test(t);
}

export const tykImporter: GatewayImporter = {
  product: 'tyk',
  label: 'Tyk API definition (classic or Tyk OAS)',
  sniff: sniffTyk,
  parse: parseTyk,
};

export function parseTyk(file: string, files: FileAccess): GatewayImport {
  const text = files.readText(file);
  if (text === undefined) throw new ImportError(file, 'file not found');
  const sources = new ParsedSources();
  const doc = sources.add(parseStructured(text, file));
  const r = new NodeReader(sources, file);
  if (!isObj(doc.value)) throw sources.error(file, '', 'not a Tyk API definition: the document is not an object');
  const root: Obj = doc.value;
  if (root['x-tyk-api-gateway'] !== undefined) {
    const config = newConfig('tyk', file, 'tyk-oas');
    readTykOas(root, r, config);
    scanSecrets(root['x-tyk-api-gateway'], r.ref('/x-tyk-api-gateway'), 'x-tyk-api-gateway', (h) => config.secrets.push(h));
    config.files = sources.files;
    return { config, sources };
  }
  const wrapped = isObj(root.api_definition);
  const def = wrapped ? (root.api_definition as Obj) : root;
  const base = wrapped ? '/api_definition' : '';
  if (def.api_id === undefined && def.proxy === undefined)
    throw sources.error(file, base, `not a Tyk API definition: no api_id or proxy (found: ${Object.keys(def).slice(0, 6).join(', ') || 'nothing'})`);
  const config = newConfig('tyk', file, 'tyk-classic');
  readTykClassic(def, base, r, config);
  scanSecrets(def, r.ref(base), 'API definition', (h) => config.secrets.push(h));
  config.files = sources.files;
  return { config, sources };
}
