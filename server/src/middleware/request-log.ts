/**
 * Request ids and one structured log line per API request: Hono's `requestId` middleware gives every
 * request an id (a client's `X-Request-Id` is kept when it looks like one, else a new uuid) and echoes it
 * in the response header; `requestLog` makes the request's child logger (`reqId` on each of its lines),
 * puts it on the context (`c.get('log')`) and runs the request inside it (logging/logger.ts:
 * `requestScope`), so every line logged while handling the request — by a route, a service or the error
 * handler — carries the request id; at the end it writes `{"level","time","msg":"request","reqId",
 * "method","path","status","ms"}`. Only the path is logged — never the query string, headers, cookies or
 * bodies — and `redactPath` first replaces the path segments that are secrets (an invitation link's
 * one-time token, or any long random-looking segment) with `[redacted]`, so no card data, PIN, password,
 * token or secret reaches the logs.
 */
import { createMiddleware } from 'hono/factory';
import { requestId } from 'hono/request-id';
import { asServerLog, requestScope, type StructuredLogger } from '../logging/logger.ts';
import type { Logger } from '../runtime.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';

export function requestIds() {
  return requestId({ headerName: REQUEST_ID_HEADER, limitLength: 64 });
}

/** Routes whose path carries a one-time secret: the prefix is kept, the rest of the path is not logged. */
const SECRET_PATH_PREFIXES = ['/api/console/invitations/'];
/** Our ids and Stripe's (`sale_…`, `po_…`): a lower-case prefix, an underscore, then letters and digits. */
const ID_SEGMENT = /^[a-z]{2,12}_[A-Za-z0-9]+$/;
/** A long segment of a token's alphabet that is not an id: treated as a secret (defence in depth). */
const TOKEN_LIKE = /^[A-Za-z0-9_-]{24,}$/;

/** The path as it may be logged: secret segments replaced by `[redacted]`, never a query string. */
export function redactPath(path: string): string {
  const bare = path.split('?')[0] ?? '';
  for (const prefix of SECRET_PATH_PREFIXES) {
    if (bare.startsWith(prefix)) {
      // `/api/console/invitations/<token>/accept` → `/api/console/invitations/[redacted]/accept`
      const rest = bare.slice(prefix.length).split('/');
      return `${prefix}[redacted]${rest.length > 1 ? `/${rest.slice(1).join('/')}` : ''}`;
    }
  }
  return bare
    .split('/')
    .map((segment) => (TOKEN_LIKE.test(segment) && !ID_SEGMENT.test(segment) ? '[redacted]' : segment))
    .join('/');
}

declare module 'hono' {
  interface ContextVariableMap {
    /** This request's logger (set by `requestLog`): its lines carry `reqId`. */
    log: StructuredLogger;
  }
}

export function requestLog(log: Logger, now: () => number = () => performance.now()) {
  const server = asServerLog(log);
  return createMiddleware(async (c, next) => {
    const started = now();
    const requestLogger = server.structured.child({ reqId: c.get('requestId') });
    c.set('log', requestLogger);
    await requestScope.run(requestLogger, next);
    const status = c.res.status;
    requestLogger[status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info'](
      {
        method: c.req.method,
        path: redactPath(c.req.path),
        status,
        ms: Math.round(now() - started),
      },
      'request',
    );
  });
}
