import {
  AccountListResponseSchema,
  AccountResponseSchema,
  ApiErrorSchema,
  AuditLogResponseSchema,
  FeePreviewResponseSchema,
  FeesEarnedResponseSchema,
  LinkResponseSchema,
  SessionResponseSchema,
} from '@countertop/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applicationFeeMinor } from '../../src/domain/fees.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import {
  buildAccount,
  buildCounter,
  buildLocation,
  buildRegister,
  buildStaff,
} from '../support/factories.ts';
import {
  asConsole,
  type ConsoleSignIn,
  consoleSignIn,
  createOwner,
  errorCode,
  signInAdmin,
} from './support.ts';

let ctx: TestContext;
let admin: ConsoleSignIn;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signInAdmin(ctx);
});
afterAll(async () => {
  await ctx.close();
});

async function createAccount(json: Record<string, unknown>) {
  return asConsole(ctx, admin, '/api/platform/accounts', { method: 'POST', json });
}

async function createdAccount(json: Record<string, unknown>) {
  const response = await createAccount(json);
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return AccountResponseSchema.parse(await response.json()).account;
}

async function errorMessage(response: Response): Promise<string> {
  return ApiErrorSchema.parse(await response.json()).error.message;
}

describe('creating connected accounts', () => {
  it('creates the Stripe account with the requested capabilities, the country default currency and an audit entry', async () => {
    const account = await createdAccount({
      businessName: 'Tokyo Tea',
      country: 'jp',
      chargeType: 'destination',
    });
    expect(account).toMatchObject({
      businessName: 'Tokyo Tea',
      country: 'JP',
      currency: 'jpy',
      chargeType: 'destination',
      dashboardType: 'express',
      status: 'onboarding',
      chargesEnabled: false,
    });
    expect(account.cannotChargeReason).toMatch(/hasn't finished Stripe onboarding/);
    const stripeAccount = await ctx.stripe.accounts.retrieve(account.stripeAccountId);
    expect(stripeAccount.country).toBe('JP');
    expect(stripeAccount.default_currency).toBe('jpy');
    expect(Object.keys(stripeAccount.capabilities ?? {}).sort()).toEqual(['card_payments', 'transfers']);
    expect(stripeAccount.controller?.stripe_dashboard?.type).toBe('express');

    const log = AuditLogResponseSchema.parse(
      await (await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/audit-log`)).json(),
    );
    expect(log.entries[0]).toMatchObject({ actor: 'admin@example.test', action: 'account.created' });
  });

  it('gives direct-charge accounts the full Stripe Dashboard', async () => {
    const account = await createdAccount({
      businessName: 'Corner Shop',
      country: 'US',
      chargeType: 'direct',
    });
    expect(account.dashboardType).toBe('full');
    expect(account.currency).toBe('usd');
  });

  it('refuses a country where Connect is not available, with a clear message', async () => {
    const response = await createAccount({ businessName: 'Nowhere', country: 'XX', chargeType: 'direct' });
    expect(response.status).toBe(400);
    expect(await errorMessage(response)).toBe(
      'Stripe Connect accounts cannot be created in XX. Choose one of the listed countries.',
    );
    const russia = await createAccount({ businessName: 'Nope', country: 'RU', chargeType: 'direct' });
    expect(russia.status).toBe(400);
  });

  it('refuses a preview country without the acknowledgement and accepts it with one', async () => {
    const refused = await createAccount({ businessName: 'Kedai', country: 'MY', chargeType: 'direct' });
    expect(refused.status).toBe(400);
    expect(await errorMessage(refused)).toMatch(/Connect is in preview in MY: confirm/);
    const accepted = await createdAccount({
      businessName: 'Kedai',
      country: 'MY',
      chargeType: 'direct',
      previewAcknowledged: true,
    });
    expect(accepted.currency).toBe('myr');
  });

  it('rejects a malformed body with the field named', async () => {
    const response = await createAccount({ businessName: '', country: 'US', chargeType: 'direct' });
    expect(response.status).toBe(400);
    expect(await errorMessage(response)).toMatch(/^businessName:/);
  });

  it('lists accounts', async () => {
    const response = await asConsole(ctx, admin, '/api/platform/accounts');
    const body = AccountListResponseSchema.parse(await response.json());
    expect(body.accounts.map((a) => a.businessName)).toContain('Tokyo Tea');
  });
});

describe('onboarding', () => {
  it('completes hosted onboarding, returns through our return URL and lets the counter charge', async () => {
    const account = await createdAccount({ businessName: 'Bakery', country: 'GB', chargeType: 'direct' });
    const stored = await ctx.repos.accounts.findById(account.id);
    if (!stored) throw new Error(`account ${account.id} not stored`);
    const location = await buildLocation(ctx, stored, { timeZone: 'Europe/London' });
    const register = await buildRegister(ctx, location);
    const staff = await buildStaff(ctx, stored, [location]);
    const before = await ctx.signIn(register.code, staff.id, staff.pin);
    expect(before.session.account.canCharge).toBe(false);
    expect(before.session.account.cannotChargeReason).toMatch(/hasn't finished Stripe onboarding/);

    const linkResponse = await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/onboarding-link`, {
      method: 'POST',
    });
    const link = LinkResponseSchema.parse(await linkResponse.json());
    const page = await fetch(link.url);
    const html = await page.text();
    const action = /action="([^"]+)"/.exec(html)?.[1];
    expect(action).toBeDefined();
    const submitted = await fetch(new URL(action ?? '', link.url), {
      method: 'POST',
      body: new URLSearchParams({ outcome: 'complete' }),
      redirect: 'manual',
    });
    const returnUrl = new URL(submitted.headers.get('location') ?? '');
    expect(returnUrl.pathname).toBe('/api/platform/onboarding/return');

    const back = await ctx.request(returnUrl.pathname + returnUrl.search);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe(`/platform/accounts/${account.id}?onboarding=returned`);
    // The return URL only redirects; the console page stores Stripe's status through an authenticated POST.
    expect((await ctx.repos.accounts.findById(account.id))?.chargesEnabled).toBe(false);
    const refreshed = await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/refresh`, {
      method: 'POST',
    });
    expect(refreshed.status).toBe(200);

    const detail = AccountResponseSchema.parse(
      await (await asConsole(ctx, admin, `/api/platform/accounts/${account.id}`)).json(),
    ).account;
    expect(detail).toMatchObject({
      status: 'active',
      chargesEnabled: true,
      payoutsEnabled: true,
      requirements: [],
    });
    const after = SessionResponseSchema.parse(
      await (await ctx.request('/api/counter/session', { headers: { cookie: before.cookie } })).json(),
    );
    expect(after.session.account.canCharge).toBe(true);
  });

  it("shows Stripe's live status without storing it, falls back to the stored one, and stores it on refresh", async () => {
    const account = await createdAccount({ businessName: 'Live Look', country: 'US', chargeType: 'direct' });
    await fetch(`${ctx.emulator?.url}/_emulator/accounts/${account.stripeAccountId}/onboarding`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'complete' }),
    });
    const detailPath = `/api/platform/accounts/${account.id}`;
    const live = AccountResponseSchema.parse(await (await asConsole(ctx, admin, detailPath)).json()).account;
    expect(live).toMatchObject({ status: 'active', chargesEnabled: true });
    expect((await ctx.repos.accounts.findById(account.id))?.chargesEnabled).toBe(false);

    await fetch(`${ctx.emulator?.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error_rate: 1, path_prefix: '/v1/accounts' }),
    });
    try {
      const stored = await asConsole(ctx, admin, detailPath);
      expect(stored.status).toBe(200);
      expect(AccountResponseSchema.parse(await stored.json()).account.status).toBe('onboarding');
    } finally {
      await fetch(`${ctx.emulator?.url}/_emulator/faults`, { method: 'DELETE' });
    }

    const refreshed = await asConsole(ctx, admin, `${detailPath}/refresh`, { method: 'POST' });
    expect(refreshed.status).toBe(200);
    expect(AccountResponseSchema.parse(await refreshed.json()).account.status).toBe('active');
    expect((await ctx.repos.accounts.findById(account.id))?.chargesEnabled).toBe(true);
  });

  it('shows outstanding requirements in plain words before onboarding', async () => {
    const account = await createdAccount({ businessName: 'Plain', country: 'US', chargeType: 'destination' });
    const detail = AccountResponseSchema.parse(
      await (await asConsole(ctx, admin, `/api/platform/accounts/${account.id}`)).json(),
    ).account;
    expect(detail.requirements.map((r) => r.description)).toContain('A bank account for payouts');
  });

  it('sends an expired or used link to the console page (which offers a new link), signed in or not', async () => {
    const account = await createdAccount({ businessName: 'Refresh', country: 'US', chargeType: 'direct' });
    const anonymous = await ctx.request(`/api/platform/onboarding/refresh?account=${account.id}`);
    expect(anonymous.headers.get('location')).toBe(`/platform/accounts/${account.id}?onboarding=refresh`);
    // A GET creates no link and writes no audit entry, even for a signed-in admin: the page's button POSTs.
    const auditBefore = (await ctx.repos.audit.list({ accountId: account.id })).length;
    const signedIn = await asConsole(ctx, admin, `/api/platform/onboarding/refresh?account=${account.id}`);
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get('location')).toBe(`/platform/accounts/${account.id}?onboarding=refresh`);
    expect((await ctx.repos.audit.list({ accountId: account.id })).length).toBe(auditBefore);
  });

  it('gives Express accounts a dashboard login link and explains why full-dashboard accounts have none', async () => {
    const express = await createdAccount({ businessName: 'Expr', country: 'US', chargeType: 'destination' });
    const ok = await asConsole(ctx, admin, `/api/platform/accounts/${express.id}/login-link`, {
      method: 'POST',
    });
    expect(ok.status).toBe(200);
    expect(LinkResponseSchema.parse(await ok.json()).url).toMatch(/\/_emulator\/express\//);
    const full = await createdAccount({ businessName: 'Full', country: 'US', chargeType: 'direct' });
    const refused = await asConsole(ctx, admin, `/api/platform/accounts/${full.id}/login-link`, {
      method: 'POST',
    });
    expect(refused.status).toBe(400);
    expect(await errorMessage(refused)).toMatch(/full Stripe Dashboard/);

    const owner = await createOwner(ctx, express.id, 'expr-owner@example.test');
    const who = await consoleSignIn(ctx, owner.email);
    const own = await asConsole(ctx, who, '/api/console/stripe-dashboard-link', { method: 'POST' });
    expect(own.status).toBe(200);
  });
});

describe('fee plans', () => {
  it('sets a fee plan that new counter sales use, with an audit entry naming who changed what', async () => {
    const { account, register, staff } = await buildCounter(ctx);
    const plan = { bps: 300, fixedMinor: 25, minMinor: 50, maxMinor: 500 };
    const response = await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/fee-plan`, {
      method: 'PUT',
      json: plan,
    });
    expect(response.status).toBe(200);
    expect(AccountResponseSchema.parse(await response.json()).account.feePlan).toEqual(plan);
    const log = AuditLogResponseSchema.parse(
      await (await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/audit-log`)).json(),
    );
    expect(log.entries[0]).toMatchObject({
      action: 'fee_plan.updated',
      actor: 'admin@example.test',
      details: { before: account.feePlan, after: plan },
    });

    const counter = await ctx.signIn(register.code, staff.id, staff.pin);
    const sale = await ctx.request('/api/counter/sales', {
      method: 'POST',
      as: counter,
      json: { clientSaleId: crypto.randomUUID(), keyedAmountMinor: 10_000 },
    });
    expect(sale.status).toBe(201);
    const body = (await sale.json()) as { sale: { applicationFeeMinor: number } };
    expect(body.sale.applicationFeeMinor).toBe(applicationFeeMinor(10_000, plan));
  });

  it('rejects a negative fee and a maximum below the minimum', async () => {
    const account = await buildAccount(ctx);
    const negative = await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/fee-plan`, {
      method: 'PUT',
      json: { bps: -1, fixedMinor: 0, minMinor: 0, maxMinor: null },
    });
    expect(negative.status).toBe(400);
    expect(await errorMessage(negative)).toBe('bps: fees cannot be negative');
    const capped = await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/fee-plan`, {
      method: 'PUT',
      json: { bps: 100, fixedMinor: 0, minMinor: 100, maxMinor: 50 },
    });
    expect(capped.status).toBe(400);
    expect(await errorMessage(capped)).toBe('maxMinor: the maximum fee must be at least the minimum fee');
    expect((await ctx.repos.accounts.findById(account.id))?.feePlan).toEqual(account.feePlan);
  });

  it('previews a plan on sample amounts with the checkout fee rule, in whole yen for JPY', async () => {
    const plan = { bps: 250, fixedMinor: 10, minMinor: 0, maxMinor: 400 };
    const response = await asConsole(ctx, admin, '/api/platform/fee-preview', {
      method: 'POST',
      json: { plan, currency: 'jpy' },
    });
    const preview = FeePreviewResponseSchema.parse(await response.json());
    expect(preview.rows.length).toBeGreaterThan(3);
    for (const row of preview.rows) expect(row.feeMinor).toBe(applicationFeeMinor(row.amountMinor, plan));
    expect(preview.rows.find((row) => row.amountMinor === 50_000)?.feeMinor).toBe(400);
  });

  it('starts new accounts on the platform default fee plan', async () => {
    const plan = { bps: 120, fixedMinor: 5, minMinor: 0, maxMinor: null };
    const set = await asConsole(ctx, admin, '/api/platform/fee-plan-default', { method: 'PUT', json: plan });
    expect(set.status).toBe(200);
    const account = await createdAccount({ businessName: 'Defaulted', country: 'US', chargeType: 'direct' });
    expect(account.feePlan).toEqual(plan);
  });
});

describe('fees earned', () => {
  it('reports application fees per account and day from Stripe, net of fee refunds, with a CSV export', async () => {
    const account = await createdAccount({ businessName: 'Fee Shop', country: 'US', chargeType: 'direct' });
    await fetch(`${ctx.emulator?.url}/_emulator/accounts/${account.stripeAccountId}/onboarding`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'complete' }),
    });
    const opts = { stripeAccount: account.stripeAccountId };
    const charges: string[] = [];
    for (const [amount, fee] of [
      [10_000, 300],
      [5_000, 150],
    ] as const) {
      const pi = await ctx.stripe.paymentIntents.create(
        { amount, currency: 'usd', allowed_payment_method_types: ['card'], application_fee_amount: fee },
        opts,
      );
      const done = await ctx.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }, opts);
      charges.push(String(done.latest_charge));
    }
    await ctx.stripe.refunds.create({ charge: charges[1] ?? '', refund_application_fee: true }, opts);
    // The report reads the fee ledger; the scheduled sync brings in these fees only Stripe knows about.
    await ctx.services.feesEarned.syncApplicationFees();

    const response = await asConsole(
      ctx,
      admin,
      `/api/platform/accounts/${account.id}/fees-earned?period=day`,
    );
    const report = FeesEarnedResponseSchema.parse(await response.json());
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toMatchObject({
      accountId: account.id,
      businessName: 'Fee Shop',
      currency: 'usd',
      feesCount: 2,
      collectedMinor: 450,
      refundedMinor: 150,
      netMinor: 300,
    });
    expect(report.timeZone).toBe('UTC');
    expect(report.totals).toEqual([
      { currency: 'usd', feesCount: 2, collectedMinor: 450, refundedMinor: 150, netMinor: 300 },
    ]);

    const monthly = FeesEarnedResponseSchema.parse(
      await (await asConsole(ctx, admin, '/api/platform/fees-earned?period=month')).json(),
    );
    expect(monthly.rows.find((row) => row.accountId === account.id)?.period).toMatch(/^\d{4}-\d{2}$/);

    const csv = await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/fees-earned.csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await csv.text();
    expect(text).toContain('period,account_id,business_name,currency,fees_count,collected,refunded,net\r\n');
    expect(text).toContain(`,${account.id},Fee Shop,USD,2,4.50,1.50,3.00\r\n`);
  });
});

describe('fees earned while Stripe is out of reach', () => {
  it('answers from the fees already recorded and says when they were last checked against Stripe', async () => {
    const account = await createdAccount({
      businessName: 'Outage Shop',
      country: 'US',
      chargeType: 'direct',
    });
    await fetch(`${ctx.emulator?.url}/_emulator/accounts/${account.stripeAccountId}/onboarding`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'complete' }),
    });
    const opts = { stripeAccount: account.stripeAccountId };
    const pi = await ctx.stripe.paymentIntents.create(
      { amount: 8_000, currency: 'usd', allowed_payment_method_types: ['card'], application_fee_amount: 240 },
      opts,
    );
    await ctx.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }, opts);
    await ctx.services.feesEarned.syncApplicationFees();
    const path = `/api/platform/accounts/${account.id}/fees-earned?period=day`;
    const synced = FeesEarnedResponseSchema.parse(await (await asConsole(ctx, admin, path)).json());
    expect(synced.stripeSync.ok).toBe(true);
    expect(synced.stripeSync.checkedThrough).not.toBeNull();
    expect(synced.totals).toEqual([expect.objectContaining({ currency: 'usd', netMinor: 240 })]);

    const faults = await fetch(`${ctx.emulator?.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error_rate: 1, path_prefix: '/v1/application_fees' }),
    });
    expect(faults.status).toBe(200);
    try {
      await expect(ctx.services.feesEarned.syncApplicationFees()).rejects.toMatchObject({
        code: 'stripe_error',
      });
      const response = await asConsole(ctx, admin, path);
      expect(response.status).toBe(200);
      const offline = FeesEarnedResponseSchema.parse(await response.json());
      expect(offline.stripeSync).toEqual({ ok: false, checkedThrough: synced.stripeSync.checkedThrough });
      expect(offline.rows).toEqual(synced.rows);
    } finally {
      await fetch(`${ctx.emulator?.url}/_emulator/faults`, { method: 'DELETE' });
    }
  });
});

describe('risk limits', () => {
  it('refuses counter sales over the per-sale and per-day limits with a clear message', async () => {
    const { account, register, staff } = await buildCounter(ctx);
    const set = await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/risk-limits`, {
      method: 'PUT',
      json: { maxSaleMinor: 5_000, maxDailyMinor: 8_000 },
    });
    expect(set.status).toBe(200);
    const counter = await ctx.signIn(register.code, staff.id, staff.pin);
    const sell = (amount: number) =>
      ctx.request('/api/counter/sales', {
        method: 'POST',
        as: counter,
        json: { clientSaleId: crypto.randomUUID(), keyedAmountMinor: amount },
      });
    const tooBig = await sell(6_000);
    expect(tooBig.status).toBe(409);
    const big = ApiErrorSchema.parse(await tooBig.json());
    expect(big.error.code).toBe('risk_limit_exceeded');
    expect(big.error.message).toMatch(/over .*limit of \$50\.00 per sale/);

    const first = (await (await sell(4_000)).json()) as { sale: { id: string } };
    // Only sales being paid count toward the day; mark the first one paid.
    ctx.db.prepare("UPDATE sales SET status = 'succeeded' WHERE id = ?").run(first.sale.id);
    const overDay = await sell(4_500);
    expect(overDay.status).toBe(409);
    expect(ApiErrorSchema.parse(await overDay.json()).error.message).toMatch(/daily limit of \$80\.00/);
    expect((await sell(3_000)).status).toBe(201);
  });

  it('rejects a zero or negative limit', async () => {
    const account = await buildAccount(ctx);
    const response = await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/risk-limits`, {
      method: 'PUT',
      json: { maxSaleMinor: 0, maxDailyMinor: null },
    });
    expect(response.status).toBe(400);
  });
});

describe('authorization', () => {
  let ownerSignIn: ConsoleSignIn;
  beforeEach(async () => {
    if (ownerSignIn) return;
    const account = await buildAccount(ctx);
    const owner = await createOwner(ctx, account.id, `owner-${account.id}@example.test`);
    ownerSignIn = await consoleSignIn(ctx, owner.email);
  });

  it('keeps merchant owners out of every platform route', async () => {
    const account = await buildAccount(ctx);
    for (const [method, path] of [
      ['GET', '/api/platform/accounts'],
      ['POST', '/api/platform/accounts'],
      ['GET', `/api/platform/accounts/${account.id}`],
      ['PUT', `/api/platform/accounts/${account.id}/fee-plan`],
      ['PUT', `/api/platform/accounts/${account.id}/risk-limits`],
      ['GET', '/api/platform/fees-earned'],
      ['GET', '/api/platform/audit-log'],
    ] as const) {
      const response = await asConsole(ctx, ownerSignIn, path, {
        method,
        json: method === 'GET' ? undefined : {},
      });
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
  });

  it('does not let counter staff, even a manager, change fees', async () => {
    const { account, register, staff } = await buildCounter(ctx, { role: 'manager' });
    const counter = await ctx.signIn(register.code, staff.id, staff.pin);
    const response = await ctx.request(`/api/platform/accounts/${account.id}/fee-plan`, {
      method: 'PUT',
      as: counter,
      json: { bps: 0, fixedMinor: 0, minMinor: 0, maxMinor: null },
    });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('unauthenticated');
  });

  it('answers 401 without a console session', async () => {
    const response = await ctx.request('/api/platform/accounts');
    expect(response.status).toBe(401);
  });

  it('answers account_not_found for an unknown account', async () => {
    const response = await asConsole(ctx, admin, '/api/platform/accounts/acc_missing');
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('account_not_found');
  });
});
