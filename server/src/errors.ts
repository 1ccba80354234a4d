/**
 * AppError: the one error type services and routes throw. It carries a stable `ErrorCode` (see
 * `shared/src/api/errors.ts` for the code → status table) and becomes `{ error: { code, message } }`
 * in the single onError handler (`middleware/error-handler.ts`).
 */
import { ERROR_STATUS, type ErrorCode } from '@countertop/shared';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface AppErrorOptions {
  /** Overrides the code's default status from ERROR_STATUS. */
  status?: ContentfulStatusCode;
  cause?: unknown;
  /** Sent as the `Retry-After` header (429: when the next attempt may be made). */
  retryAfterSeconds?: number;
  /** Extra fields of the error body beside code and message (e.g. `rows` of csv_invalid). */
  details?: Readonly<Record<string, unknown>>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: ContentfulStatusCode;
  readonly retryAfterSeconds: number | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details ?? {};
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** 400 invalid_request: input that passed schema validation but is still wrong. */
export function invalidRequest(message: string, cause?: unknown): AppError {
  return new AppError('invalid_request', message, { cause });
}

/** 404 with a resource-specific code, e.g. notFound('sale_not_found', 'No such sale.'). */
export function notFound(
  code: Extract<ErrorCode, `${string}not_found`> = 'not_found',
  message = 'Not found.',
): AppError {
  return new AppError(code, message);
}

/** 409 with a state-conflict code. */
export function conflict(
  code: ErrorCode = 'conflict',
  message = 'The request conflicts with the current state.',
) {
  return new AppError(code, message);
}

/** 401 unauthenticated: the session is missing or expired. */
export function unauthenticated(message = 'Your session has expired. Sign in again.'): AppError {
  return new AppError('unauthenticated', message);
}

/** 403 forbidden: signed in but not allowed. */
export function forbidden(message = 'You are not allowed to do that.'): AppError {
  return new AppError('forbidden', message);
}
