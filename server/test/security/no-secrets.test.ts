// No secret reaches the browser: every GET route the app defines, answered to every kind of caller
// (anonymous, staff, manager, merchant owner, platform admin), plus the sign-in responses, must not carry a
// Stripe secret or restricted key, a webhook signing secret, a PIN or password hash or salt (by field name
// or by the stored values themselves); and the built POS client (pos-client/dist, when built) must not
// contain a secret key or webhook secret.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CSRF_HEADER } from '@countertop/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EMULATOR_API_KEY } from '../../src/stripe/connection.ts';
import { setUpMerchant } from '../checkout/support.ts';
import { consoleSignIn, createAdmin, createOwner } from '../platform/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildStaff } from '../support/factories.ts';

const SECRET_PATTERNS: [string, RegExp][] = [
  ['Stripe secret key', /\bsk_(test|live)_[A-Za-z0-9]+/],
  ['Stripe restricted key', /\brk_(test|live)_[A-Za-z0-9]+/],
  ['webhook signing secret', /\bwhsec_[A-Za-z0-9]+/],
  ['hash field', /"(pin_?hash|pin_?salt|password_?hash|password_?salt|token_?hash)"/i],
];

let ctx: TestContext;
const responses: { label: string; text: string }[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ webhookEndpoints: true });
  const merchant = await setUpMerchant(ctx);
  const manager = await buildStaff(ctx, merchant.account, [merchant.location], {
    role: 'manager',
    pin: '8642',
  });
  await createAdmin(ctx, 'admin@secrets.test');
  await createOwner(ctx, merchant.account.id, 'owner@secrets.test');
  const device = await ctx.pair(merchant.register.code);
  responses.push({ label: 'POST /api/counter/pairing', text: JSON.stringify(device.info) });
  const counterSignIn = await ctx.signInOn(device, manager.id, '8642');
  responses.push({ label: 'POST /api/counter/session', text: await counterSignIn.text() });
  const consoleResponse = await ctx.request('/api/console/session', {
    method: 'POST',
    json: { email: 'admin@secrets.test', password: 'correct horse battery' },
  });
  responses.push({ label: 'POST /api/console/session', text: await consoleResponse.text() });
  await ctx.request('/api/counter/sales', {
    method: 'POST',
    as: merchant.signIn,
    json: { clientSaleId: '00000000-0000-4000-8000-0000000000c5', keyedAmountMinor: 700 },
  });

  const callers = {
    anonymous: undefined,
    staff: merchant.signIn,
    manager: await ctx.signIn(merchant.register.code, manager.id, '8642'),
    owner: await consoleSignIn(ctx, 'owner@secrets.test'),
    admin: await consoleSignIn(ctx, 'admin@secrets.test'),
  };
  const params: Record<string, string> = {
    accountId: merchant.account.id,
    locationId: merchant.location.id,
    readerId: merchant.readers.serverDriven.id,
    registerId: merchant.register.id,
    staffId: merchant.staff.id,
    registerCode: merchant.register.code,
    saleId: (ctx.db.prepare('SELECT id FROM sales LIMIT 1').get() as { id: string }).id,
    token: 'none',
  };
  for (const route of ctx.app.apiRoutes.filter((candidate) => candidate.method === 'get')) {
    const path = route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => params[name] ?? name);
    for (const [who, identity] of Object.entries(callers)) {
      const headers: Record<string, string> = identity
        ? {
            cookie: 'device' in identity ? `${identity.cookie}; ${identity.device.cookie}` : identity.cookie,
            [CSRF_HEADER]: identity.csrfToken,
          }
        : {};
      const response = await ctx.request(path, { headers });
      responses.push({
        label: `GET ${route.path} as ${who} (${response.status})`,
        text: `${[...response.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await response.text()}`,
      });
    }
  }
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

function storedSecrets(): string[] {
  const values = [
    EMULATOR_API_KEY,
    ...ctx.connection.webhookSecrets,
    ...(
      ctx.db.prepare('SELECT pin_hash AS v FROM staff UNION ALL SELECT pin_salt FROM staff').all() as {
        v: string;
      }[]
    ).map((row) => row.v),
    ...(
      ctx.db.prepare('SELECT password_hash AS v FROM users WHERE password_hash IS NOT NULL').all() as {
        v: string;
      }[]
    ).map((row) => row.v),
    ...(ctx.db.prepare('SELECT token_hash AS v FROM sessions').all() as { v: string }[]).map((row) => row.v),
  ];
  return values.filter((value) => value.length >= 12);
}

it('sends no secret key, webhook secret or PIN/password hash in any API response', () => {
  const secrets = storedSecrets();
  expect(secrets.length).toBeGreaterThan(4);
  expect(ctx.connection.webhookSecrets.every((secret) => secret.startsWith('whsec_'))).toBe(true);
  const leaks: string[] = [];
  for (const { label, text } of responses) {
    for (const [name, pattern] of SECRET_PATTERNS) if (pattern.test(text)) leaks.push(`${label}: ${name}`);
    for (const secret of secrets)
      if (text.includes(secret)) leaks.push(`${label}: stored secret ${secret.slice(0, 10)}…`);
  }
  console.log(
    `[no-secrets] responses=${responses.length} secrets_checked=${secrets.length} leaks=${leaks.length}`,
  );
  expect(leaks).toEqual([]);
});

it('ships no secret key or webhook secret in the built POS client', () => {
  const dist = join(import.meta.dirname, '..', '..', '..', 'pos-client', 'dist');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  if (existsSync(dist)) walk(dist);
  const leaks = files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return SECRET_PATTERNS.slice(0, 3)
      .filter(([, pattern]) => pattern.test(text))
      .map(([name]) => `${file}: ${name}`);
  });
  console.log(
    `[no-secrets] client_files=${files.length}${existsSync(dist) ? '' : ' (pos-client/dist not built)'} leaks=${leaks.length}`,
  );
  expect(leaks).toEqual([]);
});
