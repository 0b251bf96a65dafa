/**
 * The Apigee importer: an API proxy bundle, as a folder or inside a .zip (the input finder opens
 * archives; see electron/node/files/zip-folder.ts). It claims only the bundle's root descriptor
 * (root element `<APIProxy>`, normally `apiproxy/<name>.xml`); the proxies, targets and policies
 * are read from there, so no bundle file is imported twice.
 */
import type { FileAccess } from '../../file-access.js';
import { MappedSources } from '../../text/mapped-sources.js';
import { xmlRootName } from '../common/b-xml.js';
import type { GatewayImport, GatewayImporter } from '../gateway-importer.js';
import { readBundle } from './apigee-bundle.js';
import { buildApigeeModel } from './apigee-model.js';

export function sniffApigee(file: string, head: string): boolean {
  return /\.xml$/i.test(file) && xmlRootName(head) === 'APIProxy';
}

export const apigeeImporter: GatewayImporter = {
  product: 'apigee',
  label: 'Apigee API proxy bundle (apiproxy/, folder or .zip)',
  sniff: sniffApigee,
  parse(file: string, files: FileAccess): GatewayImport {
    const sources = new MappedSources();
    const bundle = readBundle(file, files, sources);
    return { config: buildApigeeModel(bundle), sources };
  },
};
