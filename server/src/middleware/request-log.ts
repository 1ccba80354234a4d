/**
 * Request ids and one structured log line per API request: Hono's `requestId` middleware gives every
 * request an id (a client's `X-Request-Id` is kept when it looks like one, else a new uuid) and echoes it
 * in the response header; `requestLog` writes `{"level","msg":"request","requestId","method","path",
 * "status","ms"}` as JSON. Only the path is logged — never the query string, headers, cookies or bodies —
 * so no card data, PIN, password or secret reaches the logs. `createBufferedLog` is the process's log sink
 * (main.ts): the lines of one event-loop turn go out in one write, not one system call per request.
 */
import { createMiddleware } from 'hono/factory';
import { requestId } from 'hono/request-id';
import type { Logger } from '../runtime.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';

export function requestIds() {
  return requestId({ headerName: REQUEST_ID_HEADER, limitLength: 64 });
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
        path: c.req.path,
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
