// Schema fidelity, money objects: every Connect and payments object the emulator returns (accounts,
// capabilities, PaymentIntents in each state, charges, destination payments, refunds, balance transactions of
// every type, transfers and reversals, application fees and their refunds, payouts, payment methods, the
// balance) validates against Stripe's OpenAPI schemas (spec3, API 2023-08-16) and carries every key of
// Stripe's example object (fixtures3.json), both excerpted in ../stripe-reference. A field that is null where
// the spec says it cannot be, a missing required field, a wrong type or an invented field fails. Fields and
// enum values newer than the 2023 spec are allowed only when listed below (each is in stripe@23's types).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, items, type Json } from '../emulator-terminal/harness.ts';
import { createSchemaChecker, type JsonSchema } from '../emulator-terminal/openapi-subset.ts';

const readReference = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../stripe-reference/${file}`, import.meta.url), 'utf8'));

/** Fields added to these objects after API 2023-08-16, all in stripe@23.1.0's TypeScript types. */
const NEWER_FIELDS = new Set([
  'account.controller.is_controller',
  'account.controller.fees',
  'account.controller.losses',
  'account.controller.requirement_collection',
  'account.controller.stripe_dashboard',
  'account.business_profile.annual_revenue',
  'account.business_profile.estimated_worker_count',
  'account.business_profile.minority_owned_business_designation',
  'account.business_profile.specified_commercial_transactions_act_url',
  'account.settings.card_payments.decline_on',
  'account.settings.payments.statement_descriptor_prefix_kana',
  'account.settings.payments.statement_descriptor_prefix_kanji',
  'account.requirements.alternatives',
  'account.future_requirements.alternatives',
  'capability.requirements.alternatives',
  'payment_intent.allowed_payment_method_types',
  'payment_intent.customer_account',
  'payment_intent.excluded_payment_method_types',
  'payment_intent.managed_payments',
  'payment_intent.payment_method_configuration_details',
  'payment_intent.payment_record',
  'payment_intent.source',
  'charge.authorization_code',
  'charge.billing_details.tax_id',
  'charge.source',
  'payment_intent.payment_method_options.card_present.capture_method',
  'payment_intent.payment_method_options.card_present.routing',
  'payment_intent.last_payment_error.advice_code',
  'payment_intent.last_payment_error.network_decline_code',
  'payment_intent.last_payment_error.payment_method.allow_redisplay',
  'payment_intent.last_payment_error.payment_method.customer_account',
  'payment_intent.last_payment_error.payment_method.card_present.brand_product',
  'payment_intent.last_payment_error.payment_method.card_present.cardholder_name',
  'payment_intent.last_payment_error.payment_method.card_present.country',
  'payment_intent.last_payment_error.payment_method.card_present.fingerprint',
  'payment_intent.last_payment_error.payment_method.card_present.funding',
  'payment_intent.last_payment_error.payment_method.card_present.last4',
  'payment_intent.last_payment_error.payment_method.card_present.offline',
  'payment_intent.last_payment_error.payment_method.card_present.preferred_locales',
  'payment_intent.last_payment_error.payment_method.card_present.read_method',
  'payment_intent.last_payment_error.payment_method.billing_details.tax_id',
  'payment_method.billing_details.tax_id',
  'application_fee.fee_source',
  'payment_method.allow_redisplay',
  'payment_method.customer_account',
  'payment_method.card_present.brand_product',
  'payment_method.card_present.cardholder_name',
  'payment_method.card_present.country',
  'payment_method.card_present.fingerprint',
  'payment_method.card_present.funding',
  'payment_method.card_present.last4',
  'payment_method.card_present.offline',
  'payment_method.card_present.preferred_locales',
  'payment_method.card_present.read_method',
  'payment_method.card.display_brand',
  'payment_method.card.regulated_status',
  'charge.payment_method_details.card_present.brand_product',
  'charge.payment_method_details.card_present.location',
  'charge.payment_method_details.card_present.network_transaction_id',
  'charge.payment_method_details.card_present.offline',
  'charge.payment_method_details.card_present.preferred_locales',
  'charge.payment_method_details.card_present.reader',
  'charge.payment_method_details.card_present.capture_before',
  'charge.payment_method_details.card_present.wallet',
  'charge.payment_method_details.interac_present.location',
  'charge.payment_method_details.interac_present.reader',
  'charge.payment_method_details.interac_present.network_transaction_id',
  'charge.payment_method_details.card.capture_before',
  'charge.payment_method_details.card.extended_authorization',
  'charge.payment_method_details.card.incremental_authorization',
  'charge.payment_method_details.card.multicapture',
  'charge.payment_method_details.card.network_token',
  'charge.payment_method_details.card.network_transaction_id',
  'charge.payment_method_details.card.overcapture',
  'charge.payment_method_details.card.regulated_status',
  'charge.payment_method_details.card.authorization_code',
  'charge.outcome.advice_code',
  'charge.outcome.network_advice_code',
  'charge.outcome.network_decline_code',
  'charge.outcome.network_status',
  'refund.customer',
  'refund.customer_account',
  'refund.destination_details',
  'refund.failure_balance_transaction',
  'refund.failure_reason',
  'refund.payment_method',
  'refund.pending_reason',
  'balance_transaction.balance_type',
  'payout.application_fee',
  'payout.application_fee_amount',
  'payout.payout_method',
  'payout.trace_id',
  'payout.statement_descriptor',
  'payout.reconciliation_status',
  'dispute.enhanced_eligibility_types',
  'dispute.intended_submission_method',
  'dispute.evidence.enhanced_evidence',
  'dispute.evidence_details.enhanced_eligibility',
  'dispute.evidence_details.submission_method',
  'dispute.payment_method_details.card.case_type',
  'dispute.payment_method_details.card.network',
  'dispute.balance_transactions.balance_type',
]);

/** Enum values added after 2023-08-16 (stripe@23's types). */
const NEWER_ENUM_VALUES = new Set(['automatic_async', 'application_custom', 'application_express']);

let h: Harness;
let checker: ReturnType<typeof createSchemaChecker>;
let fixtures: Record<string, Json>;

beforeAll(() => {
  const spec = readReference('money-schemas.json') as { components: { schemas: Record<string, JsonSchema> } };
  checker = createSchemaChecker(spec.components.schemas);
  fixtures = (readReference('money-fixtures.json') as { resources: Record<string, Json> }).resources;
  h = createHarness();
});

function expectConforms(object: Json | undefined, schemaName: string): void {
  expect(object, `no ${schemaName}`).toBeDefined();
  const result = checker.check(object, schemaName);
  const issues = result.issues.filter((i) => !(i.kind === 'enum' && NEWER_ENUM_VALUES.has(String(i.value))));
  expect(issues, `${schemaName} ${String(object?.id ?? '')}`).toEqual([]);
  const unknown = result.unknownProperties.map((path) => path.replace(/\[\d+\]/g, ''));
  expect(unknown.filter((path) => !NEWER_FIELDS.has(path))).toEqual([]);
}

/**
 * Fixture keys an object leaves out on purpose: since API 2022-11-15 a charge includes `refunds` only when
 * expanded (https://docs.stripe.com/changelog/2022-11-15/charge-no-longer-auto-expands-refunds).
 */
const OMITTED_UNLESS_EXPANDED: Record<string, string[]> = { charge: ['refunds'] };

function expectFixtureKeys(object: Json | undefined, resource: string): void {
  const fixture = fixtures[resource];
  expect(fixture).toBeDefined();
  const omitted = OMITTED_UNLESS_EXPANDED[resource] ?? [];
  for (const key of Object.keys(fixture ?? {}).filter((k) => !omitted.includes(k))) {
    expect(object, `${resource} lacks fixture key ${key}`).toHaveProperty(key);
  }
}

async function ok(reply: Promise<{ status: number; body: Json }>): Promise<Json> {
  const { status, body } = await reply;
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

/** A Terminal PaymentIntent paid on a simulated reader with `number`; returns the reader's final state. */
async function payOnReader(
  params: Record<string, unknown>,
  number: string,
  opts: { account?: string } = {},
): Promise<{ pi: Json; reader: Json }> {
  const reader = await h.reader(opts);
  const pi = await h.paymentIntent(params, opts);
  await ok(
    h.v1(
      'POST',
      `/v1/terminal/readers/${String(reader.id)}/process_payment_intent`,
      { payment_intent: pi.id },
      opts,
    ),
  );
  const done = await h.v1(
    'POST',
    `/v1/test_helpers/terminal/readers/${String(reader.id)}/present_payment_method`,
    { card_present: { number } },
    opts,
  );
  return { pi: await ok(h.v1('GET', `/v1/payment_intents/${String(pi.id)}`, {}, opts)), reader: done.body };
}

describe('money objects match Stripe’s published schemas', () => {
  it('validates its checker against Stripe’s own fixtures', () => {
    for (const name of ['charge', 'payment_intent', 'refund', 'payout', 'balance_transaction', 'transfer']) {
      expect(checker.check(fixtures[name], name).issues, name).toEqual([]);
    }
  });

  it('accounts and capabilities', async () => {
    const id = await h.onboardedAccount();
    const account = await ok(h.v1('GET', `/v1/accounts/${id}`));
    expectConforms(account, 'account');
    expectFixtureKeys(account, 'account');
    const fresh = await ok(
      h.v1('POST', '/v1/accounts', { country: 'US', controller: { stripe_dashboard: { type: 'full' } } }),
    );
    expectConforms(fresh, 'account');
    expectConforms(await ok(h.v1('GET', '/v1/account')), 'account');
    const capabilities = items(await ok(h.v1('GET', `/v1/accounts/${id}/capabilities`)));
    for (const capability of capabilities) expectConforms(capability, 'capability');
    const rejected = await ok(h.v1('POST', `/v1/accounts/${id}/reject`, { reason: 'other' }));
    expectConforms(rejected, 'account');
  });

  it('PaymentIntents: created, authorized, captured, declined, canceled', async () => {
    const created = await h.paymentIntent();
    expectConforms(created, 'payment_intent');
    expectFixtureKeys(created, 'payment_intent');
    const { pi: authorized } = await payOnReader({}, '4242424242424242');
    expectConforms(authorized, 'payment_intent');
    const captured = await ok(h.v1('POST', `/v1/payment_intents/${String(authorized.id)}/capture`));
    expectConforms(captured, 'payment_intent');
    const { pi: declined } = await payOnReader({}, '4000000000009995');
    expect(declined.status).toBe('requires_payment_method');
    expectConforms(declined, 'payment_intent');
    const canceled = await ok(h.v1('POST', `/v1/payment_intents/${String(created.id)}/cancel`));
    expectConforms(canceled, 'payment_intent');
    const online = await ok(
      h.v1('POST', '/v1/payment_intents', {
        amount: 2000,
        currency: 'usd',
        allowed_payment_method_types: ['card'],
        payment_method: 'pm_card_visa',
        confirm: true,
      }),
    );
    expectConforms(online, 'payment_intent');
  });

  it('charges, payment methods, refunds and their balance transactions', async () => {
    const { pi } = await payOnReader({ capture_method: 'automatic' }, '5555555555554444');
    const charge = await ok(h.v1('GET', `/v1/charges/${String(pi.latest_charge)}`));
    expectConforms(charge, 'charge');
    expectFixtureKeys(charge, 'charge');
    expectConforms(
      await ok(h.v1('GET', `/v1/payment_methods/${String(pi.payment_method)}`)),
      'payment_method',
    );
    const { pi: declined } = await payOnReader({}, '4000000000000002');
    expectConforms(await ok(h.v1('GET', `/v1/charges/${String(declined.latest_charge)}`)), 'charge');
    const refund = await ok(h.v1('POST', '/v1/refunds', { charge: charge.id, amount: 500 }));
    expectConforms(refund, 'refund');
    expectFixtureKeys(refund, 'refund');
    for (const bt of items(await ok(h.v1('GET', '/v1/balance_transactions', { limit: 100 })))) {
      expectConforms(bt, 'balance_transaction');
    }
    expectConforms(await ok(h.v1('GET', '/v1/balance')), 'balance');
  });

  it('Connect: direct and destination charges, transfers, reversals, application fees, fee refunds', async () => {
    const account = await h.onboardedAccount();
    const { pi: direct } = await payOnReader(
      { capture_method: 'automatic', application_fee_amount: 200 },
      '4242424242424242',
      { account },
    );
    const directCharge = await ok(
      h.v1('GET', `/v1/charges/${String(direct.latest_charge)}`, {}, { account }),
    );
    expectConforms(directCharge, 'charge');
    const { pi: destination } = await payOnReader(
      {
        capture_method: 'automatic',
        application_fee_amount: 300,
        transfer_data: { destination: account },
        on_behalf_of: account,
      },
      '4242424242424242',
    );
    const destinationCharge = await ok(h.v1('GET', `/v1/charges/${String(destination.latest_charge)}`));
    expectConforms(destinationCharge, 'charge');
    const transfer = await ok(h.v1('GET', `/v1/transfers/${String(destinationCharge.transfer)}`));
    expectConforms(transfer, 'transfer');
    expectFixtureKeys(transfer, 'transfer');
    const payment = await ok(
      h.v1('GET', `/v1/charges/${String(transfer.destination_payment)}`, {}, { account }),
    );
    expectConforms(payment, 'charge');
    const refund = await ok(
      h.v1('POST', '/v1/refunds', {
        charge: destinationCharge.id,
        amount: 700,
        reverse_transfer: true,
        refund_application_fee: true,
      }),
    );
    expectConforms(refund, 'refund');
    const reversals = items(await ok(h.v1('GET', `/v1/transfers/${String(transfer.id)}/reversals`)));
    for (const reversal of reversals) expectConforms(reversal, 'transfer_reversal');
    for (const fee of items(await ok(h.v1('GET', '/v1/application_fees', { limit: 100 })))) {
      expectConforms(fee, 'application_fee');
      for (const feeRefund of items(fee.refunds)) expectConforms(feeRefund, 'fee_refund');
    }
    for (const who of [undefined, account]) {
      const opts = who === undefined ? {} : { account: who };
      for (const bt of items(await ok(h.v1('GET', '/v1/balance_transactions', { limit: 100 }, opts)))) {
        expectConforms(bt, 'balance_transaction');
      }
    }
  });

  it('disputes, open and won, and their balance transactions', async () => {
    const { pi } = await payOnReader({ capture_method: 'automatic' }, '4242424242424242');
    const opened = await ok(h.json('POST', `/_emulator/charges/${String(pi.latest_charge)}/dispute`, {}));
    expectConforms(opened, 'dispute');
    expectFixtureKeys(opened, 'dispute');
    await ok(
      h.v1('POST', `/v1/disputes/${String(opened.id)}`, {
        evidence: { uncategorized_text: 'Receipt signed at the counter', customer_name: 'Jenny Rosen' },
        submit: true,
      }),
    );
    const won = await ok(
      h.json('POST', `/_emulator/disputes/${String(opened.id)}/outcome`, { outcome: 'won' }),
    );
    expectConforms(won, 'dispute');
    for (const bt of items({ data: won.balance_transactions } as Json))
      expectConforms(bt, 'balance_transaction');
    const inquiry = await payOnReader({ capture_method: 'automatic' }, '4242424242424242');
    expectConforms(
      await ok(
        h.json('POST', `/_emulator/charges/${String(inquiry.pi.latest_charge)}/dispute`, { inquiry: true }),
      ),
      'dispute',
    );
  });

  it('payouts, paid and canceled', async () => {
    const account = await h.onboardedAccount();
    await payOnReader({ capture_method: 'automatic' }, '4242424242424242', { account });
    await ok(h.json('POST', '/_emulator/clock', { advance_seconds: 3 * 86_400 }));
    const payouts = items(await ok(h.v1('GET', '/v1/payouts', {}, { account })));
    expect(payouts.length).toBeGreaterThan(0);
    for (const payout of payouts) expectConforms(payout, 'payout');
    expectFixtureKeys(payouts[0], 'payout');
  });
});
