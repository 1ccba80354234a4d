// The checkout service with a gateway that loses answers: the real emulator-backed gateway, wrapped so a
// chosen call commits at Stripe but its response never arrives (what a dropped connection looks like).
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import type { CounterContext } from '../../src/services/auth.service.ts';
import { GatewayError, type PaymentsGateway } from '../../src/stripe/payments.port.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { type Merchant, presentCard, setUpMerchant, TEST_CARDS } from './support.ts';

let ctx: TestContext;

beforeEach(async () => {
  ctx = await createTestContext();
});

afterEach(async () => {
  await ctx.close();
});

async function counterFor(merchant: Merchant): Promise<CounterContext> {
  return {
    session: {
      id: 'ses_test',
      tokenHash: '',
      staffId: merchant.staff.id,
      registerId: merchant.register.id,
      csrfToken: '',
      createdAtMs: ctx.clock.nowMs(),
      expiresAtMs: ctx.clock.nowMs() + 3_600_000,
      deviceId: null,
    },
    staff: merchant.staff,
    register: merchant.register,
    location: merchant.location,
    account: (await ctx.repos.accounts.findById(merchant.account.id))!,
  };
}

/** The real gateway, except that process_payment_intent commits at Stripe and then its answer is lost. */
function gatewayLosingProcessAnswer(): PaymentsGateway {
  const real = ctx.services.gateways.payments;
  return {
    ...real,
    async processPaymentIntentOnReader(...args) {
      await real.processPaymentIntentOnReader(...args);
      throw new GatewayError('unavailable', 'socket hang up', { retryable: true });
    },
  };
}

describe('checkout service after an unanswered Stripe call', () => {
  it('reports the attempt as started when the reader did get the payment', async () => {
    const merchant = await setUpMerchant(ctx);
    const { checkout } = ctx.compose({ gateways: { payments: gatewayLosingProcessAnswer() } }).services;
    const counter = await counterFor(merchant);
    const { sale } = await checkout.createSale(counter, {
      clientSaleId: randomUUID(),
      keyedAmountMinor: 1300,
    });
    const started = await checkout.startAttempt(counter, sale.id, {
      attemptKey: randomUUID(),
      readerId: merchant.readers.serverDriven.id,
    });
    expect(started.attempt.integration).toBe('server_driven');
    await presentCard(ctx, merchant, TEST_CARDS.visa);
    expect((await checkout.syncSale(counter, sale.id)).status).toBe('succeeded');
  });

  it('answers stripe_unavailable when the reader never got it, and the same attemptKey then completes', async () => {
    const merchant = await setUpMerchant(ctx);
    const real = ctx.services.gateways.payments;
    const neverArrives = ctx.compose({
      gateways: {
        payments: {
          ...real,
          processPaymentIntentOnReader: async () => {
            throw new GatewayError('unavailable', 'socket hang up', { retryable: true });
          },
        },
      },
    }).services;
    const counter = await counterFor(merchant);
    const { sale } = await neverArrives.checkout.createSale(counter, {
      clientSaleId: randomUUID(),
      keyedAmountMinor: 700,
    });
    const body = { attemptKey: randomUUID(), readerId: merchant.readers.serverDriven.id };
    const failure = await neverArrives.checkout
      .startAttempt(counter, sale.id, body)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'stripe_unavailable' });

    const retried = await ctx.compose().services.checkout.startAttempt(counter, sale.id, body);
    await presentCard(ctx, merchant, TEST_CARDS.visa);
    const paid = await ctx.compose().services.checkout.syncSale(counter, sale.id);
    expect(paid).toMatchObject({ status: 'succeeded', paymentIntentId: retried.attempt.paymentIntentId });
  });
});
