/**
 * Reconciliation of disputes (pure): the dispute balance transactions on Stripe's side (chargebacks and their
 * reversals, `source` = the dispute `du_…`, matched to our sale through the dispute's charge) against the
 * ones our records hold (recorded from each dispute as Stripe showed it). The charge reconciliation
 * (reconciliation.ts) reads only charges, refunds and application fees, so without this a chargeback would
 * be money moved that no report explains.
 *
 * As there: a "missing" difference only for an object inside the period; the inputs may cover a wider window.
 */
import type { BoundsMs } from './local-day.ts';
import type { ReconciliationDifference } from './reconciliation.ts';

export interface StripeDisputeTransaction {
  id: string;
  disputeId: string;
  chargeId: string;
  reportingCategory: string;
  amountMinor: number;
  feeMinor: number;
  currency: string;
  createdMs: number;
}

export interface RecordedDisputeTransaction {
  id: string;
  disputeId: string;
  amountMinor: number;
  feeMinor: number;
  currency: string;
  createdMs: number;
}

export interface DisputeReconciliationInput {
  period: BoundsMs;
  stripe: readonly StripeDisputeTransaction[];
  recorded: readonly RecordedDisputeTransaction[];
  /** Our sale of a charge (captured sales of the account), if any. */
  saleOfCharge: (chargeId: string) => string | null;
  /** Our sale of a dispute we recorded, if any. */
  saleOfDispute: (disputeId: string) => string | null;
}

export interface DisputeReconciliationResult {
  differences: ReconciliationDifference[];
  /** Stripe's dispute transactions in the period that match ours exactly. */
  matchedCount: number;
}

function what(transaction: { amountMinor: number }): string {
  return transaction.amountMinor < 0 ? 'chargeback withdrawal' : 'chargeback reversal';
}

export function reconcileDisputes(input: DisputeReconciliationInput): DisputeReconciliationResult {
  const inPeriod = (ms: number) => ms >= input.period.startMs && ms < input.period.endMs;
  const recordedById = new Map(input.recorded.map((transaction) => [transaction.id, transaction]));
  const stripeIds = new Set(input.stripe.map((transaction) => transaction.id));
  const differences: ReconciliationDifference[] = [];
  let matchedCount = 0;

  for (const transaction of input.stripe) {
    const ours = recordedById.get(transaction.id);
    const saleId = input.saleOfCharge(transaction.chargeId) ?? input.saleOfDispute(transaction.disputeId);
    const base = {
      saleId,
      refundId: null,
      stripeObjectType: 'balance_transaction' as const,
      stripeObjectId: transaction.id,
      currency: transaction.currency,
    };
    if (ours === undefined) {
      if (!inPeriod(transaction.createdMs)) continue;
      differences.push({
        ...base,
        kind: 'missing_in_our_records',
        oursMinor: null,
        stripeMinor: transaction.amountMinor,
        message:
          saleId === null
            ? `Stripe's ${what(transaction)} ${transaction.id} (${transaction.amountMinor} ${transaction.currency}) for dispute ${transaction.disputeId} is on charge ${transaction.chargeId}, which matches none of our sales`
            : `Stripe's ${what(transaction)} ${transaction.id} (${transaction.amountMinor} ${transaction.currency}) for dispute ${transaction.disputeId} of sale ${saleId} is not in our dispute records`,
      });
      continue;
    }
    if (!inPeriod(transaction.createdMs) && !inPeriod(ours.createdMs)) continue;
    let matches = true;
    if (ours.currency !== transaction.currency) {
      matches = false;
      differences.push({
        ...base,
        kind: 'currency_mismatch',
        oursMinor: null,
        stripeMinor: null,
        message: `dispute ${transaction.disputeId}: ${transaction.id} is in ${transaction.currency}, our record in ${ours.currency}`,
      });
    } else {
      if (ours.amountMinor !== transaction.amountMinor) {
        matches = false;
        differences.push({
          ...base,
          kind: 'amount_mismatch',
          oursMinor: ours.amountMinor,
          stripeMinor: transaction.amountMinor,
          message: `dispute ${transaction.disputeId}: our ${what(ours)} ${ours.amountMinor} ≠ ${transaction.id} amount ${transaction.amountMinor}`,
        });
      }
      if (ours.feeMinor !== transaction.feeMinor) {
        matches = false;
        differences.push({
          ...base,
          kind: 'fee_mismatch',
          oursMinor: ours.feeMinor,
          stripeMinor: transaction.feeMinor,
          message: `dispute ${transaction.disputeId}: our dispute fee ${ours.feeMinor} ≠ ${transaction.id} fee ${transaction.feeMinor}`,
        });
      }
    }
    if (matches && inPeriod(transaction.createdMs)) matchedCount += 1;
  }

  for (const ours of input.recorded) {
    if (stripeIds.has(ours.id) || !inPeriod(ours.createdMs)) continue;
    differences.push({
      kind: 'missing_in_stripe',
      saleId: input.saleOfDispute(ours.disputeId),
      refundId: null,
      stripeObjectType: 'balance_transaction',
      stripeObjectId: ours.id,
      currency: ours.currency,
      oursMinor: ours.amountMinor,
      stripeMinor: null,
      message: `our ${what(ours)} ${ours.id} (${ours.amountMinor} ${ours.currency}) for dispute ${ours.disputeId} is not among Stripe's balance transactions`,
    });
  }
  return { differences, matchedCount };
}
