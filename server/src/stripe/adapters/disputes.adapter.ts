/**
 * The DisputesGateway adapter over stripe-node (Stripe, or unchanged the embedded emulator): `/v1/disputes`
 * retrieve and update, `/v1/files` uploads (`purpose: dispute_evidence`), and the dispute balance
 * transactions of a balance. Direct charges' disputes live on the connected account (`Stripe-Account`),
 * destination charges' on the platform. Failures become GatewayError (adapters/errors.ts).
 */
import { DisputeStatusSchema } from '@countertop/shared';
import type Stripe from 'stripe';
import type {
  DisputeBalanceTransactionView,
  DisputeScope,
  DisputesGateway,
  DisputeTransactionView,
  DisputeView,
} from '../disputes.port.ts';
import { type AccountContext, GatewayError } from '../payments.port.ts';
import { call, toGatewayError } from './errors.ts';

/** Upper bound on balance transactions one listing reads (a day of one balance is far below it). */
const MAX_LISTED = 10_000;
const DISPUTE_CATEGORIES = new Set(['dispute', 'dispute_reversal']);

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

function toTransactionView(transaction: Stripe.BalanceTransaction): DisputeBalanceTransactionView {
  return {
    id: transaction.id,
    reportingCategory: transaction.reporting_category,
    amountMinor: transaction.amount,
    feeMinor: transaction.fee,
    netMinor: transaction.net,
    currency: transaction.currency,
    createdMs: transaction.created * 1000,
  };
}

function toDisputeView(dispute: Stripe.Dispute): DisputeView {
  const status = DisputeStatusSchema.safeParse(dispute.status);
  if (!status.success) {
    throw new GatewayError(
      'unknown',
      `Stripe gave dispute ${dispute.id} a status Countertop does not know: ${dispute.status}`,
    );
  }
  const evidence: Record<string, string | null> = {};
  for (const [field, value] of Object.entries(dispute.evidence)) {
    if (typeof value === 'string' || value === null) evidence[field] = value;
    else if (typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') {
      evidence[field] = (value as { id: string }).id;
    }
  }
  const details = dispute.evidence_details;
  return {
    id: dispute.id,
    chargeId: idOf(dispute.charge) ?? '',
    paymentIntentId: idOf(dispute.payment_intent),
    amountMinor: dispute.amount,
    currency: dispute.currency,
    reason: dispute.reason,
    status: status.data,
    evidenceDueByMs: details.due_by === null ? null : details.due_by * 1000,
    hasEvidence: details.has_evidence,
    pastDue: details.past_due,
    submissionCount: details.submission_count,
    isChargeRefundable: dispute.is_charge_refundable,
    createdMs: dispute.created * 1000,
    evidence,
    balanceTransactions: dispute.balance_transactions.map(toTransactionView),
  };
}

export function createDisputesGateway(stripe: Stripe): DisputesGateway {
  const on = (scope: DisputeScope, idempotencyKey?: string): Stripe.RequestOptions => ({
    ...(scope === null ? {} : { stripeAccount: scope }),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });

  return {
    async retrieveDispute(scope, disputeId) {
      return toDisputeView(await call(() => stripe.disputes.retrieve(disputeId, {}, on(scope))));
    },

    async updateEvidence(scope, disputeId, input) {
      const updated = await call(() =>
        stripe.disputes.update(
          disputeId,
          { evidence: input.evidence, submit: input.submit },
          on(scope, input.idempotencyKey),
        ),
      );
      return toDisputeView(updated);
    },

    async uploadEvidenceFile(scope, file, idempotencyKey) {
      const created = await call(() =>
        stripe.files.create(
          {
            purpose: 'dispute_evidence',
            file: { data: Buffer.from(file.data), name: file.fileName, type: file.mediaType },
          },
          on(scope, idempotencyKey),
        ),
      );
      return { id: created.id, type: created.type ?? null, sizeBytes: created.size };
    },

    async listDisputeTransactions(account: AccountContext, window) {
      const scope: DisputeScope = account.chargeType === 'direct' ? account.stripeAccountId : null;
      let listed: Stripe.BalanceTransaction[];
      try {
        listed = await stripe.balanceTransactions
          .list({ created: { gte: window.gteSeconds, lt: window.ltSeconds }, limit: 100 }, on(scope))
          .autoPagingToArray({ limit: MAX_LISTED });
      } catch (error) {
        throw toGatewayError(error);
      }
      const disputeTransactions = listed.filter(
        (transaction) =>
          DISPUTE_CATEGORIES.has(transaction.reporting_category) && idOf(transaction.source) !== null,
      );
      // The dispute names its charge; on the platform, only disputes of charges paid to this account count.
      const chargeOfDispute = new Map<string, string | null>();
      for (const transaction of disputeTransactions) {
        const disputeId = idOf(transaction.source) ?? '';
        if (chargeOfDispute.has(disputeId)) continue;
        const dispute = await call(() => stripe.disputes.retrieve(disputeId, {}, on(scope)));
        const chargeId = idOf(dispute.charge);
        if (scope !== null || chargeId === null) {
          chargeOfDispute.set(disputeId, chargeId);
          continue;
        }
        const charge = await call(() => stripe.charges.retrieve(chargeId, {}, on(null)));
        const destination = idOf(charge.transfer_data?.destination);
        chargeOfDispute.set(disputeId, destination === account.stripeAccountId ? chargeId : null);
      }
      const views: DisputeTransactionView[] = [];
      for (const transaction of disputeTransactions) {
        const disputeId = idOf(transaction.source) ?? '';
        const chargeId = chargeOfDispute.get(disputeId);
        if (chargeId) views.push({ ...toTransactionView(transaction), disputeId, chargeId });
      }
      return views;
    },
  };
}
