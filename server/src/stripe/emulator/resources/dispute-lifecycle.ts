// What happens to a dispute and to the money it moves, applied to the store with its events: opening one on
// a charge (a chargeback withdraws the disputed amount and the dispute fee at once: an `adjustment` balance
// transaction, reporting category `dispute`, "Chargeback withdrawal for ch_…", fee detail "Dispute fee";
// an inquiry withdraws nothing), the merchant's evidence submission, the issuer's decision (won: the amount and
// the fee come back, `dispute_reversal`, "Chargeback reversal for ch_…"; lost: nothing comes back), an
// inquiry escalated to a chargeback, the merchant accepting (closing) it, and the response deadline passing.
// The balance that carries it is the one that holds the charge: the connected account's for a direct charge,
// the platform's for a destination charge (https://docs.stripe.com/connect/destination-charges#disputes).
// Events: charge.dispute.created / updated / closed / funds_withdrawn / funds_reinstated, on that account.
import type Stripe from 'stripe';
import type { RequestContext } from '../core/api.ts';
import { invalidRequest } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { buildDispute, CLOSED_STATUSES, disputeFee, evidenceDueBy, isInquiry } from './dispute-object.ts';
import { createBalanceTransaction } from './ledger.ts';

const disputeOfChargeKey = (chargeId: string) => `charge_dispute:${chargeId}`;

/** The dispute of a charge, if it has one. */
export function disputeOfCharge(
  ctx: Pick<RequestContext, 'store'>,
  account: string,
  chargeId: string,
): Stripe.Dispute | undefined {
  const id = ctx.store.getKv(disputeOfChargeKey(chargeId));
  return id === undefined ? undefined : ctx.store.find<Stripe.Dispute>('dispute', id, account);
}

function save(
  ctx: RequestContext,
  account: string,
  before: Stripe.Dispute,
  after: Stripe.Dispute,
  eventType: 'charge.dispute.updated' | 'charge.dispute.closed',
): Stripe.Dispute {
  ctx.store.update(after);
  const previous: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof Stripe.Dispute)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) previous[key] = before[key];
  }
  ctx.emit(eventType, after, { account, previousAttributes: previous });
  return after;
}

/** Withdraws the disputed amount and the dispute fee from the balance holding the charge. */
function withdrawFunds(ctx: RequestContext, account: string, dispute: Stripe.Dispute): Stripe.Dispute {
  const fee = disputeFee(dispute.currency);
  const bt = createBalanceTransaction(ctx, account, {
    amount: -dispute.amount,
    currency: dispute.currency,
    type: 'adjustment',
    reportingCategory: 'dispute',
    source: dispute.id,
    description: `Chargeback withdrawal for ${String(dispute.charge)}`,
    feeDetails: [
      {
        amount: fee,
        application: null,
        currency: dispute.currency,
        description: 'Dispute fee',
        type: 'stripe_fee',
      },
    ],
    availableOn: ctx.now(),
  });
  return {
    ...dispute,
    balance_transactions: [...dispute.balance_transactions, bt],
    is_charge_refundable: false,
  };
}

/** Gives back what the chargeback withdrew, the dispute fee included. */
function reinstateFunds(ctx: RequestContext, account: string, dispute: Stripe.Dispute): Stripe.Dispute {
  const withdrawn = dispute.balance_transactions.find((bt) => bt.reporting_category === 'dispute');
  if (withdrawn === undefined) return dispute;
  const bt = createBalanceTransaction(ctx, account, {
    amount: -withdrawn.amount,
    currency: withdrawn.currency,
    type: 'adjustment',
    reportingCategory: 'dispute_reversal',
    source: dispute.id,
    description: `Chargeback reversal for ${String(dispute.charge)}`,
    feeDetails: withdrawn.fee_details.map((detail) => ({ ...detail, amount: -detail.amount })),
    availableOn: ctx.now(),
  });
  return { ...dispute, balance_transactions: [...dispute.balance_transactions, bt] };
}

/**
 * Opens a dispute on a captured charge of `account`: a chargeback (`needs_response`, funds withdrawn) or an
 * inquiry (`warning_needs_response`). A charge fully refunded, not captured, or already disputed cannot be.
 */
export function openDispute(
  ctx: RequestContext,
  account: string,
  charge: Stripe.Charge,
  opts: { amount?: number | undefined; reason: string; inquiry: boolean },
): Stripe.Dispute {
  if (charge.status !== 'succeeded' || !charge.captured) {
    throw invalidRequest(`Charge ${charge.id} was not captured, so it cannot be disputed.`, {
      param: 'charge',
    });
  }
  if (disputeOfCharge(ctx, account, charge.id) !== undefined) {
    throw invalidRequest(`Charge ${charge.id} has already been disputed.`, { param: 'charge' });
  }
  const disputable = charge.amount_captured - charge.amount_refunded;
  if (disputable <= 0) {
    throw invalidRequest(`Charge ${charge.id} was fully refunded, so it can no longer be disputed.`, {
      param: 'charge',
    });
  }
  const amount = opts.amount ?? disputable;
  if (amount < 1 || amount > disputable) {
    throw invalidRequest(`The disputed amount must be between 1 and ${disputable} (what was not refunded).`, {
      param: 'amount',
    });
  }
  let dispute = buildDispute(newId('du'), ctx.now(), charge, { ...opts, amount });
  if (!opts.inquiry) dispute = withdrawFunds(ctx, account, dispute);
  ctx.store.insert(account, dispute);
  ctx.store.setKv(disputeOfChargeKey(charge.id), dispute.id);
  ctx.store.update({ ...charge, disputed: true });
  ctx.emit('charge.dispute.created', dispute, { account });
  if (!opts.inquiry) ctx.emit('charge.dispute.funds_withdrawn', dispute, { account });
  return dispute;
}

/** The merchant's evidence is submitted: the dispute goes under review. */
export function submitEvidence(
  ctx: RequestContext,
  account: string,
  before: Stripe.Dispute,
  updated: Stripe.Dispute,
): Stripe.Dispute {
  const submitted: Stripe.Dispute = {
    ...updated,
    status: isInquiry(updated) ? 'warning_under_review' : 'under_review',
    evidence_details: {
      ...updated.evidence_details,
      submission_count: updated.evidence_details.submission_count + 1,
      submission_method: 'manual',
    },
  };
  return save(ctx, account, before, submitted, 'charge.dispute.updated');
}

/** The issuer's decision: a chargeback is won (funds reinstated) or lost; an inquiry simply closes. */
export function decideDispute(
  ctx: RequestContext,
  account: string,
  dispute: Stripe.Dispute,
  outcome: 'won' | 'lost',
): Stripe.Dispute {
  if (CLOSED_STATUSES.includes(dispute.status)) return dispute;
  if (isInquiry(dispute))
    return save(ctx, account, dispute, { ...dispute, status: 'warning_closed' }, 'charge.dispute.closed');
  if (outcome === 'lost')
    return save(ctx, account, dispute, { ...dispute, status: 'lost' }, 'charge.dispute.closed');
  const won = save(
    ctx,
    account,
    dispute,
    { ...reinstateFunds(ctx, account, dispute), status: 'won' },
    'charge.dispute.closed',
  );
  ctx.emit('charge.dispute.funds_reinstated', won, { account });
  return won;
}

/** An inquiry becomes a chargeback: funds withdrawn, a new response deadline. */
export function escalateInquiry(
  ctx: RequestContext,
  account: string,
  dispute: Stripe.Dispute,
): Stripe.Dispute {
  if (!isInquiry(dispute) || CLOSED_STATUSES.includes(dispute.status)) return dispute;
  const escalated: Stripe.Dispute = {
    ...withdrawFunds(ctx, account, dispute),
    status: 'needs_response',
    evidence_details: { ...dispute.evidence_details, due_by: evidenceDueBy(ctx.now()), past_due: false },
    payment_method_details: dispute.payment_method_details?.card
      ? {
          ...dispute.payment_method_details,
          card: { ...dispute.payment_method_details.card, case_type: 'chargeback' },
        }
      : dispute.payment_method_details,
  };
  const saved = save(ctx, account, dispute, escalated, 'charge.dispute.updated');
  ctx.emit('charge.dispute.funds_withdrawn', saved, { account });
  return saved;
}

/** The merchant accepts the dispute (POST /v1/disputes/:id/close): a chargeback is lost, an inquiry closed. */
export function acceptDispute(ctx: RequestContext, account: string, dispute: Stripe.Dispute): Stripe.Dispute {
  const status: Stripe.Dispute.Status = isInquiry(dispute) ? 'warning_closed' : 'lost';
  return save(ctx, account, dispute, { ...dispute, status }, 'charge.dispute.closed');
}

/**
 * The clock passed `due_by`: the evidence is past due, and a chargeback nobody answered is lost (an
 * unanswered inquiry stays open: whether it escalates is the cardholder's bank's call).
 */
export function passDueDate(ctx: RequestContext, account: string, dispute: Stripe.Dispute): Stripe.Dispute {
  const pastDue: Stripe.Dispute = {
    ...dispute,
    evidence_details: { ...dispute.evidence_details, past_due: true },
  };
  if (dispute.status === 'needs_response') {
    return save(ctx, account, dispute, { ...pastDue, status: 'lost' }, 'charge.dispute.closed');
  }
  return save(ctx, account, dispute, pastDue, 'charge.dispute.updated');
}
