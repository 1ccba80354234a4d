/**
 * Console session loader. `loadConsoleSession(auth)` runs on every /api request: it resolves the
 * `ct_console` cookie (if any) into `c.var.signedInUser`, or says in `c.var.consoleSessionProblem` why the
 * cookie's session was refused. Like the counter loader it decides nothing: route guards do
 * (middleware/guards.ts), CSRF check included.
 */
import { createMiddleware } from 'hono/factory';
import type { ConsoleAuthService, ConsoleUserContext } from '../services/console-auth.service.ts';
import type { CookieJar } from './cookies.ts';

export type { ConsoleUserContext } from '../services/console-auth.service.ts';

export interface ConsoleSessionVariables {
  /** The console user of the `ct_console` cookie, or null (no cookie, or refused). */
  signedInUser: ConsoleUserContext | null;
  /** Why the console cookie's session was refused, or null. */
  consoleSessionProblem: string | null;
}

export function loadConsoleSession(auth: ConsoleAuthService, cookies: CookieJar) {
  return createMiddleware<{ Variables: ConsoleSessionVariables }>(async (c, next) => {
    c.set('signedInUser', null);
    c.set('consoleSessionProblem', null);
    const token = cookies.read(c, 'console');
    if (token) {
      const resolution = await auth.resolveSession(token);
      if (resolution.ok) c.set('signedInUser', resolution.user);
      else c.set('consoleSessionProblem', resolution.message);
    }
    await next();
  });
}
