/**
 * Counter sign-in routes: pair this device with a register (a one-time code from the console), the paired
 * device's sign-in screen, forget the pairing, sign in with a PIN, the current session, sign out.
 *
 * The device routes are `public` (nobody is signed in yet) but answer only a paired device: the handler
 * resolves the `ct_register` cookie through the pairing service (404 register_not_paired otherwise, so an
 * unpaired browser learns nothing) and its writes must echo the device's CSRF token.
 */
import {
  PairDeviceBodySchema,
  RegisterSignInInfoSchema,
  SessionResponseSchema,
  SignInBodySchema,
} from '@countertop/shared';
import type { Context } from 'hono';
import { clientAddress } from '../middleware/client-address.ts';
import type { CookieJar } from '../middleware/cookies.ts';
import { requireCsrfToken } from '../middleware/guards.ts';
import type { AuthService } from '../services/auth.service.ts';
import { DEVICE_COOKIE_MS, type RegisterPairing } from '../services/register-pairing.service.ts';
import { defineRoute, emptyResponse, errorResponse, jsonResponse } from './define-route.ts';

export interface AuthRoutesDeps {
  auth: AuthService;
  pairing: RegisterPairing;
  cookies: CookieJar;
  /** Read the client address from X-Forwarded-For (TRUST_PROXY). */
  trustProxy: boolean;
}

const notPaired = errorResponse('register_not_paired: this device is not paired with a register');

export function authRoutes({ auth, pairing, cookies, trustProxy }: AuthRoutesDeps) {
  /** The paired device of the request (its writes carry the device's CSRF token). */
  const pairedDevice = async (c: Context) => {
    const paired = await pairing.resolve(cookies.read(c, 'register'));
    requireCsrfToken(c, paired.device.csrfToken);
    return paired;
  };

  return [
    defineRoute(
      {
        method: 'post',
        path: '/api/counter/pairing',
        guard: 'public',
        summary:
          'Pair this device with a register using a one-time pairing code from the console; sets the ct_register cookie',
        tags: ['auth'],
        body: PairDeviceBodySchema,
        responses: {
          200: jsonResponse('Paired: the register and who may sign in here', RegisterSignInInfoSchema),
          404: errorResponse('pairing_code_invalid: unknown, expired or used'),
          429: errorResponse('too_many_attempts: too many wrong codes from this address'),
        },
      },
      async (c) => {
        const { token, paired } = await pairing.pair(c.req.valid('json').code, clientAddress(c, trustProxy));
        cookies.write(c, 'register', token, new Date(Date.now() + DEVICE_COOKIE_MS));
        // A session of another register this browser held is not this register's.
        cookies.clear(c, 'counter');
        return c.json(await auth.signInScreen(paired), 200);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/counter/register',
        guard: 'public',
        summary: "This paired device's sign-in screen: its register, location, merchant and staff names",
        tags: ['auth'],
        responses: {
          200: jsonResponse(
            'The register; send csrfToken as x-csrf-token to sign in',
            RegisterSignInInfoSchema,
          ),
          404: notPaired,
        },
      },
      async (c) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await auth.signInScreen(await pairedDevice(c)), 200);
      },
    ),
    defineRoute(
      {
        method: 'delete',
        path: '/api/counter/register',
        guard: 'public',
        summary: 'Unpair this device (it and its sessions end); clears the register and session cookies',
        tags: ['auth'],
        responses: { 204: emptyResponse('Unpaired'), 403: errorResponse('csrf_failed'), 404: notPaired },
      },
      async (c) => {
        const paired = await pairedDevice(c);
        await pairing.forgetDevice(paired.device.id);
        cookies.clear(c, 'register');
        cookies.clear(c, 'counter');
        return c.body(null, 204);
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/counter/session',
        guard: 'public',
        summary: 'Sign in with a PIN on a paired device; sets the ct_session cookie',
        tags: ['auth'],
        body: SignInBodySchema,
        responses: {
          200: jsonResponse('Signed in; send csrfToken as x-csrf-token on writes', SessionResponseSchema),
          401: errorResponse('invalid_pin'),
          403: errorResponse('forbidden: the staff member may not sign in here; csrf_failed'),
          404: notPaired,
          429: errorResponse('too_many_attempts: wait (Retry-After), or a manager approves this device'),
        },
      },
      async (c) => {
        const paired = await pairedDevice(c);
        const { token, expiresAtMs, response } = await auth.signIn(
          paired,
          c.req.valid('json'),
          clientAddress(c, trustProxy),
        );
        cookies.write(c, 'counter', token, new Date(expiresAtMs));
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
        cookies.clear(c, 'counter');
        return c.body(null, 204);
      },
    ),
  ];
}
