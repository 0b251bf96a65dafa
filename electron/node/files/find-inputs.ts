/**
 * Expands what the user named on the command line (or dropped in the UI) into evidence roots,
 * deciding what each file is from its content: an API description (a top-level `openapi` or
 * `swagger` field), a gateway configuration (each gateway importer's sniff), or neither. A file
 * named directly must be recognised; in a named folder, unrecognised files are left to be
 * reached through `$ref`s and includes.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { gatewayImporters, type GatewayImporter } from '../../../shared/importers/gateways/index.js';
import { ImportError } from '../../../shared/importers/import-error.js';
import { looksLikeJson, sniffOpenApi } from '../../../shared/importers/openapi/index.js';
import type { EvidenceContainer } from './evidence-container.js';
import { EvidenceFolder } from './evidence-folder.js';
import { openZip } from './zip-folder.js';

export interface EvidenceRoot {
  container: EvidenceContainer;
  /** The root file, relative to the container (POSIX separators): the evidence name findings cite. */
  file: string;
  /** An API description to import as a spec. */
  spec: boolean;
  /** The gateway importer that claims the file, if any (a file can be both, e.g. an AWS export). */
  gateway?: GatewayImporter;
}

export interface InputProblem {
  input: string;
  message: string;
}

const STRUCTURED = /\.(json|ya?ml|conf|xml|cfg)$/i;

export const RECOGNISED_FORMATS = (): string => ['OpenAPI 3.x / Swagger 2.0', ...gatewayImporters.map((g) => g.label)].join(', ');

function classify(container: EvidenceContainer, file: string): Omit<EvidenceRoot, 'container' | 'file'> | undefined {
  const head = container.head(file);
  let spec = sniffOpenApi(head);
  // A description may name its version anywhere (sorted keys): look at the whole file.
  if (!spec && head.length >= 65536 && (looksLikeJson(head) || /\.ya?ml$/i.test(file))) spec = sniffOpenApi(container.readText(file) ?? '');
  const gateway = gatewayImporters.find((g) => g.sniff(file, head));
  if (!spec && !gateway) return undefined;
  return gateway ? { spec, gateway } : { spec };
}

export function findInputs(inputs: readonly string[]): { roots: EvidenceRoot[]; problems: InputProblem[] } {
  const roots: EvidenceRoot[] = [];
  const problems: InputProblem[] = [];
  const folders = new Map<string, EvidenceFolder>();
  const folderFor = (dir: string): EvidenceFolder => {
    let f = folders.get(dir);
    if (!f) folders.set(dir, (f = new EvidenceFolder(dir)));
    return f;
  };
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      problems.push({ input, message: 'no such file or folder' });
      continue;
    }
    try {
      if (st.isFile() && /\.zip$/i.test(input)) {
        const zip = openZip(input);
        const found = zip.listFiles().flatMap((file) => {
          const kind = classify(zip, file);
          return kind ? [{ container: zip, file, ...kind }] : [];
        });
        if (!found.length) problems.push({ input, message: `the archive holds no recognised evidence (looked for: ${RECOGNISED_FORMATS()})` });
        roots.push(...found);
      } else if (st.isFile()) {
        const container = folderFor(path.dirname(path.resolve(input)));
        const file = path.basename(input);
        const kind = classify(container, file);
        if (kind) roots.push({ container, file, ...kind });
        else problems.push({ input, message: `not a recognised evidence file (tried: ${RECOGNISED_FORMATS()})` });
      } else if (st.isDirectory()) {
        const container = folderFor(path.resolve(input));
        const found = container
          .listFiles()
          .filter((f) => STRUCTURED.test(f))
          .flatMap((file) => {
            const kind = classify(container, file);
            return kind ? [{ container, file, ...kind }] : [];
          });
        if (!found.length) problems.push({ input, message: `the folder holds no recognised evidence (looked for: ${RECOGNISED_FORMATS()})` });
        roots.push(...found);
      } else problems.push({ input, message: 'not a file or folder' });
    } catch (e) {
      if (e instanceof ImportError) problems.push({ input, message: e.message });
      else throw e;
    }
  }
  return { roots, problems };
}
