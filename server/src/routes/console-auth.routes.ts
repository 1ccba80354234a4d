/**
 * Web console sign-in routes: sign in, current session, sign out, sign out everywhere, change password,
 * invitations (invite, look up, accept).
 */
import {
  AcceptInvitationBodySchema,
  ChangePasswordBodySchema,
  ConsoleSessionResponseSchema,
  ConsoleSignInBodySchema,
  CreateInvitationBodySchema,
  InvitationCreatedSchema,
  InvitationInfoSchema,
  InvitationTokenParamSchema,
  SignedOutEverywhereSchema,
} from '@countertop/shared';
import type { Context } from 'hono';
import { clientAddress } from '../middleware/client-address.ts';
import type { CookieJar } from '../middleware/cookies.ts';
import type { ConsoleAuthService, ConsoleClient } from '../services/console-auth.service.ts';
import { defineRoute, emptyResponse, errorResponse, jsonResponse } from './define-route.ts';

export interface ConsoleAuthRoutesDeps {
  consoleAuth: ConsoleAuthService;
  cookies: CookieJar;
  /** Read the client address from X-Forwarded-For (TRUST_PROXY). */
  trustProxy: boolean;
}

/** How long a browser that signed in keeps its `ct_browser` cookie (browsers cap cookies at 400 days). */
const BROWSER_COOKIE_MS = 400 * 24 * 60 * 60_000;

export function consoleAuthRoutes({ consoleAuth, cookies, trustProxy }: ConsoleAuthRoutesDeps) {
  const setSessionCookie = (c: Context, token: string, expiresAtMs: number) =>
    cookies.write(c, 'console', token, new Date(expiresAtMs));
  const client = (c: Context): ConsoleClient => ({
    address: clientAddress(c, trustProxy),
    browserToken: cookies.read(c, 'browser'),
  });

  return [
    defineRoute(
      {
        method: 'post',
        path: '/api/console/session',
        guard: 'public',
        summary: 'Console sign-in with email and password; sets the ct_console cookie',
        tags: ['console'],
        body: ConsoleSignInBodySchema,
        responses: {
          200: jsonResponse(
            'Signed in; send csrfToken as x-csrf-token on writes',
            ConsoleSessionResponseSchema,
          ),
          401: errorResponse('invalid_credentials'),
          429: errorResponse(
            'too_many_attempts: wait (Retry-After); a browser you signed in from before is not delayed',
          ),
        },
      },
      async (c) => {
        const { token, expiresAtMs, response, browserToken } = await consoleAuth.signIn(
          c.req.valid('json'),
          client(c),
        );
        setSessionCookie(c, token, expiresAtMs);
        cookies.write(c, 'browser', browserToken, new Date(Date.now() + BROWSER_COOKIE_MS));
        return c.json(response, 200);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/console/session',
        guard: 'console',
        summary: 'The signed-in console user and the CSRF token',
        tags: ['console'],
        responses: {
          200: jsonResponse('Signed in', ConsoleSessionResponseSchema),
          401: errorResponse('unauthenticated'),
        },
      },
      (c) => {
        const { sessionId: _id, csrfToken, ...user } = c.var.user;
        return c.json({ user, csrfToken }, 200);
      },
    ),
    defineRoute(
      {
        method: 'delete',
        path: '/api/console/session',
        guard: 'console',
        summary: 'Console sign-out',
        tags: ['console'],
        responses: { 204: emptyResponse('Signed out'), 401: errorResponse('unauthenticated') },
      },
      async (c) => {
        await consoleAuth.signOut(c.var.user.sessionId);
        cookies.clear(c, 'console');
        return c.body(null, 204);
      },
    ),
    defineRoute(
      {
        method: 'delete',
        path: '/api/console/sessions',
        guard: 'console',
        summary: 'Sign out everywhere: ends every console session of the signed-in user, this one included',
        tags: ['console'],
        responses: {
          200: jsonResponse('Signed out everywhere', SignedOutEverywhereSchema),
          401: errorResponse('unauthenticated'),
        },
      },
      async (c) => {
        const endedSessions = await consoleAuth.signOutEverywhere(c.var.user);
        cookies.clear(c, 'console');
        return c.json({ endedSessions }, 200);
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/console/password',
        guard: 'console',
        summary: "Change the signed-in user's password; every other session of theirs ends",
        tags: ['console'],
        body: ChangePasswordBodySchema,
        responses: {
          204: emptyResponse('Changed'),
          400: errorResponse('invalid_request: the new password is too short'),
          401: errorResponse('invalid_credentials: the current password is not right; unauthenticated'),
          429: errorResponse('too_many_attempts'),
        },
      },
      async (c) => {
        await consoleAuth.changePassword(c.var.user, c.req.valid('json'), client(c));
        return c.body(null, 204);
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/console/invitations',
        guard: 'platform_admin',
        summary: 'Invite a merchant owner into their account (the link is emailed)',
        tags: ['console'],
        body: CreateInvitationBodySchema,
        responses: {
          201: jsonResponse('Invitation sent', InvitationCreatedSchema),
          400: errorResponse('invalid_request'),
          403: errorResponse('forbidden'),
          404: errorResponse('account_not_found'),
        },
      },
      async (c) => c.json(await consoleAuth.invite(c.req.valid('json'), c.var.user), 201),
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/console/invitations/{token}',
        guard: 'public',
        summary: 'What an invitation link is for (email, business name)',
        tags: ['console'],
        params: InvitationTokenParamSchema,
        responses: {
          200: jsonResponse('The invitation', InvitationInfoSchema),
          404: errorResponse('not_found: invalid, expired or used'),
        },
      },
      async (c) => c.json(await consoleAuth.getInvitation(c.req.valid('param').token), 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/console/invitations/{token}/accept',
        guard: 'public',
        summary: 'Set a password from an invitation and sign in',
        tags: ['console'],
        params: InvitationTokenParamSchema,
        body: AcceptInvitationBodySchema,
        responses: {
          200: jsonResponse('Signed in', ConsoleSessionResponseSchema),
          400: errorResponse('invalid_request'),
          404: errorResponse('not_found: invalid, expired or used'),
        },
      },
      async (c) => {
        const { token, expiresAtMs, response } = await consoleAuth.acceptInvitation(
          c.req.valid('param').token,
          c.req.valid('json'),
        );
        setSessionCookie(c, token, expiresAtMs);
        return c.json(response, 200);
      },
    ),
  ];
}
