/**
 * The Envoy importer: a v3 static bootstrap (YAML or JSON) with `static_resources` listeners and
 * clusters. It claims YAML/JSON files with a top-level `static_resources` key; configurations
 * delivered only over xDS are not in such files and cannot be audited offline.
 */
import type { FileAccess } from '../../file-access.js';
import { DocumentSet } from '../../openapi/document-set.js';
import type { GatewayImport, GatewayImporter } from '../gateway-importer.js';
import { buildEnvoyModel } from './envoy-model.js';

export function sniffEnvoy(file: string, head: string): boolean {
  if (/^\uFEFF?\s*\{/.test(head)) return /"static_resources"\s*:/.test(head);
  if (!/\.(ya?ml)$/i.test(file)) return false;
  return /^static_resources\s*:/m.test(head);
}

export const envoyImporter: GatewayImporter = {
  product: 'envoy',
  label: 'Envoy v3 static configuration (YAML/JSON)',
  sniff: sniffEnvoy,
  parse(file: string, files: FileAccess): GatewayImport {
    const docs = new DocumentSet(files, file);
    const config = buildEnvoyModel(file, docs.root.value);
    return { config, sources: docs };
  },
};
