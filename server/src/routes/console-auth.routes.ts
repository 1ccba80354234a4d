/** Web console sign-in routes: sign in, current session, sign out, invitations (invite, look up, accept). */
import {
  AcceptInvitationBodySchema,
  ApiErrorSchema,
  CONSOLE_SESSION_COOKIE,
  ConsoleSessionResponseSchema,
  ConsoleSignInBodySchema,
  CreateInvitationBodySchema,
  InvitationCreatedSchema,
  InvitationInfoSchema,
  InvitationTokenParamSchema,
} from '@countertop/shared';
import { type Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { type ConsoleEnv, requireConsoleUser, requirePlatformAdmin } from '../middleware/console-session.ts';
import { validate } from '../middleware/error-handler.ts';
import type { ConsoleAuthService } from '../services/console-auth.service.ts';
import { defineRoutes } from './route-registry.ts';

export interface ConsoleAuthRoutesDeps {
  consoleAuth: ConsoleAuthService;
  secureCookies: boolean;
}

export function createConsoleAuthRoutes({ consoleAuth, secureCookies }: ConsoleAuthRoutesDeps) {
  const setSessionCookie = (c: Context, token: string, expiresAtMs: number) =>
    setCookie(c, CONSOLE_SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: secureCookies,
      path: '/',
      expires: new Date(expiresAtMs),
    });

  return new Hono<ConsoleEnv>()
    .post('/session', validate('json', ConsoleSignInBodySchema), async (c) => {
      const { token, expiresAtMs, response } = await consoleAuth.signIn(c.req.valid('json'));
      setSessionCookie(c, token, expiresAtMs);
      return c.json(response, 200);
    })
    .get('/session', requireConsoleUser, (c) => {
      const { sessionId: _id, csrfToken, ...user } = c.get('user');
      return c.json({ user, csrfToken });
    })
    .delete('/session', requireConsoleUser, async (c) => {
      await consoleAuth.signOut(c.get('user').sessionId);
      deleteCookie(c, CONSOLE_SESSION_COOKIE, {
        path: '/',
        secure: secureCookies,
        httpOnly: true,
        sameSite: 'Strict',
      });
      return c.body(null, 204);
    })
    .post('/invitations', requirePlatformAdmin, validate('json', CreateInvitationBodySchema), async (c) =>
      c.json(await consoleAuth.invite(c.req.valid('json'), c.get('user')), 201),
    )
    .get('/invitations/:token', validate('param', InvitationTokenParamSchema), async (c) =>
      c.json(await consoleAuth.getInvitation(c.req.valid('param').token)),
    )
    .post(
      '/invitations/:token/accept',
      validate('param', InvitationTokenParamSchema),
      validate('json', AcceptInvitationBodySchema),
      async (c) => {
        const { token, expiresAtMs, response } = await consoleAuth.acceptInvitation(
          c.req.valid('param').token,
          c.req.valid('json'),
        );
        setSessionCookie(c, token, expiresAtMs);
        return c.json(response, 200);
      },
    );
}

const errorResponse = (description: string) => ({ description, schema: ApiErrorSchema });

export const CONSOLE_AUTH_ROUTES = defineRoutes([
  {
    method: 'post',
    path: '/api/console/session',
    auth: 'public',
    summary: 'Console sign-in with email and password; sets the ct_console cookie',
    tags: ['console'],
    body: ConsoleSignInBodySchema,
    responses: {
      200: {
        description: 'Signed in; send csrfToken as x-csrf-token on writes',
        schema: ConsoleSessionResponseSchema,
      },
      401: errorResponse('invalid_credentials'),
      429: errorResponse('too_many_attempts: 5 failed sign-ins for this email within 5 minutes'),
    },
  },
  {
    method: 'get',
    path: '/api/console/session',
    auth: 'console',
    summary: 'The signed-in console user and the CSRF token',
    tags: ['console'],
    responses: {
      200: { description: 'Signed in', schema: ConsoleSessionResponseSchema },
      401: errorResponse('unauthenticated'),
    },
  },
  {
    method: 'delete',
    path: '/api/console/session',
    auth: 'console',
    summary: 'Console sign-out',
    tags: ['console'],
    responses: { 204: { description: 'Signed out' }, 401: errorResponse('unauthenticated') },
  },
  {
    method: 'post',
    path: '/api/console/invitations',
    auth: 'platform_admin',
    summary: 'Invite a merchant owner into their account (the link is emailed)',
    tags: ['console'],
    body: CreateInvitationBodySchema,
    responses: {
      201: { description: 'Invitation sent', schema: InvitationCreatedSchema },
      400: errorResponse('invalid_request'),
      403: errorResponse('forbidden'),
      404: errorResponse('account_not_found'),
    },
  },
  {
    method: 'get',
    path: '/api/console/invitations/:token',
    auth: 'public',
    summary: 'What an invitation link is for (email, business name)',
    tags: ['console'],
    params: InvitationTokenParamSchema,
    responses: {
      200: { description: 'The invitation', schema: InvitationInfoSchema },
      404: errorResponse('not_found: invalid, expired or used'),
    },
  },
  {
    method: 'post',
    path: '/api/console/invitations/:token/accept',
    auth: 'public',
    summary: 'Set a password from an invitation and sign in',
    tags: ['console'],
    params: InvitationTokenParamSchema,
    body: AcceptInvitationBodySchema,
    responses: {
      200: { description: 'Signed in', schema: ConsoleSessionResponseSchema },
      400: errorResponse('invalid_request'),
      404: errorResponse('not_found: invalid, expired or used'),
    },
  },
]);
