/**
 * The contract every gateway importer fulfils. An importer is pure: it reads files only through
 * the FileAccess it is given (confined to the folder the user chose) and returns the normalized
 * GatewayConfig plus a position index for its findings.
 */
import type { Location } from '../../model/finding.js';
import type { GatewayConfig, GatewayProduct } from '../../model/gateway.js';
import type { SourceIndex, SourceRef } from '../../model/source.js';
import type { FileAccess } from '../file-access.js';

export interface GatewaySources extends SourceIndex {
  locateMany(refs: readonly SourceRef[]): Location[];
}

export interface GatewayImport {
  config: GatewayConfig;
  sources: GatewaySources;
}

export interface GatewayImporter {
  product: GatewayProduct;
  /** A human name for messages ("Kong decK declarative config"). */
  label: string;
  /**
   * Whether this importer reads the file, judged from its path (relative to the chosen folder)
   * and its first 64 KB. Must be cheap and must not claim files of other formats.
   */
  sniff(file: string, head: string): boolean;
  /** Parses the file (and what it includes); throws ImportError with file and line on bad input. */
  parse(file: string, files: FileAccess): GatewayImport;
}
