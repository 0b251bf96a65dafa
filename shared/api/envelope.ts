/**
 * Every call answers with an envelope: `{ok: true, value}` or `{ok: false, error: {code, message}}`.
 * Codes are stable (the UI switches on them); messages are for people and say what to do.
 */
import { z } from 'zod';

export const ERROR_CODES = [
  /** The input did not match the call's schema; the message names the field. */
  'invalid-input',
  /** The service answered outside the contract (a bug; logged in main). */
  'invalid-output',
  /** The caller is not the app's own main frame. */
  'forbidden',
  /** A path the user never chose (dialog, drop, recent list) was named. */
  'not-allowed',
  /** The call needs an open workspace and this window has none. */
  'no-workspace',
  /** The workspace is open in another window or process. */
  'locked',
  'not-found',
  'already-exists',
  'file-missing',
  'not-a-workspace',
  /** A migration recorded in the file was edited, or the file is newer than this app. */
  'migration',
  'not-initialized',
  'already-initialized',
  /** SQLite failed (disk full, I/O error…). */
  'storage',
  /** Another long job is running on this workspace. */
  'busy',
  'cancelled',
  /** The worker running a long job died; the workspace is unchanged. */
  'worker-crashed',
  /** Reports: nothing ran yet. */
  'no-run',
  /** Reports: the audit log does not verify. */
  'log-broken',
  'certificate-expired',
  'wrong-passphrase',
  /** The feature needs something this machine or build does not have. */
  'not-available',
  'internal',
] as const;

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({ code: ErrorCode, message: z.string() });
export type ApiError = z.infer<typeof ApiError>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The envelope schema around one output schema (used by tests and the HTTP shim's checks). */
export function envelopeOf<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ApiError }),
  ]);
}

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

/**
 * One line per zod issue, each starting with the field's path (`meta.name: …`), so the UI can
 * show the message next to the field it names.
 */
export function describeIssues(error: z.ZodError, root = 'input'): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : root;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}
