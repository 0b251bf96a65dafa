/** Machine-readable exports of an audit run. Every format is a pure function to a string. */
import type { AuditResult, ExportFormat } from './audit-result.js';
import { toCsv } from './csv.js';
import { toJson } from './json.js';
import { toJunit } from './junit.js';
import { toSarif } from './sarif.js';

export type { AuditResult, ExportFormat } from './audit-result.js';
export { compareFindings, sortFindings } from './audit-result.js';
export { toCsv } from './csv.js';
export { toJson } from './json.js';
export { toJunit } from './junit.js';
export { buildSarif, toSarif, type SarifLog, type SarifOptions } from './sarif.js';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'sarif', 'junit', 'csv'];

/** File extension and media type to save each format with. */
export const EXPORT_FILE_TYPES: Readonly<Record<ExportFormat, { extension: string; mediaType: string }>> = {
  json: { extension: 'json', mediaType: 'application/json' },
  sarif: { extension: 'sarif', mediaType: 'application/sarif+json' },
  junit: { extension: 'xml', mediaType: 'application/xml' },
  csv: { extension: 'csv', mediaType: 'text/csv' },
};

export function formatAuditResult(result: AuditResult, format: ExportFormat): string {
  switch (format) {
    case 'json':
      return toJson(result);
    case 'sarif':
      return toSarif(result);
    case 'junit':
      return toJunit(result);
    case 'csv':
      return toCsv(result);
  }
}
