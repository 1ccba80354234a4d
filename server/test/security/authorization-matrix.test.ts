// Authorization matrix: EVERY route definition the app mounted (the ones /api/openapi.json documents)
// called as anonymous, staff and manager of account A, staff of account B, owner of A, owner of B and
// platform admin, on account A's resources, and checked against what the route's guard promises (below,
// one reviewed policy per guard; a new guard does not compile until it has one). The app may have no /api
// route besides its definitions, so every route goes through this matrix and the input fuzzing.
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

type Role = 'anonymous' | 'staffA' | 'managerA' | 'staffB' | 'ownerA' | 'ownerB' | 'admin';
const ROLES: Role[] = ['anonymous', 'staffA', 'managerA', 'staffB', 'ownerA', 'ownerB', 'admin'];
type Expectation = 'allow' | 'deny';

/** Path parameters that name one tenant's resource (account A's in this test). */
const TENANT_PARAMS = ['saleId', 'readerId', 'accountId', 'locationId', 'registerId', 'staffId', 'disputeId'];

/**
 * Routes behind the `manager` guard that the merchant access policy (services/merchant-access.ts) keeps
 * for the owner: Stripe's balance and payouts are account-wide. (security/location-scope.test.ts checks
 * every merchant route with a location-limited manager.)
 */
const OWNER_ONLY_FIGURES = ['/api/merchant/balance', '/api/merchant/payouts/{payoutId}'];

/** Counter routes only a manager's session may use (the service checks the role). */
const MANAGER_ONLY_COUNTER = ['/api/counter/staff/{staffId}/approve-device'];

/**
 * Public routes that answer only a paired device (auth.routes.ts): their writes carry the device's CSRF
 * token, not a session's.
 */
const DEVICE_ROUTES = [
  'POST /api/counter/session',
  'GET /api/counter/register',
  'DELETE /api/counter/register',
];

/** Routes that end sessions or pairings: they run last, on spare resources or throwaway callers. */
function isDestructive(route: ApiRoute): boolean {
  return (
    route.method === 'delete' ||
    route.path.endsWith('/revoke') ||
    route.path.endsWith('/unpair') ||
    route.path.endsWith('/sign-out-everywhere')
  );
}

/** What each guard promises, per caller. */
function expected(guard: Guard, role: Role, route: ApiRoute): Expectation {
  const ownsResources = !TENANT_PARAMS.some((param) => route.path.includes(`{${param}}`));
  switch (guard) {
    case 'public':
      return 'allow';
    case 'stripe':
      return 'deny';
    case 'counter':
      if (role === 'staffA' && MANAGER_ONLY_COUNTER.includes(route.path)) return 'deny';
      if (role === 'staffA' || role === 'managerA') return 'allow';
      return role === 'staffB' && ownsResources ? 'allow' : 'deny';
    case 'manager':
      // A platform admin's support view needs ?accountId=, which these calls do not send.
      if (role === 'ownerA') return 'allow';
      // The merchant access policy keeps Stripe's account-wide figures from managers.
      if (role === 'managerA') return OWNER_ONLY_FIGURES.includes(route.path) ? 'deny' : 'allow';
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
interface Caller {
  cookie: string;
  csrfToken: string;
  /** A counter caller's paired device. */
  device?: { cookie: string; csrfToken: string };
}
const who: Partial<Record<Role, Caller>> = {};
let params: Record<string, string>;
let spare: { readerId: string; registerId: string; staffId: string };

beforeAll(async () => {
  ctx = await createTestContext();
  a = await setUpMerchant(ctx);
  b = await setUpMerchant(ctx);
  const manager = await buildStaff(ctx, a.account, [a.location], { role: 'manager', pin: '5678' });
  const spareRegister = await buildRegister(ctx, a.location);
  const spareStaff = await buildStaff(ctx, a.account, [a.location], { pin: '8765' });
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
  // A dispute of account A's sale, as the webhooks would have recorded it (its answer is Stripe's 404).
  const disputeId = 'du_matrix0000000000';
  await ctx.repos.disputes.save(
    {
      id: disputeId,
      accountId: a.account.id,
      saleId,
      locationId: a.location.id,
      carriedBy: 'connected_account',
      chargeId: 'ch_matrix',
      paymentIntentId: null,
      amountMinor: 500,
      currency: 'usd',
      reason: 'fraudulent',
      status: 'needs_response',
      evidenceDueByMs: ctx.clock.nowMs() + 7 * 86_400_000,
      hasEvidence: false,
      pastDue: false,
      submissionCount: 0,
      chargeRefundable: false,
      evidence: {},
      stripeCreatedAtMs: ctx.clock.nowMs(),
      closedAtMs: null,
    },
    ctx.clock.nowMs(),
  );
  params = {
    saleId,
    readerId: a.readers.serverDriven.id,
    accountId: a.account.id,
    locationId: a.location.id,
    registerId: a.register.id,
    staffId: a.staff.id,
    registerCode: a.register.code,
    token: 'no-such-token',
    disputeId,
    payoutId: 'po_matrixDoesNotExist',
    managerId: manager.id,
  };
  spare = { readerId: a.readers.jsSdk.id, registerId: spareRegister.id, staffId: spareStaff.id };
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
    case 'POST /api/merchant/disputes/{disputeId}/evidence':
      return { submissionKey: crypto.randomUUID(), text: { customer_name: 'Matrix' }, submit: false };
    // Cash with no drawer open: 409 drawer_closed for account A's callers, nothing written.
    case 'POST /api/counter/sales/{saleId}/tenders':
      return { tenderKey: crypto.randomUUID(), method: 'cash', amountMinor: 100, tenderedMinor: 100 };
    // Staff need a manager's approval to refund or void; the matrix's manager gives it.
    case 'POST /api/counter/sales/{saleId}/void':
      return { reason: 'matrix', approval: { staffId: params.managerId, pin: '5678' } };
    case 'POST /api/counter/sales/{saleId}/refunds':
      return {
        refundKey: crypto.randomUUID(),
        reason: 'matrix',
        approval: { staffId: params.managerId, pin: '5678' },
      };
    case 'PUT /api/merchant/catalog/items/{itemId}/locations/{locationId}':
      return { available: true, priceMinor: null };
    case 'PUT /api/merchant/locations/{locationId}/taxes':
      return { pricesIncludeTax: false, taxName: 'Sales tax', standardRateBps: 0, reducedRateBps: null };
    default:
      return {};
  }
}

function concretePath(route: ApiRoute): string {
  const destructive = isDestructive(route);
  return route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    if (destructive && name === 'readerId') return spare.readerId;
    if (destructive && name === 'registerId') return spare.registerId;
    if (destructive && name === 'staffId') return spare.staffId;
    return params[name] ?? `unknown-${name}`;
  });
}

/** A console user of the same role as `role`, made for one call that ends every session of theirs. */
async function throwawayConsoleUser(role: Role): Promise<Caller> {
  const email = `throwaway-${crypto.randomUUID()}@matrix.test`;
  if (role === 'admin') await createAdmin(ctx, email);
  else await createOwner(ctx, role === 'ownerA' ? a.account.id : b.account.id, email);
  return consoleSignIn(ctx, email);
}

async function call(route: ApiRoute, role: Role, withCsrfToken = true): Promise<Response> {
  const method = route.method.toUpperCase();
  let identity = role === 'anonymous' ? undefined : who[role];
  const counterRole = role === 'staffA' || role === 'managerA' || role === 'staffB';
  // Unpairing the device or signing out everywhere would end the shared callers: throwaway ones instead.
  if (identity && method === 'DELETE' && route.path === '/api/counter/register' && counterRole) {
    identity = await ctx.signIn(
      role === 'staffB' ? b.register.code : a.register.code,
      role === 'staffB' ? b.staff.id : a.staff.id,
      role === 'staffB' ? b.staff.pin : a.staff.pin,
    );
  }
  if (identity && method === 'DELETE' && route.path === '/api/console/sessions' && !counterRole) {
    identity = await throwawayConsoleUser(role);
  }
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
    headers.cookie = identity.device ? `${identity.cookie}; ${identity.device.cookie}` : identity.cookie;
    const deviceRoute = DEVICE_ROUTES.includes(`${method} ${route.path}`);
    const csrfToken = deviceRoute && identity.device ? identity.device.csrfToken : identity.csrfToken;
    if (method !== 'GET' && method !== 'HEAD' && withCsrfToken) headers[CSRF_HEADER] = csrfToken;
  }
  const hasBody = method !== 'GET' && method !== 'HEAD' && method !== 'DELETE';
  if (route.form) {
    // A valid multipart body (an evidence file), so the guard and the tenant check are what answer.
    const form = new FormData();
    form.set('field', 'receipt');
    form.set(
      'file',
      new File([Buffer.from('%PDF-1.4\n%%EOF\n')], 'receipt.pdf', { type: 'application/pdf' }),
    );
    return ctx.app.request(concretePath(route), { method, headers, body: form });
  }
  if (hasBody) headers['content-type'] = 'application/json';
  const response = await ctx.request(concretePath(route), {
    method,
    headers,
    ...(hasBody ? { json: validBody(route) } : {}),
  });
  return response;
}

/** `/api/counter/sales/{saleId}` → `/api/counter/sales/:saleId`, as Hono lists mounted routes. */
const toHonoPath = (path: string) => path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

describe('authorization matrix', () => {
  it('mounts under /api exactly the defined routes, each behind a guard', () => {
    const routes = ctx.app.apiRoutes;
    // App-wide middleware (request log, session loaders) is registered for every method on `/api/*`.
    const middleware = ctx.app.routes.filter((route) => route.method === 'ALL' && route.path.endsWith('*'));
    expect(new Set(middleware.filter((route) => isApiPath(route.path)).map((route) => route.path))).toEqual(
      new Set(['/api/*']),
    );
    const mounted = new Set(
      ctx.app.routes
        .filter((route) => isApiPath(route.path) && !middleware.includes(route))
        .map((route) => `${route.method} ${route.path}`),
    );
    const defined = routes.map((route) => `${route.method.toUpperCase()} ${toHonoPath(route.path)}`);
    expect([...mounted].sort()).toEqual([...defined].sort());
    expect(routes.length).toBeGreaterThan(80);
  });

  it('lets exactly the right callers through every route, and never answers 500', async () => {
    const routes = ctx.app.apiRoutes;
    // Destructive routes (DELETE, revoke, unpair, sign out everywhere) run last so they cannot disturb the others.
    const ordered = [...routes].sort((x, y) => Number(isDestructive(x)) - Number(isDestructive(y)));
    const wrong: string[] = [];
    let calls = 0;
    for (const route of ordered) {
      for (const role of ROLES) {
        const response = await call(route, role);
        await response.arrayBuffer();
        const status = response.status;
        calls += 1;
        const want = expected(route.guard, role, route);
        const denied = status === 401 || status === 403 || (status === 404 && want === 'deny');
        const ok =
          status !== 500 &&
          (want === 'allow'
            ? status !== 401 && status !== 403
            : denied || (route.guard === 'stripe' && status === 400));
        if (!ok)
          wrong.push(`${route.method.toUpperCase()} ${route.path} as ${role}: ${status} (expected ${want})`);
      }
    }
    console.log(
      `[auth-matrix] routes=${routes.length} roles=${ROLES.length} calls=${calls} wrong=${wrong.length}`,
    );
    expect(wrong).toEqual([]);
  }, 60_000);

  it("refuses every write behind a session guard without the session's CSRF token", async () => {
    // The callers each session-backed guard admits; `manager` admits a counter and a console session.
    const admitted: Partial<Record<Guard, Role[]>> = {
      counter: ['staffA'],
      manager: ['managerA', 'ownerA'],
      console: ['admin'],
      platform_admin: ['admin'],
      merchant_owner: ['ownerA'],
    };
    // Runs after the matrix, so the destructive routes (refused here, or the test fails) disturb nothing.
    const writes = ctx.app.apiRoutes.filter((route) => route.method !== 'get');
    const wrong: string[] = [];
    let checked = 0;
    for (const route of writes) {
      for (const role of admitted[route.guard] ?? []) {
        const response = await call(route, role, false);
        const body = (await response.json()) as { error?: { code?: string } };
        checked += 1;
        if (response.status !== 403 || body.error?.code !== 'csrf_failed') {
          wrong.push(
            `${route.method.toUpperCase()} ${route.path} as ${role}: ${response.status} ${body.error?.code}`,
          );
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(wrong).toEqual([]);
  });
});
