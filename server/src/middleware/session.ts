/**
 * Counter session loader. `loadCounterSession(auth)` runs on every /api request: it resolves the
 * `ct_session` cookie (if any) into `c.var.signedInCounter`, or says in `c.var.counterSessionProblem` why
 * the cookie's session was refused. It admits and refuses nothing itself: the route's guard decides
 * (middleware/guards.ts), and the guard is where the CSRF token is checked.
 */
import { createMiddleware } from 'hono/factory';
import type { AuthService, CounterContext } from '../services/auth.service.ts';
import type { CookieJar } from './cookies.ts';

export type { CounterContext } from '../services/auth.service.ts';

export interface CounterSessionVariables {
  /** The counter session of the `ct_session` cookie, or null (no cookie, or refused). */
  signedInCounter: CounterContext | null;
  /** Why the cookie's session was refused (shown in the 401), or null. */
  counterSessionProblem: string | null;
}

export function loadCounterSession(auth: AuthService, cookies: CookieJar) {
  return createMiddleware<{ Variables: CounterSessionVariables }>(async (c, next) => {
    c.set('signedInCounter', null);
    c.set('counterSessionProblem', null);
    const token = cookies.read(c, 'counter');
    if (token) {
      const resolution = await auth.resolveSession(token);
      if (resolution.ok) c.set('signedInCounter', resolution.counter);
      else c.set('counterSessionProblem', resolution.message);
    }
    await next();
  });
}
