// Payout schedule in the platform console: GET/PUT /api/platform/accounts/:accountId/payout-schedule read and
// set the connected account's `settings.payouts.schedule` on Stripe (the emulator), with an audit entry;
// anchors must match the interval; merchant owners and counter staff are refused.
import {
  AccountResponseSchema,
  ApiErrorSchema,
  AuditLogResponseSchema,
  PayoutScheduleResponseSchema,
} from '@countertop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildCounter } from '../support/factories.ts';
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

async function createAccount(country = 'US') {
  const response = await asConsole(ctx, admin, '/api/platform/accounts', {
    method: 'POST',
    json: { businessName: `Payout shop ${country}`, country, chargeType: 'direct' },
  });
  return AccountResponseSchema.parse(await response.json()).account;
}

const schedulePath = (accountId: string) => `/api/platform/accounts/${accountId}/payout-schedule`;

function putSchedule(accountId: string, json: unknown, who: ConsoleSignIn = admin) {
  return asConsole(ctx, who, schedulePath(accountId), { method: 'PUT', json });
}

async function stripeSchedule(stripeAccountId: string) {
  const account = await ctx.stripe.accounts.retrieve(stripeAccountId);
  return account.settings?.payouts?.schedule;
}

describe('payout schedule', () => {
  it("reads Stripe's default schedule for a new account", async () => {
    const account = await createAccount();
    const response = await asConsole(ctx, admin, schedulePath(account.id));
    expect(response.status).toBe(200);
    expect(PayoutScheduleResponseSchema.parse(await response.json()).schedule).toEqual({
      interval: 'daily',
      delayDays: 2,
      weeklyAnchor: null,
      monthlyAnchor: null,
    });
  });

  it('sets a weekly schedule on the Stripe account and records who changed what', async () => {
    const account = await createAccount();
    const response = await putSchedule(account.id, {
      interval: 'weekly',
      delayDays: 7,
      weeklyAnchor: 'friday',
    });
    expect(response.status).toBe(200);
    const { schedule } = PayoutScheduleResponseSchema.parse(await response.json());
    expect(schedule).toEqual({
      interval: 'weekly',
      delayDays: 7,
      weeklyAnchor: 'friday',
      monthlyAnchor: null,
    });
    expect(await stripeSchedule(account.stripeAccountId)).toEqual({
      interval: 'weekly',
      delay_days: 7,
      weekly_anchor: 'friday',
    });
    const log = AuditLogResponseSchema.parse(
      await (await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/audit-log`)).json(),
    );
    expect(log.entries[0]).toMatchObject({
      action: 'payout_schedule.updated',
      actor: 'admin@example.test',
      details: {
        before: { interval: 'daily', delayDays: 2 },
        after: { interval: 'weekly', delayDays: 7, weeklyAnchor: 'friday' },
      },
    });
  });

  it('switches to monthly with the minimum delay when no delay is given, dropping the weekly anchor', async () => {
    const account = await createAccount();
    await putSchedule(account.id, { interval: 'weekly', delayDays: 5, weeklyAnchor: 'monday' });
    const response = await putSchedule(account.id, { interval: 'monthly', monthlyAnchor: 31 });
    expect(response.status).toBe(200);
    expect(PayoutScheduleResponseSchema.parse(await response.json()).schedule).toEqual({
      interval: 'monthly',
      delayDays: 2,
      weeklyAnchor: null,
      monthlyAnchor: 31,
    });
    expect(await stripeSchedule(account.stripeAccountId)).toEqual({
      interval: 'monthly',
      delay_days: 2,
      monthly_anchor: 31,
    });
    const manual = await putSchedule(account.id, { interval: 'manual' });
    expect(PayoutScheduleResponseSchema.parse(await manual.json()).schedule.interval).toBe('manual');
  });

  it('refuses anchors that do not match the interval, before asking Stripe', async () => {
    const account = await createAccount();
    for (const body of [
      { interval: 'weekly' },
      { interval: 'monthly' },
      { interval: 'daily', weeklyAnchor: 'monday' },
      { interval: 'weekly', weeklyAnchor: 'monday', monthlyAnchor: 3 },
      { interval: 'monthly', monthlyAnchor: 32 },
      { interval: 'monthly', monthlyAnchor: 0 },
      { interval: 'weekly', weeklyAnchor: 'someday' },
      { interval: 'hourly' },
      { interval: 'daily', delayDays: -1 },
      { interval: 'daily', delayDays: 1.5 },
    ]) {
      const response = await putSchedule(account.id, body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(await errorCode(response)).toBe('invalid_request');
    }
    expect(await stripeSchedule(account.stripeAccountId)).toEqual({ interval: 'daily', delay_days: 2 });
    const log = AuditLogResponseSchema.parse(
      await (await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/audit-log`)).json(),
    );
    expect(log.entries.map((entry) => entry.action)).not.toContain('payout_schedule.updated');
  });

  it("passes on Stripe's refusal of a delay below the account's minimum, without an audit entry", async () => {
    const account = await createAccount();
    const response = await putSchedule(account.id, { interval: 'daily', delayDays: 1 });
    expect(response.status).toBe(400);
    expect(ApiErrorSchema.parse(await response.json()).error.message).toMatch(
      /Stripe refused the request: .*delay_days\] cannot be less than this account's minimum of 2 days/,
    );
    const log = AuditLogResponseSchema.parse(
      await (await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/audit-log`)).json(),
    );
    expect(log.entries.map((entry) => entry.action)).not.toContain('payout_schedule.updated');
  });

  it('answers account_not_found for an unknown account', async () => {
    const response = await putSchedule('acc_missing', { interval: 'daily' });
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('account_not_found');
  });
});

describe('payout schedule authorization', () => {
  it("refuses the merchant owner, even for their own account's schedule", async () => {
    const account = await createAccount();
    const owner = await createOwner(ctx, account.id, `owner-${account.id}@example.test`);
    const ownerSignIn = await consoleSignIn(ctx, owner.email);
    const read = await asConsole(ctx, ownerSignIn, schedulePath(account.id));
    expect(read.status).toBe(403);
    const write = await putSchedule(account.id, { interval: 'manual' }, ownerSignIn);
    expect(write.status).toBe(403);
    expect(await stripeSchedule(account.stripeAccountId)).toEqual({ interval: 'daily', delay_days: 2 });
  });

  it('refuses counter staff, even a manager', async () => {
    const { account, register, staff } = await buildCounter(ctx, { role: 'manager' });
    const counter = await ctx.signIn(register.code, staff.id, staff.pin);
    const response = await ctx.request(schedulePath(account.id), {
      method: 'PUT',
      as: counter,
      json: { interval: 'manual' },
    });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('unauthenticated');
  });
});
