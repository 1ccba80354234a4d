/**
 * Console test helpers: create console users straight in the database (real scrypt hashes), sign in
 * through the API, and send requests carrying the `ct_console` cookie and CSRF token.
 */
import { ConsoleSessionResponseSchema, CSRF_HEADER } from '@countertop/shared';
import { createConsoleAuthService } from '../../src/services/console-auth.service.ts';
import { createMemoryMailer } from '../../src/services/mailer.ts';
import { createSignInLimiter } from '../../src/services/sign-in-limiter.ts';
import type { TestContext } from '../support/context.ts';

export interface ConsoleSignIn {
  cookie: string;
  csrfToken: string;
  setCookie: string;
}

export const TEST_PASSWORD = 'correct horse battery';

export function consoleService(ctx: TestContext) {
  return createConsoleAuthService({
    database: ctx.database,
    clock: ctx.clock,
    ids: ctx.composeOptions.ids,
    mailer: createMemoryMailer(),
    limiter: createSignInLimiter({ database: ctx.database, clock: ctx.clock }),
    sessionTtlMinutes: 60,
    idleTimeoutMinutes: 30,
    publicUrl: 'http://127.0.0.1:3000',
  });
}

export async function createAdmin(ctx: TestContext, email = 'admin@example.test') {
  return consoleService(ctx).createPlatformAdmin(email, TEST_PASSWORD);
}

export async function createOwner(ctx: TestContext, accountId: string, email = 'owner@example.test') {
  return consoleService(ctx).createMerchantOwner(email, accountId, TEST_PASSWORD);
}

export async function consoleSignIn(
  ctx: TestContext,
  email: string,
  password = TEST_PASSWORD,
): Promise<ConsoleSignIn> {
  const response = await ctx.request('/api/console/session', { method: 'POST', json: { email, password } });
  if (response.status !== 200)
    throw new Error(`console sign-in failed: ${response.status} ${await response.text()}`);
  const body = ConsoleSessionResponseSchema.parse(await response.json());
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0] ?? '', csrfToken: body.csrfToken, setCookie };
}

export async function signInAdmin(ctx: TestContext): Promise<ConsoleSignIn> {
  const admin = await createAdmin(ctx);
  return consoleSignIn(ctx, admin.email);
}

/** A request as a console user: cookie always, CSRF token on writes. */
export function asConsole(
  ctx: TestContext,
  who: ConsoleSignIn,
  path: string,
  options: { method?: string; json?: unknown } = {},
): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { cookie: who.cookie };
  if (!['GET', 'HEAD'].includes(method)) headers[CSRF_HEADER] = who.csrfToken;
  return ctx.request(path, { method, json: options.json, headers });
}

export async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error?: { code?: string } };
  return body.error?.code ?? '';
}
