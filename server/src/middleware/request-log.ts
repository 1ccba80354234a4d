/**
 * Request ids and one structured log line per API request: Hono's `requestId` middleware gives every
 * request an id (a client's `X-Request-Id` is kept when it looks like one, else a new uuid) and echoes it
 * in the response header; `requestLog` writes `{"level","msg":"request","requestId","method","path",
 * "status","ms"}` as JSON. Only the path is logged — never the query string, headers, cookies or bodies —
 * and `redactPath` first replaces the path segments that are secrets (an invitation link's one-time token,
 * or any long random-looking segment) with `[redacted]`, so no card data, PIN, password, token or secret
 * reaches the logs. `createBufferedLog` is the process's log sink
 * (main.ts): the lines of one event-loop turn go out in one write, not one system call per request.
 */
import { createMiddleware } from 'hono/factory';
import { requestId } from 'hono/request-id';
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

export function requestLog(log: Logger, now: () => number = () => performance.now()) {
  return createMiddleware<{ Variables: { requestId: string } }>(async (c, next) => {
    const started = now();
    await next();
    const status = c.res.status;
    log(
      JSON.stringify({
        level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
        msg: 'request',
        requestId: c.get('requestId'),
        method: c.req.method,
        path: redactPath(c.req.path),
        status,
        ms: Math.round(now() - started),
      }),
    );
  });
}

/**
 * A line logger for a stream (stdout): lines logged during one event-loop turn are joined and written once,
 * on the next turn or at `flush()` (main flushes at exit). Under load this turns ~6 writes per checkout
 * into one per turn; a line is never delayed past the current turn.
 */
export function createBufferedLog(write: (chunk: string) => void): Logger & { flush(): void } {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const chunk = `${pending.join('\n')}\n`;
    pending = [];
    write(chunk);
  };
  const log = (line: string) => {
    pending.push(line);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return Object.assign(log, { flush });
}
