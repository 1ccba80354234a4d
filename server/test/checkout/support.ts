/**
 * Checkout test fixtures: a merchant that really exists in the emulator (connected account with completed
 * onboarding, a Terminal location, one server-driven and one JS SDK simulated reader) mirrored in our
 * database (account, location, register, staff, readers, products), plus helpers that play the customer:
 * presenting a card on a server-driven reader and driving the emulated JS SDK back end.
 */

import type { Product } from '../../src/db/repositories/products.repo.ts';
import type { ReaderIntegration } from '../../src/db/repositories/readers.repo.ts';
import type { FeePlan } from '../../src/domain/fees.ts';
import type { CounterSignIn, TestContext } from '../support/context.ts';
import { buildAccount, buildLocation, buildRegister, buildStaff } from '../support/factories.ts';

export const TEST_CARDS = {
  visa: '4242424242424242',
  insufficientFunds: '4000000000009995',
  declined: '4000000000000002',
} as const;

export interface MerchantOptions {
  chargeType?: 'direct' | 'destination';
  country?: string;
  currency?: string;
  captureMethod?: 'automatic' | 'manual';
  feePlan?: FeePlan;
  taxRateBps?: number;
  tipping?: boolean;
  products?: { name: string; priceMinor: number; category?: string }[];
}

let merchantSequence = 0;

export async function setUpMerchant(ctx: TestContext, options: MerchantOptions = {}) {
  const n = ++merchantSequence;
  const chargeType = options.chargeType ?? 'direct';
  const country = options.country ?? 'US';
  const currency = options.currency ?? 'usd';
  const emulatorUrl = ctx.emulator?.url;
  if (!emulatorUrl) throw new Error('checkout tests need the emulator');

  const stripeAccount = await ctx.stripe.accounts.create({
    country,
    default_currency: currency,
    email: `owner${n}@example.com`,
    business_profile: { name: `Shop ${n}` },
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
  });
  const onboarded = await fetch(`${emulatorUrl}/_emulator/accounts/${stripeAccount.id}/onboarding`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome: 'complete' }),
  });
  if (!onboarded.ok) throw new Error(`onboarding failed: ${await onboarded.text()}`);

  // Direct charges keep Terminal objects on the connected account; destination charges on the platform.
  const on = chargeType === 'direct' ? { stripeAccount: stripeAccount.id } : undefined;
  const tipping = options.tipping ?? true;
  const stripeLocation = await ctx.stripe.terminal.locations.create(
    {
      display_name: `Counter ${n}`,
      address:
        country === 'JP'
          ? { line1: '1-1 Marunouchi', city: 'Chiyoda-ku', state: 'Tokyo', postal_code: '100-0005', country }
          : { line1: '1 Market St', city: 'San Francisco', state: 'CA', postal_code: '94105', country },
    },
    on,
  );
  if (tipping) {
    // On-reader tipping needs a Terminal Configuration with tipping for the currency on the location.
    await ctx.services.gateways.payments.configureLocationTipping(
      { stripeAccountId: stripeAccount.id, chargeType },
      stripeLocation.id,
      { currency, percentages: [15, 18, 20], idempotencyKey: `test-tipping-${stripeLocation.id}` },
    );
  }
  const registerReader = (label: string) =>
    ctx.stripe.terminal.readers.create(
      { registration_code: 'simulated-wpe', label, location: stripeLocation.id },
      on,
    );
  const serverDrivenReader = await registerReader(`Front ${n}`);
  const jsSdkReader = await registerReader(`Side ${n}`);

  const account = await buildAccount(ctx, {
    stripeAccountId: stripeAccount.id,
    businessName: `Shop ${n}`,
    country,
    currency,
    chargeType,
    captureMethod: options.captureMethod ?? 'manual',
    feePlan: options.feePlan ?? {
      bps: 290,
      fixedMinor: currency === 'jpy' ? 0 : 30,
      minMinor: 0,
      maxMinor: null,
    },
    tipping: { enabled: tipping, percentages: [15, 18, 20] },
  });
  const location = await buildLocation(ctx, account, {
    stripeLocationId: stripeLocation.id,
    name: `Counter ${n}`,
    timeZone: country === 'JP' ? 'Asia/Tokyo' : 'America/Los_Angeles',
    taxRateBps: options.taxRateBps ?? 0,
    address: { line1: '1 Market St', city: 'San Francisco', country },
  });
  const register = await buildRegister(ctx, location);
  const staff = await buildStaff(ctx, account, [location]);
  const insertReader = (stripeReaderId: string, label: string, integration: ReaderIntegration) =>
    ctx.repos.readers.insert(
      {
        id: `rdr_${integration}_${n}`,
        accountId: account.id,
        locationId: location.id,
        stripeReaderId,
        label,
        deviceType: 'simulated_wisepos_e',
        integration,
      },
      ctx.clock.nowMs(),
    );
  const readers = {
    serverDriven: await insertReader(serverDrivenReader.id, serverDrivenReader.label, 'server_driven'),
    jsSdk: await insertReader(jsSdkReader.id, jsSdkReader.label, 'js_sdk'),
  };
  const products: Product[] = [];
  for (const [index, product] of (
    options.products ?? [
      { name: 'Latte', priceMinor: currency === 'jpy' ? 550 : 475, category: 'Coffee' },
      { name: 'Croissant', priceMinor: currency === 'jpy' ? 380 : 395, category: 'Bakery' },
    ]
  ).entries()) {
    products.push(
      await ctx.repos.products.insert(
        {
          id: `prd_${n}_${index}`,
          accountId: account.id,
          name: product.name,
          priceMinor: product.priceMinor,
          category: product.category ?? null,
          sortOrder: index,
        },
        ctx.clock.nowMs(),
      ),
    );
  }
  const signIn = await ctx.signIn(register.code, staff.id, staff.pin);
  return { stripeAccount, stripeLocation, account, location, register, staff, readers, products, signIn, on };
}

export type Merchant = Awaited<ReturnType<typeof setUpMerchant>>;

/** What our database holds (for "nothing recorded" assertions). */
export function countRows(ctx: TestContext) {
  const count = (table: string) =>
    (ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { sales: count('sales'), attempts: count('payment_attempts'), lines: count('sale_lines') };
}

/** The sales and payment-attempt repositories (outside any transaction). */
export function checkoutRepos(ctx: TestContext) {
  return { sales: ctx.repos.sales, payments: ctx.repos.payments };
}

export async function api<T = unknown>(
  ctx: TestContext,
  as: CounterSignIn,
  method: string,
  path: string,
  json?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await ctx.request(path, { method, as, ...(json === undefined ? {} : { json }) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** The customer presents a card on a server-driven simulated reader (Stripe's test helper). */
export function presentCard(ctx: TestContext, merchant: Merchant, number: string, tipMinor?: number) {
  return ctx.stripe.testHelpers.terminal.readers.presentPaymentMethod(
    merchant.readers.serverDriven.stripeReaderId,
    { type: 'card_present', card_present: { number }, ...(tipMinor ? { amount_tip: tipMinor } : {}) },
    merchant.on,
  );
}

/** A client of the emulated Terminal JS SDK back end, authenticated by a connection token. */
export function terminalSdk(ctx: TestContext, secret: string, sessionId = 'session-1') {
  const base = `${ctx.emulator?.url}/_emulator/terminal-sdk`;
  const call = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ session_id: sessionId, ...(body as object) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return {
    connect: (readerId: string) => call(`/readers/${readerId}/connect`, {}),
    collect: (readerId: string, clientSecret: string, number: string, tipMinor?: number) =>
      call(`/readers/${readerId}/collect`, {
        client_secret: clientSecret,
        payment_method: { type: 'card_present', number },
        ...(tipMinor === undefined ? { skip_tipping: true } : { tip_amount: tipMinor }),
      }),
    process: (readerId: string, paymentIntentId: string) =>
      call(`/readers/${readerId}/process`, { payment_intent: paymentIntentId }),
  };
}
