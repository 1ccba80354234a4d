/**
 * Route guards: who may call an API route. Every route definition names one (routes/define-route.ts
 * requires it) and `mountApiRoutes` runs the guard's middleware before the route's validation and
 * handler, so no handler runs unguarded. The session loaders only read the cookies; the guards decide,
 * and `requireCsrfToken` below is the one CSRF check every session-backed guard uses. A guard hands the
 * handler what it established (`c.var.counter`, `c.var.user`, `c.var.viewer`, `c.var.stripeSignature`),
 * typed by `GuardEnv`: a handler gets an identity only from a guard that checked it. (The loaders' nullable
 * `signedInCounter` / `signedInUser` stay readable for a public route that adapts to who is signed in.)
 */
import { CSRF_HEADER } from '@countertop/shared';
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../errors.ts';
import { type CounterContext, SESSION_EXPIRED_MESSAGE, safeEqual } from '../services/auth.service.ts';
import {
  CONSOLE_SESSION_EXPIRED_MESSAGE,
  type ConsoleUserContext,
} from '../services/console-auth.service.ts';
import type { MerchantViewer, ViewerRequest } from '../services/merchant-access.ts';
import type { ConsoleSessionVariables } from './console-session.ts';
import type { CounterSessionVariables } from './session.ts';

/** A merchant owner's console user: `accountId` is their account. */
export type MerchantOwnerContext = ConsoleUserContext & { accountId: string };

/** What each guard establishes for the handler, by guard. The keys are the closed set of guards. */
export interface GuardVariables {
  /** Anyone. */
  public: Record<never, never>;
  /** Stripe's webhook deliveries: a `Stripe-Signature` header, which the webhooks service verifies. */
  stripe: { stripeSignature: string };
  /** A counter session (any staff member); writes carry its CSRF token. */
  counter: { counter: CounterContext };
  /**
   * Merchant sales review: a merchant owner's console session (their account), a platform admin's
   * console session looking at `?accountId=` (support view), or a manager's counter session; writes
   * carry the CSRF token of the session in use. (`manager` is the name the API document has always used.)
   */
  manager: { viewer: MerchantViewer };
  /** A console session of any role; writes carry its CSRF token. */
  console: { user: ConsoleUserContext };
  /** A platform admin's console session; writes carry its CSRF token. */
  platform_admin: { user: ConsoleUserContext };
  /** A merchant owner's console session; writes carry its CSRF token. */
  merchant_owner: { user: MerchantOwnerContext };
}

export type Guard = keyof GuardVariables;

/** What the session loaders put on every /api request. */
export type SessionVariables = CounterSessionVariables & ConsoleSessionVariables;

/** The Hono env of a handler behind guard `G`. */
export interface GuardEnv<G extends Guard> {
  Variables: SessionVariables & GuardVariables[G];
}

export type Guards = { [G in Guard]: MiddlewareHandler<GuardEnv<G>> };

/**
 * The API document's description of each guard. (The `manager` note predates merchant owners and the
 * support view; it is kept as published, the summaries of those routes say "merchant owner or manager".)
 */
export const GUARD_DESCRIPTIONS: Record<Guard, string> = {
  public: 'No authentication.',
  counter:
    'Counter session cookie `ct_session` (`__Host-ct_session` over https); writes also need the `x-csrf-token` header.',
  manager: 'Counter session of a manager; writes also need the `x-csrf-token` header.',
  stripe: 'Stripe webhook: verified by the `Stripe-Signature` header.',
  console:
    'Console session cookie `ct_console` (`__Host-ct_console` over https; any role); writes also need the `x-csrf-token` header.',
  platform_admin: 'Console session of a platform admin; writes also need the `x-csrf-token` header.',
  merchant_owner: 'Console session of a merchant owner; writes also need the `x-csrf-token` header.',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The CSRF check: a write must echo the token of the session it acts with in `x-csrf-token`. Cookies are
 * SameSite=Strict already; the token also stops a same-site page from writing with the user's cookie.
 */
export function requireCsrfToken(c: Context, sessionCsrfToken: string): void {
  if (SAFE_METHODS.has(c.req.method.toUpperCase())) return;
  const header = c.req.header(CSRF_HEADER);
  if (!header || !safeEqual(header, sessionCsrfToken)) {
    throw new AppError('csrf_failed', 'This request is missing its security token. Reload the page.');
  }
}

/** The console user of the request (401 without one), once their write carries the session's CSRF token. */
function requireConsoleUser(
  c: Context,
  user: ConsoleUserContext | null,
  sessionProblem: string | null,
): ConsoleUserContext {
  if (!user) throw new AppError('unauthenticated', sessionProblem ?? CONSOLE_SESSION_EXPIRED_MESSAGE);
  // Checked before the role, as the token belongs to the session whatever its role.
  requireCsrfToken(c, user.csrfToken);
  return user;
}

export interface GuardDeps {
  /** The merchant slice's viewer resolution (owner, support view or manager; 401/403/404 otherwise). */
  resolveMerchantViewer(request: ViewerRequest): MerchantViewer | Promise<MerchantViewer>;
}

export function createGuards({ resolveMerchantViewer }: GuardDeps): Guards {
  return {
    public: createMiddleware<GuardEnv<'public'>>(async (_c, next) => {
      await next();
    }),

    stripe: createMiddleware<GuardEnv<'stripe'>>(async (c, next) => {
      const signature = c.req.header('stripe-signature');
      if (!signature) {
        throw new AppError('invalid_request', 'The Stripe-Signature header is missing or does not verify.');
      }
      c.set('stripeSignature', signature);
      await next();
    }),

    counter: createMiddleware<GuardEnv<'counter'>>(async (c, next) => {
      const counter = c.get('signedInCounter');
      if (!counter) {
        throw new AppError('unauthenticated', c.get('counterSessionProblem') ?? SESSION_EXPIRED_MESSAGE);
      }
      requireCsrfToken(c, counter.session.csrfToken);
      c.set('counter', counter);
      await next();
    }),

    manager: createMiddleware<GuardEnv<'manager'>>(async (c, next) => {
      // A console session wins over a counter session; the CSRF token is the one of the session in use.
      const user = c.get('signedInUser');
      const counter = c.get('signedInCounter');
      if (user) requireCsrfToken(c, user.csrfToken);
      else if (counter) requireCsrfToken(c, counter.session.csrfToken);
      const viewer = await resolveMerchantViewer({
        user: user ?? undefined,
        counter: counter ?? undefined,
        sessionProblem: c.get('consoleSessionProblem') ?? c.get('counterSessionProblem'),
        accountIdQuery: c.req.query('accountId'),
      });
      c.set('viewer', viewer);
      await next();
    }),

    console: createMiddleware<GuardEnv<'console'>>(async (c, next) => {
      c.set('user', requireConsoleUser(c, c.get('signedInUser'), c.get('consoleSessionProblem')));
      await next();
    }),

    platform_admin: createMiddleware<GuardEnv<'platform_admin'>>(async (c, next) => {
      const user = requireConsoleUser(c, c.get('signedInUser'), c.get('consoleSessionProblem'));
      if (user.role !== 'platform_admin')
        throw new AppError('forbidden', 'Only a platform admin can do that.');
      c.set('user', user);
      await next();
    }),

    merchant_owner: createMiddleware<GuardEnv<'merchant_owner'>>(async (c, next) => {
      const user = requireConsoleUser(c, c.get('signedInUser'), c.get('consoleSessionProblem'));
      if (user.role !== 'merchant_owner' || user.accountId === null) {
        throw new AppError('forbidden', 'Only the merchant account owner can do that.');
      }
      c.set('user', { ...user, accountId: user.accountId });
      await next();
    }),
  };
}
