// The merchant review's access policy, route by route: EVERY mounted route behind the `manager` guard (read
// from the app's route definitions, as the authorization matrix does) is called by a manager allowed at one
// location of an account that has a second location with paid sales, a refund, its own staff, register and
// reader, and a payout that pays out both locations' charges. Nothing of the other location may appear in any
// answer: no id, no name, no amount. Naming the other location or its sale is 404; the balance and payouts
// (Stripe's account-wide figures) are the owner's: 403. The owner's answers, for contrast, do show the other
// location (so the markers searched for are ones a leak would really contain).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRoute } from '../../src/routes/define-route.ts';
import { api, type Merchant } from '../checkout/support.ts';
import {
  merchantApi,
  NOW_MS,
  paidSale,
  type ReportingMerchant,
  secondLocation,
  setClocks,
  setUpReportingMerchant,
} from '../merchant/support.ts';
import { asConsole, type ConsoleSignIn, consoleSignIn, createOwner } from '../platform/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildStaff } from '../support/factories.ts';

let ctx: TestContext;
let home: ReportingMerchant;
let other: Merchant;
let owner: ConsoleSignIn;
/** Strings that belong to the other location only. */
const secrets: { name: string; value: string }[] = [];
let homeSaleId = '';
/** A staff member of the manager's location (signed out everywhere by the sweep). */
let homeStaffId = '';
let otherSaleId = '';
let payoutId = '';

beforeAll(async () => {
  ctx = await createTestContext();
  await setClocks(ctx, NOW_MS);
  home = await setUpReportingMerchant(ctx);
  other = await secondLocation(ctx, home);
  await createOwner(ctx, home.account.id, 'owner@scope.test');
  owner = await consoleSignIn(ctx, 'owner@scope.test');

  homeSaleId = (await paidSale(ctx, home)).id;
  homeStaffId = (await buildStaff(ctx, home.account, [home.location], { displayName: 'Hana Home' })).id;
  // Distinctive amounts at the other location: a tip of 9,135.79 and a refund of 313.37.
  const otherSale = await paidSale(ctx, other, { tipMinor: 913_579 });
  otherSaleId = otherSale.id;
  const refund = await asConsole(ctx, owner, `/api/merchant/sales/${otherSaleId}/refunds`, {
    method: 'POST',
    json: { amountMinor: 31_337, refundKey: randomUUID(), reason: 'Uptown-only reason' },
  });
  expect(refund.status, await refund.clone().text()).toBe(201);
  const refundBody = (await refund.json()) as { refund: { id: string; stripeRefundId: string | null } };
  const detail = (await (await asConsole(ctx, owner, `/api/merchant/sales/${otherSaleId}`)).json()) as {
    sale: { paymentIntentId: string | null; chargeId: string | null };
  };

  // A payout of the account's balance: it pays out both locations' charges.
  const advanced = await fetch(`${ctx.emulator?.url}/_emulator/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance_seconds: 4 * 86_400 }),
  });
  expect(advanced.ok).toBe(true);
  const balance = (await (await asConsole(ctx, owner, '/api/merchant/balance')).json()) as {
    payouts: { id: string }[];
  };
  payoutId = balance.payouts[0]?.id ?? '';
  expect(payoutId).toMatch(/^po_/);

  secrets.push(
    { name: 'location id', value: other.location.id },
    { name: 'location name', value: 'Uptown Secret' },
    { name: 'Stripe location', value: other.stripeLocation.id },
    { name: 'register', value: other.register.id },
    { name: 'register code', value: 'UPTOWN-SECRET' },
    { name: 'staff id', value: other.staff.id },
    { name: 'staff name', value: 'Zed Uptownson' },
    { name: 'sale id', value: otherSaleId },
    { name: 'PaymentIntent', value: detail.sale.paymentIntentId ?? 'missing-pi' },
    { name: 'charge', value: detail.sale.chargeId ?? 'missing-charge' },
    { name: 'refund id', value: refundBody.refund.id },
    { name: 'Stripe refund', value: refundBody.refund.stripeRefundId ?? 'missing-refund' },
    { name: 'refund reason', value: 'Uptown-only reason' },
    { name: 'sale total (minor)', value: String(otherSale.totalMinor) },
    { name: 'sale total', value: (otherSale.totalMinor / 100).toFixed(2) },
    { name: 'tip', value: '9135.79' },
    { name: 'refund amount (minor)', value: '31337' },
    { name: 'refund amount', value: '313.37' },
  );
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

/** The markers of the other location found in `text`. */
function leaks(text: string): string[] {
  return secrets.filter(({ value }) => text.includes(value)).map(({ name, value }) => `${name} (${value})`);
}

const merchantRoutes = (): ApiRoute[] => ctx.app.apiRoutes.filter((route) => route.guard === 'manager');

function pathOf(route: ApiRoute, saleId: string, staffId = homeStaffId): string {
  return route.path.replace('{saleId}', saleId).replace('{payoutId}', payoutId).replace('{staffId}', staffId);
}

function bodyOf(route: ApiRoute): unknown {
  return route.method === 'post'
    ? { amountMinor: 1, refundKey: randomUUID(), reason: 'scope test' }
    : undefined;
}

describe("a manager allowed at one location sees nothing of the account's other locations", () => {
  it('covers every merchant route, with and without a location filter, naming nothing of the other location', async () => {
    const routes = merchantRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const found: string[] = [];
    const statuses: string[] = [];
    for (const route of routes) {
      const method = route.method.toUpperCase();
      const path = pathOf(route, homeSaleId);
      const accountFigures =
        route.path.startsWith('/api/merchant/balance') || route.path.includes('{payoutId}');
      for (const query of ['', '?locationId=all']) {
        const response = await merchantApi(ctx, home.managerSignIn, method, `${path}${query}`, bodyOf(route));
        statuses.push(`${method} ${route.path}${query}: ${response.status}`);
        for (const leak of leaks(response.text)) found.push(`${method} ${route.path}${query}: ${leak}`);
        const want = accountFigures ? 'a 403 naming the merchant owner' : 'a 2xx';
        const ok = accountFigures
          ? response.status === 403 && /merchant owner/.test(response.text)
          : response.status < 300;
        if (!ok) found.push(`${method} ${route.path}${query}: ${response.status}, expected ${want}`);
      }
    }
    console.log(
      `[location-scope] merchant routes=${routes.length} calls=${statuses.length} leaks=${found.length}`,
    );
    expect(found).toEqual([]);
  });

  it("answers 404 for the other location and the other location's sale, on every route that names them", async () => {
    const wrong: string[] = [];
    for (const route of merchantRoutes()) {
      const method = route.method.toUpperCase();
      if (route.path.startsWith('/api/merchant/balance') || route.path.includes('{payoutId}')) continue;
      const target =
        route.path.includes('{saleId}') || route.path.includes('{staffId}')
          ? pathOf(route, otherSaleId, other.staff.id)
          : route.query && 'locationId' in route.query.shape
            ? `${route.path}?locationId=${other.location.id}`
            : null;
      if (target === null) continue;
      const response = await merchantApi(ctx, home.managerSignIn, method, target, bodyOf(route));
      if (response.status !== 404 || leaks(response.text).length > 0) {
        wrong.push(`${method} ${target}: ${response.status} ${leaks(response.text).join(', ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('shows the owner what the manager may not see (the markers are real)', async () => {
    const sales = await asConsole(ctx, owner, '/api/merchant/sales');
    expect(leaks(await sales.text())).toEqual(expect.arrayContaining([expect.stringMatching(/^sale id/)]));
    const payout = await asConsole(ctx, owner, `/api/merchant/payouts/${payoutId}`);
    expect(payout.status).toBe(200);
    expect(leaks(await payout.text())).toEqual(expect.arrayContaining([expect.stringMatching(/^charge/)]));
    const context = await asConsole(ctx, owner, '/api/merchant/context');
    expect(leaks(await context.text())).toEqual(
      expect.arrayContaining([expect.stringMatching(/^location name/), expect.stringMatching(/^staff name/)]),
    );
    // And the manager's own location is there for the manager.
    const mine = await api<{ sales: { id: string }[] }>(
      ctx,
      home.managerSignIn,
      'GET',
      '/api/merchant/sales',
    );
    expect(mine.body.sales.map((sale) => sale.id)).toContain(homeSaleId);
  });
});
