/**
 * Console session middleware. `loadConsoleSession(auth)` runs on every /api request: it resolves the
 * `ct_console` cookie (if any) into `c.var.user`; for mutating requests under the console path prefixes
 * that carry a usable session it requires `x-csrf-token` to equal the session's CSRF token (403
 * csrf_failed). Guards: `requireConsoleUser` (401), `requirePlatformAdmin` and `requireMerchantOwner`
 * (401 without a session, 403 for the other role; the owner's `c.var.user.accountId` is set).
 */
import { CONSOLE_SESSION_COOKIE, CSRF_HEADER } from '@countertop/shared';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../errors.ts';
import { safeEqual } from '../services/auth.service.ts';
import {
  CONSOLE_SESSION_EXPIRED_MESSAGE,
  type ConsoleAuthService,
  type ConsoleUserContext,
} from '../services/console-auth.service.ts';

export type { ConsoleUserContext } from '../services/console-auth.service.ts';

/**
 * API paths served to the web consoles: their writes are checked against the console session's CSRF
 * token (and never against the counter's, so one browser may hold both sessions).
 */
export const CONSOLE_PATH_PREFIXES = ['/api/console/', '/api/platform/', '/api/merchant/'] as const;

export function isConsolePath(path: string): boolean {
  return CONSOLE_PATH_PREFIXES.some((prefix) => path.startsWith(prefix));
}

export interface ConsoleVariables {
  /** Set for requests with a usable console session; guaranteed behind the require* guards. */
  user: ConsoleUserContext;
  /** Why the console cookie's session was refused, or null. */
  consoleSessionProblem: string | null;
}

export interface ConsoleEnv {
  Variables: ConsoleVariables;
}

/** A merchant owner's context: `accountId` is their account. */
export interface MerchantOwnerEnv {
  Variables: ConsoleVariables & { user: ConsoleUserContext & { accountId: string } };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Console writes that need no CSRF token: signing in and accepting an invitation (they issue one). */
function isCsrfExempt(method: string, path: string): boolean {
  if (method !== 'POST') return false;
  return path === '/api/console/session' || /^\/api\/console\/invitations\/[^/]+\/accept$/.test(path);
}

export function loadConsoleSession(auth: ConsoleAuthService) {
  return createMiddleware<{ Variables: Partial<ConsoleVariables> }>(async (c, next) => {
    c.set('consoleSessionProblem', null);
    const token = getCookie(c, CONSOLE_SESSION_COOKIE);
    if (token) {
      const resolution = await auth.resolveSession(token);
      if (resolution.ok) {
        c.set('user', resolution.user);
        const method = c.req.method.toUpperCase();
        if (!SAFE_METHODS.has(method) && isConsolePath(c.req.path) && !isCsrfExempt(method, c.req.path)) {
          const header = c.req.header(CSRF_HEADER);
          if (!header || !safeEqual(header, resolution.user.csrfToken)) {
            throw new AppError('csrf_failed', 'This request is missing its security token. Reload the page.');
          }
        }
      } else {
        c.set('consoleSessionProblem', resolution.message);
      }
    }
    await next();
  });
}

function currentUser(c: {
  get(key: 'user'): ConsoleUserContext | undefined;
  get(key: 'consoleSessionProblem'): string | null | undefined;
}): ConsoleUserContext {
  const user = c.get('user');
  if (user === undefined) {
    throw new AppError('unauthenticated', c.get('consoleSessionProblem') ?? CONSOLE_SESSION_EXPIRED_MESSAGE);
  }
  return user;
}

/** 401 unless a console user (either role) is signed in. */
export const requireConsoleUser = createMiddleware<ConsoleEnv>(async (c, next) => {
  currentUser(c);
  await next();
});

/** 401 without a console session; 403 unless the user is a platform admin. */
export const requirePlatformAdmin = createMiddleware<ConsoleEnv>(async (c, next) => {
  if (currentUser(c).role !== 'platform_admin') {
    throw new AppError('forbidden', 'Only a platform admin can do that.');
  }
  await next();
});

/** 401 without a console session; 403 unless the user owns a merchant account. */
export const requireMerchantOwner = createMiddleware<MerchantOwnerEnv>(async (c, next) => {
  const user = currentUser(c);
  if (user.role !== 'merchant_owner' || user.accountId === null) {
    throw new AppError('forbidden', 'Only the merchant account owner can do that.');
  }
  await next();
});
