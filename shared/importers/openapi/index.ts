/**
 * The OpenAPI importer: Swagger 2.0, OpenAPI 3.0 and 3.1, JSON or YAML, one file or many
 * joined by relative `$ref`s inside the chosen folder.
 */
import type { SpecModel } from '../../model/spec.js';
import type { FileAccess } from '../file-access.js';
import { ImportError } from '../import-error.js';
import { DocumentSet } from './document-set.js';
import { buildSpecModel, detectVersion, isObject } from './normalize.js';

export { DocumentSet } from './document-set.js';

export interface OpenApiImport {
  model: SpecModel;
  sources: DocumentSet;
}

/**
 * True when the text looks like the root of an API description. YAML: a top-level `openapi:` or
 * `swagger:` line anywhere (sorted keys put it after `components`). JSON: an `"openapi"`/`"swagger"` member with a version string anywhere (JSON
 * exports often sort keys, so it can sit megabytes in, after `components` or `paths`).
 */
export function sniffOpenApi(text: string): boolean {
  if (looksLikeJson(text)) return /"(openapi|swagger)"\s*:\s*"[23]/.test(text);
  return /^["']?(openapi|swagger)["']?\s*:/m.test(text);
}

export function looksLikeJson(text: string): boolean {
  return /^\uFEFF?\s*\{/.test(text.slice(0, 1024));
}

export function importOpenApi(rootFile: string, files: FileAccess, rootText?: string): OpenApiImport {
  const docs = new DocumentSet(files, rootFile, rootText);
  const root = docs.root.value;
  if (!isObject(root)) throw new ImportError(rootFile, 'not an API description: the document is not a JSON/YAML object');
  const version = detectVersion(root);
  if (!version) {
    if (root.swagger !== undefined || root.openapi !== undefined)
      throw new ImportError(
        rootFile,
        `unsupported version ${JSON.stringify(root.swagger ?? root.openapi)}: Gatehouse reads Swagger 2.0 and OpenAPI 3.0/3.1`,
      );
    const keys = Object.keys(root).slice(0, 6).join(', ');
    throw new ImportError(rootFile, `not an API description: no top-level "openapi" or "swagger" field (found: ${keys || 'nothing'})`);
  }
  return { model: buildSpecModel(docs), sources: docs };
}
