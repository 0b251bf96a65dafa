/**
 * The one error type the workspace throws. `code` is stable (services map it onto the contract's
 * error codes); `message` is for people and always names the workspace file.
 */
export type WorkspaceErrorCode =
  | 'file-missing'
  | 'not-a-workspace'
  | 'migration-edited'
  | 'migration-unknown'
  | 'invalid-input'
  | 'not-found'
  | 'not-initialized'
  | 'already-initialized'
  | 'closed'
  | 'sqlite';

export class WorkspaceError extends Error {
  override readonly name = 'WorkspaceError';

  constructor(
    readonly code: WorkspaceErrorCode,
    message: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
