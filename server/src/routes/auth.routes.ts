/** Counter sign-in routes (interfaces §F Auth): register screen, sign in, current session, sign out. */
import {
  ApiErrorSchema,
  RegisterCodeParamSchema,
  RegisterSignInInfoSchema,
  SESSION_COOKIE,
  SessionResponseSchema,
  SignInBodySchema,
} from '@countertop/shared';
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { validate } from '../middleware/error-handler.ts';
import { type CounterEnv, requireCounterSession } from '../middleware/session.ts';
import { type AuthService, toCounterSession } from '../services/auth.service.ts';
import { defineRoutes } from './route-registry.ts';

export interface AuthRoutesDeps {
  auth: AuthService;
  /** Adds `Secure` to the session cookie (PUBLIC_URL is https). */
  secureCookies: boolean;
}

export function createAuthRoutes({ auth, secureCookies }: AuthRoutesDeps) {
  return new Hono<CounterEnv>()
    .get('/registers/:registerCode', validate('param', RegisterCodeParamSchema), async (c) =>
      c.json(await auth.getRegisterSignInInfo(c.req.valid('param').registerCode)),
    )
    .post('/session', validate('json', SignInBodySchema), async (c) => {
      const { token, expiresAtMs, response } = await auth.signIn(c.req.valid('json'));
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: secureCookies,
        path: '/',
        expires: new Date(expiresAtMs),
      });
      return c.json(response, 200);
    })
    .get('/session', requireCounterSession, (c) => {
      const counter = c.get('counter');
      return c.json({ session: toCounterSession(counter), csrfToken: counter.session.csrfToken });
    })
    .delete('/session', requireCounterSession, async (c) => {
      await auth.signOut(c.get('counter').session.id);
      deleteCookie(c, SESSION_COOKIE, {
        path: '/',
        secure: secureCookies,
        httpOnly: true,
        sameSite: 'Strict',
      });
      return c.body(null, 204);
    });
}

const errorResponse = (description: string) => ({ description, schema: ApiErrorSchema });

export const AUTH_ROUTES = defineRoutes([
  {
    method: 'get',
    path: '/api/counter/registers/:registerCode',
    auth: 'public',
    summary: "A paired register's sign-in screen: its location, merchant and staff names",
    tags: ['auth'],
    params: RegisterCodeParamSchema,
    responses: {
      200: { description: 'The register', schema: RegisterSignInInfoSchema },
      404: errorResponse('register_not_found: unknown or revoked register'),
    },
  },
  {
    method: 'post',
    path: '/api/counter/session',
    auth: 'public',
    summary: 'Sign in with a PIN; sets the ct_session cookie',
    tags: ['auth'],
    body: SignInBodySchema,
    responses: {
      200: {
        description: 'Signed in; send csrfToken as x-csrf-token on writes',
        schema: SessionResponseSchema,
      },
      401: errorResponse('invalid_pin'),
      403: errorResponse('forbidden: the staff member may not sign in here'),
      404: errorResponse('register_not_found'),
      429: errorResponse('too_many_attempts: 5 wrong PINs within 5 minutes'),
    },
  },
  {
    method: 'get',
    path: '/api/counter/session',
    auth: 'counter',
    summary: 'The current counter session and its CSRF token',
    tags: ['auth'],
    responses: {
      200: { description: 'Signed in', schema: SessionResponseSchema },
      401: errorResponse('unauthenticated'),
    },
  },
  {
    method: 'delete',
    path: '/api/counter/session',
    auth: 'counter',
    summary: 'Sign out',
    tags: ['auth'],
    responses: { 204: { description: 'Signed out' }, 401: errorResponse('unauthenticated') },
  },
]);
