import { describe, expect, it } from 'vitest';
import { dayBoundsMs } from './local-day.ts';
import {
  type ReconciliationDifference,
  type RecordedRefund,
  type RecordedSale,
  reconcile,
  recordedSalesFrom,
  type StripeApplicationFeeLike,
  type StripeBalanceTransactionLike,
  type StripeChargeLike,
  type StripeRecords,
  type StripeRefundLike,
  stripeProcessingFeeOf,
} from './reconciliation.ts';
import type { RefundRecord, SaleRecord } from './sales-summary.ts';

const utc = (iso: string) => Date.parse(iso);
const seconds = (iso: string) => utc(iso) / 1000;
// New York's 8 March 2026 (a 23-hour day): [05:00Z, 04:00Z next day).
const period = dayBoundsMs('2026-03-08', 'America/New_York');

interface SaleSpec {
  id: string;
  currency?: string;
  totalMinor: number;
  applicationFeeMinor: number;
  stripeFeeMinor: number;
  createdAt: string;
  chargedAt?: string;
  refundedMinor?: number;
  applicationFeeRefundedMinor?: number;
}

interface World {
  sales: RecordedSale[];
  refunds: RecordedRefund[];
  stripe: {
    charges: StripeChargeLike[];
    refunds: StripeRefundLike[];
    applicationFees: StripeApplicationFeeLike[];
    balanceTransactions: StripeBalanceTransactionLike[];
  };
}

/** Our sale and the Stripe objects a direct charge with an application fee creates, all consistent. */
function addPaidSale(world: World, spec: SaleSpec): void {
  const currency = spec.currency ?? 'usd';
  const refundedMinor = spec.refundedMinor ?? 0;
  const feeRefundedMinor = spec.applicationFeeRefundedMinor ?? 0;
  const suffix = spec.id.replace('sale-', '');
  world.sales.push({
    id: spec.id,
    status:
      refundedMinor === 0
        ? 'succeeded'
        : refundedMinor === spec.totalMinor
          ? 'refunded'
          : 'partially_refunded',
    currency,
    totalMinor: spec.totalMinor,
    applicationFeeMinor: spec.applicationFeeMinor,
    stripeFeeMinor: spec.stripeFeeMinor,
    paymentIntentId: `pi_${suffix}`,
    createdAtMs: utc(spec.createdAt),
    refundedMinor,
    applicationFeeRefundedMinor: feeRefundedMinor,
  });
  const created = seconds(spec.chargedAt ?? spec.createdAt) + 20;
  world.stripe.charges.push({
    id: `ch_${suffix}`,
    amount: spec.totalMinor,
    amount_captured: spec.totalMinor,
    amount_refunded: refundedMinor,
    captured: true,
    refunded: refundedMinor === spec.totalMinor,
    status: 'succeeded',
    currency,
    created,
    payment_intent: `pi_${suffix}`,
    metadata: { sale_id: spec.id },
    application_fee_amount: spec.applicationFeeMinor,
    application_fee: `fee_${suffix}`,
    balance_transaction: `txn_${suffix}`,
  });
  world.stripe.applicationFees.push({
    id: `fee_${suffix}`,
    amount: spec.applicationFeeMinor,
    amount_refunded: feeRefundedMinor,
    charge: `ch_${suffix}`,
    currency,
    created,
    refunded: feeRefundedMinor === spec.applicationFeeMinor,
  });
  world.stripe.balanceTransactions.push({
    id: `txn_${suffix}`,
    amount: spec.totalMinor,
    fee: spec.stripeFeeMinor + spec.applicationFeeMinor,
    net: spec.totalMinor - spec.stripeFeeMinor - spec.applicationFeeMinor,
    currency,
    created,
    type: 'charge',
    source: `ch_${suffix}`,
    fee_details: [
      { amount: spec.stripeFeeMinor, currency, type: 'stripe_fee' },
      { amount: spec.applicationFeeMinor, currency, type: 'application_fee' },
    ],
  });
}

function addRefund(
  world: World,
  refundId: string,
  saleId: string,
  amountMinor: number,
  createdAt: string,
): void {
  const suffix = saleId.replace('sale-', '');
  const currency = world.sales.find((sale) => sale.id === saleId)?.currency ?? 'usd';
  world.refunds.push({
    id: refundId,
    saleId,
    currency,
    amountMinor,
    status: 'succeeded',
    createdAtMs: utc(createdAt),
    stripeRefundId: `re_${refundId}`,
  });
  world.stripe.refunds.push({
    id: `re_${refundId}`,
    amount: amountMinor,
    charge: `ch_${suffix}`,
    payment_intent: `pi_${suffix}`,
    currency,
    created: seconds(createdAt) + 1,
    status: 'succeeded',
    metadata: { refund_id: refundId, sale_id: saleId },
  });
}

/** A consistent day: what the emulator and our services should produce. */
function buildWorld(): World {
  const world: World = {
    sales: [],
    refunds: [],
    stripe: { charges: [], refunds: [], applicationFees: [], balanceTransactions: [] },
  };
  addPaidSale(world, {
    id: 'sale-a',
    totalMinor: 1561,
    applicationFeeMinor: 75,
    stripeFeeMinor: 52,
    createdAt: '2026-03-08T13:15:00Z',
  });
  addPaidSale(world, {
    id: 'sale-b',
    totalMinor: 5000,
    applicationFeeMinor: 175,
    stripeFeeMinor: 175,
    createdAt: '2026-03-08T16:05:00Z',
    refundedMinor: 1200,
    applicationFeeRefundedMinor: 42,
  });
  addRefund(world, 'refund-1', 'sale-b', 1200, '2026-03-08T19:00:00Z');
  addPaidSale(world, {
    id: 'sale-c',
    currency: 'jpy',
    totalMinor: 1320,
    applicationFeeMinor: 43,
    stripeFeeMinor: 47,
    createdAt: '2026-03-08T17:00:00Z',
  });
  // Sale D was declined once before it was paid: the failed charge is not a duplicate.
  addPaidSale(world, {
    id: 'sale-d',
    totalMinor: 800,
    applicationFeeMinor: 30,
    stripeFeeMinor: 28,
    createdAt: '2026-03-08T18:00:00Z',
  });
  world.stripe.charges.push({
    ...chargeOf(world, 'ch_d'),
    id: 'ch_d_declined',
    status: 'failed',
    captured: false,
    amount_captured: 0,
    application_fee: null,
    balance_transaction: null,
    created: seconds('2026-03-08T18:00:05Z'),
  });
  // Sale E is only authorised: an uncaptured charge, nothing to reconcile yet.
  world.sales.push({
    id: 'sale-e',
    status: 'requires_capture',
    currency: 'usd',
    totalMinor: 2000,
    applicationFeeMinor: 60,
    stripeFeeMinor: null,
    paymentIntentId: 'pi_e',
    createdAtMs: utc('2026-03-08T20:00:00Z'),
    refundedMinor: 0,
    applicationFeeRefundedMinor: 0,
  });
  world.stripe.charges.push({
    ...chargeOf(world, 'ch_d'),
    id: 'ch_e',
    amount: 2000,
    amount_captured: 0,
    captured: false,
    payment_intent: 'pi_e',
    metadata: { sale_id: 'sale-e' },
    application_fee: null,
    balance_transaction: null,
  });
  // Sale F at the last second of the day, charged just after midnight: still one matched pair.
  addPaidSale(world, {
    id: 'sale-f',
    totalMinor: 450,
    applicationFeeMinor: 20,
    stripeFeeMinor: 16,
    createdAt: '2026-03-09T03:59:59Z',
    chargedAt: '2026-03-09T04:00:01Z',
  });
  // Sale G was the day before; part of it is refunded today.
  addPaidSale(world, {
    id: 'sale-g',
    totalMinor: 3000,
    applicationFeeMinor: 100,
    stripeFeeMinor: 90,
    createdAt: '2026-03-08T03:00:00Z',
    refundedMinor: 500,
  });
  addRefund(world, 'refund-2', 'sale-g', 500, '2026-03-08T15:00:00Z');
  return world;
}

function chargeOf(world: World, id: string): StripeChargeLike {
  const charge = world.stripe.charges.find((each) => each.id === id);
  if (charge === undefined) throw new Error(`no charge ${id}`);
  return charge;
}

function saleOf(world: World, id: string): RecordedSale {
  const sale = world.sales.find((each) => each.id === id);
  if (sale === undefined) throw new Error(`no sale ${id}`);
  return sale;
}

function differencesOf(world: World): ReconciliationDifference[] {
  return reconcile({
    period,
    sales: world.sales,
    refunds: world.refunds,
    stripe: world.stripe as StripeRecords,
  }).differences;
}

const brief = (differences: ReconciliationDifference[]) =>
  differences.map((difference) => ({
    kind: difference.kind,
    saleId: difference.saleId,
    refundId: difference.refundId,
    stripeObjectId: difference.stripeObjectId,
    oursMinor: difference.oursMinor,
    stripeMinor: difference.stripeMinor,
  }));

describe(reconcile.name, () => {
  it('finds zero differences in a consistent day (declines, authorisations, edges, JPY, older sales)', () => {
    const world = buildWorld();
    const result = reconcile({ period, sales: world.sales, refunds: world.refunds, stripe: world.stripe });
    expect(result.differences).toEqual([]);
    expect(result.matchedSalesCount).toBe(5); // a, b, c, d, f (g is the day before, e is not captured)
    expect(result.matchedRefundsCount).toBe(2);
  });

  it('reports a sale Stripe has no charge for, naming its payment intent', () => {
    const world = buildWorld();
    world.stripe.charges = world.stripe.charges.filter((charge) => charge.id !== 'ch_a');
    world.stripe.applicationFees = world.stripe.applicationFees.filter((fee) => fee.id !== 'fee_a');
    world.stripe.balanceTransactions = world.stripe.balanceTransactions.filter((each) => each.id !== 'txn_a');
    const [difference, ...rest] = differencesOf(world);
    expect(rest).toEqual([]);
    expect(difference).toMatchObject({
      kind: 'missing_in_stripe',
      saleId: 'sale-a',
      stripeObjectType: 'payment_intent',
      stripeObjectId: 'pi_a',
      oursMinor: 1561,
    });
    expect(difference?.message).toContain('sale-a');
  });

  it('does not report a sale outside the period that has no charge', () => {
    const world = buildWorld();
    world.stripe.charges = world.stripe.charges.filter((charge) => charge.id !== 'ch_g');
    expect(differencesOf(world)).toEqual([]);
  });

  it('reports a captured charge none of our sales knows', () => {
    const world = buildWorld();
    addPaidSale(world, {
      id: 'sale-x',
      totalMinor: 999,
      applicationFeeMinor: 30,
      stripeFeeMinor: 29,
      createdAt: '2026-03-08T21:00:00Z',
    });
    world.sales = world.sales.filter((sale) => sale.id !== 'sale-x');
    expect(brief(differencesOf(world))).toEqual([
      {
        kind: 'missing_in_our_records',
        saleId: 'sale-x',
        refundId: null,
        stripeObjectId: 'ch_x',
        oursMinor: null,
        stripeMinor: 999,
      },
    ]);
  });

  it('matches a charge by payment intent when it carries no sale id', () => {
    const world = buildWorld();
    chargeOf(world, 'ch_a').metadata = {};
    expect(differencesOf(world)).toEqual([]);
  });

  it('reports an amount mismatch between our total and the captured amount', () => {
    const world = buildWorld();
    chargeOf(world, 'ch_a').amount_captured = 1500;
    expect(brief(differencesOf(world))).toEqual([
      {
        kind: 'amount_mismatch',
        saleId: 'sale-a',
        refundId: null,
        stripeObjectId: 'ch_a',
        oursMinor: 1561,
        stripeMinor: 1500,
      },
    ]);
  });

  it('reports a balance transaction whose amount differs when the charge agrees with us', () => {
    const world = buildWorld();
    const transaction = world.stripe.balanceTransactions.find((each) => each.id === 'txn_a');
    if (transaction) transaction.amount = 1600;
    expect(brief(differencesOf(world))).toEqual([
      {
        kind: 'amount_mismatch',
        saleId: 'sale-a',
        refundId: null,
        stripeObjectId: 'txn_a',
        oursMinor: 1561,
        stripeMinor: 1600,
      },
    ]);
  });

  it('reports a charge balance transaction that matches none of our sales', () => {
    const world = buildWorld();
    world.stripe.balanceTransactions.push({
      id: 'txn_orphan',
      amount: 700,
      fee: 20,
      net: 680,
      currency: 'usd',
      created: seconds('2026-03-08T12:00:00Z'),
      type: 'charge',
      source: 'ch_elsewhere',
      fee_details: [{ amount: 20, currency: 'usd', type: 'stripe_fee' }],
    });
    expect(
      brief(differencesOf(world)).map((difference) => [difference.kind, difference.stripeObjectId]),
    ).toEqual([['missing_in_our_records', 'txn_orphan']]);
  });

  it('reports a JPY amount mismatch in whole yen', () => {
    const world = buildWorld();
    saleOf(world, 'sale-c').totalMinor = 1300;
    expect(brief(differencesOf(world))).toEqual([
      {
        kind: 'amount_mismatch',
        saleId: 'sale-c',
        refundId: null,
        stripeObjectId: 'ch_c',
        oursMinor: 1300,
        stripeMinor: 1320,
      },
    ]);
  });

  it('reports a currency mismatch instead of comparing amounts across currencies', () => {
    const world = buildWorld();
    saleOf(world, 'sale-a').currency = 'cad';
    expect(
      brief(differencesOf(world)).map((difference) => [difference.kind, difference.stripeObjectId]),
    ).toEqual([['currency_mismatch', 'ch_a']]);
  });

  it.each<[string, (world: World) => void, Partial<ReconciliationDifference>]>([
    [
      'a different application fee',
      (world) => {
        const fee = world.stripe.applicationFees.find((each) => each.id === 'fee_a');
        if (fee) fee.amount = 80;
      },
      { stripeObjectType: 'application_fee', stripeObjectId: 'fee_a', oursMinor: 75, stripeMinor: 80 },
    ],
    [
      'a missing application fee object',
      (world) => {
        world.stripe.applicationFees = world.stripe.applicationFees.filter((each) => each.id !== 'fee_a');
      },
      { stripeObjectType: 'charge', stripeObjectId: 'ch_a', oursMinor: 75, stripeMinor: null },
    ],
    [
      'a different application fee refund',
      (world) => {
        saleOf(world, 'sale-b').applicationFeeRefundedMinor = 0;
      },
      { saleId: 'sale-b', stripeObjectId: 'fee_b', oursMinor: 0, stripeMinor: 42 },
    ],
    [
      'a different Stripe processing fee',
      (world) => {
        saleOf(world, 'sale-a').stripeFeeMinor = 50;
      },
      { stripeObjectType: 'balance_transaction', stripeObjectId: 'txn_a', oursMinor: 50, stripeMinor: 52 },
    ],
    [
      'a Stripe fee we never recorded',
      (world) => {
        saleOf(world, 'sale-a').stripeFeeMinor = null;
      },
      { stripeObjectId: 'txn_a', oursMinor: null, stripeMinor: 52 },
    ],
    [
      'a balance transaction Stripe did not return',
      (world) => {
        world.stripe.balanceTransactions = world.stripe.balanceTransactions.filter(
          (each) => each.id !== 'txn_a',
        );
      },
      { stripeObjectType: 'balance_transaction', stripeObjectId: 'txn_a', oursMinor: 52, stripeMinor: null },
    ],
  ])('reports a fee mismatch for %s', (_name, mutate, expected) => {
    const world = buildWorld();
    mutate(world);
    const differences = differencesOf(world);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatchObject({ kind: 'fee_mismatch', saleId: 'sale-a', ...expected });
  });

  it('reports a second captured charge for one sale as a duplicate, naming it', () => {
    const world = buildWorld();
    world.stripe.charges.push({
      ...chargeOf(world, 'ch_a'),
      id: 'ch_a_again',
      created: chargeOf(world, 'ch_a').created + 60,
    });
    const differences = differencesOf(world);
    expect(brief(differences)).toEqual([
      {
        kind: 'duplicate_charge',
        saleId: 'sale-a',
        refundId: null,
        stripeObjectId: 'ch_a_again',
        oursMinor: null,
        stripeMinor: 1561,
      },
    ]);
    expect(differences[0]?.message).toContain('ch_a, ch_a_again');
  });

  it('reports a charge refunded in Stripe but not with us', () => {
    const world = buildWorld();
    Object.assign(chargeOf(world, 'ch_a'), { amount_refunded: 1561, refunded: true });
    expect(brief(differencesOf(world))).toEqual([
      {
        kind: 'refund_mismatch',
        saleId: 'sale-a',
        refundId: null,
        stripeObjectId: 'ch_a',
        oursMinor: 0,
        stripeMinor: 1561,
      },
      {
        kind: 'status_mismatch',
        saleId: 'sale-a',
        refundId: null,
        stripeObjectId: 'ch_a',
        oursMinor: null,
        stripeMinor: null,
      },
    ]);
  });

  it('reports a sale we canceled that Stripe captured', () => {
    const world = buildWorld();
    saleOf(world, 'sale-a').status = 'canceled';
    expect(
      brief(differencesOf(world)).map((difference) => [difference.kind, difference.stripeObjectId]),
    ).toEqual([['status_mismatch', 'ch_a']]);
  });

  it('reports our refund that Stripe does not have', () => {
    const world = buildWorld();
    world.stripe.refunds = world.stripe.refunds.filter((refund) => refund.id !== 're_refund-1');
    expect(brief(differencesOf(world))).toEqual([
      {
        kind: 'missing_in_stripe',
        saleId: 'sale-b',
        refundId: 'refund-1',
        stripeObjectId: 're_refund-1',
        oursMinor: 1200,
        stripeMinor: null,
      },
    ]);
  });

  it('reports a Stripe refund we have no record of, naming the sale through its charge', () => {
    const world = buildWorld();
    world.stripe.refunds.push({
      id: 're_unknown',
      amount: 300,
      charge: 'ch_a',
      payment_intent: 'pi_a',
      currency: 'usd',
      created: seconds('2026-03-08T22:00:00Z'),
      status: 'succeeded',
      metadata: {},
    });
    expect(brief(differencesOf(world))).toEqual([
      {
        kind: 'missing_in_our_records',
        saleId: 'sale-a',
        refundId: null,
        stripeObjectId: 're_unknown',
        oursMinor: null,
        stripeMinor: 300,
      },
    ]);
  });

  it.each<[string, (world: World) => void, string]>([
    [
      'a different amount',
      (world) => {
        const refund = world.stripe.refunds.find((each) => each.id === 're_refund-1');
        if (refund) refund.amount = 1100;
      },
      'amount 1200 ≠ re_refund-1 amount 1100',
    ],
    [
      'a refund that failed at Stripe',
      (world) => {
        const refund = world.stripe.refunds.find((each) => each.id === 're_refund-1');
        if (refund) refund.status = 'failed';
      },
      'is succeeded with us but re_refund-1 is failed in Stripe',
    ],
    [
      'a refund recorded against another sale',
      (world) => {
        const refund = world.refunds.find((each) => each.id === 'refund-1');
        if (refund) refund.saleId = 'sale-a';
      },
      'recorded against sale sale-a but re_refund-1 refunds sale sale-b',
    ],
  ])('reports a refund mismatch for %s', (_name, mutate, message) => {
    const world = buildWorld();
    mutate(world);
    const differences = differencesOf(world);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatchObject({
      kind: 'refund_mismatch',
      refundId: 'refund-1',
      stripeObjectId: 're_refund-1',
    });
    expect(differences[0]?.message).toContain(message);
  });

  it('matches a refund by metadata.refund_id when we did not keep the Stripe id', () => {
    const world = buildWorld();
    for (const refund of world.refunds) refund.stripeRefundId = null;
    expect(differencesOf(world)).toEqual([]);
  });

  it('reports an application fee whose charge matches nothing we have', () => {
    const world = buildWorld();
    world.stripe.applicationFees.push({
      id: 'fee_orphan',
      amount: 25,
      amount_refunded: 0,
      charge: 'ch_elsewhere',
      currency: 'usd',
      created: seconds('2026-03-08T12:00:00Z'),
      refunded: false,
    });
    expect(brief(differencesOf(world))).toEqual([
      {
        kind: 'missing_in_our_records',
        saleId: null,
        refundId: null,
        stripeObjectId: 'fee_orphan',
        oursMinor: null,
        stripeMinor: 25,
      },
    ]);
  });

  it('refuses an empty period', () => {
    const world = buildWorld();
    expect(() =>
      reconcile({
        period: { startMs: 10, endMs: 10 },
        sales: world.sales,
        refunds: world.refunds,
        stripe: world.stripe,
      }),
    ).toThrow(RangeError);
  });
});

describe(stripeProcessingFeeOf.name, () => {
  it('takes the application fee out of the balance transaction fee', () => {
    expect(
      stripeProcessingFeeOf({
        id: 'txn_1',
        amount: 1000,
        fee: 89,
        net: 911,
        currency: 'usd',
        created: 0,
        type: 'charge',
        source: 'ch_1',
        fee_details: [
          { amount: 59, currency: 'usd', type: 'stripe_fee' },
          { amount: 30, currency: 'usd', type: 'application_fee' },
        ],
      }),
    ).toBe(59);
  });
});

describe(recordedSalesFrom.name, () => {
  it('sums each sale’s counted refunds and the application fee they returned', () => {
    const sale: SaleRecord = {
      id: 'sale-1',
      locationId: 'loc',
      status: 'partially_refunded',
      currency: 'usd',
      subtotalMinor: 5000,
      discountMinor: 0,
      taxMinor: 0,
      tipMinor: 0,
      totalMinor: 5000,
      applicationFeeMinor: 175,
      stripeFeeMinor: 175,
      createdAtMs: utc('2026-03-08T16:00:00Z'),
      staffId: 'staff',
      cardBrand: 'visa',
      readMethod: 'contactless_emv',
      paymentIntentId: 'pi_1',
      lines: [],
    };
    const refund = (
      id: string,
      amountMinor: number,
      feeMinor: number,
      status: RefundRecord['status'],
    ): RefundRecord => ({
      id,
      saleId: 'sale-1',
      locationId: 'loc',
      currency: 'usd',
      amountMinor,
      applicationFeeRefundedMinor: feeMinor,
      status,
      createdAtMs: utc('2026-03-09T16:00:00Z'),
      stripeRefundId: null,
      reason: null,
    });
    const refunds = [
      refund('r1', 1000, 35, 'succeeded'),
      refund('r2', 200, 7, 'pending'),
      refund('r3', 900, 30, 'failed'),
    ];
    expect(recordedSalesFrom([sale], refunds)).toEqual([
      {
        id: 'sale-1',
        status: 'partially_refunded',
        currency: 'usd',
        totalMinor: 5000,
        applicationFeeMinor: 175,
        stripeFeeMinor: 175,
        paymentIntentId: 'pi_1',
        createdAtMs: utc('2026-03-08T16:00:00Z'),
        refundedMinor: 1200,
        applicationFeeRefundedMinor: 42,
      },
    ]);
  });
});
