/** Counter sign-in routes: register screen, sign in, current session, sign out. */
import {
  RegisterCodeParamSchema,
  RegisterSignInInfoSchema,
  SESSION_COOKIE,
  SessionResponseSchema,
  SignInBodySchema,
} from '@countertop/shared';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AuthService } from '../services/auth.service.ts';
import { defineRoute, emptyResponse, errorResponse, jsonResponse } from './define-route.ts';

export interface AuthRoutesDeps {
  auth: AuthService;
  /** Adds `Secure` to the session cookie (PUBLIC_URL is https). */
  secureCookies: boolean;
}

export function authRoutes({ auth, secureCookies }: AuthRoutesDeps) {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/counter/registers/{registerCode}',
        guard: 'public',
        summary: "A paired register's sign-in screen: its location, merchant and staff names",
        tags: ['auth'],
        params: RegisterCodeParamSchema,
        responses: {
          200: jsonResponse('The register', RegisterSignInInfoSchema),
          404: errorResponse('register_not_found: unknown or revoked register'),
        },
      },
      async (c) => c.json(await auth.getRegisterSignInInfo(c.req.valid('param').registerCode), 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/counter/session',
        guard: 'public',
        summary: 'Sign in with a PIN; sets the ct_session cookie',
        tags: ['auth'],
        body: SignInBodySchema,
        responses: {
          200: jsonResponse('Signed in; send csrfToken as x-csrf-token on writes', SessionResponseSchema),
          401: errorResponse('invalid_pin'),
          403: errorResponse('forbidden: the staff member may not sign in here'),
          404: errorResponse('register_not_found'),
          429: errorResponse('too_many_attempts: 5 wrong PINs within 5 minutes'),
        },
      },
      async (c) => {
        const { token, expiresAtMs, response } = await auth.signIn(c.req.valid('json'));
        setCookie(c, SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: 'Strict',
          secure: secureCookies,
          path: '/',
          expires: new Date(expiresAtMs),
        });
        return c.json(response, 200);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/counter/session',
        guard: 'counter',
        summary: 'The current counter session and its CSRF token',
        tags: ['auth'],
        responses: {
          200: jsonResponse('Signed in', SessionResponseSchema),
          401: errorResponse('unauthenticated'),
        },
      },
      async (c) =>
        c.json(
          { session: await auth.sessionView(c.var.counter), csrfToken: c.var.counter.session.csrfToken },
          200,
        ),
    ),
    defineRoute(
      {
        method: 'delete',
        path: '/api/counter/session',
        guard: 'counter',
        summary: 'Sign out',
        tags: ['auth'],
        responses: { 204: emptyResponse('Signed out'), 401: errorResponse('unauthenticated') },
      },
      async (c) => {
        await auth.signOut(c.var.counter.session.id);
        deleteCookie(c, SESSION_COOKIE, {
          path: '/',
          secure: secureCookies,
          httpOnly: true,
          sameSite: 'Strict',
        });
        return c.body(null, 204);
      },
    ),
  ];
}
