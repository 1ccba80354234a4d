// Disputes for merchants, against the emulator with real webhook deliveries: a chargeback on a sale is
// recorded (re-read from Stripe) and shown with its reason, amount, deadline in the location's zone and status;
// the owner is told once; evidence files (multipart, checked by content and size) and text are submitted
// before the deadline and the bank's decision comes back; refusals after the deadline, under review or closed;
// refunds of a charged-back sale say why; who may see and answer which dispute.
import { randomUUID } from 'node:crypto';
import type { DailySummaryResponse, MerchantDisputeDetail } from '@countertop/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryMailer } from '../../src/services/mailer.ts';
import { asConsole, consoleSignIn, signInAdmin } from '../platform/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildLocation, buildRegister, buildStaff } from '../support/factories.ts';
import { eventually, type LiveWebhooks, liveWebhooks } from '../support/live-webhooks.ts';
import {
  call,
  type DisputeMerchant,
  disputeMerchant,
  listDisputes,
  PDF,
  PNG,
  paidAndDisputed,
  submitEvidence,
  uploadEvidence,
} from './dispute-support.ts';
import { NOW_MS, paidSale, TODAY } from './support.ts';

let ctx: TestContext;
let webhooks: LiveWebhooks;
let mailer: ReturnType<typeof createMemoryMailer>;
let merchant: DisputeMerchant;

beforeEach(async () => {
  mailer = createMemoryMailer();
  ctx = await createTestContext({ compose: { mailer } });
  webhooks = await liveWebhooks(ctx);
  merchant = await disputeMerchant(ctx);
});
afterEach(async () => {
  await webhooks.close();
  await ctx.close();
});

/** 23:59:59 UTC on the 15th day after NOW (the emulator's due_by), in Los Angeles (PDT). */
const DUE_BY_UTC = '2026-03-25T23:59:59.000Z';
const DUE_BY_LOCAL = '2026-03-25T16:59:59-07:00';

describe('a chargeback on a direct-charge sale', () => {
  it('is listed for the owner with its reason, amount, deadline in the zone, status and sale; the owner is told once', async () => {
    const { sale, disputeId } = await paidAndDisputed(ctx, webhooks, merchant, {
      reason: 'product_not_received',
    });
    const [dispute, ...others] = await listDisputes(ctx, merchant.owner);
    expect(others).toEqual([]);
    expect(dispute).toMatchObject({
      id: disputeId,
      accountId: merchant.account.id,
      saleId: sale.id,
      locationId: merchant.location.id,
      amountMinor: sale.totalMinor,
      currency: 'usd',
      reason: 'product_not_received',
      reasonText: 'The customer says they did not receive what they paid for.',
      status: 'needs_response',
      kind: 'chargeback',
      stage: 'needs_response',
      outcome: null,
      evidenceDueBy: DUE_BY_UTC,
      evidenceDueByLocal: DUE_BY_LOCAL,
      timeZone: 'America/Los_Angeles',
      canSubmitEvidence: true,
      cannotSubmitReason: null,
      chargeRefundable: false,
      withdrawnMinor: sale.totalMinor,
      reinstatedMinor: 0,
      feesMinor: 1500,
      netMinor: -sale.totalMinor - 1500,
    });
    expect(dispute?.statusText).toMatch(/^Chargeback: the money was taken back/);

    // The manager of the sale's location sees it too.
    expect((await listDisputes(ctx, merchant.managerSignIn)).map((d) => d.id)).toEqual([disputeId]);
    expect(await listDisputes(ctx, merchant.owner, '?status=closed')).toEqual([]);

    const detail = await call<{ dispute: MerchantDisputeDetail }>(
      ctx,
      merchant.owner,
      'GET',
      `/api/merchant/disputes/${disputeId}`,
    );
    expect(detail.status).toBe(200);
    expect(detail.headers.get('cache-control')).toBe('no-store');
    expect(detail.body.dispute.sale).toMatchObject({
      id: sale.id,
      totalMinor: sale.totalMinor,
      currency: 'usd',
    });
    expect(detail.body.dispute.notices).toEqual([
      { kind: 'opened', sentAt: new Date(NOW_MS).toISOString(), recipients: [merchant.ownerEmail] },
    ]);

    const mails = mailer.sent.filter((mail) => mail.to === merchant.ownerEmail);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(
      `${merchant.account.businessName}: a customer's bank disputed a payment of $${(sale.totalMinor / 100).toFixed(2)}`,
    );
    expect(mails[0]?.text).toContain(`before ${DUE_BY_LOCAL} (America/Los_Angeles)`);
    expect(mails[0]?.text).toContain('The customer says they did not receive what they paid for.');
    // Later deliveries of the dispute's events, and the scheduled run, send nothing more.
    await webhooks.flush();
    expect(await ctx.services.disputeNotices.run()).toEqual({ opened: 0, reminders: 0 });
    expect(mailer.sent.filter((mail) => mail.to === merchant.ownerEmail)).toHaveLength(1);
  });

  it('appears in the daily summary, the disputes CSV and the reconciliation (matched, no differences)', async () => {
    const { sale, disputeId } = await paidAndDisputed(ctx, webhooks, merchant);
    const summary = await call<DailySummaryResponse>(
      ctx,
      merchant.owner,
      'GET',
      `/api/merchant/summary/daily?date=${TODAY}`,
    );
    expect(summary.status).toBe(200);
    expect(summary.body.disputes).toEqual([
      {
        currency: 'usd',
        openedCount: 1,
        openedMinor: sale.totalMinor,
        withdrawnMinor: sale.totalMinor,
        reinstatedMinor: 0,
        feesMinor: 1500,
        netMinor: -sale.totalMinor - 1500,
        wonCount: 0,
        lostCount: 0,
      },
    ]);
    const yesterday = await call<DailySummaryResponse>(
      ctx,
      merchant.owner,
      'GET',
      '/api/merchant/summary/daily?date=2026-03-09',
    );
    expect(yesterday.body.disputes).toEqual([]);

    const csv = await call(
      ctx,
      merchant.owner,
      'GET',
      `/api/merchant/exports/disputes.csv?from=${TODAY}&to=${TODAY}`,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="disputes-${TODAY}.csv"`);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'dispute_id,opened_local,time_zone,location_id,sale_id,charge_id,currency,amount,reason,reason_text,status,status_text,evidence_due_by_local,withdrawn,reinstated,dispute_fees,net,carried_by,closed_local',
    );
    expect(lines).toHaveLength(2);
    // (The emulator's clock runs on from the pinned instant: the seconds may differ.)
    expect(lines[1]).toMatch(
      new RegExp(
        `^${disputeId},2026-03-10T12:\\d\\d:\\d\\d-07:00,America/Los_Angeles,${merchant.location.id},${sale.id},`,
      ),
    );
    expect(lines[1]).toContain(`,USD,${(sale.totalMinor / 100).toFixed(2)},fraudulent,`);
    expect(lines[1]).toContain(`,${DUE_BY_LOCAL},${(sale.totalMinor / 100).toFixed(2)},0.00,15.00,`);

    const reconciliation = await call<{
      differences: unknown[];
      stripeObjects: { disputeTransactions: number };
    }>(ctx, merchant.owner, 'GET', `/api/merchant/reconciliation?date=${TODAY}`);
    expect(reconciliation.status).toBe(200);
    expect(reconciliation.body.stripeObjects.disputeTransactions).toBe(1);
    expect(reconciliation.body.differences).toEqual([]);
  });

  it("opens by itself on a sale paid with Stripe's dispute test card at the counter", async () => {
    const sale = await paidSale(ctx, merchant, { card: '4000000000002685' });
    const recorded = await eventually(async () => {
      await webhooks.flush();
      return (await ctx.repos.disputes.list({ accountId: merchant.account.id, limit: 5 }))[0];
    });
    expect(recorded).toMatchObject({
      saleId: sale.id,
      reason: 'product_not_received',
      status: 'needs_response',
    });
  });

  it('cannot be refunded: the refund says why in words', async () => {
    const { sale } = await paidAndDisputed(ctx, webhooks, merchant);
    const refund = await call<{ error: { code: string; message: string } }>(
      ctx,
      merchant.owner,
      'POST',
      `/api/merchant/sales/${sale.id}/refunds`,
      { refundKey: randomUUID(), reason: 'customer asked' },
    );
    expect(refund.status).toBe(409);
    expect(refund.body.error.code).toBe('charge_disputed');
    expect(refund.body.error.message).toMatch(
      /^The cardholder's bank has disputed this payment \(a chargeback\)/,
    );
  });
});

describe('evidence', () => {
  it('files and text are submitted before the deadline; the bank decides; the money comes back', async () => {
    const { disputeId } = await paidAndDisputed(ctx, webhooks, merchant);
    const receipt = await uploadEvidence(ctx, merchant.managerSignIn, disputeId, {
      data: PDF,
      name: '../../receipt copy.PDF',
      type: 'application/pdf',
    });
    expect(receipt.status).toBe(201);
    expect(receipt.body.file).toMatchObject({ field: 'receipt', fileName: 'receipt copy.pdf', type: 'pdf' });
    const signature = await uploadEvidence(
      ctx,
      merchant.owner,
      disputeId,
      { data: PNG, name: 'signature.png', type: 'image/png' },
      'customer_signature',
    );
    expect(signature.status).toBe(201);

    // Saved first (not submitted), then submitted: Stripe's test evidence decides it as won.
    const saved = await submitEvidence(ctx, merchant.owner, disputeId, {
      text: { product_description: 'Two lattes and a croissant, served at the counter.' },
      submit: false,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.dispute).toMatchObject({
      status: 'needs_response',
      hasEvidence: true,
      canSubmitEvidence: true,
    });
    const submitted = await submitEvidence(ctx, merchant.managerSignIn, disputeId, {
      text: { uncategorized_text: 'winning_evidence', customer_name: 'Jo Customer' },
      files: { receipt: receipt.body.file.id, customer_signature: signature.body.file.id },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.dispute).toMatchObject({
      status: 'under_review',
      stage: 'under_review',
      submissionCount: 1,
      canSubmitEvidence: false,
      cannotSubmitReason: 'The evidence was submitted and is with the bank: it can no longer change.',
    });
    expect(submitted.body.dispute.evidence.text).toMatchObject({
      product_description: 'Two lattes and a croissant, served at the counter.',
      customer_name: 'Jo Customer',
    });
    expect(submitted.body.dispute.evidence.files.receipt).toMatch(/^file_/);
    expect(submitted.body.dispute.files.map((file) => file.field)).toEqual(['receipt', 'customer_signature']);
    const audit = await ctx.repos.audit.list({ accountId: merchant.account.id });
    expect(audit.map((entry) => [entry.action, entry.actorLabel])).toEqual(
      expect.arrayContaining([
        ['dispute.evidence_submitted', 'Maya Manager (manager)'],
        ['dispute.evidence_saved', expect.stringContaining('(owner)')],
      ]),
    );

    // Nothing more can be sent while the bank reviews it.
    const again = await submitEvidence(ctx, merchant.owner, disputeId, {
      text: { customer_name: 'Someone' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('dispute_not_answerable');

    await eventually(async () => {
      await webhooks.flush();
      const stored = await ctx.repos.disputes.find(disputeId);
      return stored?.status === 'won' ? stored : undefined;
    });
    const [won] = await listDisputes(ctx, merchant.owner);
    expect(won).toMatchObject({
      status: 'won',
      outcome: 'won',
      withdrawnMinor: won?.amountMinor,
      reinstatedMinor: won?.amountMinor,
      feesMinor: 0,
      netMinor: 0,
    });
    expect(won?.closedAt).toEqual(expect.any(String));
    const summary = await call<DailySummaryResponse>(
      ctx,
      merchant.owner,
      'GET',
      `/api/merchant/summary/daily?date=${TODAY}`,
    );
    expect(summary.body.disputes[0]).toMatchObject({
      openedCount: 1,
      wonCount: 1,
      feesMinor: 0,
      netMinor: 0,
    });
    const reconciliation = await call<{
      differences: unknown[];
      stripeObjects: { disputeTransactions: number };
    }>(ctx, merchant.owner, 'GET', `/api/merchant/reconciliation?date=${TODAY}`);
    expect(reconciliation.body.stripeObjects.disputeTransactions).toBe(2);
    expect(reconciliation.body.differences).toEqual([]);
  });

  it('refuses files that are not PDF, JPEG or PNG by content, or over 5 MB, and unknown fields', async () => {
    const { disputeId } = await paidAndDisputed(ctx, webhooks, merchant);
    const text = await uploadEvidence(ctx, merchant.owner, disputeId, {
      data: new Uint8Array(Buffer.from('just text, named like a PDF')),
      name: 'receipt.pdf',
      type: 'application/pdf',
    });
    expect(text.status).toBe(400);
    expect(text.body.error?.code).toBe('evidence_file_invalid');
    const empty = await uploadEvidence(ctx, merchant.owner, disputeId, {
      data: new Uint8Array(),
      name: 'e.pdf',
      type: 'application/pdf',
    });
    expect(empty.status).toBe(400);
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PDF);
    const tooLarge = await uploadEvidence(ctx, merchant.owner, disputeId, {
      data: big,
      name: 'big.pdf',
      type: 'application/pdf',
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error?.code).toBe('evidence_file_too_large');
    const badField = await uploadEvidence(
      ctx,
      merchant.owner,
      disputeId,
      { data: PDF, name: 'r.pdf', type: 'application/pdf' },
      'selfie',
    );
    expect(badField.status).toBe(400);
    expect(badField.body.error?.code).toBe('invalid_request');
    const notMultipart = await call<{ error: { code: string } }>(
      ctx,
      merchant.owner,
      'POST',
      `/api/merchant/disputes/${disputeId}/evidence/files`,
      { field: 'receipt' },
    );
    expect(notMultipart.status).toBe(400);
    expect(await ctx.repos.disputes.evidenceFilesOf(disputeId)).toEqual([]);

    const unknownFile = await submitEvidence(ctx, merchant.owner, disputeId, {
      files: { receipt: 'def_nope' },
    });
    expect(unknownFile.status).toBe(400);
    const nothing = await submitEvidence(ctx, merchant.owner, disputeId, {});
    expect(nothing.status).toBe(400);
    expect(nothing.text).toContain('Add some evidence');
  });

  it('is refused once the deadline passed, before Stripe is asked', async () => {
    const { disputeId } = await paidAndDisputed(ctx, webhooks, merchant, { inquiry: true });
    ctx.clock.setMs(Date.parse(DUE_BY_UTC) + 1000);
    // (Sessions do not last two weeks: the owner signs in again.)
    const owner = await consoleSignIn(ctx, merchant.ownerEmail);
    const late = await submitEvidence(ctx, owner, disputeId, { text: { customer_name: 'Late' } });
    expect(late.status).toBe(409);
    expect(late.body.error).toEqual({
      code: 'dispute_not_answerable',
      message: 'The deadline to answer this dispute has passed: evidence can no longer be sent.',
    });
    const upload = await uploadEvidence(ctx, owner, disputeId, {
      data: PDF,
      name: 'r.pdf',
      type: 'application/pdf',
    });
    expect(upload.status).toBe(409);
    const [listed] = await listDisputes(ctx, owner);
    expect(listed).toMatchObject({ kind: 'inquiry', canSubmitEvidence: false, chargeRefundable: true });
  });

  it('a retry with the same submissionKey submits once; the same key with other evidence is a conflict', async () => {
    const { disputeId } = await paidAndDisputed(ctx, webhooks, merchant);
    const submissionKey = randomUUID();
    const first = await submitEvidence(ctx, merchant.owner, disputeId, {
      text: { product_description: 'Coffee' },
      submit: false,
      submissionKey,
    });
    expect(first.status).toBe(200);
    const replay = await submitEvidence(ctx, merchant.owner, disputeId, {
      text: { product_description: 'Coffee' },
      submit: false,
      submissionKey,
    });
    expect(replay.status).toBe(200);
    const other = await submitEvidence(ctx, merchant.owner, disputeId, {
      text: { product_description: 'Tea' },
      submit: false,
      submissionKey,
    });
    expect(other.status).toBe(409);
    expect(other.body.error?.code).toBe('conflict');
  });
});

describe('who sees and answers which dispute', () => {
  it('another merchant never sees it; a manager of another location neither; staff are refused; support only reads', async () => {
    const { disputeId } = await paidAndDisputed(ctx, webhooks, merchant);
    const other = await disputeMerchant(ctx);
    expect(await listDisputes(ctx, other.owner)).toEqual([]);
    const foreign = await call(ctx, other.owner, 'GET', `/api/merchant/disputes/${disputeId}`);
    expect(foreign.status).toBe(404);
    const foreignSubmit = await submitEvidence(ctx, other.owner, disputeId, { text: { customer_name: 'x' } });
    expect(foreignSubmit.status).toBe(404);
    const foreignUpload = await uploadEvidence(ctx, other.managerSignIn, disputeId, {
      data: PDF,
      name: 'r.pdf',
      type: 'application/pdf',
    });
    expect(foreignUpload.status).toBe(404);

    // A manager who works only at a second location of the same merchant.
    const second = await buildLocation(ctx, merchant.account, { timeZone: 'America/New_York' });
    const register = await buildRegister(ctx, second);
    const elsewhere = await buildStaff(ctx, merchant.account, [second], { role: 'manager', pin: '8642' });
    const elsewhereSignIn = await ctx.signIn(register.code, elsewhere.id, '8642');
    expect(await listDisputes(ctx, elsewhereSignIn)).toEqual([]);
    expect((await call(ctx, elsewhereSignIn, 'GET', `/api/merchant/disputes/${disputeId}`)).status).toBe(404);
    expect(
      (await submitEvidence(ctx, elsewhereSignIn, disputeId, { text: { customer_name: 'x' } })).status,
    ).toBe(404);
    // The owner's view of one location only.
    expect(await listDisputes(ctx, merchant.owner, `?locationId=${second.id}`)).toEqual([]);

    const staff = await call(ctx, merchant.signIn, 'GET', '/api/merchant/disputes');
    expect(staff.status).toBe(403);

    const admin = await signInAdmin(ctx);
    const support = await asConsole(ctx, admin, `/api/merchant/disputes?accountId=${merchant.account.id}`);
    expect(support.status).toBe(200);
    expect(((await support.json()) as { disputes: { id: string }[] }).disputes.map((d) => d.id)).toEqual([
      disputeId,
    ]);
    const supportSubmit = await asConsole(
      ctx,
      admin,
      `/api/merchant/disputes/${disputeId}/evidence?accountId=${merchant.account.id}`,
      {
        method: 'POST',
        json: { submissionKey: randomUUID(), text: { customer_name: 'x' } },
      },
    );
    expect(supportSubmit.status).toBe(403);
  });
});
