// Disputes seen by the platform, against the emulator with real webhook deliveries: a destination charge's
// chargeback is carried by the platform's balance (and its evidence goes to the platform's Stripe), a direct
// charge's by the merchant's; the console lists both with the exposure per currency and carrier. Also: the
// deadline reminder is sent once, a dispute no webhook told us about shows in the reconciliation, and a
// stale redelivery never moves a decided dispute back or tells the owner twice.
import { randomUUID } from 'node:crypto';
import { PlatformDisputesResponseSchema } from '@countertop/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryMailer } from '../../src/services/mailer.ts';
import {
  call,
  disputeMerchant,
  listDisputes,
  PDF,
  paidAndDisputed,
  submitEvidence,
  uploadEvidence,
} from '../merchant/dispute-support.ts';
import { paidSale, TODAY } from '../merchant/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { emulatorControl, eventually, type LiveWebhooks, liveWebhooks } from '../support/live-webhooks.ts';
import { asConsole, type ConsoleSignIn, consoleSignIn, createAdmin } from './support.ts';

let ctx: TestContext;
let webhooks: LiveWebhooks;
let mailer: ReturnType<typeof createMemoryMailer>;
let admin: ConsoleSignIn;
/** Signs the admin in again after a fixture moved the clocks (sessions last an hour). */
async function freshAdmin() {
  admin = await consoleSignIn(ctx, 'admin@example.test');
  return admin;
}

beforeEach(async () => {
  mailer = createMemoryMailer();
  ctx = await createTestContext({ compose: { mailer } });
  webhooks = await liveWebhooks(ctx);
  await createAdmin(ctx);
});
afterEach(async () => {
  await webhooks.close();
  await ctx.close();
});

async function platformDisputes(query = '') {
  const response = await asConsole(ctx, await freshAdmin(), `/api/platform/disputes${query}`);
  expect(response.status).toBe(200);
  return PlatformDisputesResponseSchema.parse(await response.json());
}

describe('the platform console', () => {
  it("lists every account's disputes, whose balance carries each, and the exposure per currency", async () => {
    const destination = await disputeMerchant(ctx, { chargeType: 'destination' });
    const direct = await disputeMerchant(ctx);
    const onPlatform = await paidAndDisputed(ctx, webhooks, destination);
    const onMerchant = await paidAndDisputed(ctx, webhooks, direct, { inquiry: true });

    const { disputes, exposure } = await platformDisputes();
    expect(disputes.map((dispute) => dispute.id).sort()).toEqual(
      [onPlatform.disputeId, onMerchant.disputeId].sort(),
    );
    expect(disputes.find((dispute) => dispute.id === onPlatform.disputeId)).toMatchObject({
      accountId: destination.account.id,
      businessName: destination.account.businessName,
      chargeType: 'destination',
      carriedBy: 'platform',
      carriedByText: "The platform's balance (a destination charge: the platform carries the chargeback)",
      saleId: onPlatform.sale.id,
      kind: 'chargeback',
      withdrawnMinor: onPlatform.sale.totalMinor,
      feesMinor: 1500,
    });
    expect(disputes.find((dispute) => dispute.id === onMerchant.disputeId)).toMatchObject({
      carriedBy: 'connected_account',
      kind: 'inquiry',
      withdrawnMinor: 0,
      feesMinor: 0,
    });
    expect(exposure).toEqual([
      {
        currency: 'usd',
        carriedBy: 'connected_account',
        openCount: 1,
        disputedMinor: onMerchant.sale.totalMinor,
        withdrawnMinor: 0,
        feesMinor: 0,
        totalMinor: onMerchant.sale.totalMinor,
      },
      {
        currency: 'usd',
        carriedBy: 'platform',
        openCount: 1,
        disputedMinor: onPlatform.sale.totalMinor,
        withdrawnMinor: onPlatform.sale.totalMinor,
        feesMinor: 1500,
        totalMinor: onPlatform.sale.totalMinor + 1500,
      },
    ]);

    const one = await platformDisputes(`?accountId=${destination.account.id}`);
    expect(one.disputes.map((dispute) => dispute.id)).toEqual([onPlatform.disputeId]);
    expect(one.exposure.map((row) => row.carriedBy)).toEqual(['platform']);
    expect((await platformDisputes('?status=closed')).disputes).toEqual([]);
    expect((await asConsole(ctx, admin, '/api/platform/disputes?accountId=acc_nope')).status).toBe(404);
    // Merchants never reach the platform's list.
    expect((await asConsole(ctx, direct.owner, '/api/platform/disputes')).status).toBe(403);
  });

  it("a destination charge's merchant answers the dispute; its evidence goes to the platform's Stripe", async () => {
    const merchant = await disputeMerchant(ctx, { chargeType: 'destination' });
    const { disputeId } = await paidAndDisputed(ctx, webhooks, merchant, { reason: 'fraudulent' });
    expect((await listDisputes(ctx, merchant.owner)).map((dispute) => dispute.id)).toEqual([disputeId]);
    const receipt = await uploadEvidence(ctx, merchant.owner, disputeId, {
      data: PDF,
      name: 'r.pdf',
      type: 'application/pdf',
    });
    expect(receipt.status).toBe(201);
    const stripeFileId = (receipt.body.file as { stripeFileId?: string }).stripeFileId ?? '';
    expect((await ctx.stripe.files.retrieve(stripeFileId)).purpose).toBe('dispute_evidence');
    const submitted = await submitEvidence(ctx, merchant.owner, disputeId, {
      text: { uncategorized_text: 'losing_evidence' },
      files: { receipt: receipt.body.file.id },
    });
    expect(submitted.status).toBe(200);
    const lost = await eventually(async () => {
      await webhooks.flush();
      const stored = await ctx.repos.disputes.find(disputeId);
      return stored?.status === 'lost' ? stored : undefined;
    });
    expect(lost.carriedBy).toBe('platform');
    expect((await platformDisputes()).exposure).toEqual([]);
    expect((await platformDisputes('?status=closed')).disputes[0]).toMatchObject({
      id: disputeId,
      outcome: 'lost',
    });
  });
});

describe('notices', () => {
  it('reminds the owner once when three days are left, not before', async () => {
    const merchant = await disputeMerchant(ctx);
    const { disputeId } = await paidAndDisputed(ctx, webhooks, merchant);
    const dueBy = (await ctx.repos.disputes.find(disputeId))?.evidenceDueByMs ?? 0;
    ctx.clock.setMs(dueBy - 4 * 86_400_000);
    expect(await ctx.services.disputeNotices.run()).toEqual({ opened: 0, reminders: 0 });
    ctx.clock.setMs(dueBy - 2 * 86_400_000);
    expect(await ctx.services.disputeNotices.run()).toEqual({ opened: 0, reminders: 1 });
    expect(await ctx.services.disputeNotices.run()).toEqual({ opened: 0, reminders: 0 });
    const reminders = mailer.sent.filter((mail) => mail.subject.includes('answer the dispute'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.to).toBe(merchant.ownerEmail);
    expect(reminders[0]?.subject).toContain('by 2026-03-25T16:59:59-07:00 (America/Los_Angeles)');
    expect((await ctx.repos.disputes.noticesOf(disputeId)).map((notice) => notice.kind)).toEqual([
      'opened',
      'deadline_reminder',
    ]);
  });

  it('a stale redelivery never moves a decided dispute back, nor tells the owner twice', async () => {
    const merchant = await disputeMerchant(ctx);
    const { disputeId } = await paidAndDisputed(ctx, webhooks, merchant);
    await emulatorControl(ctx, `/_emulator/disputes/${disputeId}/outcome`, { outcome: 'won' });
    await webhooks.flush();
    await eventually(async () =>
      (await ctx.repos.disputes.find(disputeId))?.status === 'won' ? true : undefined,
    );
    // charge.dispute.created delivered again, late, as a new event with the dispute as it was at opening.
    const stale = JSON.stringify({
      id: `evt_${randomUUID().replaceAll('-', '')}`,
      object: 'event',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000) - 86_400,
      type: 'charge.dispute.created',
      account: merchant.stripeAccount.id,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: { id: disputeId, object: 'dispute', status: 'needs_response' } },
    });
    const secret = ctx.connection.webhookSecrets[1] ?? '';
    const delivered = await ctx.app.request('/api/webhooks/stripe', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': ctx.stripe.webhooks.generateTestHeaderString({ payload: stale, secret }),
      },
      body: stale,
    });
    expect(delivered.status).toBe(200);
    expect((await ctx.repos.disputes.find(disputeId))?.status).toBe('won');
    expect(mailer.sent.filter((mail) => mail.to === merchant.ownerEmail)).toHaveLength(1);
  });
});

describe('reconciliation', () => {
  it('shows a chargeback no webhook told us about, tied to its sale through the charge', async () => {
    const merchant = await disputeMerchant(ctx);
    const sale = await paidSale(ctx, merchant);
    // The endpoints stop reaching the server: Stripe's dispute events are never delivered.
    for (const endpoint of (await ctx.stripe.webhookEndpoints.list()).data) {
      await ctx.stripe.webhookEndpoints.del(endpoint.id);
    }
    const stored = await ctx.repos.sales.findById(sale.id);
    const dispute = await emulatorControl<{ id: string; balance_transactions: { id: string }[] }>(
      ctx,
      `/_emulator/charges/${stored?.chargeId}/dispute`,
      {},
    );
    const reconciliation = await call<{
      differences: { kind: string; saleId: string | null; stripeObjectId: string | null; message: string }[];
      stripeObjects: { disputeTransactions: number };
    }>(ctx, merchant.owner, 'GET', `/api/merchant/reconciliation?date=${TODAY}`);
    expect(reconciliation.status).toBe(200);
    expect(reconciliation.body.stripeObjects.disputeTransactions).toBe(1);
    expect(reconciliation.body.differences).toEqual([
      expect.objectContaining({
        kind: 'missing_in_our_records',
        saleId: sale.id,
        stripeObjectId: dispute.balance_transactions[0]?.id,
      }),
    ]);
    expect(reconciliation.body.differences[0]?.message).toContain(
      `for dispute ${dispute.id} of sale ${sale.id}`,
    );
    // The platform's daily reconciliation reads the same.
    const platform = await ctx.services.reconciliation.reconcileDay(TODAY, merchant.account.id);
    expect(platform.differencesCount).toBe(1);
  });
});
