// The merchant review's access policy, route by route: EVERY mounted route behind the `manager` guard (read
// from the app's route definitions, as the authorization matrix does) is called by a manager allowed at one
// location of an account that has a second location with paid sales, a refund, a dispute, a closed drawer
// shift, an item priced differently there, its own staff, register and reader, and a payout that pays out
// both locations' charges. Nothing of the other location may appear in any answer: no id, no name, no
// amount. Each route's expected answer is written down below (`EXPECTED`, a route without an entry fails):
// reads and the manager's own location's settings 2xx; the balance and payouts (Stripe's account-wide
// figures) 403 for the owner; the item library (shared by every location: categories, items, modifier
// groups, discounts, the CSV import) 403 for a manager who does not have every location
// (`canEditWholeCatalog`). Naming the other location, its sale, staff member, drawer shift or dispute is
// 404. The owner's answers, for contrast, do show the other location (so the markers searched for are ones
// a leak would really contain).
import { randomUUID } from 'node:crypto';
import { CSRF_HEADER, type ShiftReport } from '@countertop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRoute } from '../../src/routes/define-route.ts';
import { api, type Merchant } from '../checkout/support.ts';
import { disputeSale, PDF, paidAndDisputed } from '../merchant/dispute-support.ts';
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
import { asOwner, buildShopCatalog, openDrawer, type Shop, type ShopCatalog } from '../shop/support.ts';
import type { CounterSignIn, TestContext } from '../support/context.ts';
import { createTestContext } from '../support/context.ts';
import { buildStaff } from '../support/factories.ts';
import { liveWebhooks } from '../support/live-webhooks.ts';

let ctx: TestContext;
let home: ReportingMerchant;
let other: Merchant;
let owner: ConsoleSignIn;
let catalog: ShopCatalog;
/** Strings that belong to the other location only. */
const secrets: { name: string; value: string }[] = [];
let homeSaleId = '';
/** A staff member of the manager's location (signed out everywhere by the sweep). */
let homeStaffId = '';
let otherSaleId = '';
let payoutId = '';
/** Each location's closed drawer shift and dispute. */
const ids = { homeShift: '', otherShift: '', homeDispute: '', otherDispute: '' };

/** The other location's item price (7,777.77) and drawer (float 4,242.42, a note): distinctive markers. */
const OTHER_ITEM_PRICE_MINOR = 777_777;
const OTHER_FLOAT_MINOR = 424_242;
const OTHER_DRAWER_NOTE = 'Uptown-only drawer note';

/** Opens this register's drawer and closes it again (the counter's API): the closed shift's id. */
async function closedShift(as: CounterSignIn, floatMinor: number, note: string): Promise<string> {
  await openDrawer(ctx, as, floatMinor);
  const closed = await api<{ report: ShiftReport }>(ctx, as, 'POST', '/api/counter/drawer/close', {
    countedMinor: floatMinor,
    note,
  });
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  return closed.body.report.shift.id;
}

beforeAll(async () => {
  ctx = await createTestContext();
  await setClocks(ctx, NOW_MS);
  home = await setUpReportingMerchant(ctx);
  other = await secondLocation(ctx, home);
  await createOwner(ctx, home.account.id, 'owner@scope.test');
  owner = await consoleSignIn(ctx, 'owner@scope.test');

  homeSaleId = (await paidSale(ctx, home)).id;
  homeStaffId = (await buildStaff(ctx, home.account, [home.location], { displayName: 'Hana Home' })).id;
  // Someone who works at both: the manager's team list shows them, with the manager's location only.
  await buildStaff(ctx, home.account, [home.location, other.location], { displayName: 'Bo Both' });
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

  // A dispute at each location, on sales of their own (a disputed sale cannot be refunded, and the home
  // sale above is refunded by the sweep), recorded from Stripe's webhooks.
  const webhooks = await liveWebhooks(ctx);
  let otherDisputedSaleId = '';
  try {
    ids.homeDispute = (await paidAndDisputed(ctx, webhooks, home)).disputeId;
    const otherDisputed = await paidSale(ctx, other);
    otherDisputedSaleId = otherDisputed.id;
    ids.otherDispute = await disputeSale(ctx, webhooks, otherDisputed);
  } finally {
    await webhooks.close();
  }

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

  // A closed drawer shift at each location's register (its staff member has `cash_drawer`).
  ids.homeShift = await closedShift(home.signIn, 10_000, 'Home drawer note');
  ids.otherShift = await closedShift(other.signIn, OTHER_FLOAT_MINOR, OTHER_DRAWER_NOTE);

  // The item library, made by the owner (a category, a latte with variants and a milk group, 10 % off),
  // and the latte's price at each location (the other's distinctive).
  catalog = await buildShopCatalog(ctx, { ...home, owner } as unknown as Shop);
  for (const [location, priceMinor] of [
    [home.location.id, 470],
    [other.location.id, OTHER_ITEM_PRICE_MINOR],
  ] as const) {
    const set = await asOwner(
      ctx,
      owner,
      'PUT',
      `/api/merchant/catalog/items/${catalog.latte.id}/locations/${location}`,
      { available: true, priceMinor, variants: [{ variantId: catalog.large, available: true, priceMinor }] },
    );
    expect(set.status, set.text).toBe(200);
  }

  secrets.push(
    { name: 'location id', value: other.location.id },
    { name: 'location name', value: 'Uptown Secret' },
    { name: 'Stripe location', value: other.stripeLocation.id },
    { name: 'register', value: other.register.id },
    { name: 'register code', value: 'UPTOWN-SECRET' },
    { name: 'register name', value: 'Uptown till' },
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
    { name: 'drawer shift', value: ids.otherShift },
    { name: 'opening float (minor)', value: String(OTHER_FLOAT_MINOR) },
    { name: 'opening float', value: (OTHER_FLOAT_MINOR / 100).toFixed(2) },
    { name: 'drawer note', value: OTHER_DRAWER_NOTE },
    { name: 'dispute', value: ids.otherDispute },
    { name: 'disputed sale', value: otherDisputedSaleId },
    { name: 'item price there (minor)', value: String(OTHER_ITEM_PRICE_MINOR) },
    { name: 'item price there', value: (OTHER_ITEM_PRICE_MINOR / 100).toFixed(2) },
  );
}, 90_000);

afterAll(async () => {
  await ctx?.close();
});

/** The markers of the other location found in `text`. */
function leaks(text: string): string[] {
  return secrets.filter(({ value }) => text.includes(value)).map(({ name, value }) => `${name} (${value})`);
}

const merchantRoutes = (): ApiRoute[] => ctx.app.apiRoutes.filter((route) => route.guard === 'manager');
const keyOf = (route: ApiRoute) => `${route.method.toUpperCase()} ${route.path}`;

/** What a route's path names at one location: the manager's own, or the other one. */
interface Named {
  saleId: string;
  staffId: string;
  shiftId: string;
  disputeId: string;
  locationId: string;
}

const homeNames = (): Named => ({
  saleId: homeSaleId,
  staffId: homeStaffId,
  shiftId: ids.homeShift,
  disputeId: ids.homeDispute,
  locationId: home.location.id,
});

const otherNames = (): Named => ({
  saleId: otherSaleId,
  staffId: other.staff.id,
  shiftId: ids.otherShift,
  disputeId: ids.otherDispute,
  locationId: other.location.id,
});

/** Path parameters that name something of one location (the others are the account's). */
const LOCATION_PARAMS = ['{saleId}', '{staffId}', '{shiftId}', '{disputeId}', '{locationId}'];

function pathOf(route: ApiRoute, named: Named): string {
  return route.path
    .replace('{saleId}', named.saleId)
    .replace('{staffId}', named.staffId)
    .replace('{shiftId}', named.shiftId)
    .replace('{disputeId}', named.disputeId)
    .replace('{locationId}', named.locationId)
    .replace('{payoutId}', payoutId)
    .replace('{itemId}', catalog.latte.id)
    .replace('{categoryId}', catalog.latte.categoryId ?? 'missing-category')
    .replace('{groupId}', catalog.milk.id)
    .replace('{discountId}', catalog.tenOff.id);
}

/** What the manager of one location gets from a route (called with the home location's ids). */
interface Expectation {
  status: number;
  /** The 403's message (the policy's reason). */
  message?: RegExp;
  /** A valid body (a request the handler really runs, not a 400). */
  body?: () => unknown;
  /** Markers of the manager's own location the answer must hold (the handler ran, on real data). */
  shows?: () => string[];
}

const ACCOUNT_FIGURES = /for the merchant owner: Stripe keeps one balance for the whole business/;
const WHOLE_CATALOG = /Only the owner \(or a manager of every location\) can change the item library/;
const ownerOnly: Expectation = { status: 403, message: ACCOUNT_FIGURES };
const read: Expectation = { status: 200 };

let teamMembers = 0;

/** Every merchant route and what a manager of one location gets (a route missing here fails the test). */
const EXPECTED: Record<string, Expectation> = {
  // Reports, sales, refunds (docs/ARCHITECTURE.md, merchant-access.ts).
  'GET /api/merchant/context': { status: 200, shows: () => [home.location.id] },
  'GET /api/merchant/summary/daily': read,
  'GET /api/merchant/summary': read,
  'GET /api/merchant/series': read,
  'GET /api/merchant/sales': { status: 200, shows: () => [homeSaleId] },
  'GET /api/merchant/sales/{saleId}': { status: 200, shows: () => [homeSaleId] },
  'GET /api/merchant/sales/{saleId}/receipt': read,
  'POST /api/merchant/sales/{saleId}/refunds': {
    status: 201,
    body: () => ({ amountMinor: 1, refundKey: randomUUID(), reason: 'scope test' }),
  },
  'GET /api/merchant/authorizations': read,
  'GET /api/merchant/balance': ownerOnly,
  'GET /api/merchant/payouts/{payoutId}': ownerOnly,
  'GET /api/merchant/reconciliation': read,
  'GET /api/merchant/exports/sales.csv': { status: 200, shows: () => [homeSaleId] },
  'GET /api/merchant/exports/refunds.csv': read,
  'GET /api/merchant/exports/daily-summary.csv': read,
  'GET /api/merchant/payout-failures': read,
  // Ending a staff member's sessions: a staff member of the manager's own location.
  'POST /api/merchant/staff/{staffId}/sign-out-everywhere': { status: 200 },
  // The catalog (docs/SHOP.md "Who may do what"): the library needs a manager of every location.
  'GET /api/merchant/catalog': { status: 200, shows: () => [catalog.latte.id, home.location.id] },
  'GET /api/merchant/catalog/items.csv': { status: 200, shows: () => [catalog.latte.id] },
  'POST /api/merchant/catalog/categories': {
    status: 403,
    message: WHOLE_CATALOG,
    body: () => ({ name: 'Scope tea' }),
  },
  'PUT /api/merchant/catalog/categories/{categoryId}': {
    status: 403,
    message: WHOLE_CATALOG,
    body: () => ({ name: 'Espresso bar' }),
  },
  'POST /api/merchant/catalog/items': {
    status: 403,
    message: WHOLE_CATALOG,
    body: () => ({ name: 'Scope scone', priceMinor: 300 }),
  },
  'PUT /api/merchant/catalog/items/{itemId}': {
    status: 403,
    message: WHOLE_CATALOG,
    body: () => ({ name: 'Flat white', priceMinor: 450 }),
  },
  'POST /api/merchant/catalog/modifier-groups': {
    status: 403,
    message: WHOLE_CATALOG,
    body: () => ({ name: 'Scope syrups', modifiers: [{ name: 'Caramel', priceDeltaMinor: 60 }] }),
  },
  'PUT /api/merchant/catalog/modifier-groups/{groupId}': {
    status: 403,
    message: WHOLE_CATALOG,
    body: () => ({ name: 'Milk', modifiers: [{ name: 'Whole', priceDeltaMinor: 0 }] }),
  },
  'POST /api/merchant/catalog/discounts': {
    status: 403,
    message: WHOLE_CATALOG,
    body: () => ({ name: 'Scope 10 % off', kind: 'percentage', percentBps: 1000, appliesTo: 'sale' }),
  },
  'PUT /api/merchant/catalog/discounts/{discountId}': {
    status: 403,
    message: WHOLE_CATALOG,
    body: () => ({ name: '10% off', kind: 'percentage', percentBps: 1000, appliesTo: 'sale' }),
  },
  'POST /api/merchant/catalog/import': {
    status: 403,
    message: WHOLE_CATALOG,
    body: () => ({ csv: 'item_id,item_name,price\n,Scope scone,3.00\n', dryRun: true }),
  },
  // A location's own settings: a manager of that location may.
  'PUT /api/merchant/catalog/items/{itemId}/locations/{locationId}': {
    status: 200,
    body: () => ({
      available: true,
      priceMinor: 460,
      variants: [{ variantId: catalog.large, available: true, priceMinor: 560 }],
    }),
    shows: () => [catalog.latte.id, home.location.id],
  },
  'PUT /api/merchant/locations/{locationId}/taxes': {
    status: 200,
    body: () => ({ pricesIncludeTax: false, taxName: 'Sales tax', standardRateBps: 0, reducedRateBps: null }),
    shows: () => [home.location.id],
  },
  // The team: a manager manages staff (not managers) of their own locations.
  'GET /api/merchant/team': { status: 200, shows: () => [homeStaffId] },
  'POST /api/merchant/team': {
    status: 201,
    body: () => {
      teamMembers += 1;
      return {
        displayName: `Scope Member ${teamMembers}`,
        role: 'staff',
        pin: String(600_000 + teamMembers),
        locationIds: [home.location.id],
      };
    },
  },
  'PATCH /api/merchant/team/{staffId}': {
    status: 200,
    body: () => ({ displayName: 'Hana Home' }),
    shows: () => [homeStaffId],
  },
  // Drawer shifts (the `reports` permission, the manager's by default).
  'GET /api/merchant/shifts': { status: 200, shows: () => [ids.homeShift] },
  'GET /api/merchant/shifts/{shiftId}': { status: 200, shows: () => [ids.homeShift] },
  'GET /api/merchant/shifts/{shiftId}/report': read,
  // Disputes (docs/DISPUTES.md): the owner, or a manager for their locations.
  'GET /api/merchant/disputes': { status: 200, shows: () => [ids.homeDispute] },
  'GET /api/merchant/disputes/{disputeId}': { status: 200, shows: () => [ids.homeDispute] },
  'POST /api/merchant/disputes/{disputeId}/evidence/files': { status: 201 },
  'POST /api/merchant/disputes/{disputeId}/evidence': {
    status: 200,
    body: () => ({ submissionKey: randomUUID(), text: { customer_name: 'Jo Customer' }, submit: false }),
    shows: () => [ids.homeDispute],
  },
  'GET /api/merchant/exports/disputes.csv': { status: 200, shows: () => [ids.homeDispute] },
};

/** The manager's request (the route's body from `EXPECTED`); an evidence file goes up as the console sends it. */
async function send(route: ApiRoute, path: string): Promise<{ status: number; text: string }> {
  const method = route.method.toUpperCase();
  if (!route.path.endsWith('/evidence/files')) {
    return merchantApi(ctx, home.managerSignIn, method, path, EXPECTED[keyOf(route)]?.body?.());
  }
  const form = new FormData();
  form.set('field', 'receipt');
  form.set('file', new File([PDF], 'receipt.pdf', { type: 'application/pdf' }));
  const signIn = home.managerSignIn;
  const response = await ctx.app.request(path, {
    method,
    headers: { cookie: signIn.cookie, [CSRF_HEADER]: signIn.csrfToken },
    body: form,
  });
  return { status: response.status, text: await response.text() };
}

describe("a manager allowed at one location sees nothing of the account's other locations", () => {
  it('has an expected answer for every merchant route, and no entry for a route that is gone', () => {
    const mounted = merchantRoutes().map(keyOf);
    expect(mounted.filter((key) => !(key in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((key) => !mounted.includes(key))).toEqual([]);
  });

  it('covers every merchant route, with and without a location filter, naming nothing of the other location', async () => {
    const routes = merchantRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(40);
    const found: string[] = [];
    const statuses: string[] = [];
    for (const route of routes) {
      const key = keyOf(route);
      const expected = EXPECTED[key];
      if (!expected) {
        found.push(`${key}: no expected answer in EXPECTED`);
        continue;
      }
      const path = pathOf(route, homeNames());
      for (const query of ['', '?locationId=all']) {
        const response = await send(route, `${path}${query}`);
        statuses.push(`${key}${query}: ${response.status}`);
        for (const leak of leaks(response.text)) found.push(`${key}${query}: ${leak}`);
        if (response.status !== expected.status) {
          found.push(
            `${key}${query}: ${response.status}, expected ${expected.status} ${response.text.slice(0, 200)}`,
          );
        } else if (expected.message && !expected.message.test(response.text)) {
          found.push(
            `${key}${query}: ${response.status} without ${expected.message}: ${response.text.slice(0, 200)}`,
          );
        }
        for (const marker of expected.shows?.() ?? []) {
          if (!response.text.includes(marker)) found.push(`${key}${query}: does not show ${marker}`);
        }
      }
    }
    console.log(
      `[location-scope] merchant routes=${routes.length} calls=${statuses.length} findings=${found.length}`,
    );
    expect(found).toEqual([]);
  });

  it('answers 404 for the other location and its sale, staff member, drawer shift and dispute, on every route that names them', async () => {
    const wrong: string[] = [];
    const checked: string[] = [];
    for (const route of merchantRoutes()) {
      if (EXPECTED[keyOf(route)]?.message === ACCOUNT_FIGURES) continue;
      const target = LOCATION_PARAMS.some((param) => route.path.includes(param))
        ? pathOf(route, otherNames())
        : route.query && 'locationId' in route.query.shape
          ? `${route.path}?locationId=${other.location.id}`
          : null;
      if (target === null) continue;
      checked.push(keyOf(route));
      const response = await send(route, target);
      if (response.status !== 404 || leaks(response.text).length > 0) {
        wrong.push(
          `${route.method.toUpperCase()} ${target}: ${response.status} ${leaks(response.text).join(', ')}`,
        );
      }
    }
    // Each kind of name is tried (a route renamed away from its parameter would otherwise drop out), and
    // the location filter of the new lists too.
    for (const param of LOCATION_PARAMS) {
      expect(
        checked.some((route) => route.includes(param)),
        param,
      ).toBe(true);
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        'GET /api/merchant/shifts',
        'GET /api/merchant/shifts/{shiftId}',
        'GET /api/merchant/shifts/{shiftId}/report',
        'GET /api/merchant/disputes',
        'GET /api/merchant/disputes/{disputeId}',
        'POST /api/merchant/disputes/{disputeId}/evidence',
        'POST /api/merchant/disputes/{disputeId}/evidence/files',
        'PUT /api/merchant/catalog/items/{itemId}/locations/{locationId}',
        'PUT /api/merchant/locations/{locationId}/taxes',
      ]),
    );
    expect(wrong).toEqual([]);
  });

  it('shows the owner what the manager may not see (the markers are real)', async () => {
    const markers = async (path: string) => {
      const response = await asConsole(ctx, owner, path);
      expect(response.status, path).toBe(200);
      return leaks(await response.text());
    };
    expect(await markers('/api/merchant/sales')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^sale id/)]),
    );
    expect(await markers(`/api/merchant/payouts/${payoutId}`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^charge/)]),
    );
    expect(await markers('/api/merchant/context')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^location name/), expect.stringMatching(/^staff name/)]),
    );
    expect(await markers(`/api/merchant/shifts?locationId=${other.location.id}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^drawer shift/),
        expect.stringMatching(/^opening float/),
      ]),
    );
    expect(await markers(`/api/merchant/shifts/${ids.otherShift}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^drawer note/),
        expect.stringMatching(/^register name/),
      ]),
    );
    expect(await markers('/api/merchant/disputes')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^dispute/)]),
    );
    expect(await markers('/api/merchant/catalog')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^item price there/)]),
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
