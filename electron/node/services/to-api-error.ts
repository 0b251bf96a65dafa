/**
 * The one mapping from every error the lower layers throw (workspace, report, identity, import)
 * onto the contract's error codes. Used in main and in the job worker alike, so a failure reads
 * the same wherever it happened.
 */
import type { ApiError, ErrorCode } from '../../../shared/api/envelope.js';
import { ImportError } from '../../../shared/importers/import-error.js';
import { IdentityError } from '../pdf/identity.js';
import { WorkspaceError, type WorkspaceErrorCode } from '../workspace/workspace-error.js';
import { ReportError } from './report-service.js';
import { ServiceError } from './service-error.js';

const WORKSPACE_CODES: Record<WorkspaceErrorCode, ErrorCode> = {
  'file-missing': 'file-missing',
  'not-a-workspace': 'not-a-workspace',
  'migration-edited': 'migration',
  'migration-unknown': 'migration',
  'invalid-input': 'invalid-input',
  'not-found': 'not-found',
  'not-initialized': 'not-initialized',
  'already-initialized': 'already-initialized',
  closed: 'no-workspace',
  sqlite: 'storage',
};

/** Any thrown value as the contract's `{code, message}`; unknown errors become `internal`. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ServiceError) return { code: error.code, message: error.message };
  if (error instanceof WorkspaceError) return { code: WORKSPACE_CODES[error.code], message: error.message };
  if (error instanceof ReportError) {
    const code: ErrorCode = error.code === 'exists' ? 'already-exists' : error.code;
    return { code, message: error.message };
  }
  if (error instanceof IdentityError) {
    const code: ErrorCode =
      error.code === 'wrong-passphrase' ? 'wrong-passphrase' : error.code === 'unsupported-key-type' ? 'not-available' : 'invalid-input';
    return { code, message: error.message };
  }
  if (error instanceof ImportError) return { code: 'invalid-input', message: error.message };
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return { code: 'file-missing', message: (error as Error).message };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'not-allowed', message: (error as Error).message };
  if (code === 'EEXIST') return { code: 'already-exists', message: (error as Error).message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
