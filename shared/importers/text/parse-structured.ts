/** Picks the JSON or YAML reader for a text by its content (JSON when it starts like JSON). */
import { ImportError } from '../import-error.js';
import { parseJsonWithPositions } from './json-positions.js';
import type { ParsedText } from './parsed-text.js';
import { parseYamlWithPositions, type YamlOptions } from './yaml-positions.js';

/** Larger evidence documents are refused before parsing (the largest public specs are < 15 MB). */
export const MAX_DOCUMENT_CHARS = 40 * 1024 * 1024;

export function parseStructured(text: string, file: string, options: YamlOptions = {}): ParsedText {
  if (text.length > MAX_DOCUMENT_CHARS)
    throw new ImportError(file, `the document is ${(text.length / 1048576).toFixed(1)} MB; documents over ${MAX_DOCUMENT_CHARS / 1048576} MB are refused`);
  const first = text.match(/^\uFEFF?\s*(\S)/)?.[1];
  if (first === '{' || first === '[') {
    const looksJson = /\.json$/i.test(file) || !/\.ya?ml$/i.test(file);
    try {
      return parseJsonWithPositions(text, file);
    } catch (e) {
      // A .yaml file may hold YAML flow syntax that is not strict JSON.
      if (looksJson || !(e instanceof ImportError)) throw e;
    }
  }
  if (text.includes('\0')) throw new ImportError(file, 'the file is binary, not a JSON or YAML document');
  return parseYamlWithPositions(text, file, options);
}
