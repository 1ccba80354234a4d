import { describe, expect, it } from 'vitest';
import type { PaymentAttempt } from '../db/repositories/payments.repo.ts';
import type { SaleRecord } from '../db/repositories/sales.repo.ts';
import type { ChargeView, PaymentIntentView, ReaderActionView } from '../stripe/payments.port.ts';
import { applicationFeeMinor, type FeePlan } from './fees.ts';
import { type SettlementInput, settleSale } from './settlement.ts';

const NOW_MS = Date.UTC(2026, 2, 10, 19, 0, 0);
const FEE_PLAN: FeePlan = { bps: 290, fixedMinor: 30, minMinor: 0, maxMinor: null };

function sale(overrides: Partial<SaleRecord> = {}): SaleRecord {
  return {
    id: 'sale_1',
    accountId: 'acc_1',
    locationId: 'loc_1',
    registerId: 'reg_1',
    staffId: 'stf_1',
    clientSaleId: 'client-1',
    status: 'awaiting_payment',
    currency: 'usd',
    description: null,
    captureMethod: 'manual',
    subtotalMinor: 1000,
    taxMinor: 80,
    tipMinor: 0,
    totalMinor: 1080,
    applicationFeeMinor: applicationFeeMinor(1080, FEE_PLAN),
    paymentIntentId: 'pi_1',
    readerId: 'rdr_1',
    chargeId: null,
    card: null,
    cardDetails: null,
    lastError: null,
    createdAtMs: NOW_MS - 60_000,
    updatedAtMs: NOW_MS - 30_000,
    capturedAtMs: null,
    lines: [],
    discountMinor: 0,
    saleDiscount: null,
    taxIncluded: false,
    taxes: [],
    kind: 'sale',
    parentSaleId: null,
    receiptNumber: null,
    ...overrides,
  };
}

function attempt(overrides: Partial<PaymentAttempt> = {}): PaymentAttempt {
  return {
    id: 'att_1',
    saleId: 'sale_1',
    attemptKey: 'key-1',
    paymentIntentId: 'pi_1',
    readerId: 'rdr_1',
    integration: 'server_driven',
    status: 'started',
    errorCode: null,
    declineCode: null,
    errorMessage: null,
    failedChargeId: null,
    createdAtMs: NOW_MS - 30_000,
    updatedAtMs: NOW_MS - 30_000,
    ...overrides,
  };
}

function charge(overrides: Partial<ChargeView> = {}): ChargeView {
  return {
    id: 'ch_1',
    status: 'succeeded',
    amountMinor: 1280,
    amountCapturedMinor: 1280,
    amountRefundedMinor: 0,
    authorizationCode: '123456',
    card: {
      type: 'card_present',
      brand: 'visa',
      last4: '4242',
      readMethod: 'contactless_emv',
      funding: 'credit',
      receipt: null,
    },
    ...overrides,
  };
}

function intent(overrides: Partial<PaymentIntentView> = {}): PaymentIntentView {
  return {
    id: 'pi_1',
    status: 'requires_payment_method',
    currency: 'usd',
    amountMinor: 1080,
    amountCapturableMinor: 0,
    amountReceivedMinor: 0,
    tipMinor: 0,
    applicationFeeMinor: null,
    captureMethod: 'manual',
    clientSecret: null,
    lastPaymentError: null,
    metadata: { sale_id: 'sale_1' },
    latestCharge: null,
    ...overrides,
  };
}

function readerAction(overrides: Partial<ReaderActionView> = {}): ReaderActionView {
  return {
    type: 'process_payment_intent',
    status: 'in_progress',
    paymentIntentId: 'pi_1',
    failureCode: null,
    failureMessage: null,
    error: null,
    ...overrides,
  };
}

function settle(input: Partial<SettlementInput>) {
  return settleSale({
    sale: sale(),
    attempts: [attempt()],
    intent: intent(),
    readerAction: null,
    feePlan: FEE_PLAN,
    nowMs: NOW_MS,
    ...input,
  });
}

const insufficientFunds = {
  code: 'card_declined',
  declineCode: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
  chargeId: 'ch_declined_1',
};

describe(settleSale.name, () => {
  it('records a capture as succeeded, with the tip and the fee recomputed on the amount received', () => {
    const captured = intent({
      status: 'succeeded',
      amountMinor: 1280,
      amountReceivedMinor: 1280,
      tipMinor: 200,
      latestCharge: charge(),
    });
    const result = settle({ sale: sale({ status: 'requires_capture' }), intent: captured });
    expect(result.salePatch).toMatchObject({
      status: 'succeeded',
      totalMinor: 1280,
      tipMinor: 200,
      applicationFeeMinor: applicationFeeMinor(1280, FEE_PLAN),
      capturedAtMs: NOW_MS,
      chargeId: 'ch_1',
      card: { brand: 'visa', last4: '4242', readMethod: 'contactless_emv' },
      lastError: null,
    });
    expect(result.salePatch.cardDetails).toEqual(charge().card);
    expect(result.attempt).toEqual({ id: 'att_1', patch: { paymentIntentId: 'pi_1', status: 'succeeded' } });

    // The fee Stripe holds (set at capture) wins over the plan's; a tip is whatever exceeds subtotal + tax.
    const withFee = settle({
      intent: { ...captured, applicationFeeMinor: 61, tipMinor: 0 },
    });
    expect(withFee.salePatch).toMatchObject({ applicationFeeMinor: 61, tipMinor: 200, totalMinor: 1280 });
  });

  it('records an authorization with its tip, awaiting capture', () => {
    const authorized = intent({
      status: 'requires_capture',
      amountMinor: 1280,
      amountCapturableMinor: 1280,
      tipMinor: 200,
      latestCharge: charge({ status: 'succeeded', amountCapturedMinor: 0 }),
    });
    const result = settle({ intent: authorized });
    expect(result.salePatch).toMatchObject({ status: 'requires_capture', tipMinor: 200, chargeId: 'ch_1' });
    expect(result.salePatch.capturedAtMs).toBeUndefined();
    expect(result.attempt?.patch.status).toBe('succeeded');
  });

  it('records a decline as payment_failed, in cashier words, on the latest attempt', () => {
    const declined = intent({ lastPaymentError: insufficientFunds });
    const result = settle({
      attempts: [attempt({ id: 'att_0', status: 'start_failed', paymentIntentId: null }), attempt()],
      intent: declined,
    });
    const lastError = {
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      message: 'Declined: insufficient funds. Ask for another card.',
    };
    expect(result.salePatch).toEqual({ status: 'payment_failed', lastError });
    expect(result.attempt).toEqual({
      id: 'att_1',
      patch: {
        paymentIntentId: 'pi_1',
        status: 'failed',
        errorCode: 'card_declined',
        declineCode: 'insufficient_funds',
        errorMessage: lastError.message,
        failedChargeId: 'ch_declined_1',
      },
    });
  });

  it('does not report a decline already recorded on an earlier attempt as news about the current one', () => {
    const earlier = attempt({
      id: 'att_1',
      status: 'failed',
      errorCode: 'card_declined',
      declineCode: 'insufficient_funds',
      failedChargeId: 'ch_declined_1',
    });
    const current = attempt({ id: 'att_2', attemptKey: 'key-2' });
    const result = settle({
      sale: sale({ status: 'payment_failed' }),
      attempts: [earlier, current],
      // Stripe still shows the previous card's error until the next card is presented.
      intent: intent({ lastPaymentError: insufficientFunds }),
    });
    expect(result.salePatch).toEqual({ status: 'awaiting_payment', lastError: null });
    expect(result.attempt).toBeNull();
  });

  it('treats a reader still waiting for a card as awaiting payment, clearing the failure', () => {
    const result = settle({
      sale: sale({
        status: 'payment_failed',
        lastError: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Declined' },
      }),
      intent: intent({ lastPaymentError: { ...insufficientFunds, chargeId: 'ch_declined_2' } }),
      readerAction: readerAction({ status: 'in_progress' }),
    });
    expect(result.salePatch).toEqual({ status: 'awaiting_payment', lastError: null });
    expect(result.attempt).toBeNull();
  });

  it('records a failed reader action (the customer canceled) as payment_failed', () => {
    const canceledOnReader = readerAction({
      status: 'failed',
      failureCode: 'customer_canceled',
      failureMessage: 'The customer canceled the payment.',
    });
    const result = settle({ intent: intent(), readerAction: canceledOnReader });
    expect(result.salePatch).toEqual({
      status: 'payment_failed',
      lastError: {
        code: 'customer_canceled',
        declineCode: null,
        message: 'The customer canceled on the reader.',
      },
    });
    expect(result.attempt).toMatchObject({
      id: 'att_1',
      patch: { status: 'failed', errorCode: 'customer_canceled' },
    });

    // A reader action about another PaymentIntent says nothing about this one.
    const elsewhere = settle({
      intent: intent(),
      readerAction: { ...canceledOnReader, paymentIntentId: 'pi_other' },
    });
    expect(elsewhere.salePatch).toEqual({ status: 'awaiting_payment', lastError: null });
  });

  it('never moves a sale backwards: a succeeded sale stays succeeded when a processing PaymentIntent is observed', () => {
    const result = settle({
      sale: sale({ status: 'succeeded', totalMinor: 1280, tipMinor: 200, capturedAtMs: NOW_MS - 5_000 }),
      intent: intent({ status: 'processing', latestCharge: charge({ status: 'pending' }) }),
    });
    expect(result.salePatch.status).toBe('succeeded');
    expect(result.salePatch).not.toHaveProperty('totalMinor');
    expect(result.salePatch).not.toHaveProperty('tipMinor');
    expect(result.salePatch).not.toHaveProperty('capturedAtMs');
    expect(result.salePatch).not.toHaveProperty('lastError');
  });

  it('records a canceled PaymentIntent as a canceled sale and attempt', () => {
    const result = settle({ intent: intent({ status: 'canceled' }) });
    expect(result.salePatch).toEqual({ status: 'canceled', lastError: null });
    expect(result.attempt).toEqual({ id: 'att_1', patch: { paymentIntentId: 'pi_1', status: 'canceled' } });
  });

  it('links a sale that had no PaymentIntent recorded to the one observed', () => {
    const result = settle({
      sale: sale({ paymentIntentId: null }),
      attempts: [attempt({ paymentIntentId: null })],
    });
    expect(result.salePatch).toMatchObject({ status: 'awaiting_payment', paymentIntentId: 'pi_1' });
  });
});
