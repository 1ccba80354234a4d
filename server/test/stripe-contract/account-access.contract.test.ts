// Contract: what Stripe answers for a connected account the platform cannot act on — unknown, deleted,
// deauthorized (disconnected) — in the Stripe-Account header and in /v1/accounts/:id paths (403
// `account_invalid`, stripe-node's StripePermissionError), and a rejected account (POST /v1/accounts/:id/reject:
// charges disabled, `requirements.disabled_reason` rejected.*, account.updated; unreject).
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createChargeableAccount,
  EMULATOR_ONLY,
  failureOf,
  IS_REAL_STRIPE,
  openTarget,
  type Target,
} from './target.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

let target: Target;
let stripe: Stripe;

beforeAll(async () => {
  target = await openTarget();
  stripe = target.stripe;
});
afterAll(() => target.close());

/** Stripe's refusal of an account the key cannot act on (https://docs.stripe.com/error-codes#account-invalid). */
function expectAccountInvalid(error: Stripe.errors.StripeError, accountId: string): void {
  expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
  expect(error.statusCode).toBe(403);
  expect(error.type).toBe('StripePermissionError');
  expect(error.rawType).toBe('invalid_request_error');
  expect(error.code).toBe('account_invalid');
  expect(error.message).toMatch(
    new RegExp(
      `^The provided key 'sk_test_\\**\\w{4}' does not have access to account '${accountId}' \\(or that account does not exist\\)\\. Application access may have been revoked\\.$`,
    ),
  );
}

const card: Pick<Stripe.PaymentIntentCreateParams, 'currency' | 'allowed_payment_method_types'> = {
  currency: 'usd',
  allowed_payment_method_types: ['card'],
};

describe('an account the platform cannot act on', () => {
  it('is 403 account_invalid in the Stripe-Account header when it does not exist', async () => {
    const unknown = 'acct_1DoesNotExist0000';
    expectAccountInvalid(await failureOf(stripe.balance.retrieve({}, { stripeAccount: unknown })), unknown);
    expectAccountInvalid(
      await failureOf(stripe.paymentIntents.create({ ...card, amount: 1000 }, { stripeAccount: unknown })),
      unknown,
    );
  });

  it('is 403 account_invalid in an /v1/accounts/:id path when it does not exist', async () => {
    const unknown = 'acct_1DoesNotExist0001';
    expectAccountInvalid(await failureOf(stripe.accounts.retrieve(unknown)), unknown);
    expectAccountInvalid(await failureOf(stripe.accounts.update(unknown, { metadata: { a: 'b' } })), unknown);
  });

  it('is 403 account_invalid once the account is deleted', async () => {
    const merchant = await createChargeableAccount(target);
    const deleted = await stripe.accounts.del(merchant.id);
    expect(deleted).toMatchObject({ id: merchant.id, object: 'account', deleted: true });
    expectAccountInvalid(
      await failureOf(stripe.paymentIntents.list({}, { stripeAccount: merchant.id })),
      merchant.id,
    );
    expectAccountInvalid(await failureOf(stripe.accounts.retrieve(merchant.id)), merchant.id);
  });

  it('is not stored under an idempotency key: the same key works once the header names a real account', async () => {
    const merchant = await createChargeableAccount(target);
    const key = `access-${Date.now()}-${Math.random()}`;
    await failureOf(
      stripe.paymentIntents.create(
        { ...card, amount: 1000 },
        { stripeAccount: 'acct_1DoesNotExist0002', idempotencyKey: key },
      ),
    );
    const pi = await stripe.paymentIntents.create(
      { ...card, amount: 1000 },
      { stripeAccount: merchant.id, idempotencyKey: key },
    );
    expect(pi.status).toBe('requires_payment_method');
  });
});

describe.skipIf(IS_REAL_STRIPE)(
  `a deauthorized account (${EMULATOR_ONLY}; Stripe test mode cannot disconnect an API-created account)`,
  () => {
    let receiver: WebhookReceiver;
    beforeAll(async () => {
      receiver = await startWebhookReceiver(stripe);
    });
    afterAll(() => receiver.close());

    it('sends account.application.deauthorized to Connect endpoints, then refuses every request for it', async () => {
      const endpoint = await stripe.webhookEndpoints.create({
        url: `${receiver.url}/connect`,
        enabled_events: ['account.application.deauthorized', 'payment_intent.created'],
        connect: true,
      });
      receiver.trust(String(endpoint.secret));
      const merchant = await createChargeableAccount(target);
      await target.control('POST', `/_emulator/accounts/${merchant.id}/deauthorize`, {});
      await target.control('POST', '/_emulator/webhooks/flush');

      const event = receiver.events.find((e) => e.type === 'account.application.deauthorized');
      expect(event?.account).toBe(merchant.id);
      const application = event?.data.object as Stripe.Application | undefined;
      expect(application?.object).toBe('application');
      expect(application?.id).toMatch(/^ca_/);

      expectAccountInvalid(
        await failureOf(
          stripe.paymentIntents.create({ ...card, amount: 1000 }, { stripeAccount: merchant.id }),
        ),
        merchant.id,
      );
      expectAccountInvalid(await failureOf(stripe.accounts.retrieve(merchant.id)), merchant.id);
      const listed = await stripe.accounts.list({ limit: 100 });
      expect(listed.data.map((a) => a.id)).not.toContain(merchant.id);
    });
  },
);

describe('a rejected account', () => {
  it('has charges disabled and requirements.disabled_reason rejected.*, and refuses direct charges', async () => {
    const merchant = await createChargeableAccount(target);
    const rejected = await stripe.accounts.reject(merchant.id, { reason: 'fraud_other' });
    expect(rejected.charges_enabled).toBe(false);
    expect(rejected.payouts_enabled).toBe(false);
    expect(rejected.requirements?.disabled_reason).toMatch(/^rejected\./);
    const again = await stripe.accounts.retrieve(merchant.id);
    expect(again.requirements?.disabled_reason).toBe(rejected.requirements?.disabled_reason);
    const refused = await failureOf(
      stripe.paymentIntents.create({ ...card, amount: 1000 }, { stripeAccount: merchant.id }),
    );
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('keeps payouts enabled with payouts_action=none, and unreject restores charges', async () => {
    const merchant = await createChargeableAccount(target);
    const rejected = await stripe.accounts.reject(merchant.id, { reason: 'other', payouts_action: 'none' });
    expect(rejected.charges_enabled).toBe(false);
    expect(rejected.payouts_enabled).toBe(true);
    const restored = await stripe.accounts.unreject(merchant.id);
    expect(restored.charges_enabled).toBe(true);
    expect(restored.requirements?.disabled_reason ?? null).toBeNull();
  });

  it('cannot be a Standard account, whose losses Stripe carries', async () => {
    const standard = await stripe.accounts.create({ type: 'standard', country: 'US' });
    const error = await failureOf(stripe.accounts.reject(standard.id, { reason: 'fraud_other' }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});

describe.skipIf(IS_REAL_STRIPE)(`an account Stripe rejects (${EMULATOR_ONLY})`, () => {
  it('emits account.updated with disabled_reason rejected.<reason> and cannot be unrejected', async () => {
    const merchant = await createChargeableAccount(target);
    await target.control('POST', `/_emulator/accounts/${merchant.id}/reject`, { reason: 'listed' });
    const events = await stripe.events.list({ type: 'account.updated' }, { stripeAccount: merchant.id });
    const latest = events.data[0]?.data.object as Stripe.Account | undefined;
    expect(latest?.requirements?.disabled_reason).toBe('rejected.listed');
    expect(latest?.charges_enabled).toBe(false);
    expect(events.data[0]?.data.previous_attributes).toHaveProperty('charges_enabled', true);
    const error = await failureOf(stripe.accounts.unreject(merchant.id));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});
