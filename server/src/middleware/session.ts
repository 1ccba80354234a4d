/**
 * Counter session middleware. `loadCounterSession(auth)` runs on every /api request: it resolves the
 * `ct_session` cookie (if any) into `c.var.counter` and, for mutating requests that carry a valid
 * session, requires the `x-csrf-token` header to equal the session's CSRF token (403 csrf_failed).
 * `requireCounterSession` then guards counter routes (401 unauthenticated without a usable session).
 */
import { CSRF_HEADER, SESSION_COOKIE } from '@countertop/shared';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../errors.ts';
import {
  type AuthService,
  type CounterContext,
  SESSION_EXPIRED_MESSAGE,
  safeEqual,
} from '../services/auth.service.ts';
import { isConsolePath } from './console-session.ts';

export type { CounterContext } from '../services/auth.service.ts';

export interface CounterVariables {
  /** Set for requests with a usable session; guaranteed inside routes behind requireCounterSession. */
  counter: CounterContext;
  /** Why the cookie's session was refused (shown in the 401), or null. */
  sessionProblem: string | null;
}

/** Hono env for route modules that use `requireCounterSession` and read `c.var.counter`. */
export interface CounterEnv {
  Variables: CounterVariables;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Mutating paths that never need a CSRF token: signing in (it issues the token) and Stripe webhooks. */
const CSRF_EXEMPT = [
  { method: 'POST', path: '/api/counter/session' },
  { method: 'POST', path: '/api/webhooks/stripe' },
];

function isCsrfExempt(method: string, path: string): boolean {
  // Console paths are checked against the console session's token (middleware/console-session.ts).
  if (isConsolePath(path)) return true;
  return CSRF_EXEMPT.some((route) => route.method === method && route.path === path);
}

export function loadCounterSession(auth: AuthService) {
  return createMiddleware<{ Variables: Partial<CounterVariables> }>(async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    c.set('sessionProblem', null);
    if (token) {
      const resolution = await auth.resolveSession(token);
      if (resolution.ok) {
        c.set('counter', resolution.counter);
        const method = c.req.method.toUpperCase();
        if (!SAFE_METHODS.has(method) && !isCsrfExempt(method, c.req.path)) {
          const header = c.req.header(CSRF_HEADER);
          if (!header || !safeEqual(header, resolution.counter.session.csrfToken)) {
            throw new AppError('csrf_failed', 'This request is missing its security token. Reload the page.');
          }
        }
      } else {
        c.set('sessionProblem', resolution.message);
      }
    }
    await next();
  });
}

/** Rejects the request with 401 unauthenticated unless a usable counter session was loaded. */
export const requireCounterSession = createMiddleware<CounterEnv>(async (c, next) => {
  const counter: CounterContext | undefined = c.get('counter');
  if (counter === undefined) {
    throw new AppError('unauthenticated', c.get('sessionProblem') ?? SESSION_EXPIRED_MESSAGE);
  }
  await next();
});

/** Rejects with 403 forbidden unless the signed-in staff member is a manager. */
export const requireManager = createMiddleware<CounterEnv>(async (c, next) => {
  if (c.get('counter').staff.role !== 'manager') {
    throw new AppError('forbidden', 'Only a manager can do that.');
  }
  await next();
});
