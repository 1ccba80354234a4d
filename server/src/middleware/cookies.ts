/**
 * The server's cookies, named and set in one place. Every cookie is HttpOnly, SameSite=Strict and Path=/;
 * when the server is reached over https (PUBLIC_URL https) each is also `Secure` and its name carries the
 * `__Host-` prefix, which browsers accept only from a secure origin, without a Domain and with Path=/ — so
 * no other host (a sibling subdomain, a plain-http page on the shop's network) can set or shadow it.
 *
 * - `counter`: a staff member's counter session (`ct_session`).
 * - `console`: a console user's session (`ct_console`).
 * - `register`: the paired register device's token (`ct_register`), kept until the device is unpaired.
 * - `browser`: a console browser that has signed in before (`ct_browser`): sign-in limits trust it.
 */
import {
  CONSOLE_BROWSER_COOKIE,
  CONSOLE_SESSION_COOKIE,
  REGISTER_DEVICE_COOKIE,
  SESSION_COOKIE,
} from '@countertop/shared';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export type CookieKind = 'counter' | 'console' | 'register' | 'browser';

const BASE_NAMES: Readonly<Record<CookieKind, string>> = {
  counter: SESSION_COOKIE,
  console: CONSOLE_SESSION_COOKIE,
  register: REGISTER_DEVICE_COOKIE,
  browser: CONSOLE_BROWSER_COOKIE,
};

/** The `__Host-` prefix: browsers keep such a cookie only if it is Secure, host-only and for Path=/. */
export const HOST_PREFIX = '__Host-';

export function createCookieJar(secure: boolean) {
  const name = (kind: CookieKind) => (secure ? `${HOST_PREFIX}${BASE_NAMES[kind]}` : BASE_NAMES[kind]);
  const attributes = { httpOnly: true, sameSite: 'Strict', secure, path: '/' } as const;
  return {
    secure,
    name,
    read: (c: Context, kind: CookieKind): string | undefined => getCookie(c, name(kind)),
    write(c: Context, kind: CookieKind, value: string, expires: Date): void {
      setCookie(c, name(kind), value, { ...attributes, expires });
    },
    clear(c: Context, kind: CookieKind): void {
      deleteCookie(c, name(kind), attributes);
    },
  };
}

export type CookieJar = ReturnType<typeof createCookieJar>;
