// Merchant sales review through the HTTP API against the embedded Stripe emulator: the daily summary in the
// location's zone, the sales list and detail, refunds changing the figures, CSV exports, reconciliation at
// zero (and naming an injected difference), authorizations, balance, access rules and bad input.
import { randomUUID } from 'node:crypto';
import {
  type DailySummaryResponse,
  DailySummaryResponseSchema,
  MerchantSaleResponseSchema,
  type ReconciliationResponse,
  ReconciliationResponseSchema,
  RefundResponseSchema,
  type SalesPageResponse,
  SalesPageResponseSchema,
} from '@countertop/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asConsole, consoleSignIn, createAdmin, createOwner } from '../platform/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildAccount, buildCounter, buildLocation } from '../support/factories.ts';
import {
  merchantApi,
  NOW_MS,
  paidSale,
  type ReportingMerchant,
  setUpReportingMerchant,
  TODAY,
} from './support.ts';

let ctx: TestContext;
let merchant: ReportingMerchant;

beforeEach(async () => {
  ctx = await createTestContext();
  merchant = await setUpReportingMerchant(ctx);
});

afterEach(async () => {
  await ctx.close();
});

/** The merchant's owner, signed in to the console (balance and payouts are theirs). */
async function ownerSignIn() {
  await createOwner(ctx, merchant.account.id, 'owner@balance.test');
  return consoleSignIn(ctx, 'owner@balance.test');
}

const figuresOf = (daily: DailySummaryResponse) => daily.summary.currencies[0]?.figures;

async function daily(query = '') {
  const response = await merchantApi<DailySummaryResponse>(
    ctx,
    merchant.managerSignIn,
    'GET',
    `/api/merchant/summary/daily${query}`,
  );
  expect(response.status, response.text).toBe(200);
  return DailySummaryResponseSchema.parse(response.body);
}

async function reconciliation(query = '') {
  const response = await merchantApi<ReconciliationResponse>(
    ctx,
    merchant.managerSignIn,
    'GET',
    `/api/merchant/reconciliation${query}`,
  );
  expect(response.status, response.text).toBe(200);
  return ReconciliationResponseSchema.parse(response.body);
}

async function refund(saleId: string, amountMinor: number | undefined, refundKey = randomUUID()) {
  return merchantApi(ctx, merchant.managerSignIn, 'POST', `/api/merchant/sales/${saleId}/refunds`, {
    refundKey,
    ...(amountMinor === undefined ? {} : { amountMinor }),
    reason: 'Customer changed their mind',
  });
}

describe('daily summary', () => {
  it("sums today's paid sales in the location's zone, with Stripe's fees recorded", async () => {
    const first = await paidSale(ctx, merchant, { tipMinor: 150 });
    ctx.clock.advanceMs(60_000);
    const second = await paidSale(ctx, merchant, { quantities: [1, 0] });
    // Stripe's processing fees are recorded by the scheduled job (a report request only reads).
    await ctx.services.reports.backfillStripeFees();

    const summary = await daily();
    expect(summary.date).toBe(TODAY);
    expect(summary.comparedWith).toBe('2026-03-03');
    const figures = figuresOf(summary);
    expect(figures).toMatchObject({
      salesCount: 2,
      grossSalesMinor: first.subtotalMinor + second.subtotalMinor,
      tipsMinor: 150,
      totalCollectedMinor: first.totalMinor + second.totalMinor,
      applicationFeesMinor: first.applicationFeeMinor + second.applicationFeeMinor,
      refundsMinor: 0,
    });
    expect(summary.summary.currencies[0]?.stripeFeesUnknownCount).toBe(0);
    expect(figures?.stripeFeesMinor).toBeGreaterThan(0);
    expect(figures?.netToMerchantMinor).toBe(
      (figures?.totalCollectedMinor ?? 0) -
        (figures?.stripeFeesMinor ?? 0) -
        (figures?.applicationFeesMinor ?? 0),
    );
    expect(summary.comparison[0]?.figures.salesCount).toMatchObject({ current: 2, previous: 0 });
    const byItem = summary.summary.currencies[0]?.byItem.map((item) => [item.description, item.quantity]);
    expect(byItem).toEqual(
      expect.arrayContaining([
        ['Latte', 3],
        ['Croissant', 1],
      ]),
    );
    expect(summary.summary.currencies[0]?.byStaff).toHaveLength(1);
  });

  it('places a sale at 23:30 local time on that local day, not the next', async () => {
    // 2026-03-09 23:30 in Los Angeles (PDT) = 2026-03-10 06:30 UTC.
    const lateMs = Date.UTC(2026, 2, 10, 6, 30);
    await ctx.repos.sales.insert({
      id: 'sale_late',
      accountId: merchant.account.id,
      locationId: merchant.location.id,
      registerId: merchant.register.id,
      staffId: merchant.staff.id,
      clientSaleId: randomUUID(),
      status: 'succeeded',
      currency: 'usd',
      description: 'Late coffee',
      captureMethod: 'manual',
      subtotalMinor: 500,
      taxMinor: 0,
      tipMinor: 0,
      totalMinor: 500,
      applicationFeeMinor: 0,
      createdAtMs: lateMs,
      lines: [
        {
          position: 0,
          productId: null,
          description: 'Late coffee',
          quantity: 1,
          unitPriceMinor: 500,
          amountMinor: 500,
        },
      ],
    });
    expect(figuresOf(await daily('?date=2026-03-09'))?.salesCount).toBe(1);
    expect(figuresOf(await daily(`?date=${TODAY}`))?.salesCount ?? 0).toBe(0);
  });
});

describe('sales list and detail', () => {
  it('searches by last4, amount and status and pages with a cursor', async () => {
    const a = await paidSale(ctx, merchant, { quantities: [1, 0] });
    ctx.clock.advanceMs(60_000);
    const b = await paidSale(ctx, merchant, { quantities: [0, 1], card: '5555555555554444' });
    ctx.clock.advanceMs(60_000);
    const c = await paidSale(ctx, merchant, { quantities: [2, 2] });

    const list = async (query: string) => {
      const response = await merchantApi<SalesPageResponse>(
        ctx,
        merchant.managerSignIn,
        'GET',
        `/api/merchant/sales${query}`,
      );
      expect(response.status, response.text).toBe(200);
      return SalesPageResponseSchema.parse(response.body);
    };
    expect((await list('')).sales.map((sale) => sale.id)).toEqual([c.id, b.id, a.id]);
    expect((await list('?last4=4444')).sales.map((sale) => sale.id)).toEqual([b.id]);
    expect((await list(`?amountMinor=${a.totalMinor}`)).sales.map((sale) => sale.id)).toEqual([a.id]);
    expect((await list('?status=refunded')).sales).toEqual([]);
    expect((await list(`?staffId=${merchant.staff.id}`)).sales).toHaveLength(3);

    const first = await list('?limit=2');
    expect(first.sales.map((sale) => sale.id)).toEqual([c.id, b.id]);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.sales.map((sale) => sale.id)).toEqual([a.id]);
    expect(second.nextCursor).toBeNull();

    const bad = await merchantApi(ctx, merchant.managerSignIn, 'GET', '/api/merchant/sales?cursor=nonsense!');
    expect(bad.status).toBe(400);
  });

  it("shows a sale's lines, attempts, fees and Stripe ids", async () => {
    const sale = await paidSale(ctx, merchant);
    // Stripe's processing fee (and its balance transaction) is recorded by the scheduled job, not the GET.
    await ctx.services.reports.backfillStripeFees();
    const response = await merchantApi(ctx, merchant.managerSignIn, 'GET', `/api/merchant/sales/${sale.id}`);
    expect(response.status, response.text).toBe(200);
    const detail = MerchantSaleResponseSchema.parse(response.body).sale;
    expect(detail).toMatchObject({
      id: sale.id,
      status: 'succeeded',
      paymentIntentId: sale.paymentIntentId,
      applicationFeeMinor: sale.applicationFeeMinor,
      refundableMinor: sale.totalMinor,
      paymentMethodType: 'card_present',
    });
    expect(detail.lines).toHaveLength(2);
    expect(detail.attempts).toHaveLength(1);
    // The reader by its label, as staff know it.
    const reader = await ctx.repos.readers.findById(merchant.readers.serverDriven.id);
    expect(detail.attempts[0]).toMatchObject({
      readerId: merchant.readers.serverDriven.id,
      readerLabel: reader?.label,
    });
    expect(detail.attempts[0]?.readerLabel).toBeTruthy();
    expect(detail.chargeId).toMatch(/^ch_/);
    expect(detail.balanceTransactionId).toMatch(/^txn_/);
    expect(detail.stripeFeeMinor).toBeGreaterThan(0);

    const receipt = await merchantApi(ctx, merchant.managerSignIn, 'GET', detail.receiptUrl);
    expect(receipt.status).toBe(200);
    expect(receipt.text).toContain('Latte');
  });
});

describe('refunds', () => {
  it('refunds part of a sale: Stripe refunds it, the sale and the day reflect it', async () => {
    const sale = await paidSale(ctx, merchant);
    ctx.clock.advanceMs(5 * 60_000);
    const response = await refund(sale.id, 300);
    expect(response.status, response.text).toBe(201);
    const body = RefundResponseSchema.parse(response.body);
    expect(body.refund).toMatchObject({
      amountMinor: 300,
      status: 'succeeded',
      requestedBy: 'Maya Manager (manager)',
    });
    expect(body.refund.stripeRefundId).toMatch(/^re_/);
    expect(body.sale).toMatchObject({
      status: 'partially_refunded',
      refundedMinor: 300,
      refundableMinor: sale.totalMinor - 300,
    });

    const charge = await ctx.stripe.charges.retrieve(body.sale.chargeId ?? '', {}, merchant.on);
    expect(charge.amount_refunded).toBe(300);
    const fees = await ctx.stripe.applicationFees.list({ charge: charge.id });
    expect(body.refund.applicationFeeRefundedMinor).toBe(fees.data[0]?.amount_refunded);
    expect(body.refund.applicationFeeRefundedMinor).toBeGreaterThan(0);

    const figures = figuresOf(await daily());
    expect(figures).toMatchObject({
      refundsMinor: 300,
      refundsCount: 1,
      totalCollectedMinor: sale.totalMinor - 300,
      applicationFeeRefundsMinor: body.refund.applicationFeeRefundedMinor,
    });
  });

  it('refunds the rest in full, then refuses more; retries with the same key do not refund twice', async () => {
    const sale = await paidSale(ctx, merchant);
    const key = randomUUID();
    const first = await refund(sale.id, undefined, key);
    expect(first.status, first.text).toBe(201);
    const again = await refund(sale.id, undefined, key);
    expect(again.status).toBe(201);
    expect(RefundResponseSchema.parse(again.body).refund.id).toBe(
      RefundResponseSchema.parse(first.body).refund.id,
    );
    expect(RefundResponseSchema.parse(again.body).sale.status).toBe('refunded');
    const more = await refund(sale.id, 1);
    expect(more.status).toBe(409);
    const charge = await ctx.stripe.charges.retrieve(
      RefundResponseSchema.parse(first.body).sale.chargeId ?? '',
      {},
      merchant.on,
    );
    expect(charge.amount_refunded).toBe(sale.totalMinor);
  });

  it('rejects more than what is left, no reason, and staff who are not managers', async () => {
    const sale = await paidSale(ctx, merchant);
    expect((await refund(sale.id, sale.totalMinor + 1)).status).toBe(400);
    const noReason = await merchantApi(
      ctx,
      merchant.managerSignIn,
      'POST',
      `/api/merchant/sales/${sale.id}/refunds`,
      {
        refundKey: randomUUID(),
        amountMinor: 100,
        reason: '  ',
      },
    );
    expect(noReason.status).toBe(400);
    const byStaff = await merchantApi(
      ctx,
      merchant.signIn,
      'POST',
      `/api/merchant/sales/${sale.id}/refunds`,
      {
        refundKey: randomUUID(),
        amountMinor: 100,
        reason: 'x',
      },
    );
    expect(byStaff.status).toBe(403);
    const noCsrf = await ctx.request(`/api/merchant/sales/${sale.id}/refunds`, {
      method: 'POST',
      headers: { cookie: merchant.managerSignIn.cookie },
      json: { refundKey: randomUUID(), amountMinor: 100, reason: 'x' },
    });
    expect(noCsrf.status).toBe(403);
  });
});

describe('refund outcomes', () => {
  it("keeps the platform's application fee when the platform's policy says so", async () => {
    await ctx.repos.platform.save({ name: 'Test platform', stripeAccountId: null }, ctx.clock.nowMs());
    await ctx.repos.refunds.setRefundsReturnApplicationFee(false);
    const sale = await paidSale(ctx, merchant);
    const response = await refund(sale.id, 500);
    expect(response.status, response.text).toBe(201);
    const body = RefundResponseSchema.parse(response.body);
    expect(body.refund.applicationFeeRefundedMinor).toBe(0);
    const fees = await ctx.stripe.applicationFees.list({ charge: body.sale.chargeId ?? '' });
    expect(fees.data[0]?.amount_refunded).toBe(0);
    expect((await reconciliation()).differences).toEqual([]);
  });

  it('sends Interac payments to the reader for their refund', async () => {
    const sale = await paidSale(ctx, merchant);
    ctx.db.prepare('UPDATE sales SET card_details_json = ? WHERE id = ?').run(
      JSON.stringify({
        type: 'interac_present',
        brand: 'interac',
        last4: '0000',
        readMethod: null,
        funding: 'debit',
        receipt: null,
      }),
      sale.id,
    );
    const response = await refund(sale.id, 100);
    expect(response.status).toBe(409);
    expect((response.body as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'refund_requires_reader',
      message: expect.stringContaining('reader'),
    });
  });

  it('stops counting a refund that Stripe later fails, and the sale is paid in full again', async () => {
    const sale = await paidSale(ctx, merchant, { card: '4000000000005126' });
    const response = await refund(sale.id, 200);
    expect(response.status, response.text).toBe(201);
    // The emulator fails this card's refunds asynchronously (~100 ms later) and sends refund.failed: wait
    // for that event, then deliver it to our webhook endpoint (a GET never re-reads refunds from Stripe).
    let failedEvent: unknown;
    for (let tries = 0; tries < 50 && failedEvent === undefined; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [failedEvent] = (await ctx.stripe.events.list({ type: 'refund.failed' }, merchant.on)).data;
    }
    expect(failedEvent).toBeDefined();
    const secret = 'whsec_test_refund_outcomes';
    ctx.connection.webhookSecrets.push(secret);
    const payload = JSON.stringify(failedEvent);
    const delivered = await ctx.app.request('/api/webhooks/stripe', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': ctx.stripe.webhooks.generateTestHeaderString({ payload, secret }),
      },
      body: payload,
    });
    expect(delivered.status, await delivered.text()).toBe(200);
    const view = MerchantSaleResponseSchema.parse(
      (await merchantApi(ctx, merchant.managerSignIn, 'GET', `/api/merchant/sales/${sale.id}`)).body,
    ).sale;
    expect(view.refunds[0]).toMatchObject({ status: 'failed' });
    expect(view).toMatchObject({ status: 'succeeded', refundedMinor: 0, refundableMinor: sale.totalMinor });
    expect(figuresOf(await daily())?.refundsMinor).toBe(0);
  });
});

describe('reconciliation', () => {
  it('finds zero differences for sales and a refund recorded through the API', async () => {
    const sale = await paidSale(ctx, merchant, { tipMinor: 100 });
    ctx.clock.advanceMs(60_000);
    await paidSale(ctx, merchant, { quantities: [1, 1] });
    ctx.clock.advanceMs(60_000);
    expect((await refund(sale.id, 250)).status).toBe(201);

    const result = await reconciliation(`?date=${TODAY}&locationId=${merchant.location.id}`);
    expect(result.differences).toEqual([]);
    expect(result.matchedSalesCount).toBe(2);
    expect(result.matchedRefundsCount).toBe(1);
    expect(result.stripeObjects.charges).toBe(2);
  });

  it('ties out destination charges in yen after a partial refund that reverses the transfer', async () => {
    await ctx.close();
    ctx = await createTestContext();
    merchant = await setUpReportingMerchant(ctx, {
      chargeType: 'destination',
      country: 'JP',
      currency: 'jpy',
    });
    const sale = await paidSale(ctx, merchant, { quantities: [1, 1] });
    ctx.clock.advanceMs(60_000);
    const response = await refund(sale.id, 300);
    expect(response.status, response.text).toBe(201);
    const body = RefundResponseSchema.parse(response.body);
    expect(body.sale.status).toBe('partially_refunded');
    const stripeRefund = await ctx.stripe.refunds.retrieve(body.refund.stripeRefundId ?? '');
    expect(stripeRefund.transfer_reversal).toMatch(/^trr_/);

    // 19:00 UTC on 10 March is already 11 March in Tokyo: "today" is the location's day.
    const result = await reconciliation();
    expect(result.date).toBe('2026-03-11');
    expect(result.differences).toEqual([]);
    expect(result.matchedSalesCount).toBe(1);
    expect(result.matchedRefundsCount).toBe(1);
    const figures = figuresOf(await daily());
    expect(figures).toMatchObject({ refundsMinor: 300, totalCollectedMinor: sale.totalMinor - 300 });
  });

  it('names the sale and the Stripe object when our records disagree', async () => {
    const sale = await paidSale(ctx, merchant);
    ctx.db
      .prepare('UPDATE sales SET application_fee_minor = application_fee_minor + 1 WHERE id = ?')
      .run(sale.id);
    const result = await reconciliation(`?date=${TODAY}`);
    expect(result.differences).toHaveLength(1);
    expect(result.differences[0]).toMatchObject({
      kind: 'fee_mismatch',
      saleId: sale.id,
      stripeObjectType: 'application_fee',
      oursMinor: sale.applicationFeeMinor + 1,
      stripeMinor: sale.applicationFeeMinor,
    });
    expect(result.differences[0]?.stripeObjectId).toMatch(/^fee_/);
  });
});

describe('exports', () => {
  it('exports sales, refunds and the daily summary as CSV for the local day', async () => {
    const sale = await paidSale(ctx, merchant);
    await refund(sale.id, 100);
    const sales = await merchantApi(
      ctx,
      merchant.managerSignIn,
      'GET',
      `/api/merchant/exports/sales.csv?from=${TODAY}`,
    );
    expect(sales.status).toBe(200);
    expect(sales.headers.get('content-type')).toMatch(/text\/csv/);
    expect(sales.headers.get('content-disposition')).toContain(`sales-${TODAY}.csv`);
    const lines = sales.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toMatch(
      /^sale_id,local_date,created_at,location_id,location_name,time_zone,staff_id,staff_name,/,
    );
    expect(lines).toHaveLength(2);
    // Names beside the ids, the local time with its offset and the zone named.
    const header = lines[0]?.split(',') ?? [];
    const cells = lines[1]?.split(',') ?? [];
    const cell = (name: string) => cells[header.indexOf(name)];
    expect(cell('location_name')).toBe((await ctx.repos.locations.findById(cell('location_id') ?? ''))?.name);
    expect(cell('staff_name')).toBe((await ctx.repos.staff.findById(cell('staff_id') ?? ''))?.displayName);
    expect(cell('staff_name')).not.toBe('');
    expect(cell('created_at')).toMatch(/T\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(cell('time_zone')).toMatch(/\//);
    expect(lines[1]).toContain(sale.id);
    expect(lines[1]).toContain(`${TODAY}T`);

    const refunds = await merchantApi(
      ctx,
      merchant.managerSignIn,
      'GET',
      '/api/merchant/exports/refunds.csv',
    );
    expect(refunds.text).toContain('1.00');
    const summary = await merchantApi(
      ctx,
      merchant.managerSignIn,
      'GET',
      `/api/merchant/exports/daily-summary.csv?from=2026-03-04&to=${TODAY}`,
    );
    expect(summary.text.trimEnd().split('\r\n')).toHaveLength(8);
  });
});

describe('authorizations and balance', () => {
  it('lists an uncaptured authorization and flags it near its deadline', async () => {
    await ctx.repos.sales.insert({
      id: 'sale_held',
      accountId: merchant.account.id,
      locationId: merchant.location.id,
      registerId: merchant.register.id,
      staffId: merchant.staff.id,
      clientSaleId: randomUUID(),
      status: 'requires_capture',
      currency: 'usd',
      description: null,
      captureMethod: 'manual',
      subtotalMinor: 900,
      taxMinor: 0,
      tipMinor: 0,
      totalMinor: 900,
      applicationFeeMinor: 0,
      createdAtMs: NOW_MS - 40 * 3_600_000,
      lines: [],
    });
    const response = await merchantApi<{ authorizations: { saleId: string; nearDeadline: boolean }[] }>(
      ctx,
      merchant.managerSignIn,
      'GET',
      '/api/merchant/authorizations',
    );
    expect(response.status, response.text).toBe(200);
    expect(response.body.authorizations).toEqual([
      expect.objectContaining({ saleId: 'sale_held', nearDeadline: true, captureBeforeSource: 'estimate' }),
    ]);
  });

  it("shows the owner the connected account's balance and payout schedule (managers: 403)", async () => {
    await paidSale(ctx, merchant);
    const owner = await ownerSignIn();
    const response = await asConsole(ctx, owner, '/api/merchant/balance');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      pending: { amountMinor: number }[];
      schedule: { interval: string };
    };
    expect(body.schedule.interval).toBe('daily');
    expect(body.pending[0]?.amountMinor).toBeGreaterThan(0);
    // Stripe's balance is the whole account's: not a manager's (docs/SECURITY.md, the access policy).
    const manager = await merchantApi(ctx, merchant.managerSignIn, 'GET', '/api/merchant/balance');
    expect(manager.status).toBe(403);
  });
});

describe('payouts', () => {
  it('lists a payout with its arrival date and the sale it pays out', async () => {
    const sale = await paidSale(ctx, merchant);
    const advanced = await fetch(`${ctx.emulator?.url}/_emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance_seconds: 4 * 86_400 }),
    });
    expect(advanced.ok).toBe(true);
    const owner = await ownerSignIn();
    const balanceResponse = await asConsole(ctx, owner, '/api/merchant/balance');
    expect(balanceResponse.status).toBe(200);
    const balance = (await balanceResponse.json()) as {
      payouts: { id: string; arrivalDate: string; amountMinor: number }[];
    };
    const [payout] = balance.payouts;
    expect(payout?.id).toMatch(/^po_/);
    expect(Date.parse(payout?.arrivalDate ?? '')).toBeGreaterThan(NOW_MS);

    const detailResponse = await asConsole(ctx, owner, `/api/merchant/payouts/${payout?.id}`);
    expect(detailResponse.status).toBe(200);
    const detail = (await detailResponse.json()) as {
      payout: { id: string };
      transactions: { type: string; saleId: string | null; amountMinor: number }[];
    };
    expect(detail.transactions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'charge', saleId: sale.id, amountMinor: sale.totalMinor }),
      ]),
    );
    const unknown = await asConsole(ctx, owner, '/api/merchant/payouts/po_doesnotexist');
    expect(unknown.status).toBe(404);
    // A payout pays out every location's charges: the owner's, not a manager's.
    const manager = await merchantApi(
      ctx,
      merchant.managerSignIn,
      'GET',
      `/api/merchant/payouts/${payout?.id}`,
    );
    expect(manager.status).toBe(403);
  });
});

describe('access and bad input', () => {
  it('answers 401 without a session and 403 for staff who are not managers', async () => {
    expect((await merchantApi(ctx, undefined, 'GET', '/api/merchant/summary/daily')).status).toBe(401);
    expect((await merchantApi(ctx, merchant.signIn, 'GET', '/api/merchant/summary/daily')).status).toBe(403);
  });

  it("answers 404 for another merchant's location and sale", async () => {
    const other = await buildCounter(ctx, { role: 'manager' });
    const otherSignIn = await ctx.signIn(other.register.code, other.staff.id, other.staff.pin);
    const sale = await paidSale(ctx, merchant);
    const location = await merchantApi(
      ctx,
      otherSignIn,
      'GET',
      `/api/merchant/summary/daily?locationId=${merchant.location.id}`,
    );
    expect(location.status).toBe(404);
    expect((await merchantApi(ctx, otherSignIn, 'GET', `/api/merchant/sales/${sale.id}`)).status).toBe(404);
    expect((await refund(sale.id, 1)).status).toBe(201);
    const foreignRefund = await merchantApi(
      ctx,
      otherSignIn,
      'POST',
      `/api/merchant/sales/${sale.id}/refunds`,
      {
        refundKey: randomUUID(),
        amountMinor: 1,
        reason: 'x',
      },
    );
    expect(foreignRefund.status).toBe(404);
  });

  it('keeps a manager to the locations they work at', async () => {
    const elsewhere = await buildLocation(ctx, merchant.account, { timeZone: 'America/New_York' });
    const response = await merchantApi(
      ctx,
      merchant.managerSignIn,
      'GET',
      `/api/merchant/summary/daily?locationId=${elsewhere.id}`,
    );
    expect(response.status).toBe(404);
  });

  it.each([
    ['/api/merchant/summary/daily?date=2026-02-30', 'an impossible date'],
    ['/api/merchant/summary/daily?date=yesterday', 'a date that is not YYYY-MM-DD'],
    ['/api/merchant/summary?period=custom&from=2025-01-01&to=2026-03-10', 'a range over 366 days'],
    ['/api/merchant/summary?period=custom&from=2026-03-10&to=2026-03-01', 'a range ending before it starts'],
    ['/api/merchant/summary?period=custom&from=2026-03-01', 'a custom range without its end'],
    ['/api/merchant/series?days=400', 'a series over 366 days'],
    ['/api/merchant/sales?last4=12', 'a partial last4'],
    ['/api/merchant/exports/sales.csv?from=2025-01-01&to=2026-03-10', 'an export over 366 days'],
  ])('answers 400 for %s (%s)', async (path) => {
    const response = await merchantApi<{ error: { code: string } }>(ctx, merchant.managerSignIn, 'GET', path);
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.code).toBe('invalid_request');
  });

  it('gives platform support a read-only view of a named merchant', async () => {
    const sale = await paidSale(ctx, merchant);
    await createAdmin(ctx, 'support@platform.test');
    const admin = await consoleSignIn(ctx, 'support@platform.test');
    expect((await asConsole(ctx, admin, '/api/merchant/summary/daily')).status).toBe(403);
    const summary = await asConsole(
      ctx,
      admin,
      `/api/merchant/summary/daily?accountId=${merchant.account.id}`,
    );
    expect(summary.status).toBe(200);
    expect(
      DailySummaryResponseSchema.parse(await summary.json()).summary.currencies[0]?.figures.salesCount,
    ).toBe(1);
    const refunded = await asConsole(
      ctx,
      admin,
      `/api/merchant/sales/${sale.id}/refunds?accountId=${merchant.account.id}`,
      {
        method: 'POST',
        json: { refundKey: randomUUID(), amountMinor: 100, reason: 'Support' },
      },
    );
    expect(refunded.status).toBe(403);
    expect((await asConsole(ctx, admin, '/api/merchant/context?accountId=acc_nobody')).status).toBe(404);
  });

  it('gives an empty summary, not an error, to an owner whose account has no locations yet', async () => {
    const account = await buildAccount(ctx);
    const owner = await createOwner(ctx, account.id, 'new-owner@shop.test');
    const signIn = await consoleSignIn(ctx, owner.email);
    const summary = await asConsole(ctx, signIn, '/api/merchant/summary/daily');
    expect(summary.status).toBe(200);
    const body = DailySummaryResponseSchema.parse(await summary.json());
    expect(body.summary.currencies.every((currency) => currency.figures.salesCount === 0)).toBe(true);
  });

  it('lets the merchant owner see their own account through the console session', async () => {
    const sale = await paidSale(ctx, merchant);
    const owner = await createOwner(ctx, merchant.account.id, 'owner@shop.test');
    const signIn = await consoleSignIn(ctx, owner.email);
    const summary = await asConsole(ctx, signIn, '/api/merchant/summary/daily');
    expect(summary.status).toBe(200);
    const body = DailySummaryResponseSchema.parse(await summary.json());
    expect(body.summary.currencies[0]?.figures.salesCount).toBe(1);
    const refunded = await asConsole(ctx, signIn, `/api/merchant/sales/${sale.id}/refunds`, {
      method: 'POST',
      json: { refundKey: randomUUID(), amountMinor: 100, reason: 'Spilled' },
    });
    expect(refunded.status).toBe(201);
    expect(RefundResponseSchema.parse(await refunded.json()).refund.requestedBy).toBe(
      'owner@shop.test (owner)',
    );

    const other = await buildCounter(ctx);
    const foreign = await asConsole(
      ctx,
      signIn,
      `/api/merchant/summary/daily?locationId=${other.location.id}`,
    );
    expect(foreign.status).toBe(404);
  });
});
