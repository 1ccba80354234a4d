/**
 * The single error boundary of the HTTP app: `onError` maps every thrown error to the API's error
 * body `{ error: { code, message } }`, `notFound` answers unknown /api routes with JSON, and
 * `validate(target, schema)` wraps `@hono/zod-validator` so validation failures throw AppError
 * `invalid_request` with the message "<path>: <issue>" of the first issue.
 */
import type { ApiError } from '@countertop/shared';
import { zValidator } from '@hono/zod-validator';
import type { Context, ErrorHandler, NotFoundHandler, ValidationTargets } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import pino from 'pino';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { createStructuredLogger, errorField } from '../logging/logger.ts';
import { redactPath } from './request-log.ts';

export type ErrorLogger = (message: string, error: unknown) => void;

/** Formats a zod error as "<path>: <issue>" from its first issue (path omitted at the root). */
export function formatZodError(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request.';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function errorBody(code: string, message: string, details: Readonly<Record<string, unknown>> = {}): ApiError {
  return { error: { ...details, code, message } };
}

export function createErrorHandler(log: ErrorLogger = defaultLog): ErrorHandler {
  return (error, c) => {
    if (error instanceof AppError) {
      if (error.status >= 500)
        log(`${c.req.method} ${redactPath(c.req.path)} failed with ${error.code}`, error);
      if (error.retryAfterSeconds !== undefined) c.header('Retry-After', String(error.retryAfterSeconds));
      return c.json(errorBody(error.code, error.message, error.details), error.status);
    }
    if (error instanceof z.ZodError) {
      return c.json(errorBody('invalid_request', formatZodError(error)), 400);
    }
    if (error instanceof HTTPException && error.status < 500) {
      // Hono raises these for malformed JSON/form bodies and from built-in middleware.
      const status = error.status as ContentfulStatusCode;
      const code = status === 401 ? 'unauthenticated' : status === 404 ? 'not_found' : 'invalid_request';
      return c.json(errorBody(code, error.message || 'Invalid request.'), status);
    }
    log(`${c.req.method} ${redactPath(c.req.path)} failed unexpectedly`, error);
    return c.json(errorBody('internal_error', 'Something went wrong on our side. Please try again.'), 500);
  };
}

export const notFoundHandler: NotFoundHandler = (c: Context) => {
  if (c.req.path === '/api' || c.req.path.startsWith('/api/')) {
    return c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404);
  }
  return c.text('Not found', 404);
};

let fallbackLog: ReturnType<typeof createStructuredLogger> | undefined;
/** Without a logger (a bare handler in a test): JSON lines on stderr. */
function defaultLog(message: string, error: unknown): void {
  fallbackLog ??= createStructuredLogger({ destination: pino.destination({ dest: 2, sync: true }) });
  fallbackLog.error({ err: errorField(error) }, message);
}

/**
 * `zValidator` whose failures throw AppError('invalid_request', "<path>: <issue>") so the one onError
 * renders them. Handlers then read `c.req.valid(target)`.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new AppError('invalid_request', formatZodError(result.error), { cause: result.error });
    }
  });
}
