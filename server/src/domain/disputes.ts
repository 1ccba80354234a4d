/**
 * Disputes (pure): Stripe's reasons and statuses in words, where a dispute stands, whether evidence can still
 * be given, the order of statuses (so an out-of-date read never moves a dispute backwards), and the money a
 * dispute moved, from its balance transactions. No I/O, no clock: `nowMs` is passed in.
 */
import type { DisputeStatus } from '@countertop/shared';

/** Stripe's dispute reasons (https://docs.stripe.com/disputes/categories) in words a merchant understands. */
const REASON_WORDS: Readonly<Record<string, string>> = {
  bank_cannot_process: "The cardholder's bank could not process the payment.",
  check_returned: 'The payment was returned.',
  credit_not_processed: 'The customer says they were promised a refund or credit that never came.',
  customer_initiated: 'The customer asked their bank to reverse the payment.',
  debit_not_authorized: 'The customer says they did not authorize the debit.',
  duplicate: 'The customer says they were charged twice for one purchase.',
  fraudulent: 'The cardholder says they did not make this payment (the card may have been stolen).',
  general: 'The customer disputes the payment for a reason their bank did not specify.',
  incorrect_account_details: 'The account details of the payment were wrong.',
  insufficient_funds: "The customer's account did not have the funds.",
  noncompliant: 'The bank says the payment broke card network rules.',
  product_not_received: 'The customer says they did not receive what they paid for.',
  product_unacceptable: 'The customer says what they bought was defective, damaged or not as described.',
  subscription_canceled: 'The customer says they canceled and should not have been charged.',
  unrecognized: 'The customer does not recognize the payment on their statement.',
};

export function disputeReasonInWords(reason: string): string {
  return REASON_WORDS[reason] ?? `The customer's bank gave the reason "${reason.replaceAll('_', ' ')}".`;
}

const STATUS_WORDS: Readonly<Record<DisputeStatus, string>> = {
  warning_needs_response:
    "Inquiry: the customer's bank asks questions. Answer before the deadline to stop a chargeback.",
  warning_under_review: 'Inquiry: your answer is with the bank.',
  warning_closed: 'Inquiry closed: it did not become a chargeback.',
  needs_response: 'Chargeback: the money was taken back. Send evidence before the deadline to win it back.',
  under_review: 'Chargeback: your evidence is with the bank, which decides (this can take weeks).',
  appeal_needs_response: 'Appeal: the bank asks for more evidence.',
  appeal_under_review: 'Appeal: your evidence is with the bank.',
  won: 'Won: the money and the dispute fee came back.',
  lost: 'Lost: the money stays with the customer.',
  prevented: 'Prevented: the dispute was stopped before it became a chargeback.',
};

export function disputeStatusInWords(status: DisputeStatus): string {
  return STATUS_WORDS[status];
}

export type DisputeStage = 'needs_response' | 'under_review' | 'closed';

export function disputeStage(status: DisputeStatus): DisputeStage {
  switch (status) {
    case 'warning_needs_response':
    case 'needs_response':
    case 'appeal_needs_response':
      return 'needs_response';
    case 'warning_under_review':
    case 'under_review':
    case 'appeal_under_review':
      return 'under_review';
    default:
      return 'closed';
  }
}

export function isDisputeOpen(status: DisputeStatus): boolean {
  return disputeStage(status) !== 'closed';
}

export function disputeKind(status: DisputeStatus): 'inquiry' | 'chargeback' {
  return status.startsWith('warning_') ? 'inquiry' : 'chargeback';
}

export function disputeOutcome(status: DisputeStatus): 'won' | 'lost' | 'closed' | null {
  if (status === 'won' || status === 'prevented') return 'won';
  if (status === 'lost') return 'lost';
  if (status === 'warning_closed') return 'closed';
  return null;
}

/** The statuses open or closed (for list filters). */
export const OPEN_DISPUTE_STATUSES: readonly DisputeStatus[] = [
  'warning_needs_response',
  'warning_under_review',
  'needs_response',
  'under_review',
  'appeal_needs_response',
  'appeal_under_review',
];
export const CLOSED_DISPUTE_STATUSES: readonly DisputeStatus[] = [
  'warning_closed',
  'won',
  'lost',
  'prevented',
];

/** Why evidence cannot be given now (in words), or null when it can. */
export function cannotSubmitEvidenceReason(
  dispute: { status: DisputeStatus; evidenceDueByMs: number | null; pastDue: boolean },
  nowMs: number,
): string | null {
  const stage = disputeStage(dispute.status);
  if (stage === 'closed') return 'This dispute is closed: its evidence can no longer change.';
  if (stage === 'under_review') {
    return 'The evidence was submitted and is with the bank: it can no longer change.';
  }
  if (dispute.pastDue || (dispute.evidenceDueByMs !== null && nowMs > dispute.evidenceDueByMs)) {
    return 'The deadline to answer this dispute has passed: evidence can no longer be sent.';
  }
  return null;
}

/**
 * How far a dispute has come, so an older read of it never replaces a newer one: an inquiry (answered or not)
 * comes before a chargeback, a chargeback before its review, a review before the decision; an appeal comes
 * after a decision, and the appeal's decision after the appeal.
 */
export function disputeProgress(status: DisputeStatus, previous: DisputeStatus | null): number {
  const order: Record<DisputeStatus, number> = {
    warning_needs_response: 0,
    warning_under_review: 1,
    needs_response: 2,
    under_review: 3,
    warning_closed: 4,
    won: 4,
    lost: 4,
    prevented: 4,
    appeal_needs_response: 5,
    appeal_under_review: 6,
  };
  const rank = order[status];
  // A decision after an appeal is the appeal's decision.
  if (rank === 4 && previous !== null && order[previous] >= 5) return 7;
  return rank;
}

/** Whether a read of the dispute showing `incoming` may replace what is stored (`stored`, null: nothing yet). */
export function isNewerDisputeState(
  stored: { status: DisputeStatus; submissionCount: number } | null,
  incoming: { status: DisputeStatus; submissionCount: number },
): boolean {
  if (stored === null) return true;
  if (incoming.submissionCount < stored.submissionCount) return false;
  return disputeProgress(incoming.status, stored.status) >= disputeProgress(stored.status, null);
}

export interface DisputeMoneyMovement {
  reportingCategory: string;
  amountMinor: number;
  feeMinor: number;
  netMinor: number;
}

export interface DisputeMoney {
  /** Taken back by the chargeback (a positive amount). */
  withdrawnMinor: number;
  /** Returned when the dispute was won. */
  reinstatedMinor: number;
  /** Dispute fees charged, net of fees returned. */
  feesMinor: number;
  /** The net effect on the balance (negative when money was taken). */
  netMinor: number;
}

/** The money a dispute moved, from its balance transactions. */
export function disputeMoney(transactions: readonly DisputeMoneyMovement[]): DisputeMoney {
  const money: DisputeMoney = { withdrawnMinor: 0, reinstatedMinor: 0, feesMinor: 0, netMinor: 0 };
  for (const transaction of transactions) {
    if (transaction.amountMinor < 0) money.withdrawnMinor += -transaction.amountMinor;
    else money.reinstatedMinor += transaction.amountMinor;
    money.feesMinor += transaction.feeMinor;
    money.netMinor += transaction.netMinor;
  }
  return money;
}

/** Whose balance carries the dispute, in words. */
export function carrierInWords(carriedBy: 'platform' | 'connected_account'): string {
  return carriedBy === 'platform'
    ? "The platform's balance (a destination charge: the platform carries the chargeback)"
    : "The merchant's own Stripe balance (a direct charge)";
}
