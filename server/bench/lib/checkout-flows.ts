/**
 * One complete counter checkout, two ways, for the overhead ratio:
 * - `checkoutViaServer`: what the POS does with a server-driven reader, over HTTP with the session cookie
 *   and CSRF header: connection token → create sale → start the attempt (the server creates the
 *   PaymentIntent, shows the cart and starts process_payment_intent) → the customer taps the card →
 *   sync (the server retrieves and captures; the sale is recorded succeeded). The tap goes from the reader
 *   to Stripe, never through our server, so here it is the emulator's present_payment_method test helper
 *   called directly — not the POS's emulator-mode `present-card` route, which exists only for the demo.
 * - `checkoutDirect`: the same Stripe calls the server makes for that checkout, with the same parameters
 *   and idempotency keys, made straight from the `stripe` SDK against the same emulator, reader and account.
 * Both throw on anything but a captured payment, so a benchmark counts failures instead of timing them.
 */
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { applicationFeeMinor } from '../../src/domain/fees.ts';
import { computeSaleTotals } from '../../src/domain/totals.ts';
import { type BenchRegister, TEST_CARD } from './checkout-env.ts';
import type { JsonResponse } from './http-json.ts';

interface SaleBody {
  sale: { id: string; status: string; paymentIntentId: string | null; totalMinor: number };
}

function expectStatus<T>(step: string, response: JsonResponse<T>, status: number): T {
  if (response.status !== status) {
    throw new Error(`${step}: HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  }
  return response.body;
}

export interface CompletedCheckout {
  saleId: string;
  paymentIntentId: string;
}

export async function checkoutViaServer(
  register: BenchRegister,
  customer: Stripe,
): Promise<CompletedCheckout> {
  const { client } = register;
  const token = expectStatus(
    'connection token',
    await client.post<{ secret: string }>('/api/counter/connection-token'),
    200,
  );
  if (!token.secret) throw new Error('connection token: no secret');
  const created = expectStatus(
    'create sale',
    await client.post<SaleBody>('/api/counter/sales', {
      clientSaleId: randomUUID(),
      items: register.productIds.map((productId) => ({ productId, quantity: 1 })),
    }),
    201,
  );
  const saleId = created.sale.id;
  expectStatus(
    'start attempt',
    await client.post(`/api/counter/sales/${saleId}/attempts`, {
      attemptKey: randomUUID(),
      readerId: register.readerId,
    }),
    200,
  );
  await customer.testHelpers.terminal.readers.presentPaymentMethod(
    register.stripeReaderId,
    { type: 'card_present', card_present: { number: TEST_CARD } },
    { stripeAccount: register.stripeAccountId },
  );
  const synced = expectStatus('sync', await client.post<SaleBody>(`/api/counter/sales/${saleId}/sync`), 200);
  if (synced.sale.status !== 'succeeded' || !synced.sale.paymentIntentId) {
    throw new Error(`sync: sale ${saleId} is ${synced.sale.status}, not succeeded`);
  }
  return { saleId, paymentIntentId: synced.sale.paymentIntentId };
}

/** The amounts the server computes for the bench cart (same domain functions), computed once. */
export function directAmounts(register: BenchRegister) {
  const totals = computeSaleTotals({
    lines: register.priceMinor.map((unitPriceMinor, i) => ({
      description: `item ${i}`,
      quantity: 1,
      unitPriceMinor,
    })),
    taxRateBps: register.taxRateBps,
    currency: 'usd',
  });
  const plan = { bps: register.feeBps, fixedMinor: register.feeFixedMinor, minMinor: 10, maxMinor: null };
  return { totals, feeMinor: applicationFeeMinor(totals.totalMinor, plan) };
}

export async function checkoutDirect(
  stripe: Stripe,
  register: BenchRegister,
  amounts: ReturnType<typeof directAmounts>,
): Promise<CompletedCheckout> {
  const on = { stripeAccount: register.stripeAccountId };
  const saleId = `sale_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  const attemptKey = randomUUID();
  const { totals, feeMinor } = amounts;
  const token = await stripe.terminal.connectionTokens.create({ location: register.stripeLocationId }, on);
  if (!token.secret) throw new Error('connection token: no secret');
  const intent = await stripe.paymentIntents.create(
    {
      amount: totals.totalMinor,
      currency: 'usd',
      allowed_payment_method_types: ['card_present'],
      capture_method: 'manual',
      application_fee_amount: feeMinor,
      metadata: { sale_id: saleId, attempt: `att_${attemptKey}` },
      expand: ['latest_charge'],
      description: `Bench sale ${saleId}`,
    },
    { ...on, idempotencyKey: `${saleId}-attempt_${attemptKey}-create` },
  );
  await stripe.terminal.readers.setReaderDisplay(
    register.stripeReaderId,
    {
      type: 'cart',
      cart: {
        currency: 'usd',
        line_items: totals.lines.map((line) => ({
          description: line.description,
          amount: line.amountMinor,
          quantity: line.quantity,
        })),
        tax: totals.taxMinor,
        total: totals.totalMinor,
      },
    },
    { ...on, idempotencyKey: `${saleId}-attempt_${attemptKey}-display` },
  );
  await stripe.terminal.readers.processPaymentIntent(
    register.stripeReaderId,
    {
      payment_intent: intent.id,
      process_config: { skip_tipping: true, enable_customer_cancellation: true },
    },
    { ...on, idempotencyKey: `${saleId}-attempt_${attemptKey}-process` },
  );
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(
    register.stripeReaderId,
    { type: 'card_present', card_present: { number: TEST_CARD } },
    on,
  );
  const authorized = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] }, on);
  if (authorized.status !== 'requires_capture') {
    throw new Error(`direct: ${intent.id} is ${authorized.status}, not requires_capture`);
  }
  const captured = await stripe.paymentIntents.capture(
    intent.id,
    {
      amount_to_capture: authorized.amount_capturable,
      application_fee_amount: feeMinor,
      expand: ['latest_charge'],
    },
    { ...on, idempotencyKey: `${saleId}-${intent.id}-capture` },
  );
  if (captured.status !== 'succeeded')
    throw new Error(`direct: ${intent.id} is ${captured.status} after capture`);
  return { saleId, paymentIntentId: intent.id };
}
