/**
 * Reconciliation (pure): our recorded sales and refunds for a period against Stripe's charges, refunds,
 * application fees and balance transactions, listing every difference. Zero differences is the normal
 * state; each difference names our sale (and refund) and the Stripe object concerned.
 *
 * Matching:
 * - A Stripe charge belongs to the sale named by its `metadata.sale_id`, else to the sale whose
 *   `paymentIntentId` is the charge's `payment_intent`. Only captured charges (`status: 'succeeded'`,
 *   `captured: true`) moved money; failed or uncaptured charges (declines, released holds) are ignored.
 * - A Stripe refund belongs to our refund whose `stripeRefundId` is its id, else whose id is its
 *   `metadata.refund_id`. Refunds that are `pending`, `requires_action` or `succeeded` count (as ours:
 *   `pending`, `succeeded`); `failed` and `canceled` ones do not.
 * - An application fee belongs to a charge by `charge`; a balance transaction by the charge's
 *   `balance_transaction` id (or, for orphans, by `source`).
 *
 * The period and its edges: the inputs may (and should) cover a wider window than the period — e.g. one
 * hour either side — so a sale made at 23:59:59 whose charge is created at 00:00:01 still matches. Objects
 * are matched across everything given; a "missing" difference is only reported for an unmatched object
 * inside the period, and a pair is compared when either side is inside it.
 *
 * Fees: our `stripeFeeMinor` is Stripe's processing fee = the charge's balance transaction `fee` minus its
 * `application_fee` fee details (for direct charges the application fee appears in the connected
 * account's `fee_details` too). Amounts are compared in minor units of the same currency; a currency
 * difference is reported instead of an amount difference.
 *
 * Size: one pure matching algorithm whose rules (above) refer to each other; splitting it would
 * scatter them.
 */
import type { SaleStatus } from '@countertop/shared';
import type { BoundsMs } from './local-day.ts';
import {
  CAPTURED_SALE_STATUSES,
  COUNTED_REFUND_STATUSES,
  type RefundRecord,
  type SaleRecord,
} from './sales-summary.ts';

// ---------------------------------------------------------------------------------------------
// Our side

/** A sale as recorded by us, with its refund totals over its whole life (not only the period). */
export interface RecordedSale {
  id: string;
  status: SaleStatus;
  currency: string;
  /** The amount captured. */
  totalMinor: number;
  applicationFeeMinor: number;
  /** Stripe's processing fee as we recorded it; null while not recorded. */
  stripeFeeMinor: number | null;
  paymentIntentId: string | null;
  createdAtMs: number;
  /** Σ amounts of the sale's counted refunds, all time. */
  refundedMinor: number;
  /** Σ application fee returned with those refunds, all time. */
  applicationFeeRefundedMinor: number;
}

/**
 * `RecordedSale`s from the summary's rows: refund totals are summed from `refunds`, so pass every counted
 * or not refund *of these sales* (all time), not only the period's.
 */
export function recordedSalesFrom(
  sales: readonly SaleRecord[],
  refunds: readonly RefundRecord[],
): RecordedSale[] {
  const refundedBySale = new Map<string, { amountMinor: number; applicationFeeMinor: number }>();
  for (const refund of refunds) {
    if (!COUNTED_REFUND_STATUSES.has(refund.status)) continue;
    const sums = refundedBySale.get(refund.saleId) ?? { amountMinor: 0, applicationFeeMinor: 0 };
    sums.amountMinor += refund.amountMinor;
    sums.applicationFeeMinor += refund.applicationFeeRefundedMinor;
    refundedBySale.set(refund.saleId, sums);
  }
  return sales.map((sale) => ({
    id: sale.id,
    status: sale.status,
    currency: sale.currency,
    totalMinor: sale.totalMinor,
    applicationFeeMinor: sale.applicationFeeMinor,
    stripeFeeMinor: sale.stripeFeeMinor,
    paymentIntentId: sale.paymentIntentId,
    createdAtMs: sale.createdAtMs,
    refundedMinor: refundedBySale.get(sale.id)?.amountMinor ?? 0,
    applicationFeeRefundedMinor: refundedBySale.get(sale.id)?.applicationFeeMinor ?? 0,
  }));
}

/** A refund as recorded by us (a `RefundRecord` from the summary fits). */
export type RecordedRefund = Pick<
  RefundRecord,
  'id' | 'saleId' | 'currency' | 'amountMinor' | 'status' | 'createdAtMs' | 'stripeRefundId'
>;

// ---------------------------------------------------------------------------------------------
// Stripe's side: the fields we read, named and typed as in Stripe's API (`created` in epoch seconds)

export interface StripeChargeLike {
  id: string;
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: boolean;
  refunded: boolean;
  status: 'succeeded' | 'pending' | 'failed';
  currency: string;
  created: number;
  payment_intent: string | null;
  metadata: Readonly<Record<string, string>>;
  application_fee_amount: number | null;
  application_fee: string | null;
  balance_transaction: string | null;
}

export interface StripeRefundLike {
  id: string;
  amount: number;
  charge: string | null;
  payment_intent: string | null;
  currency: string;
  created: number;
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
  metadata: Readonly<Record<string, string>>;
}

export interface StripeApplicationFeeLike {
  id: string;
  amount: number;
  amount_refunded: number;
  charge: string;
  currency: string;
  created: number;
  refunded: boolean;
}

export interface StripeFeeDetailLike {
  amount: number;
  currency: string;
  /** `application_fee`, `stripe_fee`, `tax`, `payment_method_passthrough_fee`, … */
  type: string;
}

export interface StripeBalanceTransactionLike {
  id: string;
  amount: number;
  fee: number;
  net: number;
  currency: string;
  created: number;
  /** `charge`, `payment`, `refund`, `application_fee`, … */
  type: string;
  source: string | null;
  fee_details: readonly StripeFeeDetailLike[];
}

export interface StripeRecords {
  charges: readonly StripeChargeLike[];
  refunds: readonly StripeRefundLike[];
  applicationFees: readonly StripeApplicationFeeLike[];
  balanceTransactions: readonly StripeBalanceTransactionLike[];
}

// ---------------------------------------------------------------------------------------------
// Differences

export type DifferenceKind =
  /** We recorded a captured sale or a counted refund that Stripe does not have. */
  | 'missing_in_stripe'
  /** Stripe has a captured charge, a counted refund, an application fee or a charge balance transaction we do not. */
  | 'missing_in_our_records'
  /** Our total ≠ the charge's `amount_captured` (or, when the charge agrees, its balance transaction's `amount`). */
  | 'amount_mismatch'
  | 'currency_mismatch'
  /** Our sale's status disagrees with the charge (captured vs not; refunded, partially or not). */
  | 'status_mismatch'
  /** Application fee, application fee refunded, or Stripe processing fee differs (or is missing on one side). */
  | 'fee_mismatch'
  /** A matched refund differs (amount, sale, status), or a sale's refunded total ≠ the charge's `amount_refunded`. */
  | 'refund_mismatch'
  /** More than one captured charge for one sale: the customer paid twice. */
  | 'duplicate_charge';

export type StripeObjectType =
  | 'charge'
  | 'refund'
  | 'application_fee'
  | 'balance_transaction'
  | 'payment_intent';

export interface ReconciliationDifference {
  kind: DifferenceKind;
  saleId: string | null;
  refundId: string | null;
  stripeObjectType: StripeObjectType | null;
  stripeObjectId: string | null;
  currency: string | null;
  /** Our figure in minor units, when the difference is about an amount. */
  oursMinor: number | null;
  /** Stripe's figure in minor units, when the difference is about an amount. */
  stripeMinor: number | null;
  /** One sentence for people, naming both sides. */
  message: string;
}

export interface ReconciliationInput {
  /** The period being reconciled, e.g. a location's day from `dayBoundsMs`. */
  period: BoundsMs;
  sales: readonly RecordedSale[];
  refunds: readonly RecordedRefund[];
  stripe: StripeRecords;
}

export interface ReconciliationResult {
  period: BoundsMs;
  /** Sorted by sale id (differences without a sale last), then refund id, kind and Stripe id. */
  differences: ReconciliationDifference[];
  /** Captured sales in the period matched to exactly one captured charge. */
  matchedSalesCount: number;
  /** Counted refunds in the period matched to a Stripe refund. */
  matchedRefundsCount: number;
}

const COUNTED_STRIPE_REFUND_STATUSES: ReadonlySet<StripeRefundLike['status']> = new Set([
  'pending',
  'requires_action',
  'succeeded',
]);

function isCapturedCharge(charge: StripeChargeLike): boolean {
  return charge.status === 'succeeded' && charge.captured;
}

/** Stripe's processing fee in a balance transaction: its fee minus the application fee parts. */
export function stripeProcessingFeeOf(transaction: StripeBalanceTransactionLike): number {
  const applicationFeeParts = transaction.fee_details
    .filter((detail) => detail.type === 'application_fee')
    .reduce((sum, detail) => sum + detail.amount, 0);
  return transaction.fee - applicationFeeParts;
}

/** The sale status a charge implies: captured and how far refunded. */
function statusImpliedBy(charge: StripeChargeLike): SaleStatus {
  if (charge.amount_refunded === 0) return 'succeeded';
  return charge.refunded || charge.amount_refunded >= charge.amount_captured
    ? 'refunded'
    : 'partially_refunded';
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

function compareNullableLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Lists every difference between our records and Stripe's for the period. See the module comment. */
export function reconcile(input: ReconciliationInput): ReconciliationResult {
  const { period, stripe } = input;
  if (!(period.startMs < period.endMs)) throw new RangeError('the period must end after it starts');
  const inPeriod = (instantMs: number) => instantMs >= period.startMs && instantMs < period.endMs;
  const stripeInPeriod = (createdSeconds: number) => inPeriod(createdSeconds * 1000);
  const differences: ReconciliationDifference[] = [];
  const report = (
    difference: Partial<ReconciliationDifference> & Pick<ReconciliationDifference, 'kind' | 'message'>,
  ) =>
    differences.push({
      saleId: null,
      refundId: null,
      stripeObjectType: null,
      stripeObjectId: null,
      currency: null,
      oursMinor: null,
      stripeMinor: null,
      ...difference,
    });

  const salesById = new Map(input.sales.map((sale) => [sale.id, sale]));
  const salesByPaymentIntent = new Map(
    input.sales.flatMap((sale) =>
      sale.paymentIntentId === null ? [] : [[sale.paymentIntentId, sale] as const],
    ),
  );
  const saleOfCharge = (charge: StripeChargeLike): RecordedSale | undefined => {
    const named = charge.metadata.sale_id;
    if (named !== undefined && salesById.has(named)) return salesById.get(named);
    return charge.payment_intent === null ? undefined : salesByPaymentIntent.get(charge.payment_intent);
  };

  const capturedCharges = [...stripe.charges]
    .filter(isCapturedCharge)
    .sort((a, b) => a.created - b.created || compareNullableLast(a.id, b.id));
  const chargesById = new Map(stripe.charges.map((charge) => [charge.id, charge]));
  const chargesBySale = groupBy(capturedCharges, (charge) => saleOfCharge(charge)?.id ?? null);
  const feesByCharge = groupBy(stripe.applicationFees, (fee) => fee.charge);
  const transactionsById = new Map(
    stripe.balanceTransactions.map((transaction) => [transaction.id, transaction]),
  );
  let matchedSalesCount = 0;

  // Charges without a sale of ours.
  for (const charge of capturedCharges) {
    if (saleOfCharge(charge) !== undefined || !stripeInPeriod(charge.created)) continue;
    report({
      kind: 'missing_in_our_records',
      saleId: charge.metadata.sale_id ?? null,
      stripeObjectType: 'charge',
      stripeObjectId: charge.id,
      currency: charge.currency,
      stripeMinor: charge.amount_captured,
      message: `Stripe captured charge ${charge.id} (${charge.amount_captured} ${charge.currency}) that matches none of our sales`,
    });
  }

  for (const sale of input.sales) {
    const charges = chargesBySale.get(sale.id) ?? [];
    const counted = CAPTURED_SALE_STATUSES.has(sale.status);
    const [charge, ...extraCharges] = charges;

    if (charge === undefined) {
      if (counted && inPeriod(sale.createdAtMs)) {
        report({
          kind: 'missing_in_stripe',
          saleId: sale.id,
          stripeObjectType: sale.paymentIntentId === null ? null : 'payment_intent',
          stripeObjectId: sale.paymentIntentId,
          currency: sale.currency,
          oursMinor: sale.totalMinor,
          message: `sale ${sale.id} is recorded as ${sale.status} but Stripe has no captured charge for it (payment intent ${sale.paymentIntentId ?? 'none'})`,
        });
      }
      continue;
    }
    if (!inPeriod(sale.createdAtMs) && !charges.some((each) => stripeInPeriod(each.created))) continue;

    for (const extra of extraCharges) {
      report({
        kind: 'duplicate_charge',
        saleId: sale.id,
        stripeObjectType: 'charge',
        stripeObjectId: extra.id,
        currency: extra.currency,
        stripeMinor: extra.amount_captured,
        message: `sale ${sale.id} has more than one captured charge: ${charges.map((each) => each.id).join(', ')}`,
      });
    }

    if (!counted) {
      report({
        kind: 'status_mismatch',
        saleId: sale.id,
        stripeObjectType: 'charge',
        stripeObjectId: charge.id,
        currency: charge.currency,
        message: `sale ${sale.id} is recorded as ${sale.status} but Stripe captured charge ${charge.id}`,
      });
      continue;
    }
    if (extraCharges.length === 0 && inPeriod(sale.createdAtMs)) matchedSalesCount += 1;

    if (charge.currency.toLowerCase() !== sale.currency.toLowerCase()) {
      report({
        kind: 'currency_mismatch',
        saleId: sale.id,
        stripeObjectType: 'charge',
        stripeObjectId: charge.id,
        currency: sale.currency,
        message: `sale ${sale.id} is in ${sale.currency} but charge ${charge.id} is in ${charge.currency}`,
      });
      continue;
    }
    const base = { saleId: sale.id, currency: sale.currency };

    if (charge.amount_captured !== sale.totalMinor) {
      report({
        ...base,
        kind: 'amount_mismatch',
        stripeObjectType: 'charge',
        stripeObjectId: charge.id,
        oursMinor: sale.totalMinor,
        stripeMinor: charge.amount_captured,
        message: `sale ${sale.id} total ${sale.totalMinor} ≠ charge ${charge.id} amount captured ${charge.amount_captured}`,
      });
    }

    const impliedStatus = statusImpliedBy(charge);
    if (impliedStatus !== sale.status) {
      report({
        ...base,
        kind: 'status_mismatch',
        stripeObjectType: 'charge',
        stripeObjectId: charge.id,
        message: `sale ${sale.id} is ${sale.status} but charge ${charge.id} is ${impliedStatus} (refunded ${charge.amount_refunded} of ${charge.amount_captured})`,
      });
    }
    if (charge.amount_refunded !== sale.refundedMinor) {
      report({
        ...base,
        kind: 'refund_mismatch',
        stripeObjectType: 'charge',
        stripeObjectId: charge.id,
        oursMinor: sale.refundedMinor,
        stripeMinor: charge.amount_refunded,
        message: `sale ${sale.id} refunds total ${sale.refundedMinor} ≠ charge ${charge.id} amount refunded ${charge.amount_refunded}`,
      });
    }

    // Application fee.
    const [fee, ...extraFees] = feesByCharge.get(charge.id) ?? [];
    if (fee === undefined) {
      if (sale.applicationFeeMinor > 0) {
        report({
          ...base,
          kind: 'fee_mismatch',
          stripeObjectType: 'charge',
          stripeObjectId: charge.id,
          oursMinor: sale.applicationFeeMinor,
          stripeMinor: null,
          message: `sale ${sale.id} has an application fee of ${sale.applicationFeeMinor} but charge ${charge.id} has no application fee object`,
        });
      }
    } else {
      for (const extra of extraFees) {
        report({
          ...base,
          kind: 'fee_mismatch',
          stripeObjectType: 'application_fee',
          stripeObjectId: extra.id,
          stripeMinor: extra.amount,
          message: `charge ${charge.id} of sale ${sale.id} has more than one application fee (${fee.id}, ${extra.id})`,
        });
      }
      if (fee.amount !== sale.applicationFeeMinor) {
        report({
          ...base,
          kind: 'fee_mismatch',
          stripeObjectType: 'application_fee',
          stripeObjectId: fee.id,
          oursMinor: sale.applicationFeeMinor,
          stripeMinor: fee.amount,
          message: `sale ${sale.id} application fee ${sale.applicationFeeMinor} ≠ ${fee.id} amount ${fee.amount}`,
        });
      }
      if (fee.amount_refunded !== sale.applicationFeeRefundedMinor) {
        report({
          ...base,
          kind: 'fee_mismatch',
          stripeObjectType: 'application_fee',
          stripeObjectId: fee.id,
          oursMinor: sale.applicationFeeRefundedMinor,
          stripeMinor: fee.amount_refunded,
          message: `sale ${sale.id} application fee refunded ${sale.applicationFeeRefundedMinor} ≠ ${fee.id} amount refunded ${fee.amount_refunded}`,
        });
      }
    }

    // Balance transaction: the amount that reached the balance and Stripe's processing fee.
    const transaction =
      charge.balance_transaction === null ? undefined : transactionsById.get(charge.balance_transaction);
    if (transaction === undefined) {
      report({
        ...base,
        kind: 'fee_mismatch',
        stripeObjectType: charge.balance_transaction === null ? 'charge' : 'balance_transaction',
        stripeObjectId: charge.balance_transaction ?? charge.id,
        oursMinor: sale.stripeFeeMinor,
        message: `charge ${charge.id} of sale ${sale.id}: balance transaction ${charge.balance_transaction ?? '(none)'} not found, so Stripe's fee cannot be checked`,
      });
    } else {
      const stripeFee = stripeProcessingFeeOf(transaction);
      if (sale.stripeFeeMinor !== stripeFee) {
        report({
          ...base,
          kind: 'fee_mismatch',
          stripeObjectType: 'balance_transaction',
          stripeObjectId: transaction.id,
          oursMinor: sale.stripeFeeMinor,
          stripeMinor: stripeFee,
          message:
            sale.stripeFeeMinor === null
              ? `sale ${sale.id} has no Stripe fee recorded; ${transaction.id} says ${stripeFee}`
              : `sale ${sale.id} Stripe fee ${sale.stripeFeeMinor} ≠ ${transaction.id} fee ${stripeFee}`,
        });
      }
      // Only when the charge agrees with us, so one wrong total is one difference, not two.
      const chargeAgrees = charge.amount_captured === sale.totalMinor;
      if (
        chargeAgrees &&
        transaction.currency === charge.currency &&
        transaction.amount !== sale.totalMinor
      ) {
        report({
          ...base,
          kind: 'amount_mismatch',
          stripeObjectType: 'balance_transaction',
          stripeObjectId: transaction.id,
          oursMinor: sale.totalMinor,
          stripeMinor: transaction.amount,
          message: `sale ${sale.id} total ${sale.totalMinor} ≠ balance transaction ${transaction.id} amount ${transaction.amount} (charge ${charge.id})`,
        });
      }
    }
  }

  // Application fees and charge balance transactions whose charge we were not given at all.
  const reportedChargeIds = new Set(capturedCharges.map((charge) => charge.id));
  for (const fee of stripe.applicationFees) {
    if (reportedChargeIds.has(fee.charge) || !stripeInPeriod(fee.created)) continue;
    report({
      kind: 'missing_in_our_records',
      stripeObjectType: 'application_fee',
      stripeObjectId: fee.id,
      currency: fee.currency,
      stripeMinor: fee.amount,
      message: `application fee ${fee.id} (${fee.amount} ${fee.currency}) is for charge ${fee.charge}, which matches none of our sales`,
    });
  }
  const chargeTransactionIds = new Set(capturedCharges.map((charge) => charge.balance_transaction));
  for (const transaction of stripe.balanceTransactions) {
    if (transaction.type !== 'charge' && transaction.type !== 'payment') continue;
    if (chargeTransactionIds.has(transaction.id) || !stripeInPeriod(transaction.created)) continue;
    if (transaction.source !== null && reportedChargeIds.has(transaction.source)) continue;
    report({
      kind: 'missing_in_our_records',
      stripeObjectType: 'balance_transaction',
      stripeObjectId: transaction.id,
      currency: transaction.currency,
      stripeMinor: transaction.amount,
      message: `balance transaction ${transaction.id} (${transaction.type} ${transaction.source ?? ''}) matches none of our sales`,
    });
  }

  // Refunds.
  const stripeRefundsById = new Map(stripe.refunds.map((refund) => [refund.id, refund]));
  const stripeRefundsByOurId = new Map(
    stripe.refunds.flatMap((refund) =>
      refund.metadata.refund_id === undefined ? [] : [[refund.metadata.refund_id, refund] as const],
    ),
  );
  const saleOfStripeRefund = (refund: StripeRefundLike): RecordedSale | undefined => {
    const charge = refund.charge === null ? undefined : chargesById.get(refund.charge);
    if (charge !== undefined) return saleOfCharge(charge);
    if (refund.metadata.sale_id !== undefined) return salesById.get(refund.metadata.sale_id);
    return refund.payment_intent === null ? undefined : salesByPaymentIntent.get(refund.payment_intent);
  };
  const matchedStripeRefundIds = new Set<string>();
  let matchedRefundsCount = 0;

  for (const refund of input.refunds) {
    const match =
      (refund.stripeRefundId === null ? undefined : stripeRefundsById.get(refund.stripeRefundId)) ??
      stripeRefundsByOurId.get(refund.id);
    const oursCounted = COUNTED_REFUND_STATUSES.has(refund.status);
    const base = { saleId: refund.saleId, refundId: refund.id, currency: refund.currency };
    if (match === undefined) {
      if (oursCounted && inPeriod(refund.createdAtMs)) {
        report({
          ...base,
          kind: 'missing_in_stripe',
          stripeObjectType: refund.stripeRefundId === null ? null : 'refund',
          stripeObjectId: refund.stripeRefundId,
          oursMinor: refund.amountMinor,
          message: `refund ${refund.id} of sale ${refund.saleId} (${refund.amountMinor} ${refund.currency}) is not in Stripe`,
        });
      }
      continue;
    }
    matchedStripeRefundIds.add(match.id);
    if (!inPeriod(refund.createdAtMs) && !stripeInPeriod(match.created)) continue;
    const refundBase = { ...base, stripeObjectType: 'refund' as const, stripeObjectId: match.id };
    const stripeCounted = COUNTED_STRIPE_REFUND_STATUSES.has(match.status);
    if (oursCounted !== stripeCounted) {
      report({
        ...refundBase,
        kind: 'refund_mismatch',
        message: `refund ${refund.id} is ${refund.status} with us but ${match.id} is ${match.status} in Stripe`,
      });
      continue;
    }
    if (!oursCounted) continue;
    if (inPeriod(refund.createdAtMs)) matchedRefundsCount += 1;
    if (match.currency.toLowerCase() !== refund.currency.toLowerCase()) {
      report({
        ...refundBase,
        kind: 'currency_mismatch',
        message: `refund ${refund.id} is in ${refund.currency} but ${match.id} is in ${match.currency}`,
      });
    } else if (match.amount !== refund.amountMinor) {
      report({
        ...refundBase,
        kind: 'refund_mismatch',
        oursMinor: refund.amountMinor,
        stripeMinor: match.amount,
        message: `refund ${refund.id} amount ${refund.amountMinor} ≠ ${match.id} amount ${match.amount}`,
      });
    }
    const stripeSale = saleOfStripeRefund(match);
    if (stripeSale !== undefined && stripeSale.id !== refund.saleId) {
      report({
        ...refundBase,
        kind: 'refund_mismatch',
        message: `refund ${refund.id} is recorded against sale ${refund.saleId} but ${match.id} refunds sale ${stripeSale.id}`,
      });
    }
  }

  for (const refund of stripe.refunds) {
    if (matchedStripeRefundIds.has(refund.id) || !COUNTED_STRIPE_REFUND_STATUSES.has(refund.status)) continue;
    if (!stripeInPeriod(refund.created)) continue;
    report({
      kind: 'missing_in_our_records',
      saleId: saleOfStripeRefund(refund)?.id ?? refund.metadata.sale_id ?? null,
      stripeObjectType: 'refund',
      stripeObjectId: refund.id,
      currency: refund.currency,
      stripeMinor: refund.amount,
      message: `Stripe refund ${refund.id} (${refund.amount} ${refund.currency}, charge ${refund.charge ?? 'none'}) matches none of our refunds`,
    });
  }

  differences.sort(
    (a, b) =>
      compareNullableLast(a.saleId, b.saleId) ||
      compareNullableLast(a.refundId, b.refundId) ||
      compareNullableLast(a.kind, b.kind) ||
      compareNullableLast(a.stripeObjectId, b.stripeObjectId),
  );
  return { period: { ...period }, differences, matchedSalesCount, matchedRefundsCount };
}
