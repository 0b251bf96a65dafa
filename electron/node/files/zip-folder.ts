/**
 * An evidence archive (.zip, e.g. an Apigee proxy bundle) opened as an EvidenceContainer.
 * Placeholder until the archive reader lands: archives are refused with a clear message.
 */
import { ImportError } from '../../../shared/importers/import-error.js';
import type { EvidenceContainer } from './evidence-container.js';

export function openZip(file: string): EvidenceContainer {
  throw new ImportError(file, 'zip archives are not supported yet: extract the archive and name the folder');
}
