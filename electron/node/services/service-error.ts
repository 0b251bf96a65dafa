/** The error services throw for the contract's error envelope (`to-api-error.ts` maps every other error). */
import type { ErrorCode } from '../../../shared/api/envelope.js';

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
