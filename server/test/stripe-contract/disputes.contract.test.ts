// Contract: disputes (https://docs.stripe.com/disputes, https://docs.stripe.com/api/disputes) — Stripe's
// dispute test cards (https://docs.stripe.com/testing#disputes) open a chargeback or an inquiry on a captured
// charge; a chargeback withdraws the amount and the dispute fee from the balance that holds the charge (the
// connected account's for a direct charge, the platform's for a destination charge); evidence (text and
// uploaded files) is saved and submitted; the test evidence strings decide won (funds and fee reinstated),
// lost, or an escalated inquiry; closing accepts the dispute; events charge.dispute.*.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createChargeableAccount,
  EMULATOR_ONLY,
  eventually,
  failureOf,
  IS_REAL_STRIPE,
  openTarget,
  type Target,
} from './target.ts';

let target: Target;
let stripe: Stripe;

beforeAll(async () => {
  target = await openTarget();
  stripe = target.stripe;
}, 120_000);
afterAll(() => target.close());

const USD_DISPUTE_FEE = 1500;
const card: Pick<Stripe.PaymentIntentCreateParams, 'currency' | 'allowed_payment_method_types'> = {
  currency: 'usd',
  allowed_payment_method_types: ['card'],
};

/** A captured charge paid with `paymentMethod`, and the dispute Stripe's test mode opens on it. */
async function disputedCharge(
  paymentMethod: string,
  amount: number,
  extra: Partial<Stripe.PaymentIntentCreateParams> = {},
  options: Stripe.RequestOptions = {},
): Promise<{ charge: Stripe.Charge; dispute: Stripe.Dispute }> {
  const pi = await stripe.paymentIntents.create(
    { ...card, amount, confirm: true, payment_method: paymentMethod, ...extra },
    options,
  );
  const chargeId = String(pi.latest_charge);
  const dispute = await eventually(async () => {
    const list = await stripe.disputes.list({ charge: chargeId }, options);
    return list.data[0];
  });
  return { charge: await stripe.charges.retrieve(chargeId, {}, options), dispute };
}

async function settled(id: string, options: Stripe.RequestOptions = {}): Promise<Stripe.Dispute> {
  return eventually(async () => {
    const dispute = await stripe.disputes.retrieve(id, {}, options);
    return ['won', 'lost', 'warning_closed', 'needs_response'].includes(dispute.status) ? dispute : undefined;
  });
}

async function eventTypesFor(disputeId: string, options: Stripe.RequestOptions = {}): Promise<string[]> {
  const events = await stripe.events.list({ type: 'charge.dispute.*', limit: 100 }, options);
  return events.data
    .filter((e) => (e.data.object as { id?: string }).id === disputeId)
    .map((e) => e.type)
    .reverse();
}

describe('a chargeback from the fraudulent dispute test card', () => {
  it('opens needs_response and withdraws the amount and the dispute fee', async () => {
    const { charge, dispute } = await disputedCharge('pm_card_createDispute', 4200);
    expect(charge.disputed).toBe(true);
    expect(dispute).toMatchObject({
      object: 'dispute',
      amount: 4200,
      currency: 'usd',
      charge: charge.id,
      payment_intent: charge.payment_intent,
      reason: 'fraudulent',
      status: 'needs_response',
      is_charge_refundable: false,
      livemode: false,
    });
    expect(dispute.id).toMatch(/^du_|^dp_/);
    expect(dispute.evidence.uncategorized_text).toBeNull();
    expect(dispute.evidence_details).toMatchObject({
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    });
    expect(dispute.evidence_details.due_by).toBeGreaterThan(dispute.created);
    expect(dispute.payment_method_details?.type).toBe('card');
    expect(dispute.balance_transactions).toHaveLength(1);
    const withdrawal = dispute.balance_transactions[0];
    expect(withdrawal).toMatchObject({
      type: 'adjustment',
      reporting_category: 'dispute',
      amount: -4200,
      fee: USD_DISPUTE_FEE,
      net: -4200 - USD_DISPUTE_FEE,
      source: dispute.id,
      description: `Chargeback withdrawal for ${charge.id}`,
    });
    expect(withdrawal?.fee_details).toEqual([
      {
        amount: USD_DISPUTE_FEE,
        application: null,
        currency: 'usd',
        description: 'Dispute fee',
        type: 'stripe_fee',
      },
    ]);
    const types = await eventually(async () => {
      const seen = await eventTypesFor(dispute.id);
      return seen.includes('charge.dispute.funds_withdrawn') ? seen : undefined;
    });
    expect(types).toEqual(
      expect.arrayContaining(['charge.dispute.created', 'charge.dispute.funds_withdrawn']),
    );
  });

  it('can no longer be refunded', async () => {
    const { charge } = await disputedCharge('pm_card_createDispute', 1800);
    const error = await failureOf(stripe.refunds.create({ charge: charge.id }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.code).toBe('charge_disputed');
  });

  it('saves evidence, then winning_evidence wins: funds and fee come back', async () => {
    const { charge, dispute } = await disputedCharge('pm_card_createDispute', 5300);
    const saved = await stripe.disputes.update(dispute.id, {
      evidence: { customer_name: 'Jenny Rosen', product_description: 'Two lattes' },
      metadata: { case: 'latte' },
    });
    expect(saved.status).toBe('needs_response');
    expect(saved.evidence.customer_name).toBe('Jenny Rosen');
    expect(saved.evidence_details.has_evidence).toBe(true);
    expect(saved.evidence_details.submission_count).toBe(0);
    expect(saved.metadata).toEqual({ case: 'latte' });
    const submitted = await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: 'winning_evidence' },
      submit: true,
    });
    expect(['under_review', 'won']).toContain(submitted.status);
    expect(submitted.evidence_details.submission_count).toBe(1);
    expect(submitted.evidence.customer_name).toBe('Jenny Rosen');
    const won = await settled(dispute.id);
    expect(won.status).toBe('won');
    expect(won.balance_transactions).toHaveLength(2);
    const reversal = won.balance_transactions.find((bt) => bt.reporting_category === 'dispute_reversal');
    expect(reversal).toMatchObject({
      type: 'adjustment',
      amount: 5300,
      fee: -USD_DISPUTE_FEE,
      net: 5300 + USD_DISPUTE_FEE,
      description: `Chargeback reversal for ${charge.id}`,
    });
    const types = await eventually(async () => {
      const seen = await eventTypesFor(dispute.id);
      return seen.includes('charge.dispute.funds_reinstated') ? seen : undefined;
    });
    expect(types).toEqual(expect.arrayContaining(['charge.dispute.updated', 'charge.dispute.closed']));
    const error = await failureOf(stripe.disputes.update(dispute.id, { evidence: { customer_name: 'x' } }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('losing_evidence loses: nothing comes back', async () => {
    const { dispute } = await disputedCharge('pm_card_createDispute', 2600);
    await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: 'losing_evidence' },
      submit: true,
    });
    const lost = await settled(dispute.id);
    expect(lost.status).toBe('lost');
    expect(lost.balance_transactions).toHaveLength(1);
  });

  it('closing accepts it as lost', async () => {
    const { dispute } = await disputedCharge('pm_card_createDispute', 2700);
    const closed = await stripe.disputes.close(dispute.id);
    expect(closed.status).toBe('lost');
    const again = await failureOf(stripe.disputes.close(dispute.id));
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('takes uploaded files as evidence', async () => {
    const { dispute } = await disputedCharge('pm_card_createDispute', 2800);
    const file = await stripe.files.create({
      purpose: 'dispute_evidence',
      file: { data: Buffer.from('%PDF-1.4\n%receipt\n'), name: 'receipt.pdf', type: 'application/pdf' },
    });
    expect(file).toMatchObject({
      object: 'file',
      purpose: 'dispute_evidence',
      type: 'pdf',
      filename: 'receipt.pdf',
    });
    const updated = await stripe.disputes.update(dispute.id, { evidence: { receipt: file.id } });
    expect(updated.evidence.receipt).toBe(file.id);
    const missing = await failureOf(
      stripe.disputes.update(dispute.id, { evidence: { receipt: 'file_doesnotexist00' } }),
    );
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});

describe('other dispute test cards', () => {
  it('product not received', async () => {
    const { dispute } = await disputedCharge('pm_card_createDisputeProductNotReceived', 3100);
    expect(dispute.reason).toBe('product_not_received');
    expect(dispute.status).toBe('needs_response');
  });

  it('an inquiry withdraws nothing, stays refundable, and closes on winning evidence', async () => {
    const { dispute } = await disputedCharge('pm_card_createDisputeInquiry', 3200);
    expect(dispute.status).toBe('warning_needs_response');
    expect(dispute.is_charge_refundable).toBe(true);
    expect(dispute.balance_transactions).toEqual([]);
    await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: 'winning_evidence' },
      submit: true,
    });
    const closed = await settled(dispute.id);
    expect(closed.status).toBe('warning_closed');
  });

  it('an inquiry escalates to a chargeback on escalate_inquiry_evidence', async () => {
    const { dispute } = await disputedCharge('pm_card_createDisputeInquiry', 3300);
    await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: 'escalate_inquiry_evidence' },
      submit: true,
    });
    const escalated = await settled(dispute.id);
    expect(escalated.status).toBe('needs_response');
    expect(escalated.is_charge_refundable).toBe(false);
    expect(escalated.balance_transactions.map((bt) => bt.reporting_category)).toEqual(['dispute']);
  });
});

describe('which balance carries a dispute', () => {
  it('a direct charge’s dispute is the connected account’s', async () => {
    const merchant = await createChargeableAccount(target);
    const opts = { stripeAccount: merchant.id };
    const { dispute } = await disputedCharge(
      'pm_card_createDispute',
      6100,
      { application_fee_amount: 300 },
      opts,
    );
    const bt = await stripe.balanceTransactions.retrieve(
      String(dispute.balance_transactions[0]?.id),
      {},
      opts,
    );
    expect(bt.net).toBe(-6100 - USD_DISPUTE_FEE);
    const onPlatform = await stripe.disputes.list({ limit: 100 });
    expect(onPlatform.data.map((d) => d.id)).not.toContain(dispute.id);
    const events = await stripe.events.list({ type: 'charge.dispute.created' }, opts);
    expect(events.data.some((e) => (e.data.object as Stripe.Dispute).id === dispute.id)).toBe(true);
    expect(events.data[0]?.account).toBe(merchant.id);
  });

  it('a destination charge’s dispute is the platform’s', async () => {
    const merchant = await createChargeableAccount(target);
    const { dispute } = await disputedCharge('pm_card_createDispute', 6200, {
      transfer_data: { destination: merchant.id },
      application_fee_amount: 400,
    });
    const bt = await stripe.balanceTransactions.retrieve(String(dispute.balance_transactions[0]?.id));
    expect(bt.net).toBe(-6200 - USD_DISPUTE_FEE);
    const onMerchant = await stripe.disputes.list({ limit: 100 }, { stripeAccount: merchant.id });
    expect(onMerchant.data).toEqual([]);
  });
});

describe.skipIf(IS_REAL_STRIPE)(`disputes through the emulator's controls (${EMULATOR_ONLY})`, () => {
  it('opens a dispute on an in-person charge, decided by the outcome control', async () => {
    const location = await stripe.terminal.locations.create({
      display_name: 'Counter',
      address: {
        line1: '1 Main St',
        city: 'San Francisco',
        state: 'CA',
        postal_code: '94110',
        country: 'US',
      },
    });
    const reader = await stripe.terminal.readers.create({
      registration_code: 'simulated-wpe',
      location: location.id,
    });
    const pi = await stripe.paymentIntents.create({
      amount: 1250,
      currency: 'usd',
      allowed_payment_method_types: ['card_present'],
    });
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
    const charged = await stripe.paymentIntents.retrieve(pi.id);
    const dispute = (await target.control(
      'POST',
      `/_emulator/charges/${String(charged.latest_charge)}/dispute`,
      {
        reason: 'product_unacceptable',
        amount: 1000,
      },
    )) as Stripe.Dispute;
    expect(dispute).toMatchObject({ reason: 'product_unacceptable', amount: 1000, status: 'needs_response' });
    expect(dispute.payment_method_details?.card?.brand).toBe('visa');
    await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: 'Signed receipt' },
      submit: true,
    });
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe('under_review');
    const won = (await target.control('POST', `/_emulator/disputes/${dispute.id}/outcome`, {
      outcome: 'won',
    })) as Stripe.Dispute;
    expect(won.status).toBe('won');
  });

  it('disputes a card presented on a reader that is one of Stripe’s dispute test cards', async () => {
    const location = await stripe.terminal.locations.create({
      display_name: 'Counter 2',
      address: {
        line1: '1 Main St',
        city: 'San Francisco',
        state: 'CA',
        postal_code: '94110',
        country: 'US',
      },
    });
    const reader = await stripe.terminal.readers.create({
      registration_code: 'simulated-wpe',
      location: location.id,
    });
    const pi = await stripe.paymentIntents.create({
      amount: 1350,
      currency: 'usd',
      allowed_payment_method_types: ['card_present'],
    });
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, {
      card_present: { number: '4000000000000259' },
    });
    const charge = String((await stripe.paymentIntents.retrieve(pi.id)).latest_charge);
    const dispute = await eventually(async () => (await stripe.disputes.list({ charge })).data[0]);
    expect(dispute.status).toBe('needs_response');
  });

  it('loses a chargeback nobody answered once due_by passes', async () => {
    const { dispute } = await disputedCharge('pm_card_createDispute', 1450);
    const now = ((await target.control('GET', '/_emulator/clock')) as { now: number }).now;
    await target.control('POST', '/_emulator/clock', {
      advance_seconds: Number(dispute.evidence_details.due_by) - now + 1,
    });
    const lost = await stripe.disputes.retrieve(dispute.id);
    expect(lost.status).toBe('lost');
    expect(lost.evidence_details.past_due).toBe(true);
    const late = await failureOf(
      stripe.disputes.update(dispute.id, { evidence: { customer_name: 'x' }, submit: true }),
    );
    expect(late).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('refuses to dispute an uncaptured charge or the same charge twice', async () => {
    const pi = await stripe.paymentIntents.create({
      ...card,
      amount: 1550,
      capture_method: 'manual',
      confirm: true,
      payment_method: 'pm_card_visa',
    });
    await expect(
      target.control('POST', `/_emulator/charges/${String(pi.latest_charge)}/dispute`, {}),
    ).rejects.toThrow(/400/);
    await stripe.paymentIntents.capture(pi.id);
    await target.control('POST', `/_emulator/charges/${String(pi.latest_charge)}/dispute`, { inquiry: true });
    await expect(
      target.control('POST', `/_emulator/charges/${String(pi.latest_charge)}/dispute`, {}),
    ).rejects.toThrow(/400/);
  });
});
