/**
 * The client's network address, for the sign-in limits (services/sign-in-limiter.ts). Directly connected
 * clients: the socket's remote address. Behind a reverse proxy (the TLS terminator README recommends) every
 * request comes from the proxy, so with TRUST_PROXY=1 the address is the last hop the proxy appended to
 * `X-Forwarded-For` (entries before it are the client's own claims and are ignored). `unknown` when the
 * server cannot tell (requests made in-process by tests).
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop !== '');
    const last = hops.at(-1);
    if (last !== undefined) return last.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // No Node socket behind this request (the app called in-process).
    return 'unknown';
  }
}
