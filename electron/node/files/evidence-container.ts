/**
 * Where evidence files come from: a folder on disk or an archive. Importers see it as a
 * FileAccess; the input finder lists its files; the workspace stores every byte that was read.
 */
import type { FileAccess } from '../../../shared/importers/file-access.js';

export interface EvidenceContainer extends FileAccess {
  /** What the user named (folder or archive path), for messages. */
  readonly label: string;
  /** Bytes of every file read so far, by relative path. */
  readonly read: Map<string, Buffer>;
  /** Every file below the root (relative POSIX paths), skipping VCS and dependency folders. */
  listFiles(): string[];
  /** The first 64 KB of a file as text, for sniffing. */
  head(relative: string): string;
  readBytes(relative: string): Buffer | undefined;
}
