// Authorization matrix: EVERY route definition (which feeds /api/openapi.json) called as
// anonymous, staff and manager of account A, staff of account B, owner of A, owner of B and platform admin,
// on account A's resources. Each route's expected policy is listed below; a route without an entry (or
// whose declared auth differs from its entry) fails the test, so no route can be added unreviewed.
// Denied means 401/403 (or 404 for another tenant's resource); allowed means the guard let it through
// (any status but 401/403); no caller may ever get a 500 (502/503 name Stripe's refusal or absence).
import { CSRF_HEADER } from '@countertop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Guard } from '../../src/middleware/guards.ts';
import type { ApiRoute } from '../../src/routes/define-route.ts';
import { type Merchant, setUpMerchant } from '../checkout/support.ts';
import { consoleSignIn, createAdmin, createOwner } from '../platform/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildRegister, buildStaff } from '../support/factories.ts';

/** `METHOD /path` → the policy reviewed for it. Keep in step with the route definitions. */
const MATRIX: Record<string, Guard> = {
  'GET /api/health': 'public',
  'GET /api/config': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/docs': 'public',
  'GET /api/counter/registers/{registerCode}': 'public',
  'POST /api/counter/session': 'public',
  'GET /api/counter/session': 'counter',
  'DELETE /api/counter/session': 'counter',
  'GET /api/counter/catalog': 'counter',
  'GET /api/counter/readers': 'counter',
  'POST /api/counter/connection-token': 'counter',
  'POST /api/counter/sales': 'counter',
  'GET /api/counter/sales': 'counter',
  'GET /api/counter/in-flight': 'counter',
  'GET /api/counter/sales/{saleId}': 'counter',
  'POST /api/counter/sales/{saleId}/attempts': 'counter',
  'POST /api/counter/sales/{saleId}/sync': 'counter',
  'POST /api/counter/sales/{saleId}/cancel': 'counter',
  'POST /api/counter/readers/{readerId}/present-card': 'counter',
  'GET /api/counter/sales/{saleId}/receipt': 'counter',
  'POST /api/counter/sales/{saleId}/receipt/email': 'counter',
  'POST /api/webhooks/stripe': 'stripe',
  'GET /api/merchant/context': 'manager',
  'GET /api/merchant/summary/daily': 'manager',
  'GET /api/merchant/summary': 'manager',
  'GET /api/merchant/series': 'manager',
  'GET /api/merchant/sales': 'manager',
  'GET /api/merchant/sales/{saleId}': 'manager',
  'GET /api/merchant/sales/{saleId}/receipt': 'manager',
  'POST /api/merchant/sales/{saleId}/refunds': 'manager',
  'GET /api/merchant/authorizations': 'manager',
  'GET /api/merchant/balance': 'manager',
  'GET /api/merchant/payouts/{payoutId}': 'manager',
  'GET /api/merchant/reconciliation': 'manager',
  'GET /api/merchant/exports/sales.csv': 'manager',
  'GET /api/merchant/exports/refunds.csv': 'manager',
  'GET /api/merchant/exports/daily-summary.csv': 'manager',
  'POST /api/console/session': 'public',
  'GET /api/console/session': 'console',
  'DELETE /api/console/session': 'console',
  'POST /api/console/invitations': 'platform_admin',
  'GET /api/console/invitations/{token}': 'public',
  'POST /api/console/invitations/{token}/accept': 'public',
  'GET /api/platform/accounts': 'platform_admin',
  'POST /api/platform/accounts': 'platform_admin',
  'GET /api/platform/accounts/{accountId}': 'platform_admin',
  'POST /api/platform/accounts/{accountId}/onboarding-link': 'platform_admin',
  'POST /api/platform/accounts/{accountId}/login-link': 'platform_admin',
  'PUT /api/platform/accounts/{accountId}/fee-plan': 'platform_admin',
  'PUT /api/platform/accounts/{accountId}/risk-limits': 'platform_admin',
  'GET /api/platform/accounts/{accountId}/payout-schedule': 'platform_admin',
  'PUT /api/platform/accounts/{accountId}/payout-schedule': 'platform_admin',
  'GET /api/platform/accounts/{accountId}/audit-log': 'platform_admin',
  'GET /api/platform/accounts/{accountId}/fees-earned': 'platform_admin',
  'GET /api/platform/accounts/{accountId}/fees-earned.csv': 'platform_admin',
  'GET /api/platform/audit-log': 'platform_admin',
  'GET /api/platform/fee-plan-default': 'platform_admin',
  'PUT /api/platform/fee-plan-default': 'platform_admin',
  'POST /api/platform/fee-preview': 'platform_admin',
  'GET /api/platform/fees-earned': 'platform_admin',
  'GET /api/platform/fees-earned.csv': 'platform_admin',
  'GET /api/platform/onboarding/return': 'public',
  'GET /api/platform/onboarding/refresh': 'public',
  'POST /api/console/stripe-dashboard-link': 'merchant_owner',
  'GET /api/platform/accounts/{accountId}/locations': 'platform_admin',
  'POST /api/platform/accounts/{accountId}/locations': 'platform_admin',
  'PATCH /api/platform/accounts/{accountId}/locations/{locationId}': 'platform_admin',
  'PUT /api/platform/accounts/{accountId}/locations/{locationId}/tipping': 'platform_admin',
  'PUT /api/platform/accounts/{accountId}/counter-tipping': 'platform_admin',
  'GET /api/platform/accounts/{accountId}/registers': 'platform_admin',
  'POST /api/platform/accounts/{accountId}/registers': 'platform_admin',
  'POST /api/platform/accounts/{accountId}/registers/{registerId}/revoke': 'platform_admin',
  'GET /api/platform/accounts/{accountId}/readers': 'platform_admin',
  'POST /api/platform/accounts/{accountId}/readers': 'platform_admin',
  'PATCH /api/platform/accounts/{accountId}/readers/{readerId}': 'platform_admin',
  'DELETE /api/platform/accounts/{accountId}/readers/{readerId}': 'platform_admin',
  'GET /api/platform/accounts/{accountId}/staff': 'platform_admin',
  'POST /api/platform/accounts/{accountId}/staff': 'platform_admin',
  'PATCH /api/platform/accounts/{accountId}/staff/{staffId}': 'platform_admin',
  'GET /api/platform/accounts/{accountId}/sales': 'platform_admin',
  'GET /api/platform/accounts/{accountId}/sales/{saleId}': 'platform_admin',
  'POST /api/platform/accounts/{accountId}/sales/{saleId}/refunds': 'platform_admin',
  'GET /api/platform/reconciliation': 'platform_admin',
  'GET /api/platform/payment-anomalies': 'platform_admin',
};

type Role = 'anonymous' | 'staffA' | 'managerA' | 'staffB' | 'ownerA' | 'ownerB' | 'admin';
const ROLES: Role[] = ['anonymous', 'staffA', 'managerA', 'staffB', 'ownerA', 'ownerB', 'admin'];
type Expectation = 'allow' | 'deny';

/** Path parameters that name one tenant's resource (account A's in this test). */
const TENANT_PARAMS = ['saleId', 'readerId', 'accountId', 'locationId', 'registerId', 'staffId'];

function expected(auth: Guard, role: Role, route: ApiRoute): Expectation {
  const ownsResources = !TENANT_PARAMS.some((param) => route.path.includes(`{${param}}`));
  switch (auth) {
    case 'public':
      return 'allow';
    case 'stripe':
      return 'deny';
    case 'counter':
      if (role === 'staffA' || role === 'managerA') return 'allow';
      return role === 'staffB' && ownsResources ? 'allow' : 'deny';
    case 'manager':
      if (role === 'managerA' || role === 'ownerA') return 'allow';
      return role === 'ownerB' && ownsResources ? 'allow' : 'deny';
    case 'platform_admin':
      return role === 'admin' ? 'allow' : 'deny';
    case 'console':
      return role === 'ownerA' || role === 'ownerB' || role === 'admin' ? 'allow' : 'deny';
    case 'merchant_owner':
      return role === 'ownerA' || role === 'ownerB' ? 'allow' : 'deny';
  }
}

let ctx: TestContext;
let a: Merchant;
let b: Merchant;
const who: Partial<Record<Role, { cookie: string; csrfToken: string }>> = {};
let params: Record<string, string>;
let spare: { readerId: string; registerId: string };

beforeAll(async () => {
  ctx = await createTestContext();
  a = await setUpMerchant(ctx);
  b = await setUpMerchant(ctx);
  const manager = await buildStaff(ctx, a.account, [a.location], { role: 'manager', pin: '5678' });
  const spareRegister = buildRegister(ctx, a.location);
  await createAdmin(ctx, 'admin@matrix.test');
  await createOwner(ctx, a.account.id, 'owner-a@matrix.test');
  await createOwner(ctx, b.account.id, 'owner-b@matrix.test');
  who.staffA = a.signIn;
  who.managerA = await ctx.signIn(a.register.code, manager.id, '5678');
  who.staffB = b.signIn;
  who.ownerA = await consoleSignIn(ctx, 'owner-a@matrix.test');
  who.ownerB = await consoleSignIn(ctx, 'owner-b@matrix.test');
  who.admin = await consoleSignIn(ctx, 'admin@matrix.test');
  const sale = await ctx.request('/api/counter/sales', {
    method: 'POST',
    as: a.signIn,
    json: { clientSaleId: '00000000-0000-4000-8000-000000000001', keyedAmountMinor: 500 },
  });
  const saleId = ((await sale.json()) as { sale: { id: string } }).sale.id;
  params = {
    saleId,
    readerId: a.readers.serverDriven.id,
    accountId: a.account.id,
    locationId: a.location.id,
    registerId: a.register.id,
    staffId: a.staff.id,
    registerCode: a.register.code,
    token: 'no-such-token',
  };
  spare = { readerId: a.readers.jsSdk.id, registerId: spareRegister.id };
}, 30_000);

afterAll(async () => {
  await ctx?.close();
});

/** Valid bodies where validation would otherwise answer 400 before the tenant check can be observed. */
function validBody(route: ApiRoute): unknown {
  switch (`${route.method.toUpperCase()} ${route.path}`) {
    case 'POST /api/counter/sales/{saleId}/attempts':
      return { attemptKey: crypto.randomUUID(), readerId: params.readerId };
    case 'POST /api/counter/readers/{readerId}/present-card':
      return { cardNumber: '4242424242424242' };
    case 'POST /api/counter/sales/{saleId}/receipt/email':
      return { email: 'customer@matrix.test' };
    case 'POST /api/merchant/sales/{saleId}/refunds':
      return { amountMinor: 100, refundKey: crypto.randomUUID(), reason: 'matrix' };
    default:
      return {};
  }
}

function concretePath(route: ApiRoute): string {
  const destructive = route.method === 'delete' || route.path.endsWith('/revoke');
  return route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    if (destructive && name === 'readerId') return spare.readerId;
    if (destructive && name === 'registerId') return spare.registerId;
    return params[name] ?? `unknown-${name}`;
  });
}

async function call(route: ApiRoute, role: Role): Promise<number> {
  const method = route.method.toUpperCase();
  let identity = role === 'anonymous' ? undefined : who[role];
  // Signing out would end the shared session: sign-out routes get a throwaway session.
  if (identity && method === 'DELETE' && route.path.endsWith('/session')) {
    identity =
      role === 'staffA' || role === 'managerA' || role === 'staffB'
        ? await ctx.signIn(
            role === 'staffB' ? b.register.code : a.register.code,
            role === 'staffB' ? b.staff.id : a.staff.id,
            role === 'staffB' ? b.staff.pin : a.staff.pin,
          )
        : await consoleSignIn(
            ctx,
            role === 'admin'
              ? 'admin@matrix.test'
              : role === 'ownerA'
                ? 'owner-a@matrix.test'
                : 'owner-b@matrix.test',
          );
  }
  const headers: Record<string, string> = {};
  if (identity) {
    headers.cookie = identity.cookie;
    if (method !== 'GET' && method !== 'HEAD') headers[CSRF_HEADER] = identity.csrfToken;
  }
  const hasBody = method !== 'GET' && method !== 'HEAD' && method !== 'DELETE';
  if (hasBody) headers['content-type'] = 'application/json';
  const response = await ctx.request(concretePath(route), {
    method,
    headers,
    ...(hasBody ? { json: validBody(route) } : {}),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('authorization matrix', () => {
  it('has a reviewed entry for every route, matching its declared auth', () => {
    const keys = ctx.app.apiRoutes.map((route) => `${route.method.toUpperCase()} ${route.path}`);
    const missing = keys.filter((key) => !(key in MATRIX));
    const stale = Object.keys(MATRIX).filter((key) => !keys.includes(key));
    const drifted = ctx.app.apiRoutes
      .filter((route) => MATRIX[`${route.method.toUpperCase()} ${route.path}`] !== route.guard)
      .filter((route) => `${route.method.toUpperCase()} ${route.path}` in MATRIX)
      .map((route) => `${route.method.toUpperCase()} ${route.path}: declared ${route.guard}`);
    expect({ missing, stale, drifted }).toEqual({ missing: [], stale: [], drifted: [] });
  });

  it('lets exactly the right callers through every route, and never answers 500', async () => {
    // Destructive routes (DELETE, revoke) run last so they cannot disturb the others.
    const ordered = [...ctx.app.apiRoutes].sort(
      (x, y) =>
        Number(x.method === 'delete' || x.path.endsWith('/revoke')) -
        Number(y.method === 'delete' || y.path.endsWith('/revoke')),
    );
    const wrong: string[] = [];
    let calls = 0;
    for (const route of ordered) {
      const auth = MATRIX[`${route.method.toUpperCase()} ${route.path}`] ?? route.guard;
      for (const role of ROLES) {
        const status = await call(route, role);
        calls += 1;
        const want = expected(auth, role, route);
        const denied = status === 401 || status === 403 || (status === 404 && want === 'deny');
        const ok =
          status !== 500 &&
          (want === 'allow'
            ? status !== 401 && status !== 403
            : denied || (auth === 'stripe' && status === 400));
        if (!ok)
          wrong.push(`${route.method.toUpperCase()} ${route.path} as ${role}: ${status} (expected ${want})`);
      }
    }
    console.log(
      `[auth-matrix] routes=${ctx.app.apiRoutes.length} roles=${ROLES.length} calls=${calls} wrong=${wrong.length}`,
    );
    expect(wrong).toEqual([]);
  }, 60_000);
});
